import type { SettingScope } from "../model/enums.js";
import type { SettingsShape, SettingsValues } from "./setting.js";

/** Which settings scopes apply to each use of a connector. */
export const SCOPES_FOR = {
  profile: ["CONNECTOR_PROFILE"],
  source: ["CONNECTOR_PROFILE", "SOURCE", "SOURCE_AND_DESTINATION"],
  destination: ["CONNECTOR_PROFILE", "DESTINATION", "SOURCE_AND_DESTINATION"],
} as const satisfies Record<string, readonly SettingScope[]>;

/** Scopes checked when AppFlow validates the settings of one scope. */
export function scopesValidatedWith(scope: SettingScope): readonly SettingScope[] {
  if (scope === "SOURCE" || scope === "DESTINATION") return [scope, "SOURCE_AND_DESTINATION"];
  return [scope];
}

export interface ParsedSettings<S extends SettingsShape> {
  values: SettingsValues<S>;
  /** Setting key → what is wrong (the value is never echoed). Empty when all is well. */
  errors: Record<string, string>;
}

/** A shape's entries, listed once per shape: settings are parsed on every call. */
const ENTRIES = new WeakMap<SettingsShape, [string, SettingsShape[string]][]>();
function entriesOf(shape: SettingsShape): [string, SettingsShape[string]][] {
  let entries = ENTRIES.get(shape);
  if (entries === undefined) {
    entries = Object.entries(shape);
    ENTRIES.set(shape, entries);
  }
  return entries;
}

/**
 * Parses the wire's string map against a settings shape. Every present value is parsed; a missing value is
 * an error only for required settings of `requiredScopes`. Unknown keys are kept out of `values`.
 */
export function parseSettings<S extends SettingsShape>(
  shape: S,
  raw: Readonly<Record<string, string>>,
  requiredScopes: readonly SettingScope[],
): ParsedSettings<S> {
  const values: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const [key, s] of entriesOf(shape)) {
    const text = Object.hasOwn(raw, key) ? raw[key] : undefined;
    if (text === undefined || text === "") {
      if (s.required && requiredScopes.includes(s.scope)) errors[key] = `${s.label} is required`;
      continue;
    }
    try {
      values[key] = s.parse(text);
    } catch (error) {
      errors[key] = `${s.label} ${(error as Error).message}`;
    }
  }
  return { values: values as SettingsValues<S>, errors };
}
