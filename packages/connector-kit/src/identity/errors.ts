/**
 * Lumos' error codes, the {@link IdentityError} that carries one, and the mappings between them, the core
 * (AppFlow) error codes of {@link ConnectorError}, and HTTP statuses.
 */
import {
  ConnectorError,
  type ConnectorErrorOptions,
  isConnectorError,
} from "../core/errors/connector-error.js";
import type { ErrorCode } from "../core/errors/error-code.js";

/** Lumos' error codes, as they travel in `error.error_code`. */
export const LUMOS_ERROR_CODES = [
  "not_found",
  "internal_error",
  "api_error",
  "unauthorized",
  "bad_request",
  "permission_denied",
  "not_implemented",
  "unexpected_error",
  "unsupported_operation",
  "unknown_value",
  "invalid_value",
  "bad_gateway",
  "unauthenticated",
  "request_timeout",
  "connection_timeout",
  "connection_rejected",
  "rate_limit",
  "authentication_expired",
  "service_error",
  "invalid_response",
  "client_call_error",
  "connection_closed",
  "creds_revoked",
  "invalid_page_token",
  "integration_missing_parameter",
] as const;
/** One of {@link LUMOS_ERROR_CODES}. */
export type LumosErrorCode = (typeof LUMOS_ERROR_CODES)[number];

/** The Lumos code a core (AppFlow) error code becomes when a `ConnectorError` reaches the Lumos host. */
export const LUMOS_CODE_FOR_CORE_CODE: Readonly<Record<ErrorCode, LumosErrorCode>> = {
  InvalidArgument: "bad_request",
  InvalidCredentials: "unauthorized",
  AccessDenied: "permission_denied",
  RequestTimeout: "request_timeout",
  RateLimitExceeded: "rate_limit",
  ServiceUnavailable: "bad_gateway",
  ClientError: "api_error",
  ServerError: "internal_error",
  UnknownError: "unexpected_error",
  PartialWriteFailure: "api_error",
  ResourceNotFoundError: "not_found",
};

/** The core (AppFlow) code of each Lumos code: what an `IdentityError` is when an AppFlow host sees it. */
export const CORE_CODE_FOR_LUMOS_CODE: Readonly<Record<LumosErrorCode, ErrorCode>> = {
  not_found: "ResourceNotFoundError",
  internal_error: "ServerError",
  api_error: "ServerError",
  unauthorized: "InvalidCredentials",
  bad_request: "InvalidArgument",
  permission_denied: "AccessDenied",
  not_implemented: "ClientError",
  unexpected_error: "UnknownError",
  unsupported_operation: "ClientError",
  unknown_value: "InvalidArgument",
  invalid_value: "InvalidArgument",
  bad_gateway: "ServiceUnavailable",
  unauthenticated: "InvalidCredentials",
  request_timeout: "RequestTimeout",
  connection_timeout: "RequestTimeout",
  connection_rejected: "ServiceUnavailable",
  rate_limit: "RateLimitExceeded",
  authentication_expired: "InvalidCredentials",
  service_error: "ServiceUnavailable",
  invalid_response: "ServerError",
  client_call_error: "ClientError",
  connection_closed: "ServiceUnavailable",
  creds_revoked: "InvalidCredentials",
  invalid_page_token: "InvalidArgument",
  integration_missing_parameter: "InvalidArgument",
};

/**
 * The Lumos code of an upstream HTTP status: 400 bad_request, 401 unauthorized, 403 permission_denied,
 * 404 not_found, 429 rate_limit, 502/503/504 bad_gateway, anything else api_error.
 */
export function lumosCodeForHttpStatus(status: number): LumosErrorCode {
  switch (status) {
    case 400:
      return "bad_request";
    case 401:
      return "unauthorized";
    case 403:
      return "permission_denied";
    case 404:
      return "not_found";
    case 429:
      return "rate_limit";
    case 502:
    case 503:
    case 504:
      return "bad_gateway";
    default:
      return "api_error";
  }
}

/** Options of {@link IdentityError}. */
export interface IdentityErrorOptions extends ConnectorErrorOptions {
  /** The app's own error code, sent as `app_error_code`. Default: null. */
  appErrorCode?: string;
  /** The upstream HTTP status, sent as `status_code`. Default: null. */
  statusCode?: number;
}

/**
 * A `ConnectorError` with a Lumos error code. On Lumos its code, app code and status travel unchanged; on
 * AppFlow it is the core code of {@link CORE_CODE_FOR_LUMOS_CODE}. The message reaches the caller: never
 * put a secret in it.
 */
export class IdentityError extends ConnectorError {
  readonly lumosErrorCode: LumosErrorCode;
  readonly appErrorCode: string | null;
  readonly statusCode: number | null;

  constructor(lumosErrorCode: LumosErrorCode, message: string, options: IdentityErrorOptions = {}) {
    super(CORE_CODE_FOR_LUMOS_CODE[lumosErrorCode], message, options);
    this.lumosErrorCode = lumosErrorCode;
    this.appErrorCode = options.appErrorCode ?? null;
    this.statusCode = options.statusCode ?? null;
  }
}

/** True for a `ConnectorError` carrying a Lumos code in `lumosErrorCode`: an IdentityError, also from another copy of this module. */
export function isIdentityError(value: unknown): value is IdentityError {
  return (
    isConnectorError(value) &&
    typeof (value as { lumosErrorCode?: unknown }).lumosErrorCode === "string" &&
    (LUMOS_ERROR_CODES as readonly unknown[]).includes(
      (value as unknown as { lumosErrorCode: unknown }).lumosErrorCode,
    )
  );
}

/** The Lumos code of each host-neutral HTTP failure (the HTTP toolkit's `HttpError.failure`). */
const LUMOS_CODE_FOR_HTTP_FAILURE: Readonly<Record<string, LumosErrorCode>> = {
  "connect-timeout": "connection_timeout",
  refused: "connection_rejected",
  reset: "connection_closed",
  deadline: "request_timeout",
  "invalid-response": "invalid_response",
};

/**
 * The Lumos code of any `ConnectorError`: its `lumosErrorCode` when it carries one (an IdentityError); for
 * the HTTP toolkit's errors, the code of its `failure`, else of its HTTP `status`; else the mapped core code.
 */
export function lumosCodeOf(error: ConnectorError): LumosErrorCode {
  if (isIdentityError(error)) return error.lumosErrorCode;
  const { failure, status } = error as { failure?: unknown; status?: unknown };
  if (typeof failure === "string" && Object.hasOwn(LUMOS_CODE_FOR_HTTP_FAILURE, failure)) {
    return LUMOS_CODE_FOR_HTTP_FAILURE[failure]!;
  }
  if (failure === "status" && typeof status === "number") return lumosCodeForHttpStatus(status);
  return LUMOS_CODE_FOR_CORE_CODE[error.code] ?? "unexpected_error";
}
