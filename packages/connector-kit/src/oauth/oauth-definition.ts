import { ConnectorError } from "../core/errors/connector-error.js";
import type { OAuth2CustomParameter, OAuth2Defaults } from "../core/model/configuration.js";
import type { OAuth2GrantType } from "../core/model/enums.js";
import {
  type AuthorizationRequest,
  type AuthorizationUrlInput,
  buildAuthorizationUrl,
  type CallbackInput,
  type ExchangeCodeInput,
  exchangeCode,
  handleCallback,
} from "./authorization-code.js";
import { type OAuth2Values, parseUrlTemplate, resolveEndpoint, type UrlTemplate } from "./templates.js";
import {
  type ClientCredentialsInput,
  type RefreshedTokens,
  type RefreshInput,
  refreshAccessToken,
  requestClientCredentials,
} from "./token-request.js";
import type { OAuth2Tokens } from "./token-response.js";
import { type OAuth2TokenStore, type OAuth2TokenStoreForOptions, tokenStoreFor } from "./token-store.js";

/** The grants a definition supports (refresh is always available). */
export type OAuth2Grant = "authorization_code" | "client_credentials";

/** How the client authenticates at the token endpoint (RFC 6749 §2.3.1). */
export type OAuth2ClientAuth = "basic" | "form";

/**
 * How token requests are sent: `form` as an `application/x-www-form-urlencoded` POST body (RFC 6749),
 * `json` as an `application/json` POST body, `query` as the query string of a GET (secrets end up in URLs:
 * only for servers that demand it).
 */
export type OAuth2TokenRequestStyle = "form" | "json" | "query";

/** An endpoint: a URL, a URL template with `{{PLACEHOLDER}}`s, or a function of the settings returning a URL. */
export type OAuth2UrlSource = string | ((settings: OAuth2Values) => string);

/** An extra parameter the user supplies, sent with the token requests or in the authorization URL. */
export interface OAuth2CustomParameterDefinition {
  /** The parameter name, also the key of its value in the settings. */
  key: string;
  /** Default: the key. */
  label?: string;
  /** Default: `""`. */
  description?: string;
  /** Default: `false`. A missing required value fails the request with `InvalidArgument`. */
  required?: boolean;
  /** `token`: a parameter of every token request; `authorization`: a query parameter of the authorization URL. */
  sendWith: "token" | "authorization";
  /** Stored encrypted by AppFlow, never shown in messages. Default: `false`. */
  sensitive?: boolean;
  /** The only values allowed (AppFlow's `connectorSuppliedValues`). Default: any value. */
  options?: readonly string[];
}

/** What {@link defineOAuth2} takes. */
export interface OAuth2Options {
  /**
   * The authorization endpoint; required for the authorization-code grant. A `{{PLACEHOLDER}}` template, a
   * plain URL, or a function of the settings (not expressible in the AppFlow declaration: see `appFlowUrls`).
   */
  authorizationUrl?: OAuth2UrlSource;
  /** The token endpoint; same forms as `authorizationUrl`. */
  tokenUrl: OAuth2UrlSource;
  /** Scopes requested by default. Default: none (no `scope` parameter). */
  scopes?: readonly string[];
  /**
   * Default: `["authorization_code"]` when `authorizationUrl` is given, else `["client_credentials"]`. Refresh
   * needs no declaration.
   */
  grantTypes?: readonly OAuth2Grant[];
  /**
   * Default: `"basic"`: RFC 6749 §2.3.1 says servers MUST support HTTP Basic for clients with a password and
   * that secrets in the body are NOT RECOMMENDED. The id and secret are form-encoded before Base64, as §2.3.1
   * asks (unreserved characters, i.e. almost every real client id and secret, are unchanged).
   * Without a client secret (a public client), `client_id` always goes in the request.
   */
  clientAuth?: OAuth2ClientAuth;
  /** Default: `"form"`. */
  tokenRequest?: OAuth2TokenRequestStyle;
  /** Use PKCE with S256 in the authorization-code grant. Default: `true`. */
  pkce?: boolean;
  /** Default: none. Keys must differ from the standard OAuth parameters (client_id, scope, code, …). */
  customParameters?: readonly OAuth2CustomParameterDefinition[];
  /** Joins scopes in `scope` parameters. Default: `" "` (RFC 6749 §3.3). */
  scopeSeparator?: string;
  /** Time limit of each token request, in ms. Default: 30,000. */
  timeoutMs?: number;
  /**
   * The URL templates of the AppFlow declaration, instead of `authorizationUrl`/`tokenUrl`: needed when those
   * are functions, or to offer AppFlow several endpoints (e.g. production and sandbox). Default: the
   * definition's own templates.
   */
  appFlowUrls?: { tokenUrls: readonly string[]; authorizationUrls?: readonly string[] };
}

