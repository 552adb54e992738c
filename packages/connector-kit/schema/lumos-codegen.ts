/*
 * The Lumos payload files: the TypeScript types (`src/identity/payloads.ts`, through typescript-types.ts)
 * and the JSON Schema module (`src/identity/schemas.ts`: RECORD_SCHEMAS and CAPABILITY_SCHEMAS), written
 * as Lumos publishes them — self-contained (no `$ref`, the records written out where they are used),
 * `anyOf: [X, null]` for a key that may be null, enums as `enum`, titled objects with their `required`,
 * Lumos' own keywords kept and the generator's dropped.
 */
import { LUMOS_CAPABILITIES, LUMOS_PAYLOADS, LUMOS_RECORDS } from "./lumos-payloads.js";
import { definitionsOf, type Node } from "./model.js";
import { typescriptTypes } from "./typescript-types.js";

/** Lumos' keywords, published as they are. */
const LUMOS_KEYWORDS = new Set(["x-unique-hash", "x-resource-type", "x-entitlement-type", "x-semantic"]);
/** The generator's keywords (see lumos-payloads.ts) and what a published schema leaves out. */
const UNPUBLISHED = new Set(["x-enum", "x-type", "x-open-enum", "x-open", "$id", "description"]);
/** The JSON Schema keywords the printer writes out itself. */
const WRITTEN = new Set([
  "type",
  "title",
  "anyOf",
  "const",
  "properties",
  "required",
  "additionalProperties",
  "items",
]);

/** A record written out by name in the generated module (the constant RECORD_SCHEMAS lists). */
class RecordName {
  constructor(readonly name: string) {}
}

type Printed = RecordName | string | number | boolean | null | Printed[] | { [key: string]: Printed };

/** Source text of a printed value: JSON, with records by their constant's name. */
function literal(value: Printed): string {
  if (value instanceof RecordName) return value.name;
  if (Array.isArray(value)) return `[${value.map(literal).join(", ")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${literal(v)}`);
    return `{ ${entries.join(", ")} }`;
  }
  return JSON.stringify(value);
}

