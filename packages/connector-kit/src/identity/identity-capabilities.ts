/**
 * The identity side of a connector: what `defineConnector({ identity })` accepts. Each capability is an
 * optional camelCase function receiving the same typed {@link ConnectorContext} as every other connector
 * function, and the capability's input (payload, page, raw-data flag, credentials).
 */
import type { ConnectorContext } from "../core/context/connector-context.js";
import type { SettingsShape } from "../core/settings/setting.js";
import type { AuthCredential, AuthModel } from "./auth-credentials.js";
import type { LumosErrorCode } from "./errors.js";
import type { JsonObject, JsonSchema, JsonValue } from "./json-schema.js";
import type { PageRequest } from "./pagination-token.js";
import type {
  AppCategory,
  CapabilityPayloads,
  ExecutionSummary,
  GetAuthorizationUrlRequest,
  GetAuthorizationUrlResponse,
  HandleAuthorizationCallbackRequest,
  HandleClientCredentialsRequest,
  OauthCredentials,
  RefreshAccessTokenRequest,
} from "./payloads.js";

/** What every capability function receives besides the context. */
export interface CapabilityInput<P> {
  /** The capability's name, e.g. `list_accounts`. */
  readonly capability: string;
  /** The `request` payload, validated against the capability's schema. */
  readonly request: P;
  /** The request's page: token and size (both null on a first call without a page). */
  readonly page: PageRequest;
  /** Whether the caller wants `raw_data`; collect it only then. Default: false. */
  readonly includeRawData: boolean;
  /** The request's `auth` object (single-credential connectors); null otherwise. */
  readonly auth: AuthCredential | null;
  /** The request's `credentials` by id (multi-credential connectors); empty otherwise. */
  readonly credentials: Readonly<Record<string, AuthCredential>>;
  /** The request's `settings` as sent (`ctx.settings` has them parsed and typed). */
  readonly rawSettings: Readonly<JsonObject>;
}

/** Marks a value made by {@link reply} (shared across copies of this module). */
export const REPLY: unique symbol = Symbol.for("connector-kit.identity.reply") as never;

/** A capability's answer with more than its payload; made by {@link reply}. */
export interface Reply<R> {
  readonly [REPLY]: true;
  readonly response: R;
  /** The next page's token (e.g. from `PageCursor.next`); null or absent at the end. */
  readonly nextPage: string | null;
  /** The upstream's raw answer; sent only when the request asked for raw data. */
  readonly rawData: JsonValue | undefined;
  /** What a write did; sent on write capabilities. */
  readonly executionSummary: ExecutionSummary | null;
}

/** Options of {@link reply}. */
export interface ReplyOptions {
  /** The next page's token. Default: null (no more pages). */
  nextPage?: string | null;
  /** The upstream's raw answer. Default: none. */
  rawData?: JsonValue;
  /** What a write did. Default: null. */
  executionSummary?: ExecutionSummary | null;
}

/** Wraps a capability's payload with a next-page token, raw data or an execution summary. */
export function reply<R>(response: R, options: ReplyOptions = {}): Reply<R> {
  return {
    [REPLY]: true,
    response,
    nextPage: options.nextPage ?? null,
    rawData: options.rawData,
    executionSummary: options.executionSummary ?? null,
  };
}

/** True for a value made by {@link reply}. */
export function isReply(value: unknown): value is Reply<unknown> {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[REPLY] === true;
}

/** What a capability function returns: its payload, or the payload wrapped by {@link reply}. */
export type CapabilityResult<R> = R | Reply<R>;

/**
 * A function implementing the standard capability `N`. (Declared through a method so that, like the other
 * connector functions, it is checked bivariantly: a connector with typed settings stays a `Connector`.)
 */
export type CapabilityFunction<S extends SettingsShape, N extends keyof CapabilityPayloads> = {
  fn(
    ctx: ConnectorContext<S>,
    input: CapabilityInput<CapabilityPayloads[N][0]>,
  ): Promise<CapabilityResult<CapabilityPayloads[N][1]>>;
}["fn"];

/** The function of a custom capability. */
export type CustomCapabilityFunction<S extends SettingsShape> = {
  fn(ctx: ConnectorContext<S>, input: CapabilityInput<JsonObject>): Promise<CapabilityResult<JsonValue>>;
}["fn"];

