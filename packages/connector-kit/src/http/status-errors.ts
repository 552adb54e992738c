import { ConnectorError } from "../core/errors/connector-error.js";
import type { ErrorCode } from "../core/errors/error-code.js";
import { type LumosErrorCode, lumosCodeForHttpStatus } from "../identity/errors.js";

export { LUMOS_ERROR_CODES, type LumosErrorCode } from "../identity/errors.js";

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

/** The Lumos error code for an HTTP error status (the contract's table; the identity module owns it). */
export const lumosErrorCodeForStatus: (status: number) => LumosErrorCode = lumosCodeForHttpStatus;

/**
 * The Lumos error code closest to an AppFlow error code, for errors that did not come from an HTTP status
 * (timeouts, dropped connections, invalid JSON): RequestTimeout request_timeout, RateLimitExceeded
 * rate_limit, ServiceUnavailable bad_gateway, InvalidCredentials unauthorized, AccessDenied
 * permission_denied, ResourceNotFoundError not_found, InvalidArgument bad_request, anything else api_error.
 */
export function lumosErrorCodeForAppflowCode(code: ErrorCode): LumosErrorCode {
  switch (code) {
    case "RequestTimeout":
      return "request_timeout";
    case "RateLimitExceeded":
      return "rate_limit";
    case "ServiceUnavailable":
      return "bad_gateway";
    case "InvalidCredentials":
      return "unauthorized";
    case "AccessDenied":
      return "permission_denied";
    case "ResourceNotFoundError":
      return "not_found";
    case "InvalidArgument":
      return "bad_request";
    default:
      return "api_error";
  }
}

/** Options of {@link HttpError}. */
export interface HttpErrorOptions {
  /** HTTP status, or null when no response arrived (network error, timeout). */
  status: number | null;
  /** Lumos code. Default: from the status, else from the AppFlow code. */
  lumosErrorCode?: LumosErrorCode;
  /** Seconds after which a retry may succeed. Default: none. */
  retryAfterSeconds?: number;
  /** How many attempts were made. Default: 1. */
  attempts?: number;
  cause?: unknown;
}

/**
 * A failed HTTP exchange: a ConnectorError (its `name` stays "ConnectorError") carrying the HTTP status, the
 * Lumos code and the number of attempts. Its message names the status, the method and the URL without its
 * query, and a short, redacted excerpt of the response body.
 */
export class HttpError extends ConnectorError {
  readonly status: number | null;
  readonly lumosErrorCode: LumosErrorCode;
  readonly attempts: number;

  constructor(code: ErrorCode, message: string, options: HttpErrorOptions) {
    super(code, message, { retryAfterSeconds: options.retryAfterSeconds, cause: options.cause });
    this.status = options.status;
    this.attempts = options.attempts ?? 1;
    this.lumosErrorCode =
      options.lumosErrorCode ??
      (options.status === null
        ? lumosErrorCodeForAppflowCode(code)
        : lumosErrorCodeForStatus(options.status));
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
