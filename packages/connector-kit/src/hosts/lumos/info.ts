import { CREDENTIAL_SCHEMAS } from "../../identity/auth-credentials.js";
import {
  completeWithNulls,
  type JsonObject,
  type JsonSchema,
  type JsonValue,
} from "../../identity/json-schema.js";
import type { LumosApp } from "./lumos-app.js";
import { lumosSettingsSchema } from "./settings.js";

/** The `info` document: the legacy description of a connector, inside a success envelope. */
export interface InfoDocument {
  response: JsonObject;
  raw_data: null;
  page: null;
  /** Declared by Lumos' `InfoResponse` like every response model; always null here. */
  execution_summary: null;
}

/** What Lumos' `info` publishes in place of a list payload's schema: its pydantic `Empty` model. */
export const EMPTY_MODEL_SCHEMA: JsonObject = { properties: {}, title: "Empty", type: "object" };

function infoSchema(schema: JsonSchema | null): JsonValue {
  if (schema === null) return {};
  return schema.type === "array" ? { ...EMPTY_MODEL_SCHEMA } : json(schema);
}

const ENTITLEMENT_TYPE_SCHEMA: JsonSchema = {
  properties: { type_id: {}, type_label: {}, resource_type_id: {}, min: {}, max: {}, requirements: {} },
};
const RESOURCE_TYPE_SCHEMA: JsonSchema = { properties: { type_id: {}, type_label: {} } };

function json(value: unknown): JsonValue {
  return value as JsonValue;
}

function withFieldOrder(schema: JsonSchema): JsonObject {
  return { ...(json(schema) as JsonObject), field_order: Object.keys(schema.properties ?? {}) };
}

/** The entitlement types with every field of Lumos' model written (absent ones null). */
export function entitlementTypesOf(app: LumosApp): JsonValue[] {
  return app.entitlementTypes.map((t) => json(completeWithNulls(ENTITLEMENT_TYPE_SCHEMA, t)));
}

/** The resource types with every field of Lumos' model written. */
export function resourceTypesOf(app: LumosApp): JsonValue[] {
  return app.resourceTypes.map((t) => json(completeWithNulls(RESOURCE_TYPE_SCHEMA, t)));
}

/** The `authentication_schema` of `info`: the single auth model's schema with `field_order`, else `{}`. */
export function authenticationSchemaOf(app: LumosApp): JsonObject {
  return app.authModel ? withFieldOrder(CREDENTIAL_SCHEMAS[app.authModel]) : {};
}

/** The `credentials_schema` of `info`: one schema per credential of a multi-credential connector. */
export function credentialsSchemaOf(app: LumosApp): JsonObject[] {
  return (app.credentials ?? []).map((c) => {
    const out: JsonObject = {
      ...withFieldOrder(CREDENTIAL_SCHEMAS[c.type]),
      id: c.id,
      description: c.description ?? null,
      "x-optional": c.optional ?? false,
    };
    if (c.oauth) {
      out["oauth_settings"] = {
        oauth_type: c.oauth.flowType ?? "CODE_FLOW",
        scopes: c.oauth.scopes ?? null,
        pkce_enabled: c.oauth.pkce ?? false,
      };
    }
    return out;
  });
}

/**
 * The `info` document of a connector: app id, version, sorted capabilities with the JSON Schemas of their
 * payloads (list payloads as Lumos' `Empty` model schema), auth and credentials schemas, description data, resource and
 * entitlement types, and the settings schema with `field_order`. `<exe> info` prints it with keys sorted.
 */
export function lumosInfo(app: LumosApp): InfoDocument {
  const capabilitySchema: JsonObject = {};
  for (const entry of app.capabilities.values()) {
    capabilitySchema[entry.name] = {
      argument: infoSchema(entry.requestSchema),
      output: infoSchema(entry.responseSchema),
      display_name: entry.displayName,
      description: entry.description,
    };
  }
  return {
    response: {
      app_id: app.appId,
      app_vendor_domain: app.appVendorDomain,
      version: app.version,
      capabilities: [...app.capabilities.keys()],
      capability_schema: capabilitySchema,
      oauth_scopes: app.oauth?.scopes ?? null,
      authentication_schema: authenticationSchemaOf(app),
      credentials_schema: credentialsSchemaOf(app),
      logo_url: app.logoUrl,
      user_friendly_name: app.userFriendlyName,
      description: app.description,
      categories: app.categories,
      entitlement_types: entitlementTypesOf(app),
      resource_types: resourceTypesOf(app),
      request_settings_schema: lumosSettingsSchema(app),
    },
    raw_data: null,
    page: null,
    execution_summary: null,
  };
}
