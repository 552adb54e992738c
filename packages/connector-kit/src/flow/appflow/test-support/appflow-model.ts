/**
 * AppFlow's API shapes, read at test time from the installed `@aws-sdk/client-appflow`: its schemas (the
 * operations' HTTP bindings, structure members, required members, types) and, for enum members, its type
 * declarations and enum objects. Requests are checked against these, not against hand-written expectations.
 */
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import * as A from "@aws-sdk/client-appflow";

type Schema = unknown;
const SDK = A as unknown as Record<string, unknown>;

/** An operation's HTTP binding and input schema. */
export interface AppFlowOperation {
  name: string;
  method: string;
  path: string;
  input: Schema;
}

function packageDir(): string {
  const entry = createRequire(import.meta.url).resolve("@aws-sdk/client-appflow");
  return dirname(dirname(entry)); // …/dist-cjs/index.js → the package
}

/** Every operation of the client, by its `[9, namespace, name, { http: [method, path] }, input, output]` schema. */
export const OPERATIONS: readonly AppFlowOperation[] = Object.values(SDK)
  .filter((v): v is unknown[] => Array.isArray(v) && v[0] === 9)
  .map((v) => {
    const [method, path] = (v[3] as { http: [string, string] }).http;
    return { name: v[2] as string, method, path, input: v[4] };
  });

/** Enum names → their values, from the SDK's enum objects (those its enums declaration names). */
const ENUMS: ReadonlyMap<string, readonly string[]> = (() => {
  const text = readFileSync(join(packageDir(), "dist-types", "models", "enums.d.ts"), "utf8");
  const out = new Map<string, string[]>();
  for (const [, name] of text.matchAll(/export declare const (\w+): \{/g)) {
    const value = SDK[name!];
    if (value && typeof value === "object") out.set(name!, Object.values(value as Record<string, string>));
  }
  return out;
})();

/** Structure → member → the enum its value (or, for `Record<Enum, …>`, its keys) must belong to. */
const MEMBER_ENUMS: ReadonlyMap<string, ReadonlyMap<string, { enum: string; keys: boolean }>> = (() => {
  const dir = join(packageDir(), "dist-types", "models");
  const out = new Map<string, Map<string, { enum: string; keys: boolean }>>();
  for (const file of readdirSync(dir).filter((f) => /^models_\d+\.d\.ts$/.test(f))) {
    const text = readFileSync(join(dir, file), "utf8");
    for (const [, struct, body] of text.matchAll(/export interface (\w+) \{([\s\S]*?)\n\}/g)) {
      const members = new Map<string, { enum: string; keys: boolean }>();
      for (const [, member, type] of body!.matchAll(/^ {4}(\w+)\??: (.+?);$/gm)) {
        const bare = type!.replace(/ \| undefined$/, "");
        const keyed = /^Partial<Record<(\w+), string>>$/.exec(bare);
        if (keyed && ENUMS.has(keyed[1]!)) members.set(member!, { enum: keyed[1]!, keys: true });
        const plain = /^(\w+)(\[\])?$/.exec(bare);
        if (plain && ENUMS.has(plain[1]!)) members.set(member!, { enum: plain[1]!, keys: false });
      }
      out.set(struct!, members);
    }
  }
  return out;
})();

/** The values of one of AppFlow's enums (e.g. `TaskType`), from the SDK. */
export function enumValues(name: string): readonly string[] {
  const values = ENUMS.get(name);
  if (!values) throw new Error(`No enum ${name} in @aws-sdk/client-appflow`);
  return values;
}

/** The operation a request goes to, by method and path. */
export function operationOf(method: string, path: string): AppFlowOperation | undefined {
  return OPERATIONS.find((o) => o.method === method && o.path === path);
}

function resolve(schema: Schema): Schema {
  let s = schema;
  for (;;) {
    if (typeof s === "function") s = (s as () => Schema)();
    else if (Array.isArray(s) && s.length === 2 && (typeof s[0] === "function" || typeof s[0] === "number")) {
      s = s[0]; // [schema, traits] of a member
    } else if (Array.isArray(s) && s[0] === 0)
      s = s[4]; // a simple shape with traits
    else return s;
  }
}

const kindOf = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "list" : typeof v);

/**
 * Checks a JSON request body against a schema; returns every problem (`path: why`): an unknown member, a
 * required member missing, a wrong type, a value (or map key) outside its enum.
 */
export function shapeProblems(
  schema: Schema,
  value: unknown,
  path = "",
  enumName?: string,
  keyEnum?: string,
): string[] {
  const s = resolve(schema);
  const at = path === "" ? "(body)" : path;
  const check = (ok: boolean, expected: string) =>
    ok ? [] : [`${at}: expected ${expected}, got ${kindOf(value)}`];
  if (typeof s === "number") {
    if (s & 64) {
      if (!Array.isArray(value)) return check(false, "a list");
      return value.flatMap((v, i) => shapeProblems(s & 63, v, `${path}[${i}]`, enumName));
    }
    if (s & 128) {
      if (kindOf(value) !== "object") return check(false, "a map");
      return Object.entries(value as object).flatMap(([k, v]) => [
        ...(keyEnum && !enumValues(keyEnum).includes(k) ? [`${path}.${k}: key not in ${keyEnum}`] : []),
        ...shapeProblems(s & 63, v, `${path}.${k}`),
      ]);
    }
    if (s === 0) {
      if (typeof value !== "string") return check(false, "a string");
      if (enumName && !enumValues(enumName).includes(value)) {
        return [`${at}: "${value}" is not one of ${enumName} (${enumValues(enumName).join(", ")})`];
      }
      return [];
    }
    if (s === 1) return check(typeof value === "number", "a number");
    if (s === 2) return check(typeof value === "boolean", "a boolean");
    if (s === 4) return check(typeof value === "number", "a timestamp (epoch seconds)");
    return [`${at}: unknown schema ${s}`];
  }
  const node = s as unknown[];
  switch (node[0]) {
    case 1:
      if (!Array.isArray(value)) return check(false, "a list");
      return value.flatMap((v, i) => shapeProblems(node[4], v, `${path}[${i}]`, enumName));
    case 2:
      if (kindOf(value) !== "object") return check(false, "a map");
      return Object.entries(value as object).flatMap(([k, v]) => shapeProblems(node[5], v, `${path}.${k}`));
    case 3: {
      if (kindOf(value) !== "object") return check(false, `a ${node[2]} structure`);
      const struct = node[2] as string;
      const names = node[4] as string[];
      const members = node[5] as Schema[];
      const required = (node[6] as number | undefined) ?? 0;
      const o = value as Record<string, unknown>;
      const problems: string[] = [];
      for (const key of Object.keys(o)) {
        if (!names.includes(key))
          problems.push(`${path === "" ? "" : `${path}.`}${key}: not a member of ${struct}`);
      }
      names.forEach((name, i) => {
        const at2 = path === "" ? name : `${path}.${name}`;
        if (o[name] === undefined) {
          if (i < required) problems.push(`${at2}: required by ${struct}`);
          return;
        }
        const e = MEMBER_ENUMS.get(struct)?.get(name);
        problems.push(
          ...shapeProblems(
            members[i],
            o[name],
            at2,
            e && !e.keys ? e.enum : undefined,
            e?.keys ? e.enum : undefined,
          ),
        );
      });
      return problems;
    }
    default:
      return [`${at}: unknown schema ${JSON.stringify(node.slice(0, 3))}`];
  }
}
