import { types } from "node:util";
import { isConnectorError } from "./connector-error.js";
import { ERROR_CODES, type ErrorCode } from "./error-code.js";

/** What the host reads of a thrown ConnectorError: plain values, read once. */
export interface ThrownConnectorError {
  code: ErrorCode;
  message: string;
  retryAfterSeconds: number | null;
}

const CODES = new Set<string>(ERROR_CODES);

/**
 * Reads a thrown value as a ConnectorError, or null for anything else, without letting the value throw:
 * a Proxy is never touched (`instanceof` would run its `getPrototypeOf` trap), and getters or a Proxy further
 * down the prototype chain that throw make it "anything else". A code that is not AppFlow's is too.
 */
export function readConnectorError(thrown: unknown): ThrownConnectorError | null {
  if (thrown === null || (typeof thrown !== "object" && typeof thrown !== "function")) return null;
  if (types.isProxy(thrown)) return null;
  try {
    if (!isConnectorError(thrown)) return null;
    const code: unknown = thrown.code;
    const message: unknown = thrown.message;
    const retry: unknown = thrown.retryAfterSeconds;
    if (typeof code !== "string" || !CODES.has(code) || typeof message !== "string") return null;
    return {
      code: code as ErrorCode,
      message,
      retryAfterSeconds: typeof retry === "number" && Number.isFinite(retry) && retry >= 0 ? retry : null,
    };
  } catch {
    return null;
  }
}

const PROXY_NOTE = "a Proxy was thrown; it is not inspected";

/**
 * A thrown value as a host may inspect it (read its name, message, status): a Proxy becomes a plain Error
 * saying so, since every read of it would run a trap that may throw.
 */
export function inspectableThrown(thrown: unknown): unknown {
  return isProxyValue(thrown) ? new Error(PROXY_NOTE) : thrown;
}

/**
 * A thrown value as it may be handed to a logger: a Proxy becomes a plain description (a logger inspecting it
 * would run its traps); anything else is passed on, and the caller guards the logging call itself.
 */
export function loggableThrown(thrown: unknown): unknown {
  return isProxyValue(thrown) ? { note: PROXY_NOTE } : thrown;
}

function isProxyValue(value: unknown): boolean {
  return value !== null && (typeof value === "object" || typeof value === "function") && types.isProxy(value);
}
