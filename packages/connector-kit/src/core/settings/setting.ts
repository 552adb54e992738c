import type { ConnectorRuntimeSetting } from "../model/configuration.js";
import type { SettingDataType, SettingScope } from "../model/enums.js";

/** What every setting declares, whatever its type. */
export interface SettingOptions<R extends boolean = boolean> {
  /** Shown to the user. */
  label: string;
  /** Shown to the user. Default: the label. */
  description?: string;
  /** Must the user supply it? Default: `false`. */
  required?: R;
  /** When AppFlow asks for it. Default: `"CONNECTOR_PROFILE"`. */
  scope?: SettingScope;
  /** Values the user picks from. Default: free input. */
  options?: readonly string[];
}

/**
 * One runtime setting: its declaration for AppFlow, its parser from the wire's string form to a typed value,
 * and its JSON Schema. Build one with the `setting.*` functions.
 */
export interface Setting<T, R extends boolean = boolean> {
  readonly dataType: SettingDataType;
  readonly label: string;
  readonly description: string;
  readonly required: R;
  readonly scope: SettingScope;
  readonly options: readonly string[] | undefined;
  /** Parses the wire value; throws an Error whose message says what is wrong (never echoing the value). */
  parse(raw: string): T;
  /** JSON Schema of the wire value (always a string on the wire). */
  readonly jsonSchema: Record<string, unknown>;
}

// biome-ignore lint/suspicious/noExplicitAny: a map of settings of any value type
export type SettingsShape = Record<string, Setting<any, boolean>>;

/** The typed values of a settings shape: required profile settings are always present, others may be absent. */
export type SettingsValues<S extends SettingsShape> = {
  [K in keyof S]: S[K] extends Setting<infer T, infer R> ? (R extends true ? T : T | undefined) : never;
};

const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function make<T, R extends boolean>(
  dataType: SettingDataType,
  opts: SettingOptions<R>,
  parse: (raw: string) => T,
  schema: Record<string, unknown>,
): Setting<T, R> {
  const options = opts.options;
  const jsonSchema: Record<string, unknown> = { type: "string", title: opts.label, ...schema };
  if (opts.description) jsonSchema["description"] = opts.description;
  if (options) jsonSchema["enum"] = [...options];
  return {
    dataType,
    label: opts.label,
    description: opts.description ?? opts.label,
    required: (opts.required ?? false) as R,
    scope: opts.scope ?? "CONNECTOR_PROFILE",
    options,
    jsonSchema,
    parse(raw) {
      if (options && !options.includes(raw)) throw new Error(`must be one of ${options.join(", ")}`);
      return parse(raw);
    },
  };
}

function parseInteger(raw: string, min: bigint, max: bigint, what: string): bigint {
  if (!/^-?\d+$/.test(raw.trim())) throw new Error(`must be ${what}`);
  const value = BigInt(raw.trim());
  if (value < min || value > max) throw new Error(`must be ${what} between ${min} and ${max}`);
  return value;
}

/** Builders of runtime settings, one per AppFlow setting data type. */
export const setting = {
  /** A free text setting. */
  string: <const R extends boolean = false>(opts: SettingOptions<R>) =>
    make("String", opts, (raw) => raw, {}),
  /** An absolute http(s) URL (`Url` is a Java SDK data type; AppFlow's Python SDK only knows `String`). */
  url: <const R extends boolean = false>(opts: SettingOptions<R>) =>
    make(
      "Url",
      opts,
      (raw) => {
        let url: URL;
        try {
          url = new URL(raw);
        } catch {
          throw new Error("must be an absolute URL");
        }
        if (url.protocol !== "https:" && url.protocol !== "http:")
          throw new Error("must be an http or https URL");
        return url.toString();
      },
      { format: "uri" },
    ),
  /** A 32-bit signed integer. */
  integer: <const R extends boolean = false>(opts: SettingOptions<R>) =>
    make("Integer", opts, (raw) => Number(parseInteger(raw, -(2n ** 31n), 2n ** 31n - 1n, "an integer")), {
      pattern: "^-?\\d+$",
    }),
  /** A 64-bit signed integer, as a bigint so no precision is lost. */
  long: <const R extends boolean = false>(opts: SettingOptions<R>) =>
    make("Long", opts, (raw) => parseInteger(raw, -(2n ** 63n), 2n ** 63n - 1n, "an integer"), {
      pattern: "^-?\\d+$",
    }),
  /** `true` or `false`, in any letter case (AppFlow sends `"true"`/`"false"`). */
  boolean: <const R extends boolean = false>(opts: SettingOptions<R>) =>
    make(
      "Boolean",
      opts,
      (raw) => {
        const lower = raw.trim().toLowerCase();
        if (lower !== "true" && lower !== "false") throw new Error("must be true or false");
        return lower === "true";
      },
      { pattern: "^([Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee])$" },
    ),
  /** An ISO-8601 date `YYYY-MM-DD`, kept as that text. */
  date: <const R extends boolean = false>(opts: SettingOptions<R>) =>
    make(
      "Date",
      opts,
      (raw) => {
        if (!ISO_DATE.test(raw)) throw new Error("must be a date YYYY-MM-DD");
        return raw;
      },
      { format: "date" },
    ),
  /** An ISO-8601 date-time with a zone (`Z` or an offset), as a Date. */
  dateTime: <const R extends boolean = false>(opts: SettingOptions<R>) =>
    make(
      "DateTime",
      opts,
      (raw) => {
        const time = Date.parse(raw);
        if (!ISO_DATE_TIME.test(raw) || Number.isNaN(time))
          throw new Error("must be an ISO-8601 date-time with a zone");
        return new Date(time);
      },
      { format: "date-time" },
    ),
};

/** The AppFlow declaration (`connectorRuntimeSetting` entries) of a settings shape, in key order. */
export function describeSettings(shape: SettingsShape): ConnectorRuntimeSetting[] {
  return Object.entries(shape).map(([key, s]) => ({
    key,
    dataType: s.dataType,
    required: s.required,
    label: s.label,
    description: s.description,
    scope: s.scope,
    connectorSuppliedValueOptions: s.options ? [...s.options] : null,
  }));
}

/** JSON Schema (draft 2020-12) of the wire settings object for the given scopes. Default scopes: all. */
export function settingsJsonSchema(
  shape: SettingsShape,
  scopes?: readonly SettingScope[],
): Record<string, unknown> {
  const entries = Object.entries(shape).filter(([, s]) => !scopes || scopes.includes(s.scope));
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    type: "object",
    properties: Object.fromEntries(entries.map(([key, s]) => [key, s.jsonSchema])),
    required: entries.filter(([, s]) => s.required).map(([key]) => key),
    additionalProperties: { type: "string" },
  };
}
