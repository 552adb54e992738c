/**
 * The OAuth capabilities (get_authorization_url, handle_authorization_callback,
 * handle_client_credentials_request, refresh_access_token) on top of a `defineOAuth2` definition.
 */
import type { ConnectorContext } from "../core/context/connector-context.js";
import { isConnectorError } from "../core/errors/connector-error.js";
import type { OAuth2Definition, OAuth2Endpoint } from "../oauth/oauth-definition.js";
import type { OAuth2Tokens } from "../oauth/token-response.js";
import { IdentityError } from "./errors.js";
import {
  type CapabilityInput,
  type IdentityOAuth,
  type OAuthFlowType,
  type Reply,
  reply,
} from "./identity-capabilities.js";
import type { JsonValue } from "./json-schema.js";
import type { OauthCredentials } from "./payloads.js";

/** Options of {@link oauthCapabilities}. */
export interface OAuthCapabilitiesOptions {
  /**
   * Scopes per capability, space separated (`{ list_accounts: "users:read" }`): published in `info` and,
   * joined, the scopes asked for when `get_authorization_url` names none. Default: none (then the
   * definition's scopes).
   */
  scopes?: Record<string, string>;
  /** Default: `CODE_FLOW` when the definition allows the authorization-code grant, else `CLIENT_CREDENTIALS`. */
  flowType?: OAuthFlowType;
  /** The fetch of the token requests. Default: the global `fetch`. */
  fetch?: typeof fetch;
}

function endpointText(endpoint: OAuth2Endpoint | null): string | undefined {
  return endpoint?.kind === "template" ? endpoint.template.template : undefined;
}

/** Settings for URL placeholders and custom parameters: the connector's settings, then `form_data`. */
function oauthValues(
  ctx: ConnectorContext,
  formData?: Record<string, string> | null,
): Record<string, string> {
  return { ...ctx.rawSettings, ...(formData ?? {}) };
}

/**
 * Token endpoint failures become `api_error` ("OAuth request failed: …"), as Lumos wants them (not
 * retried); a bad request or definition (InvalidArgument) stays `bad_request`.
 */
async function tokenCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isConnectorError(error) && error.code !== "InvalidArgument") {
      throw new IdentityError("api_error", `OAuth request failed: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

function credentialsOf(
  tokens: OAuth2Tokens,
  state: string | null | undefined,
  input: CapabilityInput<unknown>,
): Reply<OauthCredentials> {
  return reply(
    {
      access_token: tokens.accessToken,
      refresh_token: tokens.refreshToken,
      token_type: tokens.tokenType,
      state: state ?? null,
    },
    { rawData: input.includeRawData ? (tokens.raw as JsonValue) : undefined },
  );
}

/**
 * The OAuth capabilities of a `defineOAuth2` definition, for `identity.oauth`:
 * - `get_authorization_url`: the authorization URL (with PKCE when the definition uses it: the verifier
 *   comes back as `code_verifier`); the request's scopes, else the union of `scopes`' values, else the
 *   definition's scopes; `form_data` and settings fill URL placeholders;
 * - `handle_authorization_callback`: checks the callback (its `state` against the request's, when the
 *   callback carries one) and exchanges the code; the redirect URI is the callback URL without its query;
 * - `handle_client_credentials_request` and `refresh_access_token`.
 * Tokens come back as `OauthCredentials`; `raw_data` is the token response when asked for.
 */
export function oauthCapabilities(
  definition: OAuth2Definition,
  options: OAuthCapabilitiesOptions = {},
): IdentityOAuth {
  const config = definition.config;
  const flowType =
    options.flowType ??
    (config.grantTypes.includes("authorization_code") ? "CODE_FLOW" : "CLIENT_CREDENTIALS");
  const fetchOption = options.fetch ? { fetch: options.fetch } : {};
  const defaultScopes = (): string[] | undefined => {
    const all = Object.values(options.scopes ?? {}).flatMap((s) => s.split(/\s+/).filter((x) => x !== ""));
    return all.length > 0 ? [...new Set(all)] : undefined;
  };
  const oauth: IdentityOAuth = {
    flowType,
    authorizationUrl: endpointText(config.authorizationUrl),
    tokenUrl: endpointText(config.tokenUrl),
    pkce: config.pkce,
    async refreshAccessToken(ctx, input) {
      const r = input.request;
      const tokens = await tokenCall(() =>
        definition.refresh({
          clientId: r.client_id,
          clientSecret: r.client_secret,
          refreshToken: r.refresh_token,
          settings: oauthValues(ctx),
          signal: ctx.signal,
          ...fetchOption,
        }),
      );
      return credentialsOf(tokens, r.state, input);
    },
  };
  if (options.scopes) oauth.scopes = options.scopes;
  if (flowType === "CODE_FLOW") {
    oauth.getAuthorizationUrl = async (ctx, input) => {
      const r = input.request;
      const request = definition.authorizationUrl({
        clientId: r.client_id,
        redirectUri: r.redirect_uri,
        state: r.state,
        scopes: r.scopes.length > 0 ? r.scopes : defaultScopes(),
        settings: oauthValues(ctx, r.form_data),
      });
      return { authorization_url: request.url, code_verifier: request.codeVerifier };
    };
    oauth.handleAuthorizationCallback = async (ctx, input) => {
      const r = input.request;
      let carriesState = false;
      try {
        carriesState = new URL(r.redirect_uri_with_code).searchParams.has("state");
      } catch {
        throw new IdentityError("bad_request", "redirect_uri_with_code is not a URL");
      }
      const tokens = await tokenCall(() =>
        definition.handleCallback({
          callbackUrl: r.redirect_uri_with_code,
          expectedState: carriesState && r.state ? r.state : null,
          clientId: r.client_id,
          clientSecret: r.client_secret,
          codeVerifier: r.code_verifier ?? null,
          settings: oauthValues(ctx),
          signal: ctx.signal,
          ...fetchOption,
        }),
      );
      return credentialsOf(tokens, r.state, input);
    };
  } else {
    oauth.handleClientCredentialsRequest = async (ctx, input) => {
      const r = input.request;
      const tokens = await tokenCall(() =>
        definition.clientCredentials({
          clientId: r.client_id,
          clientSecret: r.client_secret,
          scopes: r.scopes.length > 0 ? r.scopes : defaultScopes(),
          settings: oauthValues(ctx),
          signal: ctx.signal,
          ...fetchOption,
        }),
      );
      return credentialsOf(tokens, null, input);
    };
  }
  return oauth;
}
