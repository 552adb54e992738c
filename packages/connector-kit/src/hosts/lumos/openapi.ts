import { type AuthModel, CREDENTIAL_SCHEMAS } from "../../identity/auth-credentials.js";
import { WRITE_CAPABILITIES } from "../../identity/capability-names.js";
import type { OAuthFlowType } from "../../identity/identity-capabilities.js";
import type { JsonObject, JsonSchema, JsonValue } from "../../identity/json-schema.js";
import { entitlementTypesOf, resourceTypesOf } from "./info.js";
import { type CapabilityEntry, descriptionDataOf, type LumosApp } from "./lumos-app.js";
import { lumosSettingsSchema } from "./settings.js";

/**
 * The OpenAPI version of the documents {@link lumosOpenApi} writes: 3.0.0, as Lumos' SDK generates them
 * (optional values as `nullable: true`, not JSON Schema's `null` type).
 */
export const LUMOS_OPENAPI_VERSION = "3.0.0";

/** The document's top-level tags, as Lumos' SDK lists them. */
export const LUMOS_OPENAPI_TAGS: readonly { name: string; description: string }[] = [
  { name: "Read Capabilities", description: "These capabilities only perform read operations." },
  {
    name: "Write Capabilities",
    description: "These capabilities perform write operations on top of potential read operations.",
  },
  { name: "Authorization", description: "OAuth 2.0 authorization capabilities." },
  {
    name: "Specification",
    description: "Capabilities used for specifying the connector's capabilities.",
  },
  {
    name: "Validation",
    description: "Capabilities used for validating the connector's credentials.",
  },
];

const ref = (name: string): JsonObject => ({ $ref: `#/components/schemas/${name}` });
const json = (value: unknown): JsonValue => value as JsonValue;

/**
 * The OpenAPI tag of a capability: "Authorization" (OAuth), "Specification" (`app_info`), "Validation"
 * (`validate_credentials`), "Write Capabilities", "Read Capabilities"; "Capabilities" for a custom one
 * (Lumos' fallback).
 */
export function tagOf(entry: CapabilityEntry): string {
  if (entry.kind === "oauth") return "Authorization";
  if (entry.kind === "app_info") return "Specification";
  if (entry.kind === "custom") return "Capabilities";
  if (entry.name === "validate_credentials") return "Validation";
  return WRITE_CAPABILITIES.includes(entry.name) ? "Write Capabilities" : "Read Capabilities";
}

/**
 * A JSON Schema in OpenAPI 3.0's dialect, as Lumos' SDK converts pydantic's: `anyOf: [X, null]` and
 * `type: [X, "null"]` become X with `nullable: true`, `const` becomes a one-value `enum`, and an empty
 * `required` is left out.
 */
export function toOpenApi30(schema: JsonSchema): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (value === undefined) continue;
    if (key === "properties" && value && typeof value === "object") {
      out[key] = Object.fromEntries(
        Object.entries(value as Record<string, JsonSchema>).map(([name, s]) => [name, toOpenApi30(s)]),
      );
    } else if ((key === "items" || key === "additionalProperties") && typeof value === "object") {
      out[key] = toOpenApi30(value as JsonSchema);
    } else if ((key === "anyOf" || key === "oneOf" || key === "allOf") && Array.isArray(value)) {
      out[key] = (value as JsonSchema[]).map(toOpenApi30);
    } else if (key === "const") {
      out["enum"] = [value as JsonValue];
    } else if (key === "required" && Array.isArray(value) && value.length === 0) {
      // OpenAPI 3.0 refuses an empty list; pydantic leaves the key out.
    } else {
      out[key] = value as JsonValue;
    }
  }
  const anyOf = schema.anyOf;
  if (anyOf) {
    const rest = anyOf.filter((branch) => branch.type !== "null");
    if (rest.length === 1 && rest.length !== anyOf.length) {
      const { anyOf: _dropped, ...others } = out;
      return { ...others, ...toOpenApi30(rest[0]!), nullable: true };
    }
  }
  if (Array.isArray(schema.type) && schema.type.includes("null")) {
    const types = schema.type.filter((t) => t !== "null");
    if (types.length === 1) return { ...out, type: types[0]!, nullable: true };
  }
  return out;
}

/** A credential model's schema with `x-field_order` (its keys in declaration order), as Lumos publishes it. */
function credentialModel(model: AuthModel): JsonObject {
  const schema = CREDENTIAL_SCHEMAS[model];
  return { ...toOpenApi30(schema), "x-field_order": Object.keys(schema.properties ?? {}) };
}

/** `{scope: "Required for <capability>"}`, as Lumos lists OAuth scopes. */
function scopesOf(scopes: Record<string, string> | null | undefined): JsonObject {
  const out: JsonObject = {};
  for (const [capability, scope] of Object.entries(scopes ?? {})) out[scope] = `Required for ${capability}`;
  return out;
}