/** The two Lumos files, unformatted, by their path in the package. */
export function lumosPayloadFiles(header: string): Record<string, string> {
  const defs = definitionsOf(LUMOS_PAYLOADS);
  const byId = new Map(defs.map((d) => [d.$id!, d]));
  const records = definitionsOf(LUMOS_RECORDS).map((d) => d.$id!);
  const declared = new Set<string>(); // records already written, which later schemas name

  const target = (node: Node): Node => {
    const def = byId.get(node.$ref!);
    if (!def) throw new Error(`generate: no definition ${node.$ref}`);
    return def;
  };

  /** The published schema of a node; a definition (`titled`) keeps its title and `required`. */
  function schemaOf(node: Node, titled = false): Printed {
    if (node.$ref) {
      if (!titled && records.includes(node.$ref)) {
        if (!declared.has(node.$ref))
          throw new Error(`generate: record ${node.$ref} used before it is written`);
        return new RecordName(node.$ref);
      }
      // An alias: its target, under the alias's own title.
      const printed = schemaOf(target(node), titled) as Record<string, Printed>;
      const title = node["title"];
      return typeof title === "string" ? { ...printed, title } : printed;
    }
    const out: Record<string, Printed> = {};
    if (node.anyOf?.every((b) => typeof b.const === "string")) {
      out["type"] = "string";
      out["enum"] = node.anyOf.map((b) => b.const!);
    } else if (node.anyOf) {
      out["anyOf"] = node.anyOf.map((b) => schemaOf(b));
    } else {
      out["type"] = node.type!;
    }
    if (titled && typeof node["title"] === "string") out["title"] = node["title"];
    if (node.type === "object") {
      const properties = Object.entries(node.properties ?? {});
      // A definition lists its keys even when it has none; an inline free-form object or map does not.
      if (properties.length > 0 || titled) {
        out["properties"] = Object.fromEntries(properties.map(([k, v]) => [k, schemaOf(v)]));
        out["required"] = node.required ?? [];
      }
      const additional = node["additionalProperties"] as Node | boolean | undefined;
      if (additional !== undefined)
        out["additionalProperties"] = typeof additional === "boolean" ? additional : schemaOf(additional);
    }
    if (node.type === "array") out["items"] = schemaOf(node.items!);
    for (const [key, value] of Object.entries(node)) {
      if (LUMOS_KEYWORDS.has(key)) out[key] = value as Printed;
      else if (!UNPUBLISHED.has(key) && !WRITTEN.has(key))
        throw new Error(
          `generate: ${node.$id ?? "a schema"} has ${key}, which the Lumos printer does not write`,
        );
    }
    return out;
  }

  /** The name of a payload in the OpenAPI components: its title, or for a list `<record>List`. */
  const componentName = (def: Node): string => {
    if (def.type === "array") return `${componentName(target(def.items!))}List`;
    if (typeof def["title"] === "string") return def["title"];
    throw new Error(`generate: ${def.$id} has no title to publish it under`);
  };

  const recordConstants = records
    .map((name) => {
      const text = `const ${name}: JsonSchema = ${literal(schemaOf(byId.get(name)!, true))};\n`;
      declared.add(name);
      return text;
    })
    .join("\n");

  const capabilities = Object.entries(LUMOS_CAPABILITIES).map(([name, pair]) => {
    const [request, response] = definitionsOf(pair);
    return { name, request: request!, response: response! };
  });
  const capabilityEntries = capabilities
    .map(({ name, request, response }) => {
      const fields = {
        request: schemaOf(request, true),
        response: schemaOf(response, true),
        requestName: componentName(request),
        responseName: componentName(response),
      };
      return `  ${name}: ${literal(fields)},\n`;
    })
    .join("");

  const schemas = `${header}
import type { StandardCapabilityName } from "./capability-names.js";
import type { JsonSchema } from "./json-schema.js";

// JSON Schemas of the standard capabilities' payloads, matching the types of \`payloads.ts\`: what the Lumos
// host validates requests and responses with, and what \`info\` and the OpenAPI document publish.

${recordConstants}
/** Named schemas of the records the payloads are made of. */
export const RECORD_SCHEMAS = { ${records.join(", ")} } as const;

/** A capability's payload schemas and where it sits in the documentation. */
export interface CapabilitySchemas {
  /** Schema of the \`request\` payload. */
  request: JsonSchema;
  /** Schema of the \`response\` payload. */
  response: JsonSchema;
  /** Name of the request payload in the OpenAPI components. */
  requestName: string;
  /** Name of the response payload in the OpenAPI components. */
  responseName: string;
}

/** The payload schemas of every standard capability. */
export const CAPABILITY_SCHEMAS: Readonly<Record<StandardCapabilityName, CapabilitySchemas>> = {
${capabilityEntries}};
`;

  const payloadMap = capabilities
    .map(({ name, request, response }) => `  ${name}: [${request.$id}, ${response.$id}];\n`)
    .join("");
  const moduleDoc = `//
// The typed payloads of every standard capability: the \`request\` a capability receives and the \`response\`
// it returns, with Lumos' snake_case keys (they travel as they are). Optional keys may be omitted; the host
// writes them as null. \`schemas.ts\` holds the matching JSON Schemas.

`;
  const types = typescriptTypes(defs, `${header}${moduleDoc}`, "./payload-enums.js", {
    namedTypes: { JsonObject: "./json-schema.js", JsonValue: "./json-schema.js" },
    reexportEnums: true,
  });
  const payloads = `${types}
/** The request and response payload types of each standard capability. */
export interface CapabilityPayloads {
${payloadMap}}
`;
  return { "src/identity/payloads.ts": payloads, "src/identity/schemas.ts": schemas };
}
