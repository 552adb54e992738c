import type { EntityDefinition } from "../../core/model/entity.js";
import type { DataRecord } from "../../core/records/data-record.js";
import { primaryKeyFields } from "./field-rules.js";

/** A record string parsed: the object, or why it is not one. */
export type ParsedRecord = { ok: true; record: DataRecord } | { ok: false; problem: string };

/** Parses one wire record: it must be a JSON object serialized as a string. */
export function parseRecord(text: string): ParsedRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, problem: "is not valid JSON" };
  }
  if (value === null || typeof value !== "object" || Array.isArray(value))
    return { ok: false, problem: "is not a JSON object" };
  return { ok: true, record: value as DataRecord };
}

/**
 * The problems of a record's keys: each must be a field of the entity (when a definition is known) and one of
 * `selected` (when the request named fields).
 */
export function recordShapeProblems(
  record: DataRecord,
  definition: EntityDefinition | null,
  selected: readonly string[] | null,
): string[] {
  const problems: string[] = [];
  const known = definition ? new Set(definition.fields.map((f) => f.fieldName)) : null;
  const chosen = selected ? new Set(selected) : null;
  for (const key of Object.keys(record)) {
    if (known && !known.has(key))
      problems.push(`has field "${key}" that entity ${definition!.entity.entityIdentifier} does not define`);
    else if (chosen && !chosen.has(key)) problems.push(`has field "${key}" that was not selected`);
  }
  return problems;
}

/**
 * A function giving each record's identity: its primary-key values (`{"id":"7"}`) when the entity has primary
 * keys and the record holds them all, else the whole record's JSON.
 */
export function recordIdentity(definition: EntityDefinition | null): (record: DataRecord) => string {
  const keys = definition ? primaryKeyFields(definition) : [];
  return (record) => {
    if (keys.length > 0 && keys.every((k) => Object.hasOwn(record, k)))
      return JSON.stringify(Object.fromEntries(keys.map((k) => [k, record[k]])));
    return JSON.stringify(record);
  };
}
