import { ConnectorError, type ErrorCode, isConnectorError } from "connector-kit";

/** SQLSTATE codes (and classes, by their first two characters) → AppFlow error codes. */
const BY_SQLSTATE: Readonly<Record<string, ErrorCode>> = {
  "28P01": "InvalidCredentials", // invalid_password
  "28000": "InvalidCredentials", // invalid_authorization_specification (no pg_hba entry, unknown role)
  "3D000": "InvalidArgument", // invalid_catalog_name: the database setting names no database
  "3F000": "InvalidArgument", // invalid_schema_name
  "42501": "AccessDenied", // insufficient_privilege
  "42P01": "ResourceNotFoundError", // undefined_table (dropped between describe and query)
  "57014": "RequestTimeout", // query_canceled (statement_timeout)
  "55P03": "RequestTimeout", // lock_not_available (lock_timeout)
  "57P01": "ServiceUnavailable", // admin_shutdown
  "57P02": "ServiceUnavailable", // crash_shutdown
  "57P03": "ServiceUnavailable", // cannot_connect_now (starting up, recovery)
  "53300": "RateLimitExceeded", // too_many_connections
  "40001": "ServiceUnavailable", // serialization_failure: retry
  "40P01": "ServiceUnavailable", // deadlock_detected: retry
};

const BY_SQLSTATE_CLASS: Readonly<Record<string, ErrorCode>> = {
  "08": "ServiceUnavailable", // connection exception
  "22": "InvalidArgument", // data exception (bad value for the column type)
  "23": "InvalidArgument", // integrity constraint violation
  "28": "InvalidCredentials",
  // Syntax error or access rule violation (undefined column or function, syntax, datatype mismatch…): the
  // connector builds every statement from the catalog, so such an error is its own failure, not the caller's.
  "42": "ServerError",
  "53": "ServiceUnavailable", // insufficient resources
  "57": "ServiceUnavailable", // operator intervention
};

/** Node.js socket error codes (`error.code`) → AppFlow error codes. */
const BY_ERRNO: Readonly<Record<string, ErrorCode>> = {
  ECONNREFUSED: "ServiceUnavailable",
  ECONNRESET: "ServiceUnavailable",
  EHOSTUNREACH: "ServiceUnavailable",
  ENETUNREACH: "ServiceUnavailable",
  ENOTFOUND: "ServiceUnavailable",
  EAI_AGAIN: "ServiceUnavailable",
  EPIPE: "ServiceUnavailable",
  ETIMEDOUT: "RequestTimeout",
};

const SQLSTATE = /^[0-9A-Z]{5}$/;

function codeOf(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" ? code : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The SQLSTATE of a PostgreSQL error (pg or PGlite), or undefined for anything else. */
export function sqlStateOf(error: unknown): string | undefined {
  const code = codeOf(error);
  return code !== undefined && SQLSTATE.test(code) ? code : undefined;
}

/** The AppFlow code for a driver error: by SQLSTATE, by socket errno, by the pg pool's timeout messages. */
export function errorCodeOf(error: unknown): ErrorCode {
  if (isConnectorError(error)) return error.code;
  const code = codeOf(error);
  if (code !== undefined) {
    if (SQLSTATE.test(code)) return BY_SQLSTATE[code] ?? BY_SQLSTATE_CLASS[code.slice(0, 2)] ?? "ServerError";
    const byErrno = BY_ERRNO[code];
    if (byErrno) return byErrno;
  }
  const message = messageOf(error);
  if (/timeout|timed out/i.test(message)) return "RequestTimeout";
  if (/does not support SSL|SSL|certificate/i.test(message)) return "InvalidArgument";
  if (/Connection terminated|socket|ECONNREFUSED/i.test(message)) return "ServiceUnavailable";
  return "ServerError";
}

const HINTS: Partial<Record<ErrorCode, string>> = {
  InvalidCredentials: "the user name or password was refused",
  ServiceUnavailable: "the PostgreSQL server cannot be reached",
  RequestTimeout: "PostgreSQL did not answer in time",
  AccessDenied: "the user lacks a privilege",
};

/**
 * Wraps a driver error (pg, PGlite, socket) in a ConnectorError with the right code. The message keeps
 * PostgreSQL's own text (which never holds the password) behind a short summary; ConnectorErrors pass as they are.
 */
export function toConnectorError(error: unknown, doing: string): ConnectorError {
  if (isConnectorError(error)) return error;
  const code = errorCodeOf(error);
  const state = sqlStateOf(error) ?? codeOf(error);
  const hint = HINTS[code];
  const detail = `${messageOf(error)}${state ? ` [${state}]` : ""}`;
  return new ConnectorError(code, `Could not ${doing}: ${hint ? `${hint}: ` : ""}${detail}`, {
    cause: error,
  });
}

/** A short, per-record message for a failed statement (SQLSTATE and PostgreSQL's message and detail). */
export function recordErrorMessage(error: unknown): string {
  if (isConnectorError(error)) return error.message;
  const state = sqlStateOf(error);
  const detail = (error as { detail?: unknown }).detail;
  const tail = typeof detail === "string" && detail !== "" ? ` (${detail})` : "";
  return `${messageOf(error)}${tail}${state ? ` [${state}]` : ""}`;
}
