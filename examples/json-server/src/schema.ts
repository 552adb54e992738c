import type { EntityDefinition, FieldDataType, FieldDefinition } from "connector-kit";

/** `YYYY-MM-DD`. */
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
/** ISO 8601 date-time with seconds and a zone: `2024-03-01T10:00:00Z`, `…00.123+02:00`. */
const DATE_TIME =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const INT32_MAX = 2 ** 31 - 1;

/** The JSON type label of a value, as it shows in `dataTypeLabel`. */
function kindOf(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

/**
 * The AppFlow type of a field from its sampled values (nulls and absent values ignored): booleans Boolean;
 * whole numbers Integer (within 32 bits) or Long, other numbers Double; strings Date when every one is
 * `YYYY-MM-DD`, DateTime when every one is an ISO date-time with a zone, else String; arrays List; objects
 * Struct. Mixed types give String, not queryable; no value at all gives String.
 */
export function inferType(values: readonly unknown[]): {
  dataType: FieldDataType;
  label: string;
  mixed: boolean;
} {
  const present = values.filter((v) => v !== null && v !== undefined);
  const kinds = new Set(present.map(kindOf));
  if (kinds.size === 0) return { dataType: "String", label: "null", mixed: false };
  if (kinds.size > 1) return { dataType: "String", label: [...kinds].sort().join("|"), mixed: true };
  const kind = [...kinds][0]!;
  switch (kind) {
    case "boolean":
      return { dataType: "Boolean", label: "boolean", mixed: false };
    case "number": {
      const numbers = present as number[];
      if (!numbers.every(Number.isInteger)) return { dataType: "Double", label: "number", mixed: false };
      return {
        dataType: numbers.every((n) => Math.abs(n) <= INT32_MAX) ? "Integer" : "Long",
        label: "number",
        mixed: false,
      };
    }
    case "string": {
      const strings = present as string[];
      if (strings.every((s) => DATE.test(s)))
        return { dataType: "Date", label: "string (date)", mixed: false };
      if (strings.every((s) => DATE_TIME.test(s) && !Number.isNaN(Date.parse(s)))) {
        return { dataType: "DateTime", label: "string (date-time)", mixed: false };
      }
      return { dataType: "String", label: "string", mixed: false };
    }
    case "array":
      return { dataType: "List", label: "array", mixed: false };
    default:
      return { dataType: "Struct", label: "object", mixed: false };
  }
}

/**
 * Describes a collection from sampled records: the union of their top-level keys in first-seen order, each
 * typed by {@link inferType}; `id` is the primary key (json-server routes by it). A field missing or null in
 * some record is nullable. Date and DateTime fields can drive incremental pulls.
 */
export function describeFromSample(
  entityIdentifier: string,
  sample: readonly Record<string, unknown>[],
): EntityDefinition {
  const names: string[] = ["id"];
  const seen = new Set(names);
  for (const record of sample) {
    for (const key of Object.keys(record)) {
      if (!seen.has(key)) {
        seen.add(key);
        names.push(key);
      }
    }
  }
  const fields = names.map((fieldName): FieldDefinition => {
    const values = sample.map((r) => r[fieldName]);
    const { dataType, label, mixed } = inferType(values);
    const isId = fieldName === "id";
    const nullable = values.some((v) => v === null || v === undefined);
    const temporal = dataType === "Date" || dataType === "DateTime";
    return {
      fieldName,
      dataType: isId && label === "null" ? "String" : dataType,
      dataTypeLabel: label,
      isPrimaryKey: isId,
      readProperties: {
        isRetrievable: true,
        isNullable: !isId && nullable,
        isQueryable: !mixed,
        isTimestampFieldForIncrementalQueries: temporal,
      },
      writeProperties: {
        isCreatable: true,
        isUpdatable: !isId,
        isNullable: !isId,
        isUpsertable: true,
        isDefaultedOnCreate: isId,
        supportedWriteOperations: isId ? ["UPDATE", "UPSERT", "DELETE"] : null,
      },
    };
  });
  return {
    entity: { entityIdentifier, hasNestedEntities: false, isWritable: true, label: entityIdentifier },
    fields,
    customProperties: { sampledRecords: String(sample.length) },
  };
}
