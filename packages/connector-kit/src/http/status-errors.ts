import { ConnectorError } from "../core/errors/connector-error.js";
import type { ErrorCode } from "../core/errors/error-code.js";

/**
 * The AppFlow error code for an HTTP error status: 400 and 413 InvalidArgument, 401 InvalidCredentials,
 * 403 AccessDenied, 404 ResourceNotFoundError, 408 RequestTimeout, 429 RateLimitExceeded, 503
 * ServiceUnavailable, any other 4xx ClientError, any other 5xx ServerError (and UnknownError for anything else).
 */
export function appflowErrorCodeForStatus(status: number): ErrorCode {
  switch (status) {
    case 400:
    case 413:
      return "InvalidArgument";
    case 401:
      return "InvalidCredentials";
    case 403:
      return "AccessDenied";
    case 404:
      return "ResourceNotFoundError";
    case 408:
      return "RequestTimeout";
    case 429:
      return "RateLimitExceeded";
    case 503:
      return "ServiceUnavailable";
  }
  if (status >= 400 && status < 500) return "ClientError";
  if (status >= 500 && status < 600) return "ServerError";
  return "UnknownError";
}

/**
 * What went wrong in an HTTP exchange, beyond its AppFlow code, for hosts that tell more kinds apart (the Lumos
 * host maps each to its own code): an error `status`, no answer in time (`connect-timeout`), a connection
 * `refused` or `reset`, the operation's `deadline` reached, or an `invalid-response` (a body that is not JSON or
 * too large).
 */
export type HttpFailure =
  | "status"
  | "connect-timeout"
  | "refused"
  | "reset"
  | "deadline"
  | "invalid-response";

/** Options of {@link HttpError}. */
export interface HttpErrorOptions {
  /** HTTP status, or null when no response arrived (network error, timeout). */
  status: number | null;
  /** What went wrong. Default: `"status"` when there is a status, else what the AppFlow code says. */
  failure?: HttpFailure;
  /** Seconds after which a retry may succeed. Default: none. */
  retryAfterSeconds?: number;
  /** How many attempts were made. Default: 1. */
  attempts?: number;
  cause?: unknown;
}

/**
 * A failed HTTP exchange: a ConnectorError (its `name` stays "ConnectorError") carrying the HTTP status, what
 * failed and the number of attempts — host-neutral: each host maps them to its own codes (AppFlow reads
 * `code`; the Lumos host also reads `status` and `failure`). Its message names the status, the method and the
 * URL without its query, and a short, redacted excerpt of the response body.
 */
export class HttpError extends ConnectorError {
  readonly status: number | null;
  readonly failure: HttpFailure;
  readonly attempts: number;

  constructor(code: ErrorCode, message: string, options: HttpErrorOptions) {
    super(code, message, { retryAfterSeconds: options.retryAfterSeconds, cause: options.cause });
    this.status = options.status;
    this.attempts = options.attempts ?? 1;
    this.failure =
      options.failure ??
      (options.status !== null ? "status" : code === "RequestTimeout" ? "deadline" : "reset");
  }
}

/** The URL without query or fragment (and without user info), safe for messages. */
export function urlForMessage(url: URL | string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return "(invalid URL)";
  }
}

/** Options of {@link errorForStatus}. */
export interface ErrorForStatusOptions {
  method: string;
  url: URL | string;
  /** Response body text (redact it first); its first 200 characters go into the message. Default: none. */
  body?: string;
  retryAfterSeconds?: number;
  attempts?: number;
  /** Overrides the status mapping. Default: {@link appflowErrorCodeForStatus}. */
  code?: ErrorCode;
}

/** The error for an HTTP error response: `HTTP 404 from GET https://api/x: {"error":"…"}`. */
export function errorForStatus(status: number, options: ErrorForStatusOptions): HttpError {
  const excerpt = options.body?.trim().replace(/\s+/g, " ").slice(0, 200);
  const message = `HTTP ${status} from ${options.method} ${urlForMessage(options.url)}${excerpt ? `: ${excerpt}` : ""}`;
  return new HttpError(options.code ?? appflowErrorCodeForStatus(status), message, {
    status,
    retryAfterSeconds: options.retryAfterSeconds,
    attempts: options.attempts,
  });
}
