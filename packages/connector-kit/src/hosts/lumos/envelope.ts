import { isConnectorError } from "../../core/errors/connector-error.js";
import { type LumosErrorCode, lumosCodeForHttpStatus, lumosCodeOf } from "../../identity/errors.js";
import type { ExceptionHandler, LumosErrorBody } from "../../identity/identity-capabilities.js";
import type { JsonValue } from "../../identity/json-schema.js";
import type { ExecutionSummary } from "../../identity/payloads.js";

/** The `page` of a response: the next page's token and the size the request asked for. */
export interface ResponsePage {
  token: string | null;
  size: number | null;
}

/**
 * A successful capability answer. Every response model of Lumos' SDK declares `execution_summary`, so it is
 * always written: the connector's summary (see `reply`), else null.
 */
export interface SuccessEnvelope {
  response: unknown;
  raw_data: JsonValue | null;
  page: ResponsePage | null;
  execution_summary: ExecutionSummary | null;
}

/** A failed capability answer. */
export interface ErrorEnvelope {
  is_error: true;
  error: LumosErrorBody;
  raw_data: null;
  page: null;
}

/** What a Lumos capability call answers. */
export type LumosEnvelope = SuccessEnvelope | ErrorEnvelope;

/** True for an error envelope. */
export function isErrorEnvelope(envelope: LumosEnvelope): envelope is ErrorEnvelope {
  return (envelope as ErrorEnvelope).is_error === true;
}

/** An error envelope with the fields in the wire's order. */
export function errorEnvelope(body: LumosErrorBody): ErrorEnvelope {
  return {
    is_error: true,
    error: {
      message: body.message,
      status_code: body.status_code,
      app_error_code: body.app_error_code,
      error_code: body.error_code,
      app_id: body.app_id,
      raised_by: body.raised_by,
      raised_in: body.raised_in,
    },
    raw_data: null,
    page: null,
  };
}

/** An error body for a problem the host found itself (bad request, unknown capability): no raiser. */
export function hostError(appId: string, code: LumosErrorCode, message: string): ErrorEnvelope {
  return errorEnvelope({
    message,
    status_code: null,
    app_error_code: null,
    error_code: code,
    app_id: appId,
    raised_by: null,
    raised_in: null,
  });
}

/** `test-directory` → `test_directory`: an app id as a Python-style module name, for `raised_in`. */
export function moduleNameOf(appId: string): string {
  const name = appId.replace(/[^A-Za-z0-9_]+/g, "_").replace(/^_+|_+$/g, "");
  return name === "" ? "connector" : /^[0-9]/.test(name) ? `_${name}` : name;
}

/** The HTTP status an error carries (`status`, `statusCode`, `response.status`, or a numeric `code`). */
export function httpStatusOf(error: unknown): number | null {
  if (error === null || typeof error !== "object") return null;
  const e = error as {
    status?: unknown;
    statusCode?: unknown;
    code?: unknown;
    response?: { status?: unknown };
  };
  for (const candidate of [e.status, e.statusCode, e.response?.status, e.code]) {
    if (typeof candidate === "number" && Number.isInteger(candidate) && candidate >= 100 && candidate <= 599)
      return candidate;
  }
  return null;
}

function urlOf(error: unknown): string | null {
  const e = error as { url?: unknown; response?: { url?: unknown } };
  const url = typeof e.url === "string" ? e.url : typeof e.response?.url === "string" ? e.response.url : null;
  return url === null ? null : url.split("?")[0]!;
}

/** The upstream's answer an HTTP error carries (`body`, `responseBody`, `response.data`), as text; else its message. */
function upstreamTextOf(error: unknown): string {
  const e = error as { body?: unknown; responseBody?: unknown; response?: { data?: unknown } };
  for (const candidate of [e.body, e.responseBody, e.response?.data]) {
    if (typeof candidate === "string" && candidate !== "") return candidate;
    if (candidate !== null && typeof candidate === "object") {
      try {
        return JSON.stringify(candidate);
      } catch {
        // not serializable: fall back to the message
      }
    }
  }
  return messageOf(error);
}

