import { ConnectorError } from "../../../core/errors/connector-error.js";

/** A decoded JSON object. */
export type JsonObject = Record<string, unknown>;

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return value.length > 40 ? "a string" : JSON.stringify(value);
  return `a ${typeof value}`;
}

/** The error for a bad value at `path`: an InvalidArgument naming the key, what was expected and what came. */
export function invalidAt(path: string, expected: string, value: unknown): ConnectorError {
  return ConnectorError.invalidArgument(`${path}: expected ${expected}, got ${describe(value)}`);
}

export function object(value: unknown, path: string): JsonObject {
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw invalidAt(path, "an object", value);
  return value as JsonObject;
}

export function optionalObject(value: unknown, path: string): JsonObject | null {
  return value === undefined || value === null ? null : object(value, path);
}

export function string(value: unknown, path: string): string {
  if (typeof value !== "string") throw invalidAt(path, "a string", value);
  return value;
}

export function optionalString(value: unknown, path: string): string | null {
  return value === undefined || value === null ? null : string(value, path);
}

export function optionalBoolean(value: unknown, path: string): boolean | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "boolean") throw invalidAt(path, "a boolean", value);
  return value;
}

export function optionalNumber(value: unknown, path: string): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "number" || !Number.isFinite(value)) throw invalidAt(path, "a number", value);
  return value;
}

/** A positive integer; absent or null gives `fallback`. */
export function positiveInteger(value: unknown, path: string, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1) {
    throw invalidAt(path, "a positive integer", value);
  }
  return value;
}

export function stringArray(value: unknown, path: string): string[] {
  if (!Array.isArray(value)) throw invalidAt(path, "an array of strings", value);
  for (let i = 0; i < value.length; i++)
    if (typeof value[i] !== "string") throw invalidAt(`${path}[${i}]`, "a string", value[i]);
  return value as string[];
}

export function optionalStringArray(value: unknown, path: string): string[] | null {
  return value === undefined || value === null ? null : stringArray(value, path);
}

export function arrayOf<T>(value: unknown, path: string, item: (v: unknown, p: string) => T): T[] {
  if (!Array.isArray(value)) throw invalidAt(path, "an array", value);
  return value.map((v, i) => item(v, `${path}[${i}]`));
}

export function optionalArrayOf<T>(
  value: unknown,
  path: string,
  item: (v: unknown, p: string) => T,
): T[] | null {
  return value === undefined || value === null ? null : arrayOf(value, path, item);
}

/**
 * A string-to-string map. Numbers and booleans are taken as their text, as the Java SDK does; objects and
 * arrays are refused.
 */
export function stringMap(value: unknown, path: string): Record<string, string> {
  const source = object(value, path);
  const out: Record<string, string> = {};
  for (const key of Object.keys(source)) {
    const v = source[key];
    if (typeof v === "string") out[key] = v;
    else if (typeof v === "number" || typeof v === "boolean") out[key] = String(v);
    else if (v !== null) throw invalidAt(`${path}.${key}`, "a string", v);
  }
  return out;
}

export function optionalStringMap(value: unknown, path: string): Record<string, string> | null {
  return value === undefined || value === null ? null : stringMap(value, path);
}

/** A decoder of one of `values`, spelled exactly. */
export function oneOf<T extends string>(values: readonly T[]): (value: unknown, path: string) => T {
  const set = new Set<string>(values);
  const expected = `one of ${values.join(", ")}`;
  return (value, path) => {
    if (typeof value !== "string" || !set.has(value)) throw invalidAt(path, expected, value);
    return value as T;
  };
}

export function optional<T>(
  decode: (v: unknown, p: string) => T,
): (value: unknown, path: string) => T | null {
  return (value, path) => (value === undefined || value === null ? null : decode(value, path));
}
