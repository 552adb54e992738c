import type { FieldDefinition } from "../../core/model/entity.js";
import type { FieldDataType } from "../../core/model/enums.js";
import type { DataRecord } from "../../core/records/data-record.js";

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const INT32 = 2 ** 31;

function typeOfValue(value: unknown): FieldDataType | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "boolean") return "Boolean";
  if (typeof value === "number") {
    if (!Number.isInteger(value)) return "Double";
    return Math.abs(value) < INT32 ? "Integer" : "Long";
  }
  if (typeof value === "string")
    return DATE_TIME.test(value) ? "DateTime" : DATE.test(value) ? "Date" : "String";
  return Array.isArray(value) ? "List" : "Struct";
}

function merge(a: FieldDataType | null, b: FieldDataType | null): FieldDataType | null {
  if (a === null) return b;
  if (b === null || a === b) return a;
  const numeric = ["Integer", "Long", "Double"];
  if (numeric.includes(a) && numeric.includes(b)) {
    return a === "Double" || b === "Double" ? "Double" : "Long";
  }
  return "String";
}

/**
 * Field definitions inferred from sample records: the union of their keys in first-seen order, each typed by
 * its non-null values (Boolean, Integer/Long/Double, ISO Date or DateTime text, String, List, Struct; mixed
 * types become String, never-seen values String). DateTime fields may be incremental timestamps; `keyFields`
 * are primary keys.
 */
export function inferFields(samples: readonly DataRecord[], keyFields: readonly string[]): FieldDefinition[] {
  const types = new Map<string, FieldDataType | null>();
  for (const record of samples) {
    for (const [name, value] of Object.entries(record)) {
      types.set(name, merge(types.get(name) ?? null, typeOfValue(value)));
    }
  }
  for (const k of keyFields) if (!types.has(k)) types.set(k, "String");
  return [...types].map(([fieldName, type]) => {
    const dataType = type ?? "String";
    const isKey = keyFields.includes(fieldName);
    return {
      fieldName,
      dataType,
      isPrimaryKey: isKey,
      readProperties: {
        isRetrievable: true,
        isNullable: !isKey,
        isQueryable: dataType !== "Struct" && dataType !== "List",
        isTimestampFieldForIncrementalQueries: dataType === "DateTime" || dataType === "Date",
      },
      writeProperties: {
        isCreatable: true,
        isUpdatable: true,
        isNullable: !isKey,
        isUpsertable: true,
        supportedWriteOperations: ["INSERT", "UPDATE", "UPSERT"],
      },
    };
  });
}