function nameOf(error: unknown): string {
  if (error instanceof Error) {
    if (error.name && error.name !== "Error") return error.name;
    return error.constructor?.name || "Error";
  }
  return typeof error;
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === "string" ? error : `Non-error value thrown: ${typeof error}`;
}

function causeCode(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: unknown } }).cause;
  const code = cause?.code ?? (error as { code?: unknown }).code;
  return typeof code === "string" ? code : undefined;
}

function matches(handler: ExceptionHandler, error: unknown): boolean {
  const match = handler.match as { prototype?: unknown } & ((e: unknown) => unknown);
  if (match === (Error as unknown) || match.prototype instanceof Error)
    return error instanceof (match as unknown as typeof Error);
  try {
    return match(error) === true;
  } catch {
    return false;
  }
}

/** What {@link errorBodyOf} needs to know of the call. */
export interface ErrorContext {
  appId: string;
  capability: string;
  /**
   * Where the error was raised, as `<module>:<function>` (Lumos' `raised_in`). Default:
   * `<app id as a module name>:<capability>`.
   */
  raisedIn?: string;
  handlers: readonly ExceptionHandler[];
  /** Hides secret values in messages. */
  redact: (text: string) => string;
}

/**
 * The error body of an exception, as Lumos' default handling builds it:
 * - a `ConnectorError` gives its code (its `lumosErrorCode` when it carries one, as `IdentityError` and the
 *   HTTP toolkit's `HttpError` do, else its mapped core code), message, app code and HTTP status;
 * - anything else is `unexpected_error` with its message and the HTTP status it carries, if any; an HTTP
 *   status maps to a code (400 bad_request … 5xx bad_gateway, others api_error) and the message becomes
 *   `[<status>][<url without query>] <upstream body, else message>`; connection failures (ECONNREFUSED, ENOTFOUND, …) and
 *   JSON syntax errors become `api_error`; then each matching registered handler may rewrite the body.
 * `raised_by` is the error's name and `raised_in` is `<module>:<function>` ({@link ErrorContext.raisedIn}).
 */
export function errorBodyOf(error: unknown, context: ErrorContext): LumosErrorBody {
  const base = {
    app_id: context.appId,
    raised_by: nameOf(error),
    raised_in: context.raisedIn ?? `${moduleNameOf(context.appId)}:${context.capability}`,
  };
  if (isConnectorError(error)) {
    const carried = error as unknown as { appErrorCode?: unknown; statusCode?: unknown };
    return {
      message: context.redact(error.message),
      status_code: typeof carried.statusCode === "number" ? carried.statusCode : httpStatusOf(error),
      app_error_code: typeof carried.appErrorCode === "string" ? carried.appErrorCode : null,
      error_code: lumosCodeOf(error),
      ...base,
    };
  }
  const status = httpStatusOf(error);
  let body: LumosErrorBody = {
    message: context.redact(messageOf(error)),
    status_code: status,
    app_error_code: null,
    error_code: "unexpected_error",
    ...base,
  };
  const code = causeCode(error);
  if (status !== null) {
    const url = urlOf(error);
    body.error_code = lumosCodeForHttpStatus(status);
    body.message = context.redact(`[${status}]${url ? `[${url}]` : ""} ${upstreamTextOf(error)}`);
  } else if (/Illegal header|Invalid header/i.test(messageOf(error))) {
    body.error_code = "bad_request";
  } else if (
    code &&
    /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|UND_ERR_CONNECT_TIMEOUT)$/.test(code)
  ) {
    body.error_code = "api_error";
    body.message = context.redact(`Failed to connect to the API: ${messageOf(error)} (${code})`);
  } else if (error instanceof SyntaxError && /JSON/.test(error.message)) {
    body.error_code = "api_error";
  }
  for (const handler of context.handlers) {
    if (!matches(handler, error)) continue;
    if (handler.errorCode) body.error_code = handler.errorCode;
    const changed = handler.handle?.(error, { capability: context.capability, error: { ...body } });
    if (changed) body = { ...body, ...changed, message: context.redact(changed.message ?? body.message) };
  }
  return body;
}
