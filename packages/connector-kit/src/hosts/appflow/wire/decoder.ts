import { ConnectorError } from "../../../core/errors/connector-error.js";

/** A decoded JSON object. */
export type JsonObject = Record<string, unknown>;

/**
 * Every decoder takes the value, the path of its parent and, optionally, its key: `path.key` is built only
 * when an error needs it, so a valid event costs no path strings.
 */
export type Decoder<T> = (value: unknown, path: string, key?: string) => T;

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return value.length > 40 ? "a string" : JSON.stringify(value);
  return `a ${typeof value}`;
}

/**
 * The path of a first, fast pass over a large value: no key path is built below it. When that pass fails, the
 * value is decoded again under its real path, which throws the error with the right key path.
 */
export const FAST_PATH = "\u0000";

/** `path.key`, `path` alone when there is no key (or on the fast pass), `key` alone at the root (`""`). */
export function pathOf(path: string, key?: string): string {
  if (key === undefined || path === FAST_PATH) return path;
  return path === "" ? key : `${path}.${key}`;
}

/** Decodes with `decode` on the fast pass; on a decoding error, again under the real path for the message. */
export function fastThenExact<T>(decode: Decoder<T>): Decoder<T> {
  return (value, path, key) => {
    try {
      return decode(value, FAST_PATH);
    } catch (error) {
      if (!(error instanceof ConnectorError)) throw error;
      return decode(value, pathOf(path, key));
    }
  };
}

/** The error for a bad value at `path`: an InvalidArgument naming the key, what was expected and what came. */
export function invalidAt(path: string, expected: string, value: unknown): ConnectorError {
  return ConnectorError.invalidArgument(`${path}: expected ${expected}, got ${describe(value)}`);
}

export function object(value: unknown, path: string, key?: string): JsonObject {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw invalidAt(pathOf(path, key), "an object", value);
  }
  return value as JsonObject;
}

export function optionalObject(value: unknown, path: string, key?: string): JsonObject | null {
  return value === undefined || value === null ? null : object(value, path, key);
}

export function string(value: unknown, path: string, key?: string): string {
  if (typeof value !== "string") throw invalidAt(pathOf(path, key), "a string", value);
  return value;
}

export function optionalString(value: unknown, path: string, key?: string): string | null {
  return value === undefined || value === null ? null : string(value, path, key);
}

export function optionalBoolean(value: unknown, path: string, key?: string): boolean | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "boolean") throw invalidAt(pathOf(path, key), "a boolean", value);
  return value;
}

export function requiredBoolean(value: unknown, path: string, key?: string): boolean {
  if (typeof value !== "boolean") throw invalidAt(pathOf(path, key), "a boolean", value);
  return value;
}

/** A finite number. */
export function requiredNumber(value: unknown, path: string, key?: string): number {
  if (typeof value !== "number" || !Number.isFinite(value))
    throw invalidAt(pathOf(path, key), "a number", value);
  return value;
}

export function optionalNumber(value: unknown, path: string, key?: string): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "number" || !Number.isFinite(value))
    throw invalidAt(pathOf(path, key), "a number", value);
  return value;
}

function integerFrom(minimum: 0 | 1, what: string) {
  const optional = (value: unknown, path: string, key?: string): number | null => {
    if (value === undefined || value === null) return null;
    if (typeof value !== "number" || !Number.isSafeInteger(value) || value < minimum) {
      throw invalidAt(pathOf(path, key), what, value);
    }
    return value;
  };
  const required = (value: unknown, path: string, key?: string): number => {
    const n = optional(value, path, key);
    if (n === null) throw invalidAt(pathOf(path, key), what, value);
    return n;
  };
  return { optional, required };
}

const positive = integerFrom(1, "a positive integer");
const nonNegative = integerFrom(0, "an integer of 0 or more");
/** A positive safe integer, or null when absent. */
export const optionalPositiveInteger: Decoder<number | null> = positive.optional;
/** A positive safe integer. */
export const positiveInteger: Decoder<number> = positive.required;
/** A safe integer of 0 or more, or null when absent. */
export const optionalNonNegativeInteger: Decoder<number | null> = nonNegative.optional;
/** A safe integer of 0 or more. */
export const nonNegativeInteger: Decoder<number> = nonNegative.required;

export function stringArray(value: unknown, path: string, key?: string): string[] {
  if (!Array.isArray(value)) throw invalidAt(pathOf(path, key), "an array of strings", value);
  for (let i = 0; i < value.length; i++) {
    if (typeof value[i] !== "string") throw invalidAt(`${pathOf(path, key)}[${i}]`, "a string", value[i]);
  }
  return value as string[];
}

export function optionalStringArray(value: unknown, path: string, key?: string): string[] | null {
  return value === undefined || value === null ? null : stringArray(value, path, key);
}

/** An array whose items `item` decodes; an item's path is `path.key[i]`. */
export function arrayOf<T>(value: unknown, path: string, item: Decoder<T>, key?: string): T[] {
  if (!Array.isArray(value)) throw invalidAt(pathOf(path, key), "an array", value);
  const base = pathOf(path, key);
  const out = new Array<T>(value.length);
  for (let i = 0; i < value.length; i++) {
    try {
      out[i] = item(value[i], base);
    } catch (error) {
      // The item threw with `base` as its path; decode it again under its own path for the message.
      if (!(error instanceof ConnectorError)) throw error;
      item(value[i], `${base}[${i}]`);
      throw error;
    }
  }
  return out;
}

export function optionalArrayOf<T>(value: unknown, path: string, item: Decoder<T>, key?: string): T[] | null {
  return value === undefined || value === null ? null : arrayOf(value, path, item, key);
}

/**
 * A string-to-string map. Numbers and booleans are taken as their text, as the Java SDK does; objects and
 * arrays are refused.
 */
export function stringMap(value: unknown, path: string, key?: string): Record<string, string> {
  const source = object(value, path, key);
  const out: Record<string, string> = {};
  for (const name of Object.keys(source)) {
    const v = source[name];
    if (typeof v === "string") out[name] = v;
    else if (typeof v === "number" || typeof v === "boolean") out[name] = String(v);
    else if (v !== null) throw invalidAt(`${pathOf(path, key)}.${name}`, "a string", v);
  }
  return out;
}

export function optionalStringMap(value: unknown, path: string, key?: string): Record<string, string> | null {
  return value === undefined || value === null ? null : stringMap(value, path, key);
}

/** A decoder of one of `values`, spelled exactly. */
export function oneOf<T extends string>(values: readonly T[]): Decoder<T> {
  const set = new Set<string>(values);
  const expected = `one of ${values.join(", ")}`;
  return (value, path, key) => {
    if (typeof value !== "string" || !set.has(value)) throw invalidAt(pathOf(path, key), expected, value);
    return value as T;
  };
}

export function optional<T>(decode: Decoder<T>): Decoder<T | null> {
  return (value, path, key) => (value === undefined || value === null ? null : decode(value, path, key));
}