/** A checked endpoint: a parsed template or a function. */
export type OAuth2Endpoint =
  | { kind: "template"; template: UrlTemplate }
  | { kind: "function"; resolve: (settings: OAuth2Values) => string };

/** A custom parameter with its defaults applied. */
export interface NormalizedCustomParameter {
  key: string;
  label: string;
  description: string;
  required: boolean;
  sendWith: "token" | "authorization";
  sensitive: boolean;
  options: readonly string[] | null;
}

/** A definition's options, checked and with defaults applied: what the flow functions read. */
export interface OAuth2Config {
  readonly authorizationUrl: OAuth2Endpoint | null;
  readonly tokenUrl: OAuth2Endpoint;
  readonly scopes: readonly string[];
  readonly grantTypes: readonly OAuth2Grant[];
  readonly clientAuth: OAuth2ClientAuth;
  readonly tokenRequest: OAuth2TokenRequestStyle;
  readonly pkce: boolean;
  readonly customParameters: readonly NormalizedCustomParameter[];
  readonly scopeSeparator: string;
  readonly timeoutMs: number;
  readonly appFlowUrls: {
    tokenUrls: readonly UrlTemplate[];
    authorizationUrls: readonly UrlTemplate[];
  } | null;
}

/** Default {@link OAuth2Options.timeoutMs}: 30 s. */
export const DEFAULT_TOKEN_TIMEOUT_MS = 30_000;

/** Parameters the module sets itself; a custom parameter may not use these keys. */
export const RESERVED_PARAMETERS: readonly string[] = [
  "client_id",
  "client_secret",
  "grant_type",
  "code",
  "redirect_uri",
  "code_verifier",
  "code_challenge",
  "code_challenge_method",
  "refresh_token",
  "scope",
  "state",
  "response_type",
];

/**
 * An OAuth 2.0 definition: the checked configuration plus the flows bound to it. Every method is also
 * available as a function taking the configuration (`buildAuthorizationUrl(config, …)` and so on).
 */
export interface OAuth2Definition {
  readonly config: OAuth2Config;
  /** The AppFlow declaration for `defineConnector({ auth: { oauth2 } })`; see {@link toAppFlowDefaults}. */
  toAppFlowDefaults(): OAuth2Defaults;
  /** Step 1 of the authorization-code grant; see {@link buildAuthorizationUrl}. */
  authorizationUrl(input: AuthorizationUrlInput): AuthorizationRequest;
  /** Step 2: checks the redirect and exchanges the code; see {@link handleCallback}. */
  handleCallback(input: CallbackInput): Promise<OAuth2Tokens>;
  /** Exchanges an authorization code already taken from a redirect; see {@link exchangeCode}. */
  exchangeCode(input: ExchangeCodeInput): Promise<OAuth2Tokens>;
  /** The client-credentials grant; see {@link requestClientCredentials}. */
  clientCredentials(input: ClientCredentialsInput): Promise<OAuth2Tokens>;
  /** Renews tokens with a refresh token; see {@link refreshAccessToken}. */
  refresh(input: RefreshInput): Promise<RefreshedTokens>;
  /** An in-memory token holder renewing tokens by this definition; see {@link tokenStoreFor}. */
  tokenStore(options: OAuth2TokenStoreForOptions): OAuth2TokenStore;
  /** The token endpoint for these settings (placeholders filled and checked). */
  resolveTokenUrl(settings?: OAuth2Values): URL;
  /** The authorization endpoint for these settings; `InvalidArgument` when there is none. */
  resolveAuthorizationUrl(settings?: OAuth2Values): URL;
}

/**
 * Declares a connector's OAuth 2.0 once: the flows (authorization code with PKCE, client credentials,
 * refresh) and the AppFlow declaration both come from it.
 *
 * ```ts
 * const oauth = defineOAuth2({
 *   authorizationUrl: "https://{{SUBDOMAIN}}.example.com/oauth/authorize",
 *   tokenUrl: "https://{{SUBDOMAIN}}.example.com/oauth/token",
 *   scopes: ["read", "write"],
 * });
 * defineConnector({ auth: { oauth2: oauth.toAppFlowDefaults() }, … });
 * ```
 *
 * @throws ConnectorError `InvalidArgument` for an inconsistent definition (see {@link normalizeOAuth2Options}).
 */
