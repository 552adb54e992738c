import type { EntityDefinition, FieldDefinition } from "../../core/model/entity.js";
import type { WriteRecordResult } from "../../core/model/responses.js";
import type { DataRecord } from "../../core/records/data-record.js";
import { primaryKeyFields } from "./field-rules.js";

/*
 * What the write → read-back check needs: how a written record is found again, and whether the value read back is
 * the value written, by the field's data type (`5` and `"5.00"` are the same BigDecimal, two spellings of one
 * instant the same DateTime; a String must come back exactly).
 */

/** How a written record is found again: by `field` equal to `id` (the value as the ids of RetrieveData are). */
export interface ReadBackKey {
  field: string;
  id: string;
}

/** The text of a scalar value as RetrieveData's `ids` carry it, or null for anything else. */
export function idText(value: unknown): string | null {
  if (typeof value === "string") return value;
  if ((typeof value === "number" && Number.isFinite(value)) || typeof value === "boolean")
    return String(value);
  return null;
}

/**
 * The key to read a written record back by: its only `idFieldNames` field, else the entity's only primary-key
 * field, taken from the record or, when the record has none (an id the upstream assigned), from the result's
 * `recordId`. Null when there is no single such field with a value.
 */
export function readBackKey(
  definition: EntityDefinition,
  idFieldNames: readonly string[],
  record: DataRecord,
  result: WriteRecordResult,
): ReadBackKey | null {
  if (idFieldNames.length === 1) {
    const field = idFieldNames[0]!;
    const id = idText(record[field]);
    return id === null ? null : { field, id };
  }
  const keys = primaryKeyFields(definition);
  if (keys.length !== 1) return null;
  const field = keys[0]!;
  const id = idText(record[field]) ?? result.recordId;
  return id === null ? null : { field, id };
}

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** A number (or numeric text) in one spelling per value (`1.50`, `1.5`, `15e-1` alike), or null. */
export function canonicalDecimal(value: unknown): string | null {
  const text =
    typeof value === "number" ? (Number.isFinite(value) ? String(value) : null) : idText(value)?.trim();
  if (text === null || text === undefined) return null;
  const m = DECIMAL.exec(text);
  if (!m || (m[2] === "" && (m[3] ?? "") === "")) return null;
  let digits = m[2]! + (m[3] ?? "");
  let point = m[2]!.length + Number(m[4] ?? 0);
  const lead = /^0*/.exec(digits)![0].length;
  digits = digits.slice(lead).replace(/0+$/, "");
  point -= lead;
  if (digits === "") return "0";
  return `${m[1] === "-" ? "-" : ""}0.${digits}e${point}`;
}

/** The ms since the epoch of a DateTime value (text without a zone is UTC), or null. */
function instant(value: unknown): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value !== "string") return null;
  const zoneless = /^\d{4,}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?$/.test(value);
  const ms = Date.parse(zoneless ? `${value}Z` : value);
  return Number.isNaN(ms) ? null : ms;
}

/** The `YYYY-MM-DD` of a Date value, or null. */
function day(value: unknown): string | null {
  if (typeof value === "string" && /^\d{4}-\d\d-\d\d/.test(value)) return value.slice(0, 10);
  if (typeof value === "number" && Number.isFinite(value)) return new Date(value).toISOString().slice(0, 10);
  return null;
}

function bool(value: unknown): boolean | null {
  if (typeof value === "boolean") return value;
  return value === "true" ? true : value === "false" ? false : null;
}

/** JSON with the keys of every object sorted, so two objects that differ only in key order compare equal. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/**
 * True when `read` is the value `written` to a field of this definition: numbers by their decimal value, Date by
 * its day, DateTime by its instant, Boolean by its truth, anything else (String included) exactly, objects in
 * any key order. A written null must read back null or absent.
 */
export function sameValue(field: FieldDefinition | undefined, written: unknown, read: unknown): boolean {
  if (written === null || written === undefined) return read === null || read === undefined;
  if (read === null || read === undefined) return false;
  const same = <T>(convert: (v: unknown) => T | null): boolean | null => {
    const a = convert(written);
    const b = convert(read);
    return a === null || b === null ? null : a === b;
  };
  let verdict: boolean | null = null;
  switch (field?.dataType) {
    case "Short":
    case "Integer":
    case "Long":
    case "BigInteger":
    case "BigDecimal":
    case "Float":
    case "Double":
      verdict = same(canonicalDecimal);
      break;
    case "Date":
      verdict = same(day);
      break;
    case "DateTime":
      verdict = same(instant);
      break;
    case "Boolean":
      verdict = same(bool);
      break;
    default:
      break;
  }
  return verdict ?? canonicalJson(written) === canonicalJson(read);
}

/** A value for a message: JSON, cut at 60 characters. */
export function shownValue(value: unknown): string {
  const text = value === undefined ? "nothing" : (JSON.stringify(value) ?? String(value));
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
