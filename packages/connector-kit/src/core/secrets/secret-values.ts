import { ConnectorError } from "../errors/connector-error.js";

/**
 * Parses the text of a secret (a Secrets Manager `SecretString`, an environment variable, a file) into
 * its string keys and values.
 *
 * - The text must be a JSON object. Its values may be strings, numbers or booleans; numbers and booleans
 *   are turned into strings (`42` → `"42"`, `true` → `"true"`). A `null` value is treated as an absent key.
 *   Integers beyond ±2^53 are rejected because JSON parsing would silently change their digits: quote them.
 * - Nested objects and arrays are rejected.
 *
 * Throws a ConnectorError `InvalidCredentials` whose message names `secretRef` (and, for a bad value,
 * its key) but never contains the secret text or any value. The JSON parser's own error is deliberately
 * not attached as `cause`: its message quotes part of the text.
 */
export function parseSecretString(text: string, secretRef: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ConnectorError(
      "InvalidCredentials",
      `Secret ${secretRef} is not valid JSON; it must be a JSON object of strings`,
    );
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new ConnectorError(
      "InvalidCredentials",
      `Secret ${secretRef} must be a JSON object of strings, not ${describeJsonType(parsed)}`,
    );
  }
  const entries: [string, string][] = [];
  for (const [key, value] of Object.entries(parsed)) {
    const text = valueToString(value);
    if (text === null) continue;
    if (text === undefined) {
      throw new ConnectorError(
        "InvalidCredentials",
        `Secret ${secretRef}: the value of key "${key}" is ${describeJsonType(value)}; ` +
          "only strings, numbers and booleans are allowed",
      );
    }
    entries.push([key, text]);
  }
  // Object.fromEntries defines own properties, so a "__proto__" key cannot change the prototype.
  return Object.fromEntries(entries);
}

/** The string form of a JSON value; `null` to skip it; `undefined` when it is not allowed. */
function valueToString(value: unknown): string | null | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return String(value);
  if (typeof value === "number") {
    if (Number.isInteger(value) && !Number.isSafeInteger(value)) return undefined;
    return String(value);
  }
  if (value === null) return null;
  return undefined;
}

/** Names a JSON value's type without showing the value. */
function describeJsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  if (typeof value === "number" && Number.isInteger(value) && !Number.isSafeInteger(value)) {
    return "an integer too large to keep exactly (quote it as a string)";
  }
  return `a ${typeof value}`;
}