/** A custom capability: its function, and optionally its schemas and documentation. */
export interface CustomCapability<S extends SettingsShape> {
  handler: CustomCapabilityFunction<S>;
  /** Schema of the request payload; requests are validated against it. Default: any object. */
  requestSchema?: JsonSchema;
  /** Schema of the response payload; responses are validated against it. Default: anything. */
  responseSchema?: JsonSchema;
  /** Default: the name in Title Case. */
  displayName?: string;
  /** Default: none. */
  description?: string;
  /** Whether requests must carry `auth`/`credentials`. Default: true. */
  requiresAuth?: boolean;
}

/** A resource type; the global (tenant-wide) resource is implicit, with type id `""`. */
export interface ResourceType {
  type_id: string;
  type_label: string;
}

/** An entitlement type. */
export interface EntitlementType {
  type_id: string;
  type_label: string;
  /** The resource type its entitlements belong to; `""` for the global resource. */
  resource_type_id: string;
  /** How many of this type an account must hold. */
  min: number;
  /** How many an account may hold. Default: unbounded. */
  max?: number | null;
  /** Per-capability overrides of min/max, e.g. `{ create_account: { min: 0 } }`. Default: none. */
  requirements?: Record<string, { min?: number | null; max?: number | null }> | null;
}

/** How Lumos presents the app. */
export interface DescriptionData {
  /** Default: the connector's name. */
  user_friendly_name?: string;
  /** Default: the connector's description. */
  description?: string | null;
  /** Default: the connector's `logoUrl`. */
  logo_url?: string | null;
  /** The vendor's domain, e.g. `example.com`. Default: null. */
  app_vendor_domain?: string | null;
  /** Default: `[]`. */
  categories?: AppCategory[];
}

/** OAuth flows a connector can run. */
export type OAuthFlowType = "CODE_FLOW" | "CLIENT_CREDENTIALS";

/**
 * What the OAuth capabilities run on. Build one from a `defineOAuth2` definition with
 * `oauthCapabilities(definition)`, or implement the functions yourself.
 */
export interface IdentityOAuth {
  /** Default: `"CODE_FLOW"`: get_authorization_url, handle_authorization_callback, refresh_access_token. */
  flowType?: OAuthFlowType;
  /** The authorization endpoint, for the OpenAPI document. Default: none. */
  authorizationUrl?: string;
  /** The token endpoint, for the OpenAPI document. Default: none. */
  tokenUrl?: string;
  /** Scopes per capability, space separated: `{ list_accounts: "users:read" }`. Default: none. */
  scopes?: Record<string, string>;
  /** Whether the code flow uses PKCE (S256). Default: false. */
  pkce?: boolean;
  getAuthorizationUrl?(
    ctx: ConnectorContext,
    input: CapabilityInput<GetAuthorizationUrlRequest>,
  ): Promise<GetAuthorizationUrlResponse | Reply<GetAuthorizationUrlResponse>>;
  handleAuthorizationCallback?(
    ctx: ConnectorContext,
    input: CapabilityInput<HandleAuthorizationCallbackRequest>,
  ): Promise<OauthCredentials | Reply<OauthCredentials>>;
  handleClientCredentialsRequest?(
    ctx: ConnectorContext,
    input: CapabilityInput<HandleClientCredentialsRequest>,
  ): Promise<OauthCredentials | Reply<OauthCredentials>>;
  refreshAccessToken?(
    ctx: ConnectorContext,
    input: CapabilityInput<RefreshAccessTokenRequest>,
  ): Promise<OauthCredentials | Reply<OauthCredentials>>;
}

/** One credential of a multi-credential connector. */
export interface CredentialConfig {
  /** Unique id; requests name it in `credentials[].id`. */
  id: string;
  type: AuthModel;
  /** Markdown shown to the user. Default: none. */
  description?: string;
  /** Default: false. */
  optional?: boolean;
  /** For `oauth`/`oauth_client_credentials` credentials: the OAuth settings shown in `info`. Default: none. */
  oauth?: Pick<IdentityOAuth, "flowType" | "scopes" | "pkce">;
}

/** What an exception handler is given. */
export interface ExceptionHandlerInput {
  /** The capability that failed. */
  capability: string;
  /** The error body built so far (code `unexpected_error` or the handler's `errorCode`). */
  error: LumosErrorBody;
}

/**
 * An exception handler: for errors that are not a `ConnectorError`, each handler whose `match` accepts the
 * error may rewrite the error body (in registration order).
 */
