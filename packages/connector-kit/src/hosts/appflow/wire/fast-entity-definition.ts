import type {
  Entity,
  EntityDefinition,
  FieldDefinition,
  ReadOperationProperty,
  WriteOperationProperty,
} from "../../../core/model/entity.js";
import {
  CONNECTOR_OPERATORS,
  type ConnectorOperator,
  FIELD_DATA_TYPES,
  type FieldDataType,
  WRITE_OPERATION_TYPES,
  type WriteOperationType,
} from "../../../core/model/enums.js";

/*
 * The entity definition comes back with every data request, often with dozens of fields, and decoding it was
 * most of the host's fixed cost. This decoder takes the common shapes only, builds no key paths and keeps the
 * event's own (validated) arrays; it answers undefined for anything else, valid or not, and the exact decoder
 * (model-codec.ts) then decides, with its error messages. Both give the same result for what this one takes
 * (tested property-based).
 */

/** Thrown inside this module only: "not a shape the fast decoder takes". */
const BAIL = Symbol("bail");

type Raw = Record<string, unknown>;

function obj(value: unknown): Raw {
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw BAIL;
  return value as Raw;
}

function str(value: unknown): string {
  if (typeof value !== "string") throw BAIL;
  return value;
}

function optStr(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "string") throw BAIL;
  return value;
}

function optBool(value: unknown): boolean | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "boolean") throw BAIL;
  return value;
}

function absent(value: unknown): null {
  if (value !== undefined && value !== null) throw BAIL;
  return null;
}

/**
 * Validates arrays of enum values. Hashing each freshly parsed string for a Set look-up was the largest single
 * cost; the same arrays recur from field to field, so the last few accepted arrays are compared first.
 */
class EnumArrays<T extends string> {
  readonly #allowed: ReadonlySet<string>;
  readonly #recent: string[][] = [];

  constructor(values: readonly T[]) {
    this.#allowed = new Set(values);
  }

  take(value: unknown): T[] | null {
    if (value === undefined || value === null) return null;
    if (!Array.isArray(value)) throw BAIL;
    const items = value as unknown[];
    recent: for (const seen of this.#recent) {
      if (seen.length !== items.length) continue;
      for (let i = 0; i < items.length; i++) if (seen[i] !== items[i]) continue recent;
      return items as T[];
    }
    for (const item of items) if (typeof item !== "string" || !this.#allowed.has(item)) throw BAIL;
    if (this.#recent.length >= 4) this.#recent.shift();
    this.#recent.push((items as string[]).slice());
    return items as T[];
  }
}

const OPERATORS = new EnumArrays<ConnectorOperator>(CONNECTOR_OPERATORS);
const WRITE_OPERATIONS = new EnumArrays<WriteOperationType>(WRITE_OPERATION_TYPES);
const DATA_TYPE_SET: ReadonlySet<string> = new Set(FIELD_DATA_TYPES);

function readProperties(value: unknown): ReadOperationProperty | null {
  if (value === undefined || value === null) return null;
  const o = obj(value);
  return {
    isRetrievable: optBool(o["isRetrievable"]),
    isNullable: optBool(o["isNullable"]),
    isQueryable: optBool(o["isQueryable"]),
    isTimestampFieldForIncrementalQueries: optBool(o["isTimestampFieldForIncrementalQueries"]),
  };
}

function writeProperties(value: unknown): WriteOperationProperty | null {
  if (value === undefined || value === null) return null;
  const o = obj(value);
  return {
    isCreatable: optBool(o["isCreatable"]),
    isUpdatable: optBool(o["isUpdatable"]),
    isNullable: optBool(o["isNullable"]),
    isUpsertable: optBool(o["isUpsertable"]),
    isDefaultedOnCreate: optBool(o["isDefaultedOnCreate"]),
    supportedWriteOperations: WRITE_OPERATIONS.take(o["supportedWriteOperations"]),
  };
}

let lastDataType: string | undefined;

function field(value: unknown): FieldDefinition {
  const o = obj(value);
  const raw = o["dataType"];
  // Consecutive fields often share a type: one string comparison instead of a Set look-up.
  if (raw !== lastDataType) {
    if (typeof raw !== "string" || !DATA_TYPE_SET.has(raw)) throw BAIL;
    lastDataType = raw;
  }
  const dataType = raw as FieldDataType;
  return {
    fieldName: str(o["fieldName"]),
    dataType,
    dataTypeLabel: optStr(o["dataTypeLabel"]) ?? dataType,
    label: optStr(o["label"]),
    description: optStr(o["description"]),
    isPrimaryKey: optBool(o["isPrimaryKey"]),
    defaultValue: optStr(o["defaultValue"]),
    isDeprecated: optBool(o["isDeprecated"]),
    constraints: absent(o["constraints"]),
    readProperties: readProperties(o["readProperties"]),
    writeProperties: writeProperties(o["writeProperties"]),
    filterOperators: OPERATORS.take(o["filterOperators"]),
    customProperties: absent(o["customProperties"]),
  };
}

function entity(value: unknown): Entity {
  const o = obj(value);
  return {
    entityIdentifier: str(o["entityIdentifier"]),
    hasNestedEntities: optBool(o["hasNestedEntities"]) ?? false,
    isWritable: optBool(o["isWritable"]) ?? true,
    label: optStr(o["label"]),
    description: optStr(o["description"]),
    customProperties: absent(o["customProperties"]),
  };
}

/** The decoded definition when `value` has a common, valid shape; undefined to let the exact decoder decide. */
export function fastEntityDefinition(value: unknown): EntityDefinition | undefined {
  try {
    const o = obj(value);
    const rawFields = o["fields"];
    let fields: FieldDefinition[];
    if (rawFields === undefined || rawFields === null) fields = [];
    else {
      if (!Array.isArray(rawFields)) return undefined;
      fields = new Array<FieldDefinition>(rawFields.length);
      for (let i = 0; i < rawFields.length; i++) fields[i] = field(rawFields[i]);
    }
    return { entity: entity(o["entity"]), fields, customProperties: absent(o["customProperties"]) };
  } catch (error) {
    if (error === BAIL) return undefined;
    throw error;
  }
}
