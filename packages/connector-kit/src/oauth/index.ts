/**
 * `connector-kit/oauth`: OAuth 2.0 for connectors, on oauth4webapi. One {@link defineOAuth2} gives the flows
 * (authorization code with PKCE, client credentials, refresh), a token store for HTTP clients, and the
 * AppFlow `OAuth2Defaults`.
 */
export {
  type AuthorizationRequest,
  type AuthorizationUrlInput,
  buildAuthorizationUrl,
  type CallbackInput,
  type CallbackParams,
  type CallbackParamsInput,
  constantTimeEqual,
  DEFAULT_STATE_BYTES,
  type ExchangeCodeInput,
  exchangeCode,
  handleCallback,
  parseCallback,
} from "./authorization-code.js";
export {
  DEFAULT_TOKEN_TIMEOUT_MS,
  defineOAuth2,
  type NormalizedCustomParameter,
  normalizeOAuth2Options,
  type OAuth2ClientAuth,
  type OAuth2Config,
  type OAuth2CustomParameterDefinition,
  type OAuth2Definition,
  type OAuth2Endpoint,
  type OAuth2Grant,
  type OAuth2Options,
  type OAuth2TokenRequestStyle,
  type OAuth2UrlSource,
  RESERVED_PARAMETERS,
  toAppFlowDefaults,
} from "./oauth-definition.js";
export {
  codeChallengeS256,
  createCodeVerifier,
  createPkcePair,
  DEFAULT_CODE_VERIFIER_LENGTH,
  isCodeVerifier,
  type PkcePair,
} from "./pkce.js";
export {
  checkEndpointUrl,
  encodeRfc3986,
  fillUrlTemplate,
  lookupValue,
  type OAuth2Values,
  type PlaceholderPosition,
  parseUrlTemplate,
  resolveEndpoint,
  type TemplatePlaceholder,
  type UrlTemplate,
} from "./templates.js";
export {
  type ClientCredentialsInput,
  customParameterValues,
  joinScopes,
  type OAuth2ClientInput,
  type OAuth2RequestOptions,
  type RefreshedTokens,
  type RefreshInput,
  refreshAccessToken,
  requestClientCredentials,
  requestToken,
  type TokenRequest,
} from "./token-request.js";
export {
  cleanDescription,
  OAUTH_ERROR_CODES,
  type OAuth2Tokens,
  type ParseTokenResponseOptions,
  parseRetryAfter,
  parseTokenResponse,
  tokenEndpointError,
} from "./token-response.js";
export {
  createTokenStore,
  DEFAULT_REFRESH_SKEW_MS,
  type InitialTokens,
  type OAuth2TokenSource,
  OAuth2TokenStore,
  type OAuth2TokenStoreForOptions,
  type TokenState,
  type TokenStoreOptions,
  tokenStoreFor,
} from "./token-store.js";
