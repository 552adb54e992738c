import * as o from "oauth4webapi";
import { ConnectorError, isConnectorError } from "../core/errors/connector-error.js";
import { Redactor } from "../core/secrets/redactor.js";
import type { NormalizedCustomParameter, OAuth2Config, OAuth2Grant } from "./oauth-definition.js";
import { encodeRfc3986, lookupValue, type OAuth2Values, resolveEndpoint } from "./templates.js";
import { type OAuth2Tokens, parseTokenResponse } from "./token-response.js";

/** Options every request to the token endpoint takes. */
export interface OAuth2RequestOptions {
  /** Default: the global `fetch`. */
  fetch?: typeof fetch;
  /** Aborts the request (answered with `RequestTimeout`). Default: none. */
  signal?: AbortSignal;
  /** Time limit in ms. Default: the definition's `timeoutMs` (30,000). */
  timeoutMs?: number;
  /** The clock for `expiresAt`, in ms since the epoch. Default: `Date.now`. */
  now?: () => number;
}

/** The client's identity at the token endpoint. */
export interface OAuth2ClientInput {
  clientId: string;
  /** Absent or empty for a public client: then only `client_id` is sent, in the request. Default: none. */
  clientSecret?: string | null;
  /**
   * Values for `{{PLACEHOLDER}}`s of the token URL and for custom parameters (connector settings, Lumos
   * `form_data`). Default: none.
   */
  settings?: OAuth2Values;
}

/** One token request: the grant's own parameters plus what every request carries. */
export interface TokenRequest extends OAuth2ClientInput, OAuth2RequestOptions {
  grantType: OAuth2Grant | "refresh_token";
  /** The grant's parameters (`code`, `redirect_uri`, `refresh_token`, `scope`…). */
  params: Readonly<Record<string, string>>;
  /** Secret values of `params` to hide from error messages (the client secret is always hidden). */
  secrets?: readonly string[];
}

/**
 * Sends a token request with oauth4webapi and parses the answer (see `parseTokenResponse` for the error
 * mapping).
 *
 * - URL: the definition's token URL, placeholders filled from `settings`;
 * - client authentication: with `clientAuth: "basic"` an `Authorization: Basic` header of the form-encoded id
 *   and secret (RFC 6749 §2.3.1); with `"form"`, `client_id` and `client_secret` parameters; without a secret,
 *   a `client_id` parameter only;
 * - custom parameters with `sendWith: "token"` are added from `settings`;
 * - body: form POST, JSON POST or GET query string, per `tokenRequest`; `Accept: application/json`;
 * - redirects are not followed (a redirect could carry the secret to another host); network failures become
 *   `ServiceUnavailable`, time-outs and aborts `RequestTimeout`.
 */
export async function requestToken(config: OAuth2Config, request: TokenRequest): Promise<OAuth2Tokens> {
  if (typeof request.clientId !== "string" || request.clientId === "") {
    throw new ConnectorError("InvalidArgument", "The OAuth 2.0 client id is required");
  }
  const settings = request.settings ?? {};
  const url = resolveEndpoint(config.tokenUrl, settings, "token URL");
  const clientSecret = request.clientSecret ? request.clientSecret : null;
  const redactor = new Redactor([...(request.secrets ?? []), ...(clientSecret ? [clientSecret] : [])]);
  const params = { ...request.params, ...customParameterValues(config.customParameters, "token", settings) };
  let clientAuth = o.None();
  if (clientSecret !== null) {
    clientAuth = config.clientAuth === "form" ? o.ClientSecretPost(clientSecret) : basicAuth(clientSecret);
  }

  const timeoutMs = request.timeoutMs ?? config.timeoutMs;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
  const fetcher = request.fetch ?? globalThis.fetch;
  try {
    const response = await o.genericTokenEndpointRequest(
      { issuer: url.origin, token_endpoint: url.href },
      { client_id: request.clientId },
      clientAuth,
      request.grantType,
      params,
      {
        signal,
        // Our URL rules already allow http only for a loopback host.
        [o.allowInsecureRequests]: url.protocol === "http:",
        [o.customFetch]: (target, init) => fetcher(...requestStyle(config.tokenRequest, target, init)),
      },
    );
    return await parseTokenResponse(response, { redactor, ...(request.now ? { now: request.now } : {}) });
  } catch (error) {
    if (isConnectorError(error)) throw error;
    if (timeout.aborted) {
      throw new ConnectorError("RequestTimeout", `The token endpoint did not answer within ${timeoutMs} ms`, {
        cause: error,
      });
    }
    if (request.signal?.aborted) {
      throw new ConnectorError("RequestTimeout", "The token request was aborted", { cause: error });
    }
    throw new ConnectorError("ServiceUnavailable", `The token endpoint at ${url.host} could not be reached`, {
      cause: error,
    });
  }
}

/**
 * HTTP Basic client authentication that percent-encodes only what is not an RFC 3986 unreserved character.
 * oauth4webapi's `ClientSecretBasic` also encodes `-`, `.`, `_` and `~`, which servers that do not decode the
 * header refuse; almost every real client id and secret is left unchanged this way.
 */
function basicAuth(clientSecret: string): o.ClientAuth {
  return (_as, client, _body, headers) => {
    const pair = `${encodeRfc3986(client.client_id)}:${encodeRfc3986(clientSecret)}`;
    headers.set("authorization", `Basic ${Buffer.from(pair, "utf8").toString("base64")}`);
  };
}

