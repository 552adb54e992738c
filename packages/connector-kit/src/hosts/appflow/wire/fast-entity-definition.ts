import type { Entity, EntityDefinition, FieldDefinition } from "../../../core/model/entity.js";
import { CONNECTOR_OPERATORS, FIELD_DATA_TYPES, WRITE_OPERATION_TYPES } from "../../../core/model/enums.js";

/*
 * The entity definition comes back with every data request, often with dozens of fields, and decoding it was
 * most of the host's fixed cost. This decoder takes the common shapes only and allocates almost nothing: it
 * checks the event's own field objects and hands them on as they are (an absent optional key stays absent,
 * which the model's types allow; unknown keys ride along). For anything else, valid or not, it answers
 * undefined and the exact decoder (model-codec.ts) decides, with its error messages. Both mean the same
 * definition for what this one takes: they encode alike (tested property-based).
 */

type Raw = Record<string, unknown>;

function isObject(value: unknown): value is Raw {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

const optionalString = (value: unknown) => value === undefined || value === null || typeof value === "string";
const optionalBoolean = (value: unknown) =>
  value === undefined || value === null || typeof value === "boolean";
const absent = (value: unknown) => value === undefined || value === null;

/**
 * Validates arrays of enum values. Strings fresh from JSON.parse are not internalized, so a Set look-up hashes
 * each one, which was the largest single cost here; the same arrays recur from field to field, so the last few
 * accepted arrays are compared first.
 */
class EnumArrays {
  readonly #allowed: ReadonlySet<string>;
  readonly #recent: unknown[][] = [];

  constructor(values: readonly string[]) {
    this.#allowed = new Set(values);
  }

  /** True for null, absent, or an array of allowed values. */
  accepts(value: unknown): boolean {
    if (value === undefined || value === null) return true;
    if (!Array.isArray(value)) return false;
    const items = value as unknown[];
    recent: for (const seen of this.#recent) {
      if (seen.length !== items.length) continue;
      for (let i = 0; i < items.length; i++) if (seen[i] !== items[i]) continue recent;
      return true;
    }
    for (const item of items) if (typeof item !== "string" || !this.#allowed.has(item)) return false;
    if (this.#recent.length >= 4) this.#recent.shift();
    this.#recent.push(items.slice());
    return true;
  }
}

const DATA_TYPES: ReadonlySet<unknown> = new Set(FIELD_DATA_TYPES);
const OPERATORS = new EnumArrays(CONNECTOR_OPERATORS);
const WRITE_OPERATIONS = new EnumArrays(WRITE_OPERATION_TYPES);
function readPropertiesOk(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (!isObject(value)) return false;
  return (
    optionalBoolean(value["isRetrievable"]) &&
    optionalBoolean(value["isNullable"]) &&
    optionalBoolean(value["isQueryable"]) &&
    optionalBoolean(value["isTimestampFieldForIncrementalQueries"])
  );
}

function writePropertiesOk(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (!isObject(value)) return false;
  return (
    optionalBoolean(value["isCreatable"]) &&
    optionalBoolean(value["isUpdatable"]) &&
    optionalBoolean(value["isNullable"]) &&
    optionalBoolean(value["isUpsertable"]) &&
    optionalBoolean(value["isDefaultedOnCreate"]) &&
    WRITE_OPERATIONS.accepts(value["supportedWriteOperations"])
  );
}

let lastDataType: unknown;

function fieldOk(value: unknown): value is FieldDefinition {
  if (!isObject(value)) return false;
  const dataType = value["dataType"];
  // Consecutive fields often share a type: one comparison instead of a look-up.
  if (dataType !== lastDataType) {
    if (!DATA_TYPES.has(dataType)) return false;
    lastDataType = dataType;
  }
  return (
    typeof value["fieldName"] === "string" &&
    optionalString(value["dataTypeLabel"]) &&
    optionalString(value["label"]) &&
    optionalString(value["description"]) &&
    optionalBoolean(value["isPrimaryKey"]) &&
    optionalString(value["defaultValue"]) &&
    optionalBoolean(value["isDeprecated"]) &&
    absent(value["constraints"]) &&
    readPropertiesOk(value["readProperties"]) &&
    writePropertiesOk(value["writeProperties"]) &&
    OPERATORS.accepts(value["filterOperators"]) &&
    absent(value["customProperties"])
  );
}

function entityOf(value: unknown): Entity | undefined {
  if (!isObject(value)) return undefined;
  const hasNestedEntities = value["hasNestedEntities"];
  const isWritable = value["isWritable"];
  if (
    typeof value["entityIdentifier"] !== "string" ||
    !optionalBoolean(hasNestedEntities) ||
    !optionalBoolean(isWritable) ||
    !optionalString(value["label"]) ||
    !optionalString(value["description"]) ||
    !absent(value["customProperties"])
  ) {
    return undefined;
  }
  // The one object built: `hasNestedEntities` is required in the model and `isWritable` defaults to true.
  return {
    entityIdentifier: value["entityIdentifier"],
    hasNestedEntities: (hasNestedEntities as boolean | null | undefined) ?? false,
    isWritable: (isWritable as boolean | null | undefined) ?? true,
    label: value["label"] as string | null | undefined,
    description: value["description"] as string | null | undefined,
  };
}

/** The decoded definition when `value` has a common, valid shape; undefined to let the exact decoder decide. */
export function fastEntityDefinition(value: unknown): EntityDefinition | undefined {
  if (!isObject(value) || !absent(value["customProperties"])) return undefined;
  const entity = entityOf(value["entity"]);
  if (entity === undefined) return undefined;
  const rawFields = value["fields"];
  if (rawFields === undefined || rawFields === null) return { entity, fields: [] };
  if (!Array.isArray(rawFields)) return undefined;
  for (let i = 0; i < rawFields.length; i++) if (!fieldOk(rawFields[i])) return undefined;
  return { entity, fields: rawFields as FieldDefinition[] };
}
