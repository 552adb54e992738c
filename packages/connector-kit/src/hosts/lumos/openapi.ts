import { READ_CAPABILITIES, WRITE_CAPABILITIES } from "../../identity/capability-names.js";
import { AUTH_CREDENTIAL_SCHEMA, type AuthModel, CREDENTIAL_SCHEMAS } from "../../identity/credentials.js";
import { LUMOS_ERROR_CODES } from "../../identity/errors.js";
import type { JsonObject, JsonSchema, JsonValue } from "../../identity/json-schema.js";
import { RECORD_SCHEMAS } from "../../identity/schemas.js";
import { type CapabilityEntry, descriptionDataOf, type LumosApp } from "./lumos-app.js";
import { lumosSettingsSchema } from "./settings.js";

/** The OpenAPI version of the documents {@link lumosOpenApi} writes: 3.1.0 (JSON Schema 2020-12 inside). */
export const LUMOS_OPENAPI_VERSION = "3.1.0";

const ref = (name: string): JsonObject => ({ $ref: `#/components/schemas/${name}` });
const json = (value: unknown): JsonValue => value as JsonValue;

/** The OpenAPI tag of a capability: Read / Write Capabilities, Authorization (OAuth), Custom Capabilities. */
export function tagOf(entry: CapabilityEntry): string {
  if (entry.kind === "oauth") return "Authorization";
  if (entry.kind === "custom") return "Custom Capabilities";
  if (WRITE_CAPABILITIES.includes(entry.name)) return "Write Capabilities";
  if (READ_CAPABILITIES.includes(entry.name)) return "Read Capabilities";
  return "Read Capabilities";
}

function authComponent(model: AuthModel | null): JsonObject {
  if (model === null) return { ...(json(AUTH_CREDENTIAL_SCHEMA) as JsonObject), title: "Auth" };
  return {
    title: "Auth",
    type: "object",
    properties: { [model]: json(CREDENTIAL_SCHEMAS[model]) },
    required: [model],
    "x-credential-type": model,
  };
}

function credentialsComponent(app: LumosApp): JsonObject {
  const variants = (app.credentials ?? []).map((c) => ({
    type: "object",
    title: c.id,
    ...(c.description ? { description: c.description } : {}),
    properties: { id: { type: "string", const: c.id }, [c.type]: json(CREDENTIAL_SCHEMAS[c.type]) },
    required: ["id", c.type],
    "x-optional": c.optional ?? false,
  }));
  return { title: "Credentials", type: "array", items: { oneOf: variants } };
}

function securitySchemes(app: LumosApp): JsonObject {
  const schemes: JsonObject = {};
  const models = app.credentials ? app.credentials.map((c) => c.type) : app.authModel ? [app.authModel] : [];
  const scopes: JsonObject = {};
  for (const value of Object.values(app.oauth?.scopes ?? {}))
    for (const scope of value.split(/\s+/).filter((s) => s !== "")) scopes[scope] = scope;
  for (const model of new Set(models)) {
    if (model === "basic") schemes["basic"] = { type: "http", scheme: "basic" };
    else if (model === "token") schemes["token"] = { type: "http", scheme: "bearer" };
    else if (model === "jwt") schemes["jwt"] = { type: "http", scheme: "bearer", bearerFormat: "JWT" };
    else if (model === "oauth" && app.oauth?.authorizationUrl && app.oauth.tokenUrl)
      schemes["oauth"] = {
        type: "oauth2",
        flows: {
          authorizationCode: {
            authorizationUrl: app.oauth.authorizationUrl,
            tokenUrl: app.oauth.tokenUrl,
            scopes,
          },
        },
      };
    else if (model === "oauth_client_credentials" && app.oauth?.tokenUrl)
      schemes["oauth_client_credentials"] = {
        type: "oauth2",
        flows: { clientCredentials: { tokenUrl: app.oauth.tokenUrl, scopes } },
      };
  }
  return schemes;
}

/**
 * The OpenAPI 3.1 document of a connector's capabilities — what `app_info` answers and `connector spec
 * --lumos` prints: one `POST /<capability>` per capability (operationId = the name, summary = display
 * name, tag by kind), its body the request envelope (payload, settings, auth or credentials, page,
 * include_raw_data) and its 200 answer the success envelope or the error envelope; components hold the
 * payloads, Settings, Auth/Credentials, Page, Error and ErrorResponse. `info` carries the `x-` extensions.
 */
