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
 * Sends a token request and parses the answer (see `parseTokenResponse` for the error mapping).
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

  const params: Record<string, string> = { grant_type: request.grantType, ...request.params };
  Object.assign(params, customParameterValues(config.customParameters, "token", settings));
  const headers = new Headers({ accept: "application/json" });
  if (clientSecret !== null && config.clientAuth === "basic") {
    const pair = `${encodeRfc3986(request.clientId)}:${encodeRfc3986(clientSecret)}`;
    headers.set("authorization", `Basic ${Buffer.from(pair, "utf8").toString("base64")}`);
  } else {
    params["client_id"] = request.clientId;
    if (clientSecret !== null) params["client_secret"] = clientSecret;
  }

  let method = "POST";
  let body: string | undefined;
  switch (config.tokenRequest) {
    case "form":
      headers.set("content-type", "application/x-www-form-urlencoded");
      body = new URLSearchParams(params).toString();
      break;
    case "json":
      headers.set("content-type", "application/json");
      body = JSON.stringify(params);
      break;
    case "query":
      method = "GET";
      for (const [key, value] of Object.entries(params)) url.searchParams.append(key, value);
      break;
  }

  const timeoutMs = request.timeoutMs ?? config.timeoutMs;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
  const fetcher = request.fetch ?? globalThis.fetch;
  let status: number;
  let responseHeaders: Headers;
  let text: string;
  try {
    const response = await fetcher(url, { method, headers, body, redirect: "manual", signal });
    status = response.status;
    responseHeaders = response.headers;
    text = await response.text();
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
  return parseTokenResponse(status, responseHeaders, text, {
    redactor,
    ...(request.now ? { now: request.now } : {}),
  });
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