/** oauth4webapi's form POST, turned into a JSON POST or a GET with a query string when the definition says. */
function requestStyle(
  style: OAuth2Config["tokenRequest"],
  target: string,
  init: o.CustomFetchOptions<"POST", URLSearchParams>,
): [string, RequestInit] {
  if (style === "form") return [target, init];
  const headers = new Headers(init.headers);
  if (style === "json") {
    headers.set("content-type", "application/json");
    return [target, { ...init, headers, body: JSON.stringify(Object.fromEntries(init.body)) }];
  }
  const url = new URL(target);
  for (const [key, value] of init.body) url.searchParams.append(key, value);
  headers.delete("content-type");
  return [url.href, { ...init, method: "GET", headers, body: null }];
}

/** What {@link requestClientCredentials} takes (Lumos `handle_client_credentials_request` carries all of it). */
export interface ClientCredentialsInput extends OAuth2ClientInput, OAuth2RequestOptions {
  /** Default: the definition's scopes. An empty list sends no `scope`. */
  scopes?: readonly string[];
}

/**
 * The client-credentials grant (RFC 6749 §4.4): `grant_type=client_credentials` and `scope` (when any), with
 * the client authenticated per the definition's `clientAuth`. A wrong secret is refused with
 * `invalid_client` → `InvalidCredentials`.
 *
 * @throws ConnectorError `InvalidArgument` when the definition lacks the client-credentials grant.
 */
export async function requestClientCredentials(
  config: OAuth2Config,
  input: ClientCredentialsInput,
): Promise<OAuth2Tokens> {
  if (!config.grantTypes.includes("client_credentials")) {
    throw new ConnectorError(
      "InvalidArgument",
      "This OAuth 2.0 definition does not support the client_credentials grant",
    );
  }
  const scope = joinScopes(config, input.scopes);
  return requestToken(config, {
    ...input,
    grantType: "client_credentials",
    params: scope === undefined ? {} : { scope },
  });
}

/** What {@link refreshAccessToken} takes (Lumos `refresh_access_token` carries all of it). */
export interface RefreshInput extends OAuth2ClientInput, OAuth2RequestOptions {
  refreshToken: string;
  /**
   * A narrower scope to ask for (RFC 6749 §6). Default: no `scope` parameter, i.e. the scope originally
   * granted.
   */
  scopes?: readonly string[];
}

/** Refreshed tokens: `refreshToken` is always the one to store from now on. */
export interface RefreshedTokens extends OAuth2Tokens {
  /** The refresh token to keep: the new one when the server rotated it, else the one just used. */
  refreshToken: string;
  /** True when the server sent a different refresh token (the old one may no longer work). */
  refreshTokenRotated: boolean;
}

/**
 * Renews the access token (RFC 6749 §6): `grant_type=refresh_token`, `refresh_token`, and `scope` only when
 * `scopes` is given. When the server sends a new refresh token (rotation) it is returned and must replace the
 * old one; when it sends none the old one is returned. A revoked or expired refresh token is refused with
 * `invalid_grant` → `InvalidCredentials`.
 */
export async function refreshAccessToken(
  config: OAuth2Config,
  input: RefreshInput,
): Promise<RefreshedTokens> {
  if (!input.refreshToken) throw new ConnectorError("InvalidArgument", "The refresh token is required");
  const params: Record<string, string> = { refresh_token: input.refreshToken };
  if (input.scopes !== undefined && input.scopes.length > 0)
    params["scope"] = input.scopes.join(config.scopeSeparator);
  const tokens = await requestToken(config, {
    ...input,
    grantType: "refresh_token",
    params,
    secrets: [input.refreshToken],
  });
  const refreshToken = tokens.refreshToken ?? input.refreshToken;
  return { ...tokens, refreshToken, refreshTokenRotated: refreshToken !== input.refreshToken };
}

/**
 * The values of the custom parameters sent with `sendWith`, from `settings`.
 *
 * @throws ConnectorError `InvalidArgument` naming the parameter (never its value) when a required one is
 * missing or a value is not one of its `options`.
 */
export function customParameterValues(
  parameters: readonly NormalizedCustomParameter[],
  sendWith: "token" | "authorization",
  settings: OAuth2Values,
): Record<string, string> {
  const values: Record<string, string> = {};
  for (const parameter of parameters) {
    if (parameter.sendWith !== sendWith) continue;
    const value = lookupValue(settings, parameter.key);
    if (value === undefined || value === "") {
      if (parameter.required) {
        throw new ConnectorError(
          "InvalidArgument",
          `The OAuth 2.0 parameter ${parameter.label} (${parameter.key}) is required`,
        );
      }
      continue;
    }
    if (parameter.options !== null && !parameter.options.includes(value)) {
      throw new ConnectorError(
        "InvalidArgument",
        `The OAuth 2.0 parameter ${parameter.label} (${parameter.key}) must be one of its options`,
      );
    }
    values[parameter.key] = value;
  }
  return values;
}

/** Scopes joined with the definition's separator; undefined when there are none. */
export function joinScopes(config: OAuth2Config, scopes: readonly string[] | undefined): string | undefined {
  const list = scopes ?? config.scopes;
  return list.length === 0 ? undefined : list.join(config.scopeSeparator);
}