export function lumosOpenApi(app: LumosApp): JsonObject {
  const hasSettings = Object.keys(app.settings).length > 0;
  const { field_order: _order, ...settingsSchema } = lumosSettingsSchema(app);
  const schemas: JsonObject = {
    Settings: { ...settingsSchema, title: "Settings" },
    Page: json(RECORD_SCHEMAS.Page),
    Error: {
      title: "Error",
      type: "object",
      properties: {
        message: { type: "string" },
        status_code: { type: ["integer", "null"] },
        app_error_code: { type: ["string", "null"] },
        error_code: { type: "string", enum: [...LUMOS_ERROR_CODES] },
        app_id: { type: "string" },
        raised_by: { type: ["string", "null"] },
        raised_in: { type: ["string", "null"] },
      },
      required: ["message", "error_code", "app_id"],
    },
    ErrorResponse: {
      title: "ErrorResponse",
      type: "object",
      properties: {
        is_error: { type: "boolean", const: true },
        error: ref("Error"),
        raw_data: { type: "null" },
        page: { type: "null" },
      },
      required: ["is_error", "error"],
    },
    ExecutionSummary: json(RECORD_SCHEMAS.ExecutionSummary),
  };
  if (app.credentials) schemas["Credentials"] = credentialsComponent(app);
  else schemas["Auth"] = authComponent(app.authModel);

  const paths: JsonObject = {};
  for (const entry of app.capabilities.values()) {
    schemas[entry.requestName] = json(entry.requestSchema);
    schemas[entry.responseName] = json(entry.responseSchema ?? { title: entry.responseName });
    const properties: JsonObject = {
      request: ref(entry.requestName),
      include_raw_data: { type: ["boolean", "null"] },
      page: { anyOf: [ref("Page"), { type: "null" }] },
      settings: ref("Settings"),
    };
    const required = ["request"];
    if (hasSettings && entry.requiresSettings) required.push("settings");
    if (entry.requiresAuth) {
      if (app.credentials) {
        properties["credentials"] = ref("Credentials");
        required.push("credentials");
      } else {
        properties["auth"] = ref("Auth");
        if (app.authModel) required.push("auth");
      }
    }
    const success: JsonObject = {
      type: "object",
      properties: {
        response: ref(entry.responseName),
        raw_data: {},
        page: { anyOf: [ref("Page"), { type: "null" }] },
        ...(entry.isWrite
          ? { execution_summary: { anyOf: [ref("ExecutionSummary"), { type: "null" }] } }
          : {}),
      },
      required: ["response"],
    };
    const operation: JsonObject = {
      operationId: entry.name,
      tags: [tagOf(entry)],
      summary: entry.displayName,
      requestBody: {
        required: true,
        content: { "application/json": { schema: { type: "object", properties, required } } },
      },
      responses: {
        "200": {
          description: "The capability's answer: its response envelope, or an error envelope",
          content: { "application/json": { schema: { oneOf: [success, ref("ErrorResponse")] } } },
        },
      },
    };
    if (entry.description) operation["description"] = entry.description;
    paths[`/${entry.name}`] = { post: operation };
  }

  const description = descriptionDataOf(app);
  const components: JsonObject = { schemas };
  const security = securitySchemes(app);
  if (Object.keys(security).length > 0) components["securitySchemes"] = security;
  return {
    openapi: LUMOS_OPENAPI_VERSION,
    info: {
      title: description.user_friendly_name,
      version: app.version,
      ...(description.description ? { description: description.description } : {}),
      "x-app-id": app.appId,
      "x-capabilities": [...app.capabilities.keys()],
      "x-multi-credential": app.credentials !== null,
      "x-allowed-credentials": json(
        app.allowedCredentials ??
          (app.credentials
            ? [
                app.credentials.filter((c) => !c.optional).map((c) => c.id),
                ...app.credentials.filter((c) => c.optional).map((c) => [c.id]),
              ]
            : []),
      ),
      "x-oauth-settings": app.oauth
        ? {
            oauth_type: app.oauth.flowType ?? "CODE_FLOW",
            scopes: app.oauth.scopes ?? null,
            pkce_enabled: app.oauth.pkce ?? false,
          }
        : null,
      "x-app-logo-url": description.logo_url,
      "x-app-vendor-domain": description.app_vendor_domain,
      "x-categories": json(description.categories),
      "x-entitlement-types": json(app.entitlementTypes),
      "x-resource-types": json(app.resourceTypes),
    },
    tags: [
      { name: "Read Capabilities" },
      { name: "Write Capabilities" },
      { name: "Authorization" },
      { name: "Custom Capabilities" },
    ],
    paths,
    components,
  };
}

/** The payload schema of a capability in an OpenAPI document, by name (for tests and tools). */
export function componentSchema(document: JsonObject, name: string): JsonSchema | undefined {
  const components = document["components"] as { schemas?: Record<string, JsonSchema> } | undefined;
  return components?.schemas?.[name];
}