/** Which OAuth capabilities of a flow the app serves, as `x-oauth-settings.capabilities` lists them. */
function oauthCapabilities(app: LumosApp, flow: OAuthFlowType): JsonObject {
  const names =
    flow === "CODE_FLOW"
      ? ["get_authorization_url", "handle_authorization_callback", "refresh_access_token"]
      : ["handle_client_credentials_request", "refresh_access_token"];
  return Object.fromEntries(names.map((name) => [name, app.capabilities.has(name)]));
}

interface OAuthSettings {
  flowType?: OAuthFlowType;
  scopes?: Record<string, string>;
  pkce?: boolean;
}

function oauthSettingsOf(app: LumosApp, oauth: OAuthSettings): JsonObject {
  const flow = oauth.flowType ?? "CODE_FLOW";
  return {
    oauth_type: flow,
    token_url: app.oauth?.tokenUrl ?? "",
    authorization_url: app.oauth?.authorizationUrl ?? "",
    capabilities: oauthCapabilities(app, flow),
    scopes: scopesOf(oauth.scopes),
    pkce_enabled: oauth.pkce ?? false,
  };
}

/**
 * The security scheme of an auth model, as Lumos maps them. OAuth flows also carry `tokenUrl` and `scopes`
 * and HTTP schemes a `scheme`, which OpenAPI 3.0 requires (Lumos' SDK leaves some out).
 */
function securitySchemeOf(app: LumosApp, model: AuthModel, oauth: OAuthSettings | null): JsonObject {
  const apiKey = (description: string): JsonObject => ({
    type: "apiKey",
    in: "header",
    name: "Authorization",
    description,
  });
  const bearer = (description: string): JsonObject => ({
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description,
  });
  const tokenUrl = app.oauth?.tokenUrl ?? "";
  const scopes = scopesOf(oauth?.scopes);
  switch (model) {
    case "oauth":
    case "oauth_client_credentials": {
      const flow = oauth?.flowType ?? (model === "oauth" ? "CODE_FLOW" : "CLIENT_CREDENTIALS");
      return flow === "CODE_FLOW"
        ? {
            type: "oauth2",
            flows: {
              authorizationCode: {
                authorizationUrl: app.oauth?.authorizationUrl ?? "",
                tokenUrl,
                scopes,
              },
            },
          }
        : { type: "oauth2", flows: { clientCredentials: { tokenUrl, scopes } } };
    }
    case "oauth1":
      return apiKey("OAuth 1.0a signed request token for authentication");
    case "token":
      return apiKey("API Token / API Key for authentication");
    case "basic":
      return { type: "http", scheme: "basic" };
    case "jwt":
      return bearer("JWT Token for authentication");
    case "service_account":
      return apiKey("Service Account Token for authentication");
    case "key_pair":
      return bearer("Key-pair for authentication");
  }
}

interface AuthPart {
  /** `Auth` or `Credentials` component, by name; none when the connector takes no credentials. */
  component: { name: "Auth" | "Credentials"; schema: JsonObject } | null;
  securitySchemes: JsonObject;
  /** Each operation's `security`: one requirement per scheme, listing the OAuth scopes. */
  security: JsonObject[];
  oauthSettings: JsonObject;
}

function authPart(app: LumosApp): AuthPart {
  const securitySchemes: JsonObject = {};
  const security: JsonObject[] = [];
  let oauthSettings: JsonObject = {};
  if (app.credentials) {
    const variants: JsonObject[] = [];
    for (const c of app.credentials) {
      const model: JsonObject = { ...credentialModel(c.type), "x-optional": c.optional ?? false };
      if (c.description) model["description"] = c.description;
      variants.push({
        type: "object",
        properties: { id: { type: "string", enum: [c.id] }, [c.type]: model },
        required: ["id", c.type],
      });
      securitySchemes[c.id] = securitySchemeOf(app, c.type, c.oauth ?? null);
      security.push({ [c.id]: Object.keys(scopesOf(c.oauth?.scopes)) });
      if (c.oauth) oauthSettings[c.id] = oauthSettingsOf(app, c.oauth);
    }
    // Lumos' SDK lists the credential variants under allOf; kept as it publishes them.
    return {
      component: { name: "Credentials", schema: { type: "array", items: { allOf: variants } } },
      securitySchemes,
      security,
      oauthSettings,
    };
  }
  if (app.authModel === null) return { component: null, securitySchemes, security, oauthSettings };
  const model = app.authModel;
  securitySchemes[app.appId] = securitySchemeOf(app, model, app.oauth);
  security.push({ [app.appId]: Object.keys(scopesOf(app.oauth?.scopes)) });
  if (app.oauth) oauthSettings = oauthSettingsOf(app, app.oauth);
  return {
    component: {
      name: "Auth",
      schema: { properties: { [model]: { type: "object", ...credentialModel(model) } }, required: [model] },
    },
    securitySchemes,
    security,
    oauthSettings,
  };
}

/**
 * The payload schema of a 200 answer or a request body: a list payload as an array of its record (the record
 * a component, referenced), any other inline, as Lumos' SDK resolves them. Adds the components it uses.
 */
