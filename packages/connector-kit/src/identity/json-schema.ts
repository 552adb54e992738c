/**
 * The small JSON Schema subset the identity payloads are written in, a validator for it that names the
 * path of every problem, and the "absent optional key → null" completion the Lumos wire expects.
 */

/** A JSON value. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A JSON object. */
export type JsonObject = { [key: string]: JsonValue };

/** A JSON Schema node (draft 2020-12 / OpenAPI 3.1 compatible). Only the keywords below are checked. */
export interface JsonSchema {
  type?: JsonSchemaType | JsonSchemaType[];
  title?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  /** Default (as in JSON Schema): any extra key is allowed. */
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: readonly (string | number | boolean | null)[];
  const?: string | number | boolean | null;
  anyOf?: JsonSchema[];
  format?: string;
  minimum?: number;
  maximum?: number;
  default?: JsonValue;
  $ref?: string;
  /** Extensions (`x-secret`, `x-field_type`, …) and keywords not checked here. */
  [extension: `x-${string}`]: JsonValue | undefined;
}

/** The `type` values of {@link JsonSchema}. */
export type JsonSchemaType = "string" | "integer" | "number" | "boolean" | "object" | "array" | "null";

/** One validation problem: where (`request.account_ids[2]`) and what. */
export interface SchemaProblem {
  path: string;
  message: string;
}

function typeOf(value: unknown): JsonSchemaType | "undefined" | "other" {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  switch (typeof value) {
    case "string":
      return "string";
    case "boolean":
      return "boolean";
    case "number":
      return Number.isInteger(value) ? "integer" : "number";
    case "object":
      return "object";
    case "undefined":
      return "undefined";
    default:
      return "other";
  }
}

function matchesType(value: unknown, type: JsonSchemaType): boolean {
  const actual = typeOf(value);
  return actual === type || (type === "number" && actual === "integer");
}

function describeType(type: JsonSchemaType | JsonSchemaType[]): string {
  return Array.isArray(type) ? type.join(" or ") : type;
}

function join(path: string, key: string): string {
  return path === "" ? key : `${path}.${key}`;
}

/**
 * Checks `value` against `schema`; returns every problem found (empty when valid), each with its path
 * below `path`. `$ref` is not followed: schemas given to it must be self-contained.
 */
export function validateJson(schema: JsonSchema, value: unknown, path = ""): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const where = path === "" ? "(root)" : path;
  if (schema.anyOf) {
    const branches = schema.anyOf.map((branch) => validateJson(branch, value, path));
    if (!branches.some((b) => b.length === 0)) {
      const narrowest = branches.reduce((a, b) => (b.length < a.length ? b : a));
      problems.push(...narrowest);
    }
    return problems;
  }
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some((t) => matchesType(value, t))) {
      const got = typeOf(value);
      problems.push({
        path: where,
        message: got === "undefined" ? "Field required" : `expected ${describeType(schema.type)}, got ${got}`,
      });
      return problems;
    }
  }
  if (schema.const !== undefined && value !== schema.const) {
    problems.push({ path: where, message: `expected ${JSON.stringify(schema.const)}` });
  }
  if (schema.enum && !schema.enum.includes(value as string)) {
    problems.push({
      path: where,
      message: `expected one of ${schema.enum.map((v) => JSON.stringify(v)).join(", ")}`,
    });
  }
  if (typeof value === "number") {
    if (schema.minimum !== undefined && value < schema.minimum)
      problems.push({ path: where, message: `must be at least ${schema.minimum}` });
    if (schema.maximum !== undefined && value > schema.maximum)
      problems.push({ path: where, message: `must be at most ${schema.maximum}` });
  }
  if (Array.isArray(value) && schema.items) {
    value.forEach((item, index) => {
      problems.push(...validateJson(schema.items!, item, `${path}[${index}]`));
    });
  }
  if (typeOf(value) === "object") {
    const object = value as Record<string, unknown>;
    for (const key of schema.required ?? []) {
      if (!Object.hasOwn(object, key) || object[key] === undefined)
        problems.push({ path: join(path, key), message: "Field required" });
    }
    for (const [key, item] of Object.entries(object)) {
      const property = schema.properties?.[key];
      if (property) {
        problems.push(...validateJson(property, item, join(path, key)));
      } else if (schema.additionalProperties === false) {
        problems.push({ path: join(path, key), message: "Extra inputs are not permitted" });
      } else if (typeof schema.additionalProperties === "object") {
        problems.push(...validateJson(schema.additionalProperties, item, join(path, key)));
      }
    }
  }
  return problems;
}

/** `a.b: Field required; c: expected string, got integer`. */
export function formatProblems(problems: readonly SchemaProblem[]): string {
  return problems.map((p) => `${p.path}: ${p.message}`).join("; ");
}

function objectBranch(schema: JsonSchema): JsonSchema | undefined {
  if (schema.properties) return schema;
  return schema.anyOf?.find((b) => b.properties !== undefined);
}

function arrayBranch(schema: JsonSchema): JsonSchema | undefined {
  if (schema.items) return schema;
  return schema.anyOf?.find((b) => b.items !== undefined);
}

/** Options of {@link completeWithNulls}. */
export interface CompleteOptions {
  /**
   * Drop keys an object's schema does not declare, unless it allows more (`additionalProperties` true or a
   * schema), as a pydantic model does when it serializes. Default: false (kept after the declared ones).
   */
  dropUndeclared?: boolean;
}

/**
 * Returns `value` with every property the schema declares present, in the schema's order: absent ones as
 * null (as the Lumos SDK's models serialize), recursively through objects and arrays. Keys the schema does
 * not declare are kept after the declared ones (or dropped, see {@link CompleteOptions}). Values that do not
 * fit the schema are returned as they are.
 */
export function completeWithNulls(
  schema: JsonSchema,
  value: unknown,
  options: CompleteOptions = {},
): unknown {
  if (Array.isArray(value)) {
    const branch = arrayBranch(schema);
    return branch?.items ? value.map((item) => completeWithNulls(branch.items!, item, options)) : value;
  }
  if (value === null || typeof value !== "object") return value;
  const branch = objectBranch(schema);
  if (!branch?.properties) return value;
  const object = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, property] of Object.entries(branch.properties)) {
    const item = object[key];
    out[key] = item === undefined ? null : completeWithNulls(property, item, options);
  }
  if (options.dropUndeclared && !branch.additionalProperties) return out;
  for (const [key, item] of Object.entries(object)) {
    if (!Object.hasOwn(out, key) && item !== undefined) out[key] = item;
  }
  return out;
}
