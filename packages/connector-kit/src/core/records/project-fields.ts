import type { DataRecord } from "./data-record.js";
import { setField } from "./record-field.js";

/**
 * The record with only the selected fields, as AppFlow asks for them (`QueryInput.fields`,
 * `RetrieveInput.fields`): `fields` null means every field, and the record itself is returned (not a copy).
 * A selected field the record lacks is left out rather than set to undefined, and the fields keep the order
 * of `fields`. Only the record's own properties count, so a field named `__proto__` or `toString` is never
 * read from the prototype.
 *
 * @example
 * yield { records: page.records.map((r) => projectFields(r, input.fields)), nextToken: page.nextToken };
 */
export function projectFields(record: DataRecord, fields: readonly string[] | null): DataRecord {
  if (fields === null) return record;
  const out: DataRecord = {};
  for (const f of fields) if (Object.hasOwn(record, f)) setField(out, f, record[f]);
  return out;
}

/** How one field of a record is computed from an upstream row. */
export type FieldMapper<Row> = (row: Row) => unknown;

/**
 * A function that maps upstream rows to records, computing only the selected fields: `mappers` names every
 * field the connector can produce, and `fields` (null: all of `mappers`' fields, in their order) picks those
 * to compute. A selected field without a mapper is left out. Use it where computing a field costs something
 * (a date conversion, a nested lookup) or where the upstream's names differ from the entity's.
 *
 * @example
 * const toRecord = mapFields<Row>(input.fields, {
 *   id: (row) => String(row.id),
 *   name: (row) => row.full_name,
 *   updatedAt: (row) => new Date(row.updated_at * 1000).toISOString(),
 * });
 * yield { records: rows.map(toRecord) };
 */
export function mapFields<Row>(
  fields: readonly string[] | null,
  mappers: Readonly<Record<string, FieldMapper<Row>>>,
): (row: Row) => DataRecord {
  // Chosen once per call, not per row.
  const chosen = (fields ?? Object.keys(mappers))
    .filter((f) => Object.hasOwn(mappers, f))
    .map((f) => [f, mappers[f]!] as const);
  return (row) => {
    const out: DataRecord = {};
    for (const [field, map] of chosen) setField(out, field, map(row));
    return out;
  };
}
