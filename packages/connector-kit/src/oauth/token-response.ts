import * as o from "oauth4webapi";
import { ConnectorError } from "../core/errors/connector-error.js";
import type { ErrorCode } from "../core/errors/error-code.js";
import type { Redactor } from "../core/secrets/redactor.js";

/**
 * Tokens from a token endpoint (RFC 6749 §5.1), normalised. Every field but `raw` holds what the server sent,
 * except where noted.
 */
export interface OAuth2Tokens {
  accessToken: string;
  /** Lower-cased (`"bearer"`); `"bearer"` when the server omitted it. */
  tokenType: string;
  /** `expires_in` in seconds as sent (numeric strings accepted); null when absent or not a positive number. */
  expiresIn: number | null;
  /** When the access token expires: the response time plus `expires_in`; null when unknown. */
  expiresAt: Date | null;
  /**
   * The refresh token. After a refresh, the new one when the server rotated it, else the one that was used
   * (so it can always be stored as it is). Null when there is none.
   */
  refreshToken: string | null;
  /** The granted scope string as sent (RFC 6749: absent means as requested); null when absent. */
  scope: string | null;
  /** The OpenID Connect `id_token`, when sent, as sent (not validated: no issuer is configured); else null. */
  idToken: string | null;
  /** The whole JSON object of the response, for fields this type does not name. Contains secrets. */
  raw: Readonly<Record<string, unknown>>;
}

/** Options of {@link parseTokenResponse}. */
export interface ParseTokenResponseOptions {
  /** The clock, in ms since the epoch, for `expiresAt`. Default: `Date.now`. */
  now?: () => number;
  /** Hides known secrets in server-provided error descriptions. Default: none. */
  redactor?: Redactor;
}

/** The OAuth 2.0 error codes (RFC 6749 §5.2, §4.1.2.1, RFC 8628) and the ConnectorError code each becomes. */
export const OAUTH_ERROR_CODES: Readonly<Record<string, ErrorCode>> = {
  invalid_grant: "InvalidCredentials",
  invalid_client: "InvalidCredentials",
  invalid_token: "InvalidCredentials",
  unauthorized_client: "AccessDenied",
  access_denied: "AccessDenied",
  invalid_scope: "InvalidArgument",
  invalid_request: "InvalidArgument",
  unsupported_grant_type: "InvalidArgument",
  unsupported_response_type: "InvalidArgument",
  invalid_target: "InvalidArgument",
  server_error: "ServiceUnavailable",
  temporarily_unavailable: "ServiceUnavailable",
  slow_down: "RateLimitExceeded",
};

/** Longest server-provided error description kept in a message. */
const MAX_DESCRIPTION = 300;

/** oauth4webapi's view of the server and client: with the `id_token` taken out, only their shape matters. */
const SERVER: o.AuthorizationServer = { issuer: "urn:connector-kit:token-endpoint" };
const CLIENT: o.Client = { client_id: "connector-kit" };

/**
 * Reads a token endpoint's answer, validated by oauth4webapi (RFC 6749 §5.1, §5.2). A successful answer
 * becomes {@link OAuth2Tokens}; anything else becomes a {@link ConnectorError}:
 * - an `error` member (RFC 6749 §5.2, also inside a 200, as some servers do) is mapped by
 *   {@link OAUTH_ERROR_CODES}: `invalid_grant` and `invalid_client` → `InvalidCredentials`, `invalid_scope` →
 *   `InvalidArgument`, `server_error` → `ServiceUnavailable`…;
 * - otherwise by status: 401 → `InvalidCredentials`, 403 → `AccessDenied`, 429 → `RateLimitExceeded`, 5xx →
 *   `ServiceUnavailable` (both with `Retry-After` when sent), 3xx (redirects are not followed) and other
 *   4xx → `ClientError`;
 * - a 2xx that is not a token response → `ServerError`.
 * Messages hold the status, the OAuth error code and its description (control characters removed, at most
 * 300 characters, secrets known to `redactor` hidden), never the body itself.
 *
 * Harmless deviations of real servers are accepted: any 2xx status, `token_type` absent (`bearer`) or of
 * another type, `expires_in` as a numeric string or not a positive number (then unknown), an empty
 * `refresh_token` (none).
 */
