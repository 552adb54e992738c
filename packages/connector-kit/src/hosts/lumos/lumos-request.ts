import {
  AUTH_CREDENTIAL_SCHEMA,
  type AuthCredential,
  CREDENTIAL_SCHEMAS,
  modelsIn,
} from "../../identity/auth-credentials.js";
import {
  formatProblems,
  type JsonObject,
  type JsonSchema,
  type JsonValue,
  validateJson,
} from "../../identity/json-schema.js";
import { RECORD_SCHEMAS } from "../../identity/schemas.js";
import type { CapabilityEntry } from "./lumos-app.js";

/** A capability call's envelope once its shape is checked: `{auth | credentials, request, settings, page, …}`. */
export interface LumosRequestBody {
  auth?: AuthCredential | null;
  credentials?: AuthCredential[] | null;
  request: JsonValue;
  include_raw_data?: boolean | null;
  page?: { token?: string | null; size?: number | null } | null;
  settings?: JsonObject | null;
}

/**
 * The request as a JSON object: `request` is its JSON text or the parsed value. Answers the `bad_request`
 * message otherwise (invalid JSON, or JSON that is not an object).
 */
export function requestObjectOf(request: unknown): { value: Record<string, unknown> } | { problem: string } {
  let value: unknown = request;
  if (typeof request === "string") {
    try {
      value = JSON.parse(request);
    } catch (error) {
      return { problem: `Invalid request - Invalid JSON: ${(error as Error).message}` };
    }
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return { problem: "Invalid request, expected JSON input." };
  }
  return { value: value as Record<string, unknown> };
}

/**
 * Every secret value an envelope carries, read before its shape is checked (so nothing logged or answered
 * about it can leak one): values of secret-named keys anywhere but `page`, and the secret fields of `auth` and
 * of each `credentials` entry.
 */
export function requestSecrets(value: Record<string, unknown>, secretKeys: ReadonlySet<string>): string[] {
  const secrets: string[] = [];
  secretValuesByKey({ ...value, page: null }, secretKeys, secrets);
  const candidate = value as Partial<LumosRequestBody>;
  if (candidate.auth && typeof candidate.auth === "object") credentialSecrets(candidate.auth, secrets);
  if (Array.isArray(candidate.credentials))
    for (const c of candidate.credentials) if (c && typeof c === "object") credentialSecrets(c, secrets);
  return secrets;
}

/** The envelope's shape problems for `entry`, as one `bad_request` message (unredacted), or null. */
export function envelopeProblem(entry: CapabilityEntry, value: Record<string, unknown>): string | null {
  const problems = validateJson(envelopeSchema(entry), value);
  return problems.length > 0 ? `Invalid request - ${formatProblems(problems)}` : null;
}

const nullable = (schema: JsonSchema): JsonSchema => ({ anyOf: [schema, { type: "null" }] });

function envelopeSchema(entry: CapabilityEntry): JsonSchema {
  return {
    type: "object",
    properties: {
      auth: nullable(AUTH_CREDENTIAL_SCHEMA),
      credentials: nullable({ type: "array", items: AUTH_CREDENTIAL_SCHEMA }),
      request: entry.requestSchema,
      include_raw_data: nullable({ type: "boolean" }),
      page: nullable(RECORD_SCHEMAS.Page),
      settings: nullable({ type: "object" }),
    },
    required: ["request"],
  };
}

/** Values of keys named like secrets, anywhere in a JSON value, appended to `out`. */
export function secretValuesByKey(value: unknown, keys: ReadonlySet<string>, out: string[]): void {
  if (Array.isArray(value)) {
    for (const item of value) secretValuesByKey(item, keys, out);
  } else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      if (keys.has(key) && typeof item === "string") out.push(item);
      else secretValuesByKey(item, keys, out);
    }
  }
}

/** A copy of a JSON value with the values of secret-named keys replaced by `[REDACTED]`, for the debug log. */
export function maskByKey(value: unknown, keys: ReadonlySet<string>): unknown {
  if (Array.isArray(value)) return value.map((item) => maskByKey(item, keys));
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, keys.has(key) ? "[REDACTED]" : maskByKey(item, keys)]),
  );
}

/** Secret values of one credential: fields the schema marks `x-secret`, and every value of unmodelled ones. */
function credentialSecrets(auth: AuthCredential, out: string[]): void {
  for (const model of modelsIn(auth)) {
    const body = auth[model] as Record<string, unknown>;
    const properties = CREDENTIAL_SCHEMAS[model].properties;
    if (!properties) {
      secretValuesByKey(body, new Set(Object.keys(body)), out);
      continue;
    }
    for (const [key, property] of Object.entries(properties)) {
      const value = body[key];
      if (property["x-secret"] === true && typeof value === "string") out.push(value);
    }
  }
}
