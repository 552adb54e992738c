import { ConnectorError, type FieldDataType } from "connector-kit";

/** How the connector reads and writes a column: one kind per family of PostgreSQL types. */
export type ValueKind =
  | "short"
  | "integer"
  | "long"
  | "decimal"
  | "float"
  | "double"
  | "boolean"
  | "date"
  | "datetime"
  | "text"
  | "bytes"
  | "json"
  | "array";

/** The AppFlow data type of each kind. */
export const DATA_TYPE_OF: Readonly<Record<ValueKind, FieldDataType>> = {
  short: "Short",
  integer: "Integer",
  long: "Long",
  decimal: "BigDecimal",
  float: "Float",
  double: "Double",
  boolean: "Boolean",
  date: "Date",
  datetime: "DateTime",
  text: "String",
  bytes: "ByteArray",
  json: "Struct",
  array: "List",
};

const BY_TYPNAME: Readonly<Record<string, ValueKind>> = {
  int2: "short",
  int4: "integer",
  int8: "long",
  numeric: "decimal",
  float4: "float",
  float8: "double",
  bool: "boolean",
  date: "date",
  timestamp: "datetime",
  timestamptz: "datetime",
  text: "text",
  varchar: "text",
  bpchar: "text",
  uuid: "text",
  bytea: "bytes",
  json: "json",
  jsonb: "json",
};

/**
 * The kind of a column from its (base) type name in `pg_type.typname` and its `typcategory`: arrays (`A`) are
 * lists; any type not listed (money, interval, inet, enums, geometric…) is read and written as its text form.
 */
export function kindOf(typname: string, typcategory: string): ValueKind {
  if (typcategory === "A") return "array";
  return BY_TYPNAME[typname] ?? "text";
}

/**
 * The SELECT expression reading column `quoted` as text the same on PGlite and node-postgres (no driver type
 * parser involved). Dates and date-times are read in their own text form, which every session fixes (ISO
 * DateStyle, UTC: see `database.ts`); `decodeValue` turns it into ISO 8601. Their JSON form (`to_json`) would
 * save that step in JavaScript but doubles the server's work for a page of orders.
 */
export function selectExpression(kind: ValueKind, quoted: string): string {
  switch (kind) {
    case "array":
      return `(to_json(${quoted})::text)`;
    case "bytes":
      return `encode(${quoted}, 'base64')`;
    default:
      return `(${quoted})::text`;
  }
}

/**
 * The SQL expression turning text parameter `$n` into a value of the column's type. `castType` comes from the
 * catalog (`format_type(type, -1)`: the type without its modifier), never from the request.
 */
export function writeExpression(kind: ValueKind, param: string, castType: string): string {
  return kind === "bytes" ? `decode(${param}::text, 'base64')` : `${param}::${castType}`;
}

/**
 * Turns the text read by `selectExpression` into the record's JSON value: numbers for the small numeric types,
 * `Long` as a number while it is a safe integer (else its exact text), `BigDecimal` as exact text, booleans,
 * ISO-8601 dates, date-times in UTC with `Z` (a `timestamp` without zone is taken as UTC), base64 bytes, parsed
 * JSON, and lists. Non-finite floats (`NaN`, `Infinity`) stay text since JSON has no number for them.
 */
export function decodeValue(kind: ValueKind, text: string | null): unknown {
  if (text === null) return null;
  switch (kind) {
    case "short":
    case "integer":
      return Number(text);
    case "long": {
      const n = Number(text);
      return Number.isSafeInteger(n) ? n : text;
    }
    case "float":
    case "double": {
      const n = Number(text);
      return Number.isFinite(n) ? n : text;
    }
    case "boolean":
      return text === "true";
    case "datetime":
      return isoDateTime(text);
    case "bytes":
      return text.replace(WHITESPACE, "");
    case "json":
    case "array":
      return JSON.parse(text) as unknown;
    default:
      return text;
  }
}

// Regular expressions of the per-value paths live here: a literal in a function body is a new object per call.
const WHITESPACE = /\s+/g;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
/** A timestamp's text in the ISO DateStyle: date, time, the offset of a `timestamptz` (±HH[:MM[:SS]]), BC. */
const DATE_TIME_TEXT = /^(\S+) (\d\d:\d\d:\d\d(?:\.\d+)?)([+-]\d\d(?::\d\d){0,2})?( BC)?$/;

/** The longest timestamp text taken the fast way, and room for it in UTF-8 (3 bytes a UTF-16 unit at most). */
const FAST_TEXT = 64;
const scratch = Buffer.alloc(FAST_TEXT * 3);

