import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { TSchema } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { Ajv2020 } from "ajv/dist/2020.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generatedFiles } from "../schema/generate.js";
import { LUMOS_CAPABILITIES, LUMOS_PAYLOADS, LUMOS_RECORDS } from "../schema/lumos-payloads.js";
import { definitionsOf, type Node } from "../schema/model.js";
import { formatProblems, type JsonSchema, validateJson } from "../src/identity/json-schema.js";
import { CAPABILITY_SCHEMAS, RECORD_SCHEMAS } from "../src/identity/schemas.js";
import { eitherOdd } from "./support/odd-values.js";

const packageRoot = join(import.meta.dirname, "..");
const references = [...LUMOS_PAYLOADS] as TSchema[];
const nodes = new Map(definitionsOf(LUMOS_PAYLOADS).map((d) => [d.$id!, d]));

// ─── values derived from the schema: mostly the right shape, a wrong value here and there ─────────────

const either = <T>(arb: fc.Arbitrary<T>) => eitherOdd(arb, 12);
// Plain keys, so a problem's path (`a.b[0]`) reads back unambiguously.
const key = fc.stringMatching(/^[a-z][a-z0-9_]{0,5}$/);

/** The keys of an object: each present or not (a required one mostly present), undefined ones dropped. */
function objectOf(node: Node): fc.Arbitrary<Record<string, unknown>> {
  const required = new Set(node.required ?? []);
  const entries = Object.entries(node.properties ?? {}).map(([name, property]) =>
    fc
      .option(either(valuesOf(property)), { nil: undefined, freq: required.has(name) ? 20 : 2 })
      .map((value) => [name, value] as const),
  );
  const additional = node["additionalProperties"] as Node | boolean | undefined;
  const others =
    typeof additional === "object"
      ? fc.dictionary(key, either(valuesOf(additional)), { maxKeys: 3 })
      : entries.length === 0
        ? fc.dictionary(key, fc.jsonValue({ maxDepth: 1 }), { maxKeys: 2 }) // free-form, or an empty request
        : fc.option(fc.record({ undeclared_key: fc.jsonValue({ maxDepth: 1 }) }), { nil: {}, freq: 4 });
  return fc.tuple(fc.tuple(...entries), others).map(([declared, rest]) => {
    const out: Record<string, unknown> = { ...rest };
    for (const [name, value] of declared) if (value !== undefined) out[name] = value;
    return out;
  });
}

function valuesOf(node: Node): fc.Arbitrary<unknown> {
  if (node.$ref) return valuesOf(nodes.get(node.$ref)!);
  if (node.anyOf?.every((b) => typeof b.const === "string")) {
    return fc.constantFrom(...node.anyOf.map((b) => b.const!));
  }
  if (node.anyOf) return fc.oneof(...node.anyOf.map(valuesOf));
  switch (node.type) {
    case "string":
      return fc.string({ maxLength: 4 });
    case "integer":
      return fc.integer();
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    case "array":
      return fc.array(either(valuesOf(node.items!)), { maxLength: 3 });
    case "object":
      return objectOf(node);
  }
  throw new Error(`no values for ${JSON.stringify(node)}`);
}

// ─── key paths: `request.entitlements[0].id` and TypeBox's `/entitlements/0/id` ──────────────────────

/** The segments of a validateJson path below its root label. */
function segmentsOf(path: string, root: string): string[] {
  expect(path === root || path.startsWith(`${root}.`) || path.startsWith(`${root}[`), path).toBe(true);
  return [...path.slice(root.length).matchAll(/\.([^.[]+)|\[(\d+)\]/g)].map((m) => m[1] ?? m[2]!);
}

/** Where the segments lead in the value, or undefined if they leave it. */
function at(value: unknown, segments: readonly string[]): unknown {
  let here = value;
  for (const segment of segments) {
    if (here === null || typeof here !== "object" || !Object.hasOwn(here, segment)) return undefined;
    here = (here as Record<string, unknown>)[segment];
  }
  return here;
}

const ajv = new Ajv2020({ strict: false });
const cases: { name: string; source: TSchema; published: JsonSchema; root: string }[] = [
  ...LUMOS_RECORDS.map((source) => ({
    name: `RECORD_SCHEMAS.${source.$id}`,
    source,
    published: RECORD_SCHEMAS[source.$id as keyof typeof RECORD_SCHEMAS],
    root: "record",
  })),
  ...Object.entries(LUMOS_CAPABILITIES).flatMap(([capability, [request, response]]) => {
    const published = CAPABILITY_SCHEMAS[capability as keyof typeof CAPABILITY_SCHEMAS];
    return [
      { name: `${capability} request`, source: request, published: published.request, root: "request" },
      { name: `${capability} response`, source: response, published: published.response, root: "response" },
    ];
  }),
];

describe("the Lumos payloads, generated from one schema", () => {
  it("the generated files are what the schema gives (run `npm run generate:wire` after editing it)", () => {
    const lumos = Object.entries(generatedFiles()).filter(([path]) => path.startsWith("src/identity/"));
    expect(lumos.map(([path]) => path).sort()).toEqual([
      "src/identity/payloads.ts",
      "src/identity/schemas.ts",
    ]);
    for (const [path, text] of lumos) {
      expect(readFileSync(join(packageRoot, path), "utf8"), path).toBe(text);
    }
  });

  it("every published schema is self-contained: no $ref left for validateJson to miss", () => {
    expect(JSON.stringify({ RECORD_SCHEMAS, CAPABILITY_SCHEMAS })).not.toContain('"$ref"');
  });

  for (const { name, source, published, root } of cases) {
    it(`${name}: the TypeBox source and validateJson over the generated schema accept the same values; refusals name the key path`, () => {
      const ajvValidate = ajv.compile(published);
      let accepted = 0;
      let refused = 0;
      fc.assert(
        fc.property(either(valuesOf(nodes.get(source.$id!)!)), (value) => {
          const json = JSON.parse(JSON.stringify(value)) as unknown;
          const problems = validateJson(published, json, root);
          const valid = Value.Check(source, references, json);
          expect(problems.length === 0, `${JSON.stringify(json)}: ${formatProblems(problems)}`).toBe(valid);
          expect(ajvValidate(json), JSON.stringify(json)).toBe(valid);
          if (valid) {
            accepted++;
            return;
          }
          refused++;
          expect(formatProblems(problems)).toMatch(new RegExp(`^${root}[.[:]`));
          for (const problem of problems) {
            // The path leads into the value: to the wrong value itself, or to the object missing the key.
            const segments = segmentsOf(problem.path, root);
            const missing = problem.message === "Field required";
            const parent = at(json, missing ? segments.slice(0, -1) : segments);
            expect(parent, `${problem.path} in ${JSON.stringify(json)}`).not.toBeUndefined();
          }
          // TypeBox's first error lies on the path of one of the problems (at it, or above it for a union).
          const first = Value.Errors(source, references, json).First()!;
          const pointer = first.path.split("/").slice(1);
          const paths = problems.map((p) => segmentsOf(p.path, root));
          expect(
            paths.some((segments) => pointer.every((segment, i) => segments[i] === segment)),
            `${first.path} vs ${formatProblems(problems)}`,
          ).toBe(true);
        }),
        { numRuns: 250 },
      );
      expect(accepted, "values accepted").toBeGreaterThan(20);
      // An empty request takes any object: only the odd values are refused.
      expect(refused, "values refused").toBeGreaterThan(5);
    });
  }
});
