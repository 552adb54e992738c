import type { ConnectorContext } from "../../core/context/connector-context.js";
import { ConnectorDefinitionError } from "../../core/errors/connector-definition-error.js";
import type { SettingsShape } from "../../core/settings/setting.js";
import { identityCapabilitiesOf } from "../../define/capabilities.js";
import { type Connector, defineConnector } from "../../define/define-connector.js";
import type { AuthModel } from "../../identity/auth-credentials.js";
import {
  CAPABILITY_FUNCTIONS,
  CUSTOM_CAPABILITY_NAME,
  displayNameOf,
  type ImplementableCapabilityName,
  isAuthFree,
  OAUTH_CAPABILITY_NAMES,
  type OAuthCapabilityName,
  RESERVED_CAPABILITY_NAMES,
  WRITE_CAPABILITIES,
} from "../../identity/capability-names.js";
import type {
  CapabilityInput,
  CredentialConfig,
  CustomCapability,
  DescriptionData,
  EntitlementType,
  ExceptionHandler,
  IdentityCapabilities,
  IdentityOAuth,
  ResourceType,
} from "../../identity/identity-capabilities.js";
import type { JsonObject, JsonSchema } from "../../identity/json-schema.js";
import type { AppCategory } from "../../identity/payloads.js";
import { CAPABILITY_SCHEMAS } from "../../identity/schemas.js";
import { moduleNameOf } from "./envelope.js";

/** How a capability is provided. */
export type CapabilityKind = "standard" | "oauth" | "custom" | "app_info";

/** One capability a Lumos host serves: its schemas, documentation, checks and function. */
export interface CapabilityEntry {
  name: string;
  kind: CapabilityKind;
  requestSchema: JsonSchema;
  /** Null for a custom capability without a response schema (anything goes). */
  responseSchema: JsonSchema | null;
  requestName: string;
  responseName: string;
  displayName: string;
  description: string | null;
  /** Requests must carry `auth`/`credentials`. */
  requiresAuth: boolean;
  /** Requests must carry `settings` when the connector has any. */
  requiresSettings: boolean;
  /** A write capability (tagged "Write Capabilities" in the OpenAPI document). */
  isWrite: boolean;
  /** Lumos' `raised_in` for errors it throws: `<module>:<function>`, e.g. `my_directory.identity:listAccounts`. */
  raisedIn: string;
  /** Runs the capability (app_info is answered by the host itself). */
  run: ((ctx: ConnectorContext, input: CapabilityInput<unknown>) => Promise<unknown>) | null;
}

/** A connector as Lumos sees it: identity, description, auth, settings and capabilities. */
export interface LumosApp {
  connector: Connector;
  appId: string;
  version: string;
  userFriendlyName: string;
  description: string | null;
  logoUrl: string | null;
  appVendorDomain: string | null;
  categories: AppCategory[];
  resourceTypes: ResourceType[];
  entitlementTypes: EntitlementType[];
  /** Single-credential connectors: the model `auth` must carry; null when none is declared. */
  authModel: AuthModel | null;
  /** Multi-credential connectors: the credentials; null for single-credential ones. */
  credentials: CredentialConfig[] | null;
  allowedCredentials: string[][] | null;
  oauth: IdentityOAuth | null;
  settings: SettingsShape;
  /** Setting keys whose values are secrets. */
  secretSettings: string[];
  /** By name, sorted by name. */
  capabilities: ReadonlyMap<string, CapabilityEntry>;
  exceptionHandlers: ExceptionHandler[];
}

/** Thrown by {@link describeLumosApp} for an identity definition Lumos cannot serve. */
export class LumosDefinitionError extends ConnectorDefinitionError {
  override readonly name: string = "LumosDefinitionError";
}

/** `"My Directory"` → `my-directory`. */
export function defaultAppId(name: string): string {
  const id = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return id === "" ? "connector" : id;
}

const SECRET_SETTING = /password|secret|token|api_?key/i;

function authModelOf(connector: Connector, identity: IdentityCapabilities | undefined): AuthModel | null {
  if (identity?.authModel) return identity.authModel;
  const auth = connector.definition.auth;
  if (auth?.oauth2) {
    const grants = auth.oauth2.oAuth2GrantTypesSupported;
    return grants.length > 0 && grants.every((g) => g === "CLIENT_CREDENTIALS")
      ? "oauth_client_credentials"
      : "oauth";
  }
  if (auth?.basic) return "basic";
  if (auth?.apiKey) return "token";
  return null;
}

