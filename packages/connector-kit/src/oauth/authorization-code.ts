import { createHash, timingSafeEqual } from "node:crypto";
import * as o from "oauth4webapi";
import { ConnectorError } from "../core/errors/connector-error.js";
import type { ErrorCode } from "../core/errors/error-code.js";
import type { OAuth2Config } from "./oauth-definition.js";
import { codeChallengeS256, createCodeVerifier, isCodeVerifier } from "./pkce.js";
import { type OAuth2Values, resolveEndpoint } from "./templates.js";
import {
  customParameterValues,
  joinScopes,
  type OAuth2ClientInput,
  type OAuth2RequestOptions,
  requestToken,
} from "./token-request.js";
import { cleanDescription, OAUTH_ERROR_CODES, type OAuth2Tokens } from "./token-response.js";

/** What {@link buildAuthorizationUrl} takes (Lumos `get_authorization_url` carries all of it). */
export interface AuthorizationUrlInput {
  clientId: string;
  /** Where the server sends the user back; an absolute URL without fragment. */
  redirectUri: string;
  /** The anti-CSRF value to check in the callback. Default: 32 random bytes, base64url. */
  state?: string;
  /** Default: the definition's scopes. An empty list sends no `scope`. */
  scopes?: readonly string[];
  /** Values for URL placeholders and `authorization` custom parameters. Default: none. */
  settings?: OAuth2Values;
  /** The PKCE verifier to use (43–128 characters). Default: a new one, when the definition uses PKCE. */
  codeVerifier?: string;
  /**
   * More query parameters (e.g. `prompt`, `access_type`, `audience`). They may not replace the parameters set
   * here (`client_id`, `state`, …). Default: none.
   */
  extraParams?: Readonly<Record<string, string>>;
}

/** The authorization URL to send the user to, with what the callback will need. */
export interface AuthorizationRequest {
  url: string;
  /** The state in the URL: compare it with the callback's. */
  state: string;
  /** The PKCE verifier, to keep secret until the code exchange; null without PKCE. */
  codeVerifier: string | null;
}

/** What {@link parseCallback} takes. */
export interface CallbackParamsInput {
  /** The URL the user came back to (Lumos `redirect_uri_with_code`). Give it or `params`. */
  callbackUrl?: string | URL;
  /** The callback's query parameters, when the URL itself is not at hand. */
  params?: URLSearchParams | Readonly<Record<string, string | undefined>>;
  /**
   * The state sent in the authorization URL: the callback must carry the same (compared in constant time).
   * `null` skips the check, only for a caller that verified the state itself.
   */
  expectedState: string | null;
  /**
   * The authorization server's issuer identifier: when given, the callback's `iss` (RFC 9207) must be present
   * and equal. Default: `iss` is not checked.
   */
  expectedIssuer?: string;
}

/** The useful part of a successful callback. */
export interface CallbackParams {
  code: string;
  state: string | null;
  /** The `iss` parameter, when sent. */
  issuer: string | null;
}

/** What {@link exchangeCode} takes. */
export interface ExchangeCodeInput extends OAuth2ClientInput, OAuth2RequestOptions {
  code: string;
  /** The same redirect URI as in the authorization URL (RFC 6749 §4.1.3). */
  redirectUri: string;
  /** The PKCE verifier of the authorization URL; required when the definition uses PKCE. */
  codeVerifier?: string | null;
}

/** What {@link handleCallback} takes (Lumos `handle_authorization_callback` carries all of it). */
export interface CallbackInput extends CallbackParamsInput, OAuth2ClientInput, OAuth2RequestOptions {
  /** Default: the callback URL's origin and path (as the Lumos SDK does); required with `params`. */
  redirectUri?: string;
  codeVerifier?: string | null;
}

/** Default length of a generated state, in random bytes: 32 (oauth4webapi's `generateRandomState`). */
export const DEFAULT_STATE_BYTES = 32;

/**
 * Builds the authorization URL (RFC 6749 §4.1.1): `response_type=code`, `client_id`, `redirect_uri`, `scope`
 * (when any), `state`, with PKCE `code_challenge` + `code_challenge_method=S256` (RFC 7636), then the
 * `authorization` custom parameters and `extraParams`. Parameters already in the authorization URL template
 * are kept.
 *
 * @throws ConnectorError `InvalidArgument` when the definition lacks the authorization-code grant, or an input
 * is missing or malformed.
 */