export function defineOAuth2(options: OAuth2Options): OAuth2Definition {
  const config = normalizeOAuth2Options(options);
  return {
    config,
    toAppFlowDefaults: () => toAppFlowDefaults(config),
    authorizationUrl: (input) => buildAuthorizationUrl(config, input),
    handleCallback: (input) => handleCallback(config, input),
    exchangeCode: (input) => exchangeCode(config, input),
    clientCredentials: (input) => requestClientCredentials(config, input),
    refresh: (input) => refreshAccessToken(config, input),
    tokenStore: (storeOptions) => tokenStoreFor(config, storeOptions),
    resolveTokenUrl: (settings) => resolveEndpoint(config.tokenUrl, settings, "token URL"),
    resolveAuthorizationUrl: (settings) => {
      if (config.authorizationUrl === null) {
        throw new ConnectorError("InvalidArgument", "This OAuth 2.0 definition has no authorization URL");
      }
      return resolveEndpoint(config.authorizationUrl, settings, "authorization URL");
    },
  };
}

/**
 * Checks options and applies the defaults. Refused with `InvalidArgument`: no token URL; a bad URL template
 * (see `parseUrlTemplate`); the authorization-code grant without an authorization URL; an empty, duplicated
 * or unknown grant type; a scope that is empty or holds whitespace, `"`, `\` or the separator; an empty
 * separator; a custom parameter with an empty, duplicated or reserved key; a non-positive timeout.
 */
export function normalizeOAuth2Options(options: OAuth2Options): OAuth2Config {
  const fail = (problem: string): never => {
    throw new ConnectorError("InvalidArgument", `Invalid OAuth 2.0 definition: ${problem}`);
  };
  if (options.tokenUrl === undefined || options.tokenUrl === "") fail("tokenUrl is required");
  const tokenUrl = endpoint(options.tokenUrl, "token URL");
  const authorizationUrl =
    options.authorizationUrl === undefined ? null : endpoint(options.authorizationUrl, "authorization URL");

  const grantTypes = [
    ...(options.grantTypes ?? [authorizationUrl ? "authorization_code" : "client_credentials"]),
  ];
  if (grantTypes.length === 0) fail("grantTypes must not be empty");
  for (const grant of grantTypes) {
    if (grant !== "authorization_code" && grant !== "client_credentials") {
      fail(`unknown grant type ${String(grant)} (authorization_code or client_credentials)`);
    }
  }
  if (new Set(grantTypes).size !== grantTypes.length) fail("grantTypes has duplicates");
  if (grantTypes.includes("authorization_code") && authorizationUrl === null) {
    fail("the authorization_code grant needs an authorizationUrl");
  }

  const scopeSeparator = options.scopeSeparator ?? " ";
  if (scopeSeparator === "") fail("scopeSeparator must not be empty");
  const scopes = [...(options.scopes ?? [])];
  for (const scope of scopes) {
    // RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
    if (!/^[\x21\x23-\x5b\x5d-\x7e]+$/.test(scope) || scope.includes(scopeSeparator)) {
      fail(`invalid scope ${JSON.stringify(scope)}`);
    }
  }

  const customParameters: NormalizedCustomParameter[] = [];
  for (const parameter of options.customParameters ?? []) {
    if (!parameter.key) fail("a custom parameter has an empty key");
    if (RESERVED_PARAMETERS.includes(parameter.key)) {
      fail(`custom parameter ${parameter.key} is a standard OAuth 2.0 parameter the module sets itself`);
    }
    if (customParameters.some((p) => p.key === parameter.key))
      fail(`custom parameter ${parameter.key} is repeated`);
    if (parameter.sendWith !== "token" && parameter.sendWith !== "authorization") {
      fail(`custom parameter ${parameter.key} needs sendWith "token" or "authorization"`);
    }
    customParameters.push({
      key: parameter.key,
      label: parameter.label ?? parameter.key,
      description: parameter.description ?? "",
      required: parameter.required ?? false,
      sendWith: parameter.sendWith,
      sensitive: parameter.sensitive ?? false,
      options: parameter.options === undefined ? null : [...parameter.options],
    });
  }

  const timeoutMs = options.timeoutMs ?? DEFAULT_TOKEN_TIMEOUT_MS;
  if (!(timeoutMs > 0) || !Number.isFinite(timeoutMs)) fail("timeoutMs must be a positive number");
  const clientAuth = options.clientAuth ?? "basic";
  if (clientAuth !== "basic" && clientAuth !== "form") fail('clientAuth must be "basic" or "form"');
  const tokenRequest = options.tokenRequest ?? "form";
  if (tokenRequest !== "form" && tokenRequest !== "json" && tokenRequest !== "query") {
    fail('tokenRequest must be "form", "json" or "query"');
  }

  let appFlowUrls: OAuth2Config["appFlowUrls"] = null;
  if (options.appFlowUrls !== undefined) {
    if (options.appFlowUrls.tokenUrls.length === 0) fail("appFlowUrls.tokenUrls must not be empty");
    appFlowUrls = {
      tokenUrls: options.appFlowUrls.tokenUrls.map((url) => parseUrlTemplate(url, "token URL")),
      authorizationUrls: (options.appFlowUrls.authorizationUrls ?? []).map((url) =>
        parseUrlTemplate(url, "authorization URL"),
      ),
    };
  }

  return {
    authorizationUrl,
    tokenUrl,
    scopes,
    grantTypes,
    clientAuth,
    tokenRequest,
    pkce: options.pkce ?? true,
    customParameters,
    scopeSeparator,
    timeoutMs,
    appFlowUrls,
  };
}