function oauthEntries(oauth: IdentityOAuth, module: string): CapabilityEntry[] {
  const flow = oauth.flowType ?? "CODE_FLOW";
  const names: OAuthCapabilityName[] =
    flow === "CODE_FLOW"
      ? ["get_authorization_url", "handle_authorization_callback", "refresh_access_token"]
      : ["handle_client_credentials_request", "refresh_access_token"];
  const functions: Record<OAuthCapabilityName, unknown> = {
    get_authorization_url: oauth.getAuthorizationUrl,
    handle_authorization_callback: oauth.handleAuthorizationCallback,
    handle_client_credentials_request: oauth.handleClientCredentialsRequest,
    refresh_access_token: oauth.refreshAccessToken,
  } as const;
  const out: CapabilityEntry[] = [];
  for (const name of names) {
    const fn = functions[name] as ((ctx: ConnectorContext, request: unknown) => Promise<unknown>) | undefined;
    if (!fn) continue;
    const schemas = CAPABILITY_SCHEMAS[name];
    out.push({
      name,
      kind: "oauth",
      requestSchema: schemas.request,
      responseSchema: schemas.response,
      requestName: schemas.requestName,
      responseName: schemas.responseName,
      displayName: displayNameOf(name),
      description: null,
      requiresAuth: false,
      requiresSettings: true,
      isWrite: false,
      raisedIn: `${module}.identity.oauth:${OAUTH_FUNCTIONS[name]}`,
      run: (ctx, input) => fn.call(oauth, ctx, input),
    });
  }
  return out;
}

const OAUTH_FUNCTIONS: Record<OAuthCapabilityName, string> = {
  get_authorization_url: "getAuthorizationUrl",
  handle_authorization_callback: "handleAuthorizationCallback",
  handle_client_credentials_request: "handleClientCredentialsRequest",
  refresh_access_token: "refreshAccessToken",
};

function customEntry(name: string, spec: CustomCapability<SettingsShape>, module: string): CapabilityEntry {
  const pascal = name.replace(/(^|_)([a-z])/g, (_, _u: string, c: string) => c.toUpperCase());
  return {
    name,
    kind: "custom",
    requestSchema: spec.requestSchema ?? { type: "object", title: `${pascal}Request` },
    responseSchema: spec.responseSchema ?? null,
    requestName: `${pascal}Request`,
    responseName: `${pascal}Response`,
    displayName: spec.displayName ?? displayNameOf(name),
    description: spec.description ?? null,
    requiresAuth: spec.requiresAuth ?? true,
    requiresSettings: true,
    isWrite: false,
    raisedIn: `${module}.identity.custom:${name}`,
    run: (ctx, input) => spec.handler(ctx, input as CapabilityInput<JsonObject>),
  };
}

/**
 * Reads a connector's definition as Lumos sees it. Throws {@link LumosDefinitionError} for a custom
 * capability with a bad or reserved name, or duplicate credential ids.
 */