export function buildAuthorizationUrl(
  config: OAuth2Config,
  input: AuthorizationUrlInput,
): AuthorizationRequest {
  requireCodeGrant(config);
  if (!input.clientId) throw new ConnectorError("InvalidArgument", "The OAuth 2.0 client id is required");
  checkRedirectUri(input.redirectUri);
  const settings = input.settings ?? {};
  const url = resolveEndpoint(config.authorizationUrl!, settings, "authorization URL");
  const state = input.state ?? o.generateRandomState();
  if (state === "") throw new ConnectorError("InvalidArgument", "The OAuth 2.0 state must not be empty");

  const params: Record<string, string> = {
    response_type: "code",
    client_id: input.clientId,
    redirect_uri: input.redirectUri,
  };
  const scope = joinScopes(config, input.scopes);
  if (scope !== undefined) params["scope"] = scope;
  params["state"] = state;
  let codeVerifier: string | null = null;
  if (config.pkce) {
    codeVerifier = input.codeVerifier ?? createCodeVerifier();
    params["code_challenge"] = codeChallengeS256(codeVerifier);
    params["code_challenge_method"] = "S256";
  }
  const reserved = new Set(Object.keys(params));
  Object.assign(params, customParameterValues(config.customParameters, "authorization", settings));
  for (const [key, value] of Object.entries(input.extraParams ?? {})) {
    if (reserved.has(key)) {
      throw new ConnectorError("InvalidArgument", `extraParams may not set the ${key} parameter`);
    }
    params[key] = value;
  }
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return { url: url.toString(), state, codeVerifier };
}

/**
 * Reads the redirect back from the authorization server (RFC 6749 §4.1.2): checks the state first, then `iss`
 * when asked (RFC 9207), then, with oauth4webapi, refuses a repeated parameter and turns an `error` into a
 * ConnectorError (`access_denied` and `unauthorized_client` → `AccessDenied`, `server_error`/
 * `temporarily_unavailable` → `ServiceUnavailable`, `invalid_scope` and others → `InvalidArgument`), and
 * returns the code.
 *
 * @throws ConnectorError `InvalidArgument` for a missing or different state, a different issuer, a repeated
 * parameter or a missing code; the error's code for an error response.
 */
export function parseCallback(input: CallbackParamsInput): CallbackParams {
  const params = callbackSearchParams(input);
  const state = params.get("state");
  if (input.expectedState !== null) {
    if (typeof input.expectedState !== "string" || input.expectedState === "") {
      throw new ConnectorError("InvalidArgument", "The expected OAuth 2.0 state is empty");
    }
    if (state === null)
      throw new ConnectorError("InvalidArgument", "The authorization callback has no state");
    if (!constantTimeEqual(state, input.expectedState)) {
      throw new ConnectorError("InvalidArgument", "The state of the authorization callback does not match");
    }
  }
  const issuer = params.get("iss");
  if (input.expectedIssuer !== undefined && issuer !== input.expectedIssuer) {
    throw new ConnectorError(
      "InvalidArgument",
      issuer === null
        ? "The authorization callback has no iss, and the issuer was to be checked"
        : "The iss of the authorization callback is not the expected issuer",
    );
  }
  try {
    // oauth4webapi refuses repeated parameters, JARM and implicit responses, and reads an error response.
    // The state and iss were compared above: the state in constant time, iss only when asked.
    o.validateAuthResponse(
      { issuer: issuer ?? "urn:connector-kit:unchecked" },
      { client_id: "connector-kit" },
      params,
      o.skipStateCheck,
    );
  } catch (error) {
    if (error instanceof o.AuthorizationResponseError) {
      const code: ErrorCode = OAUTH_ERROR_CODES[error.error] ?? "InvalidArgument";
      const description = cleanDescription(error.error_description);
      throw new ConnectorError(
        code,
        `The authorization server refused the authorization (${cleanDescription(error.error)})${description ? `: ${description}` : ""}`,
      );
    }
    // oauth4webapi's messages name the parameter, never its value; its error (holding them) is not kept.
    const reason = error instanceof Error ? error.message : "unknown";
    throw new ConnectorError("InvalidArgument", `The authorization callback is malformed: ${reason}`);
  }
  const code = params.get("code");
  if (code === null || code === "")
    throw new ConnectorError("InvalidArgument", "The authorization callback has no code");
  return { code, state, issuer };
}