function payloadSchema(schema: JsonSchema | null, name: string, components: JsonObject): JsonObject {
  if (schema === null) return {};
  const items = schema.type === "array" ? schema.items : undefined;
  if (items?.title) {
    components[items.title] ??= toOpenApi30(items);
    return { type: "array", items: ref(items.title), title: "Response" };
  }
  const converted = toOpenApi30(schema);
  components[name] ??= converted;
  return converted;
}

/**
 * The OpenAPI 3.0 document of a connector's capabilities — what `app_info` answers as `app_schema` and
 * `connector spec --lumos` prints — in the shape Lumos' SDK generates:
 *
 * - one `POST /<capability>` per capability: `operationId` = the name, `summary` = display name, tag by
 *   {@link tagOf}, request body `{request, settings, auth | credentials}` (`request` and `settings` always
 *   required, `auth`/`credentials` when the capability checks them), the 200 answer the response payload,
 *   and `security: [{"<app_id>": [scopes]}]` (one requirement per credential id for multi-credential ones);
 * - `components.securitySchemes` keyed by the app id (or the credential ids), `components.schemas` with
 *   `Settings` (with `x-field_order`), `Auth` or `Credentials`, the payloads and their records;
 * - `info` with the `x-` extensions: `x-app-id`, `x-categories` as `{"type":"enum","enum":[…]}`,
 *   `x-capabilities`, `x-oauth-settings`, `x-multi-credential`, `x-allowed-credentials`, resource and
 *   entitlement types, logo and vendor domain.
 *
 * Where Lumos' SDK would write something OpenAPI 3.0 refuses (an OAuth flow without `tokenUrl`, an HTTP
 * scheme without `scheme`, a null description), the document stays valid instead.
 */
export function lumosOpenApi(app: LumosApp): JsonObject {
  const description = descriptionDataOf(app);
  const auth = authPart(app);
  const settings = lumosSettingsSchema(app);
  const { field_order: fieldOrder, ...settingsSchema } = settings;
  const schemas: JsonObject = {
    Settings: { ...toOpenApi30(settingsSchema as JsonSchema), "x-field_order": json(fieldOrder) },
  };
  if (auth.component) schemas[auth.component.name] = auth.component.schema;

  const paths: JsonObject = {};
  for (const entry of app.capabilities.values()) {
    const properties: JsonObject = {
      request: payloadSchema(entry.requestSchema, entry.requestName, schemas),
      settings: ref("Settings"),
    };
    const required = ["request", "settings"];
    // app_info takes optional auth; the OAuth flow capabilities take none.
    if (auth.component && (entry.requiresAuth || entry.kind === "app_info")) {
      const key = auth.component.name === "Auth" ? "auth" : "credentials";
      properties[key] = ref(auth.component.name);
      if (entry.requiresAuth) required.push(key);
    }
    const operation: JsonObject = {
      operationId: entry.name,
      tags: [tagOf(entry)],
      summary: entry.displayName,
      requestBody: {
        content: { "application/json": { schema: { type: "object", properties, required } } },
      },
      responses: {
        "200": {
          description: "Successful response",
          content: {
            "application/json": {
              schema: payloadSchema(entry.responseSchema, entry.responseName, schemas),
            },
          },
        },
      },
      security: auth.security,
    };
    if (entry.description) operation["description"] = entry.description;
    paths[`/${entry.name}`] = { post: operation };
  }

  const multi = app.credentials !== null;
  return {
    openapi: LUMOS_OPENAPI_VERSION,
    info: {
      title: description.user_friendly_name,
      description: description.description ?? "",
      version: app.version,
      "x-app-id": app.appId,
      "x-app-logo-url": description.logo_url ?? "",
      "x-app-vendor-domain": description.app_vendor_domain ?? "",
      "x-entitlement-types": json(entitlementTypesOf(app)),
      "x-resource-types": json(resourceTypesOf(app)),
      "x-categories": { type: "enum", enum: [...description.categories] },
      "x-oauth-settings": auth.oauthSettings,
      "x-capabilities": [...app.capabilities.keys()],
      "x-multi-credential": multi,
      "x-allowed-credentials": json(
        app.allowedCredentials ??
          (app.credentials
            ? [
                app.credentials.filter((c) => !c.optional).map((c) => c.id),
                ...app.credentials.filter((c) => c.optional).map((c) => [c.id]),
              ].filter((option) => option.length > 0)
            : []),
      ),
    },
    servers: [],
    paths,
    components: { securitySchemes: auth.securitySchemes, schemas },
    tags: json(LUMOS_OPENAPI_TAGS),
  };
}

/** The payload schema of a capability in an OpenAPI document, by name (for tests and tools). */
export function componentSchema(document: JsonObject, name: string): JsonSchema | undefined {
  const components = document["components"] as { schemas?: Record<string, JsonSchema> } | undefined;
  return components?.schemas?.[name];
}