/**
 * The AppFlow `OAuth2Defaults` of a definition. Mapping:
 * - `tokenURL`/`authURL`: the templates as declared, `{{PLACEHOLDER}}`s kept for AppFlow to ask the user
 *   (or `appFlowUrls`); `authURL` only with the authorization-code grant, else null;
 * - `oAuth2GrantTypesSupported`: `authorization_code` → `AUTHORIZATION_CODE`, `client_credentials` →
 *   `CLIENT_CREDENTIALS`; `oAuthScopes`: the scopes (null when none);
 * - `oauth2CustomProperties`: each custom parameter, `sendWith` `token` → `TOKEN_URL`, `authorization` →
 *   `AUTH_URL`, `sensitive` → `sensitiveField`, `options` → `connectorSuppliedValues` (null when none);
 * - `addBasicAuthHeader`: `clientAuth === "basic"` (always emitted, as AppFlow's default is `false`);
 * - `tokenRequest` `form` → `URL_ENCODED` + `HTTP_POST`, `json` → `APPLICATION_JSON` + `HTTP_POST`,
 *   `query` → `URL_ENCODED` + `HTTP_GET`.
 *
 * Not expressible, so not declared: `pkce` (AppFlow runs the code flow itself), `scopeSeparator`, timeouts,
 * and a function URL (give `appFlowUrls` for it). Note that the official Java test runner rejects templated
 * URLs, although AppFlow accepts them.
 *
 * @throws ConnectorError `InvalidArgument` when an endpoint is a function and `appFlowUrls` is not given.
 */
export function toAppFlowDefaults(config: OAuth2Config): OAuth2Defaults {
  const hasCode = config.grantTypes.includes("authorization_code");
  const templateOf = (source: OAuth2Endpoint | null, what: string): string[] => {
    if (source === null) return [];
    if (source.kind === "function") {
      throw new ConnectorError(
        "InvalidArgument",
        `The OAuth 2.0 ${what} is a function, which AppFlow cannot use: give appFlowUrls with its {{PLACEHOLDER}} template`,
      );
    }
    return [source.template.template];
  };
  const tokenURL = config.appFlowUrls
    ? config.appFlowUrls.tokenUrls.map((t) => t.template)
    : templateOf(config.tokenUrl, "token URL");
  let authURL: string[] | null = null;
  if (hasCode) {
    authURL =
      config.appFlowUrls && config.appFlowUrls.authorizationUrls.length > 0
        ? config.appFlowUrls.authorizationUrls.map((t) => t.template)
        : templateOf(config.authorizationUrl, "authorization URL");
  }
  const grantTypes: OAuth2GrantType[] = config.grantTypes.map((grant) =>
    grant === "authorization_code" ? "AUTHORIZATION_CODE" : "CLIENT_CREDENTIALS",
  );
  const customProperties: OAuth2CustomParameter[] = config.customParameters.map((p) => ({
    key: p.key,
    required: p.required,
    label: p.label,
    description: p.description,
    type: p.sendWith === "token" ? "TOKEN_URL" : "AUTH_URL",
    sensitiveField: p.sensitive,
    connectorSuppliedValues: p.options === null ? null : [...p.options],
  }));
  return {
    tokenURL,
    authURL,
    oAuth2GrantTypesSupported: grantTypes,
    oAuthScopes: config.scopes.length > 0 ? [...config.scopes] : null,
    oauth2CustomProperties: customProperties.length > 0 ? customProperties : null,
    addBasicAuthHeader: config.clientAuth === "basic",
    oAuth2ContentType: config.tokenRequest === "json" ? "APPLICATION_JSON" : "URL_ENCODED",
    oAuth2MethodType: config.tokenRequest === "query" ? "HTTP_GET" : "HTTP_POST",
  };
}

function endpoint(source: OAuth2UrlSource, what: string): OAuth2Endpoint {
  if (typeof source === "function") return { kind: "function", resolve: source };
  if (typeof source !== "string" || source === "") {
    throw new ConnectorError(
      "InvalidArgument",
      `Invalid OAuth 2.0 definition: the ${what} must be a string or a function`,
    );
  }
  return { kind: "template", template: parseUrlTemplate(source, what) };
}
