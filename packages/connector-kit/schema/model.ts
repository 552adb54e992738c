/*
 * Reading the wire schemas: TypeBox definitions, seen as the JSON Schema they are, with the generator's own
 * keywords (see appflow-entity.ts) read here.
 */
import type { TSchema } from "@sinclair/typebox";

/** A schema node as JSON: TypeBox's markers are symbols and drop out. */
export type Node = Record<string, unknown> & {
  type?: string;
  anyOf?: Node[];
  items?: Node;
  properties?: Record<string, Node>;
  required?: string[];
  patternProperties?: Record<string, Node>;
  $ref?: string;
  $id?: string;
  const?: string;
  description?: string;
};

/** The definitions as plain JSON nodes, each named by its `$id`. */
export function definitionsOf(schemas: readonly TSchema[]): Node[] {
  return schemas.map((d) => {
    const node = JSON.parse(JSON.stringify(d)) as Node;
    if (typeof node.$id !== "string") throw new Error("generate: every definition needs an $id");
    return node;
  });
}

/** The schema without its `| null` (the `maybe` wrapper), and whether null was allowed. */
export function unwrap(node: Node): { inner: Node; nullable: boolean } {
  if (node.anyOf && node.anyOf.length === 2 && node.anyOf[1]!.type === "null" && !node.anyOf[0]!.const) {
    return { inner: node.anyOf[0]!, nullable: true };
  }
  return { inner: node, nullable: false };
}

export const isEnum = (n: Node) => typeof n["x-enum"] === "string";
export const isStringMap = (n: Node) => n.type === "object" && n.patternProperties !== undefined;
export const refName = (n: Node) => n.$ref!;

export interface Property {
  key: string;
  node: Node; // the whole property schema, annotations included
  inner: Node; // without `| null`
  optional: boolean; // may be absent on the wire
  nullable: boolean; // may be null on the wire (absent and null then mean the same)
  modelRequired: boolean; // required in the TypeScript type
  /** The model's type allows null: a nullable key the model requires but no default fills. */
  modelNullable: boolean;
  alias: string | undefined; // a second spelling the decoder also reads
  decodeDefault: string | undefined; // a JS expression filling an absent value on decode
  encodeDefault: string | undefined; // the same on encode
}

export function propertiesOf(def: Node): Property[] {
  const required = new Set(def.required ?? []);
  return Object.entries(def.properties ?? {}).map(([key, node]) => {
    const { inner, nullable } = unwrap(node);
    const optional = !required.has(key);
    const literal = node.default === undefined ? undefined : JSON.stringify(node.default);
    const from = node["x-default-from"] as string | undefined;
    const by = node["x-encode-default-by"] as { key: string; table: string } | undefined;
    const decodeDefault = literal ?? (from ? `${from}Value` : undefined);
    const encodeOnly =
      node["x-encode-default"] === undefined ? undefined : JSON.stringify(node["x-encode-default"]);
    const encodeDefault =
      literal ?? encodeOnly ?? (from ? `value.${from}` : by ? `${by.table}[value.${by.key}]` : undefined);
    const modelRequired = !optional || node["x-model-required"] === true;
    return {
      key,
      node,
      inner,
      optional,
      nullable,
      modelRequired,
      modelNullable: modelRequired && nullable && decodeDefault === undefined,
      alias: node["x-alias"] as string | undefined,
      decodeDefault,
      encodeDefault,
    };
  });
}

export function doc(text: unknown, indent = ""): string {
  return typeof text === "string" ? `${indent}/** ${text} */\n` : "";
}