export interface ExceptionHandler {
  /** An error class, or a predicate. */
  match: (abstract new (...args: never[]) => Error) | ((error: unknown) => boolean);
  /** Returns the error body to send (or changes to it). Default: the body unchanged. */
  handle?(error: unknown, input: ExceptionHandlerInput): Partial<LumosErrorBody> | undefined;
  /** Error code to set before `handle` runs. Default: keep the code found so far. */
  errorCode?: LumosErrorCode;
}

/** The `error` object of an error envelope. */
export interface LumosErrorBody {
  message: string;
  status_code: number | null;
  app_error_code: string | null;
  error_code: LumosErrorCode;
  app_id: string;
  raised_by: string | null;
  raised_in: string | null;
}

type StandardFunctions<S extends SettingsShape> = {
  validateCredentials?: CapabilityFunction<S, "validate_credentials">;
  listAccounts?: CapabilityFunction<S, "list_accounts">;
  listResources?: CapabilityFunction<S, "list_resources">;
  listEntitlements?: CapabilityFunction<S, "list_entitlements">;
  findEntitlementAssociations?: CapabilityFunction<S, "find_entitlement_associations">;
  getLastActivity?: CapabilityFunction<S, "get_last_activity">;
  listCustomAttributesSchema?: CapabilityFunction<S, "list_custom_attributes_schema">;
  createAccount?: CapabilityFunction<S, "create_account">;
  updateAccount?: CapabilityFunction<S, "update_account">;
  deleteAccount?: CapabilityFunction<S, "delete_account">;
  activateAccount?: CapabilityFunction<S, "activate_account">;
  deactivateAccount?: CapabilityFunction<S, "deactivate_account">;
  assignEntitlement?: CapabilityFunction<S, "assign_entitlement">;
  unassignEntitlement?: CapabilityFunction<S, "unassign_entitlement">;
};

/**
 * The identity capabilities of a connector (accounts, resources, entitlements, their associations, and
 * account lifecycle). Every function is optional: a capability exists when its function does.
 *
 * An LDAP directory maps onto it as accounts = user entries, resources = organizational units,
 * entitlements = groups (with `integration_specific_resource_id` = the OU), associations = memberships.
 */
export interface IdentityCapabilities<S extends SettingsShape = SettingsShape> extends StandardFunctions<S> {
  /**
   * The Lumos app id (the on-prem archive is `<app_id>-<version>.tar.gz`). Default: the connector's name
   * in lower case with runs of other characters turned into `-` (`"My Directory"` → `my-directory`).
   */
  appId?: string;
  /** Default: derived from the connector's name, description and logo. */
  descriptionData?: DescriptionData;
  /** Resource types besides the implicit global one. Default: `[]`. */
  resourceTypes?: ResourceType[];
  /** Default: `[]`. */
  entitlementTypes?: EntitlementType[];
  /**
   * The single auth model requests carry in `auth`. Default: from the connector's `auth` schemes:
   * oauth2 → `oauth` (`oauth_client_credentials` when it only allows client credentials), basic → `basic`,
   * apiKey → `token`; none when it declares none (then `auth` is optional and not checked).
   */
  authModel?: AuthModel;
  /** Multi-credential connectors: the credentials requests carry in `credentials`. Default: none. */
  credentials?: CredentialConfig[];
  /** Which credential combinations are allowed (ids, or lists of ids). Default: all required together. */
  allowedCredentials?: (string | string[])[];
  /** The OAuth capabilities. Default: none (no OAuth capabilities). */
  oauth?: IdentityOAuth;
  /** Custom capabilities by snake_case name (`^[a-z]+(_[a-z]+)*$`, not a standard name). Default: none. */
  custom?: Record<string, CustomCapability<S> | CustomCapabilityFunction<S>>;
  /** Display names and descriptions of standard capabilities, by name. Default: the name in Title Case. */
  capabilityMetadata?: Record<string, { displayName?: string; description?: string }>;
  /** Handlers turning errors that are not `ConnectorError`s into error envelopes. Default: none. */
  exceptionHandlers?: ExceptionHandler[];
  /**
   * Settings whose values are secrets: marked `x-secret` in the schema and hidden from logs. Default: the
   * settings whose key contains password, secret, token or api_key / apiKey.
   */
  secretSettings?: string[];
}
