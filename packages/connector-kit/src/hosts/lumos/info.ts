import { CREDENTIAL_SCHEMAS } from "../../identity/credentials.js";
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
 * payloads (list payloads as `{}`), auth and credentials schemas, description data, resource and
 * entitlement types, and the settings schema with `field_order`. `<exe> info` prints it with keys sorted.
 */
export function lumosInfo(app: LumosApp): InfoDocument {
  const capabilitySchema: JsonObject = {};
  for (const entry of app.capabilities.values()) {
    const output = entry.responseSchema;
    capabilitySchema[entry.name] = {
      argument: json(entry.requestSchema),
      output: output === null || output.type === "array" ? {} : json(output),
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
      entitlement_types: json(app.entitlementTypes.map((t) => completeWithNulls(ENTITLEMENT_TYPE_SCHEMA, t))),
      resource_types: json(app.resourceTypes.map((t) => completeWithNulls(RESOURCE_TYPE_SCHEMA, t))),
      request_settings_schema: lumosSettingsSchema(app),
    },
    raw_data: null,
    page: null,
  };
}