export function describeLumosApp(connector: Connector): LumosApp {
  const definition = connector.definition;
  if (identityCapabilitiesOf(definition).length === 0) {
    throw new LumosDefinitionError(
      `Lumos needs the identity capabilities of connector ${definition.name} (accounts, resources, entitlements…); it has none. A connector with only data capabilities runs on AppFlow.`,
    );
  }
  const identity = definition.identity as IdentityCapabilities | undefined;
  const entries: CapabilityEntry[] = [];
  const metadata = identity?.capabilityMetadata ?? {};
  const appId = (identity?.appId ?? defaultAppId(definition.name)).trim();
  const module = moduleNameOf(appId);

  for (const [name, fnName] of Object.entries(CAPABILITY_FUNCTIONS) as [
    ImplementableCapabilityName,
    (typeof CAPABILITY_FUNCTIONS)[ImplementableCapabilityName],
  ][]) {
    const fn = identity?.[fnName] as
      | ((ctx: ConnectorContext, input: CapabilityInput<unknown>) => Promise<unknown>)
      | undefined;
    if (!fn) continue;
    const schemas = CAPABILITY_SCHEMAS[name];
    entries.push({
      name,
      kind: "standard",
      requestSchema: schemas.request,
      responseSchema: schemas.response,
      requestName: schemas.requestName,
      responseName: schemas.responseName,
      displayName: metadata[name]?.displayName ?? displayNameOf(name),
      description: metadata[name]?.description ?? null,
      requiresAuth: !isAuthFree(name),
      requiresSettings: true,
      isWrite: WRITE_CAPABILITIES.includes(name),
      raisedIn: `${module}.identity:${fnName}`,
      run: (ctx, input) => fn.call(identity, ctx, input),
    });
  }
  if (identity?.oauth) entries.push(...oauthEntries(identity.oauth, module));
  for (const [name, spec] of Object.entries(identity?.custom ?? {})) {
    if (!CUSTOM_CAPABILITY_NAME.test(name))
      throw new LumosDefinitionError(
        `Custom capability "${name}" must be snake_case letters and underscores (e.g. list_group_owners)`,
      );
    if (RESERVED_CAPABILITY_NAMES.includes(name))
      throw new LumosDefinitionError(
        `"${name}" is a standard capability name; a custom capability cannot use it`,
      );
    entries.push(customEntry(name, typeof spec === "function" ? { handler: spec } : spec, module));
  }
  const appInfo = CAPABILITY_SCHEMAS.app_info;
  entries.push({
    name: "app_info",
    kind: "app_info",
    requestSchema: appInfo.request,
    responseSchema: appInfo.response,
    requestName: appInfo.requestName,
    responseName: appInfo.responseName,
    displayName: metadata["app_info"]?.displayName ?? displayNameOf("app_info"),
    description: metadata["app_info"]?.description ?? null,
    requiresAuth: false,
    requiresSettings: false,
    isWrite: false,
    raisedIn: "connector_kit.lumos:app_info",
    run: null,
  });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  const credentials = identity?.credentials ?? null;
  if (credentials) {
    const ids = new Set<string>();
    for (const c of credentials) {
      if (ids.has(c.id)) throw new LumosDefinitionError(`Credential id "${c.id}" is declared twice`);
      ids.add(c.id);
    }
  }
  const settings = definition.settings ?? {};
  const description = identity?.descriptionData ?? {};
  return {
    connector,
    appId,
    version: definition.version,
    userFriendlyName: description.user_friendly_name ?? definition.name,
    description: description.description ?? definition.description ?? null,
    logoUrl: description.logo_url ?? definition.logoUrl ?? null,
    appVendorDomain: description.app_vendor_domain ?? null,
    categories: description.categories ?? [],
    resourceTypes: identity?.resourceTypes ?? [],
    entitlementTypes: identity?.entitlementTypes ?? [],
    authModel: credentials ? null : authModelOf(connector, identity),
    credentials,
    allowedCredentials: identity?.allowedCredentials?.map((c) => (typeof c === "string" ? [c] : c)) ?? null,
    oauth: identity?.oauth ?? null,
    settings,
    secretSettings:
      identity?.secretSettings ?? Object.keys(settings).filter((key) => SECRET_SETTING.test(key)),
    capabilities: new Map(entries.map((e) => [e.name, e])),
    exceptionHandlers: identity?.exceptionHandlers ?? [],
  };
}

/** The description data of an app, with defaults filled in. */
export function descriptionDataOf(app: LumosApp): Required<DescriptionData> {
  return {
    user_friendly_name: app.userFriendlyName,
    description: app.description,
    logo_url: app.logoUrl,
    app_vendor_domain: app.appVendorDomain,
    categories: app.categories,
  };
}

/** Names of the OAuth capabilities an app serves. */
export function oauthCapabilitiesOf(app: LumosApp): string[] {
  return [...app.capabilities.values()]
    .filter((c) => (OAUTH_CAPABILITY_NAMES as readonly string[]).includes(c.name))
    .map((c) => c.name);
}

/**
 * A connector serving every standard capability (both OAuth flows included), for the generic Lumos
 * OpenAPI document `connector spec --lumos` prints without a connector. Its functions are never called.
 * @param version The document's version. Default: `"1.0.0"`.
 */
export function standardLumosApp(version = "1.0.0"): LumosApp {
  const never = async (): Promise<never> => {
    throw new Error("not callable");
  };
  const functions = Object.fromEntries(Object.values(CAPABILITY_FUNCTIONS).map((name) => [name, never]));
  const oauth: IdentityOAuth = {
    authorizationUrl: "https://auth.example.com/authorize",
    tokenUrl: "https://auth.example.com/token",
    getAuthorizationUrl: never,
    handleAuthorizationCallback: never,
    refreshAccessToken: never,
  };
  const connector = defineConnector({
    name: "Lumos Connector",
    owner: "connector-kit",
    version,
    description: "Every standard capability of a Lumos connector",
    modes: ["SOURCE"],
    listEntities: async () => [],
    describeEntity: never,
    identity: { ...functions, appId: "lumos-connector", authModel: "oauth", oauth },
  });
  const app = describeLumosApp(connector);
  const schemas = CAPABILITY_SCHEMAS.handle_client_credentials_request;
  const capabilities = new Map(app.capabilities);
  capabilities.set("handle_client_credentials_request", {
    ...capabilities.get("refresh_access_token")!,
    name: "handle_client_credentials_request",
    displayName: displayNameOf("handle_client_credentials_request"),
    requestSchema: schemas.request,
    responseSchema: schemas.response,
    requestName: schemas.requestName,
    responseName: schemas.responseName,
  });
  return { ...app, capabilities: new Map([...capabilities].sort(([a], [b]) => (a < b ? -1 : 1))) };
}