export async function parseTokenResponse(
  response: Response,
  options: ParseTokenResponseOptions = {},
): Promise<OAuth2Tokens> {
  const text = await response.clone().text();
  const body = parseJsonObject(text);
  let reason = "";
  if (typeof body?.["error"] !== "string") {
    try {
      const { conform, tokenType, idToken } = conformResponse(response, body);
      // Any token type is handed over as received (Slack's `bot`, …); the connector decides how to use it.
      const recognizedTokenTypes = { [tokenType]: () => {} } as o.RecognizedTokenTypes;
      const result = await o.processGenericTokenEndpointResponse(SERVER, CLIENT, conform, {
        recognizedTokenTypes,
      });
      const expiresIn = result.expires_in ?? null;
      return {
        accessToken: result.access_token,
        tokenType: result.token_type,
        expiresIn,
        expiresAt: expiresIn === null ? null : new Date((options.now ?? Date.now)() + expiresIn * 1000),
        refreshToken: result.refresh_token ?? null,
        scope: result.scope ?? null,
        idToken,
        raw: body!,
      };
    } catch (error) {
      // oauth4webapi's messages name the property at fault, never a value. Its errors are not kept as the
      // cause: theirs hold the response body, tokens included, which a logged cause would show.
      if (error instanceof o.OperationProcessingError) reason = ` (${error.message})`;
    }
  }
  const error = tokenEndpointError(response.status, response.headers, body, options.redactor);
  throw error.code === "ServerError" && reason
    ? new ConnectorError("ServerError", error.message + reason)
    : error;
}

/**
 * A 2xx answer with a non-empty `access_token` made conform to RFC 6749 §5.1 where real servers deviate
 * harmlessly (oauth4webapi's advice for such servers is to adjust the response); any other answer unchanged.
 * The `id_token` is taken out: validating it needs the issuer, which a definition does not have.
 */
function conformResponse(response: Response, body: Readonly<Record<string, unknown>> | null) {
  const ok = response.status >= 200 && response.status < 300;
  if (body === null || !ok || typeof body["access_token"] !== "string") {
    return { conform: response, tokenType: "bearer", idToken: null };
  }
  const { id_token: idToken, ...fixed }: Record<string, unknown> = body;
  const tokenType =
    typeof fixed["token_type"] === "string" && fixed["token_type"] ? fixed["token_type"] : "bearer";
  fixed["token_type"] = tokenType;
  const expiresIn = fixed["expires_in"];
  const seconds =
    typeof expiresIn === "string" && /^\d+(\.\d+)?$/.test(expiresIn.trim()) ? Number(expiresIn) : expiresIn;
  if (!(typeof seconds === "number" && Number.isFinite(seconds) && seconds > 0)) delete fixed["expires_in"];
  if (fixed["refresh_token"] === "") delete fixed["refresh_token"];
  return {
    conform: Response.json(fixed),
    tokenType: tokenType.toLowerCase(),
    idToken: typeof idToken === "string" && idToken !== "" ? idToken : null,
  };
}

/** The ConnectorError for a failed token request; see {@link parseTokenResponse}. */
export function tokenEndpointError(
  status: number,
  headers: Headers,
  body: Readonly<Record<string, unknown>> | null,
  redactor?: Redactor,
): ConnectorError {
  const error = typeof body?.["error"] === "string" ? body["error"] : null;
  const description = cleanDescription(body?.["error_description"], redactor);
  const retryAfterSeconds =
    status === 429 || status >= 500 ? parseRetryAfter(headers.get("retry-after")) : undefined;
  let code: ErrorCode | undefined = error === null ? undefined : OAUTH_ERROR_CODES[error];
  if (code === undefined || (status === 429 && code !== "RateLimitExceeded")) code = codeForStatus(status);
  const what = error === null ? `HTTP ${status}` : `HTTP ${status}, ${cleanDescription(error)}`;
  const message =
    code === "ServerError" && error === null
      ? `The token endpoint answered HTTP ${status} without a valid token response`
      : `The token endpoint refused the request (${what})${status >= 300 && status < 400 ? " (redirects are not followed)" : ""}${description ? `: ${description}` : ""}`;
  return new ConnectorError(code, message, retryAfterSeconds === undefined ? {} : { retryAfterSeconds });
}

/** The ConnectorError code for a token endpoint status without a known OAuth error code. */
function codeForStatus(status: number): ErrorCode {
  if (status === 401) return "InvalidCredentials";
  if (status === 403) return "AccessDenied";
  if (status === 429) return "RateLimitExceeded";
  if (status >= 500) return "ServiceUnavailable";
  if (status >= 200 && status < 300) return "ServerError";
  return "ClientError";
}

function parseJsonObject(text: string): Readonly<Record<string, unknown>> | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** A server-provided text made safe for a message: secrets hidden, control characters dropped, shortened. */
export function cleanDescription(value: unknown, redactor?: Redactor): string {
  if (typeof value !== "string") return "";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  let text = value.replace(/[\u0000-\u001f\u007f-\u009f]+/g, " ").trim();
  if (redactor !== undefined) text = redactor.redact(text);
  return text.length > MAX_DESCRIPTION ? `${text.slice(0, MAX_DESCRIPTION)}…` : text;
}

/** `Retry-After` as seconds: a number of seconds, or an HTTP date (seconds from now, at least 0). */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}