/**
 * `text` with the space at `space` made `T` and everything from `end` on made `Z`, as one flat string: the
 * slices and concatenation this takes otherwise make five strings per value (and a page of orders holds two
 * date-times per record), which measured as fast but left four times the garbage. The text is a timestamp's,
 * so ASCII; anything else (its UTF-8 is longer than it) goes the slow way, whose result is the same.
 */
function withTAndZ(text: string, space: number, end: number): string {
  if (text.length > FAST_TEXT || scratch.write(text, 0, "utf8") !== text.length) {
    return `${text.slice(0, space)}T${text.slice(space + 1, end)}Z`;
  }
  scratch[space] = 84; // T
  scratch[end] = 90; // Z
  return scratch.toString("latin1", 0, end + 1);
}

/**
 * A timestamp's text (`2026-11-23 08:11:12.345+00`; the session is in UTC) as ISO 8601 in UTC,
 * `2026-11-23T08:11:12.345Z`; a `timestamp` without zone is taken as UTC. Values ISO 8601 has no form for keep
 * the form `to_json` gives them: `infinity`, `-infinity`, and BC dates (`0044-03-15T10:00:00+00:00 BC`). Any
 * other offset (a session not in UTC) is kept, written `±HH:MM` as `to_json` writes it.
 */
export function isoDateTime(text: string): string {
  const space = text.indexOf(" ");
  if (space === -1) return text; // infinity, -infinity
  // The common cases without a regular expression: UTC, and a timestamp without zone (no sign after the date).
  if (text.endsWith("+00")) return withTAndZ(text, space, text.length - 3);
  if (text.indexOf("+", space) === -1 && text.indexOf("-", space) === -1 && !text.endsWith(" BC")) {
    return withTAndZ(text, space, text.length);
  }
  const parts = DATE_TIME_TEXT.exec(text);
  if (parts === null) return text;
  const [, date, time, offset, bc] = parts;
  const zone = offset === undefined ? "" : offset.length === 3 ? `${offset}:00` : offset;
  if (bc !== undefined) return `${date}T${time}${zone} BC`;
  return `${date}T${time}${zone === "" || zone === "+00:00" ? "Z" : zone}`;
}

function bad(field: string, kind: ValueKind, value: unknown): ConnectorError {
  const shown = JSON.stringify(value) ?? String(value);
  const clipped = shown.length > 60 ? `${shown.slice(0, 60)}…` : shown;
  return ConnectorError.invalidArgument(
    `Field ${JSON.stringify(field)}: ${clipped} is not a valid ${DATA_TYPE_OF[kind]}`,
  );
}

/**
 * Turns a record's JSON value into the text parameter for a column (null stays null). Checks what JSON alone
 * can tell (a number for a number column, base64 for bytes, a list for an array…); PostgreSQL checks the rest
 * when it casts the text, and either failure becomes that record's error.
 */
export function encodeValue(field: string, kind: ValueKind, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case "short":
    case "integer":
    case "long":
    case "decimal":
    case "float":
    case "double":
      if (typeof value === "number" && Number.isFinite(value)) return String(value);
      if (typeof value === "string" && value.trim() !== "") return value.trim();
      throw bad(field, kind, value);
    case "boolean":
      if (typeof value === "boolean") return value ? "true" : "false";
      if (typeof value === "string") return value;
      throw bad(field, kind, value);
    case "date":
    case "datetime":
      if (typeof value === "string") return value;
      if (typeof value === "number" && Number.isFinite(value)) {
        const iso = new Date(value).toISOString();
        return kind === "date" ? iso.slice(0, 10) : iso;
      }
      throw bad(field, kind, value);
    case "bytes":
      if (typeof value === "string" && BASE64.test(value) && value.length % 4 === 0) return value;
      throw bad(field, kind, value);
    case "json":
      return JSON.stringify(value);
    case "array":
      if (Array.isArray(value)) return arrayLiteral(field, value);
      throw bad(field, kind, value);
    default:
      if (typeof value === "string") return value;
      if (typeof value === "number" || typeof value === "boolean") return String(value);
      throw bad(field, kind, value);
  }
}

/** A PostgreSQL array literal (`{"a","b\\"c",NULL}`), nested arrays kept nested, every element quoted. */
export function arrayLiteral(field: string, values: readonly unknown[]): string {
  const items = values.map((v) => {
    if (v === null || v === undefined) return "NULL";
    if (Array.isArray(v)) return arrayLiteral(field, v);
    const text = typeof v === "string" ? v : typeof v === "object" ? JSON.stringify(v) : String(v);
    return `"${text.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;
  });
  return `{${items.join(",")}}`;
}