/**
 * Exchanges an authorization code for tokens (RFC 6749 §4.1.3): `grant_type=authorization_code`, `code`,
 * `redirect_uri` and, with PKCE, `code_verifier`. A wrong verifier or a used code is refused by the server
 * with `invalid_grant` → `InvalidCredentials`.
 */
export async function exchangeCode(config: OAuth2Config, input: ExchangeCodeInput): Promise<OAuth2Tokens> {
  requireCodeGrant(config);
  if (!input.code) throw new ConnectorError("InvalidArgument", "The authorization code is required");
  checkRedirectUri(input.redirectUri);
  const params: Record<string, string> = { code: input.code, redirect_uri: input.redirectUri };
  const secrets = [input.code];
  if (config.pkce) {
    if (!input.codeVerifier) {
      throw new ConnectorError(
        "InvalidArgument",
        "The PKCE code verifier of the authorization request is required",
      );
    }
    if (!isCodeVerifier(input.codeVerifier)) {
      throw new ConnectorError("InvalidArgument", "The PKCE code verifier is malformed");
    }
  }
  if (input.codeVerifier) {
    params["code_verifier"] = input.codeVerifier;
    secrets.push(input.codeVerifier);
  }
  return requestToken(config, { ...input, grantType: "authorization_code", params, secrets });
}

/**
 * The whole second step: {@link parseCallback} then {@link exchangeCode}. The redirect URI sent is
 * `input.redirectUri`, else the callback URL without its query and fragment.
 */
export async function handleCallback(config: OAuth2Config, input: CallbackInput): Promise<OAuth2Tokens> {
  requireCodeGrant(config);
  const { code } = parseCallback(input);
  const {
    callbackUrl: _url,
    params: _params,
    expectedState: _state,
    expectedIssuer: _issuer,
    ...exchange
  } = input;
  let redirectUri = input.redirectUri;
  if (redirectUri === undefined) {
    if (input.callbackUrl === undefined) {
      throw new ConnectorError(
        "InvalidArgument",
        "redirectUri is required when the callback is given as params",
      );
    }
    const url = new URL(input.callbackUrl);
    redirectUri = `${url.origin}${url.pathname}`;
  }
  return exchangeCode(config, { ...exchange, code, redirectUri });
}

/** Compares two strings in time independent of where they differ (SHA-256 of both, then `timingSafeEqual`). */
export function constantTimeEqual(a: string, b: string): boolean {
  const hashA = createHash("sha256").update(a, "utf8").digest();
  const hashB = createHash("sha256").update(b, "utf8").digest();
  return timingSafeEqual(hashA, hashB) && a.length === b.length;
}

function callbackSearchParams(input: CallbackParamsInput): URLSearchParams {
  if (input.callbackUrl !== undefined) {
    let url: URL;
    try {
      url = new URL(input.callbackUrl);
    } catch {
      throw new ConnectorError("InvalidArgument", "The authorization callback URL is not a valid URL");
    }
    return url.searchParams;
  }
  if (input.params === undefined) {
    throw new ConnectorError("InvalidArgument", "The authorization callback needs callbackUrl or params");
  }
  if (input.params instanceof URLSearchParams) return input.params;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(input.params)) if (value !== undefined) params.set(key, value);
  return params;
}

function requireCodeGrant(config: OAuth2Config): void {
  if (!config.grantTypes.includes("authorization_code") || config.authorizationUrl === null) {
    throw new ConnectorError(
      "InvalidArgument",
      "This OAuth 2.0 definition does not support the authorization_code grant",
    );
  }
}

function checkRedirectUri(redirectUri: string): void {
  let url: URL;
  try {
    url = new URL(redirectUri);
  } catch {
    throw new ConnectorError("InvalidArgument", "The OAuth 2.0 redirect URI must be an absolute URL");
  }
  if (url.hash !== "" || redirectUri.includes("#")) {
    throw new ConnectorError("InvalidArgument", "The OAuth 2.0 redirect URI must not have a fragment");
  }
}
