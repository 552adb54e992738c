import type { SettingsShape } from "../../core/settings/setting.js";
import type { JsonObject, JsonSchema } from "../../identity/json-schema.js";
import type { LumosApp } from "./lumos-app.js";

const TYPE_OF: Record<string, JsonSchema> = {
  String: { type: "string" },
  Url: { type: "string", format: "uri" },
  Date: { type: "string", format: "date" },
  DateTime: { type: "string", format: "date-time" },
  Integer: { type: "integer" },
  Long: { type: "integer" },
  Boolean: { type: "boolean" },
};

/** `my-directory` → `MyDirectorySettings`: the settings model's name in messages and the OpenAPI document. */
export function settingsModelName(app: LumosApp): string {
  const pascal = app.appId
    .split(/[^a-zA-Z0-9]+/)
    .filter((part) => part !== "")
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join("");
  return `${pascal}Settings`;
}

/**
 * The JSON Schema of a connector's Lumos `settings` object: each setting typed as Lumos sends it (integers
 * and booleans as JSON numbers and booleans; strings accepted for them too), secret ones marked
 * `x-secret`, and `field_order` listing the keys in declaration order.
 */
export function lumosSettingsSchema(app: LumosApp): JsonObject {
  const shape: SettingsShape = app.settings;
  const properties: Record<string, JsonSchema> = {};
  for (const [key, s] of Object.entries(shape)) {
    const property: JsonSchema = { ...(TYPE_OF[s.dataType] ?? { type: "string" }), title: s.label };
    if (s.description && s.description !== s.label) property.description = s.description;
    if (s.options) property.enum = [...s.options];
    if (app.secretSettings.includes(key)) {
      property["x-secret"] = true;
      property["x-field_type"] = "SECRET";
    }
    properties[key] = property;
  }
  return {
    title: settingsModelName(app),
    type: "object",
    properties: properties as JsonObject,
    required: Object.entries(shape)
      .filter(([, s]) => s.required)
      .map(([key]) => key),
    field_order: Object.keys(shape),
  };
}

/** Lumos settings values as the string map the setting parsers read (numbers and booleans stringified). */
export function settingsAsStrings(settings: Readonly<Record<string, unknown>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(settings)) {
    if (value === null || value === undefined) continue;
    out[key] =
      typeof value === "string" ? value : typeof value === "object" ? JSON.stringify(value) : String(value);
  }
  return out;
}
