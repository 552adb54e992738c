// Generated from schema/appflow-entity.ts by `npm run generate:wire`. Do not edit: edit the schema and regenerate.
import type {
  CacheControl,
  Entity,
  EntityDefinition,
  FieldConstraints,
  FieldDefinition,
  RangeConstraint,
  ReadOperationProperty,
  WriteOperationProperty,
} from "../../../core/model/entity.js";
import {
  CONNECTOR_OPERATORS,
  FIELD_DATA_TYPES,
  TIME_UNITS,
  WRITE_OPERATION_TYPES,
} from "../../../core/model/enums.js";
import { DEFAULT_FILTER_OPERATORS } from "../../../core/model/filter-operators.js";
import {
  type Decoder,
  fastThenExact,
  type JsonObject,
  object,
  oneOf,
  optional,
  optionalArrayOf,
  optionalBoolean,
  optionalString,
  optionalStringArray,
  optionalStringMap,
  pathOf,
  requiredNumber,
  string,
} from "./decoder.js";
import { EnumArrays, EnumValues, isArrayOf, isObject, isString, isStringRecord } from "./fast-checks.js";

/*
 * Decoders (an InvalidArgument naming the key path of the first bad value; defaults filled) and encoders
 * (every key in the official Python SDK's order, null where there is no value, the defaults the Java SDK
 * materializes written out), so decode → encode is stable.
 */

const optionalRangeConstraint = optional(decodeRangeConstraint);
const oneOfWriteOperationTypes = oneOf(WRITE_OPERATION_TYPES);
const oneOfFieldDataTypes = oneOf(FIELD_DATA_TYPES);
const optionalFieldConstraints = optional(decodeFieldConstraints);
const optionalReadOperationProperty = optional(decodeReadOperationProperty);
const optionalWriteOperationProperty = optional(decodeWriteOperationProperty);
const oneOfConnectorOperators = oneOf(CONNECTOR_OPERATORS);
const oneOfTimeUnits = oneOf(TIME_UNITS);
const optionalOneOfTimeUnits = optional(oneOfTimeUnits);
const listsOfWriteOperationTypes = new EnumArrays(WRITE_OPERATION_TYPES);
const valuesOfFieldDataTypes = new EnumValues(FIELD_DATA_TYPES);
const listsOfConnectorOperators = new EnumArrays(CONNECTOR_OPERATORS);

/** Decodes `Entity` at `parent.key`: an InvalidArgument names the key path of the first bad value. */
export function decodeEntity(value: unknown, parent: string, key?: string): Entity {
  const path = pathOf(parent, key);
  const o = object(value, path);
  return {
    entityIdentifier: string(o["entityIdentifier"], path, "entityIdentifier"),
    hasNestedEntities: optionalBoolean(o["hasNestedEntities"], path, "hasNestedEntities") ?? false,
    isWritable: optionalBoolean(o["isWritable"], path, "isWritable") ?? true,
    label: optionalString(o["label"], path, "label"),
    description: optionalString(o["description"], path, "description"),
    customProperties: optionalStringMap(o["customProperties"], path, "customProperties"),
  };
}

/** Encodes `Entity`: every key in order, defaults written out, null where there is no value. */
export function encodeEntity(value: Entity): JsonObject {
  return {
    entityIdentifier: value.entityIdentifier,
    hasNestedEntities: value.hasNestedEntities ?? false,
    isWritable: value.isWritable ?? true,
    label: value.label ?? null,
    description: value.description ?? null,
    customProperties: value.customProperties ?? null,
  };
}

/** Decodes `RangeConstraint` at `parent.key`: an InvalidArgument names the key path of the first bad value. */
export function decodeRangeConstraint(value: unknown, parent: string, key?: string): RangeConstraint {
  const path = pathOf(parent, key);
  const o = object(value, path);
  return {
    minRange: requiredNumber(o["minRange"], path, "minRange"),
    maxRange: requiredNumber(o["maxRange"], path, "maxRange"),
  };
}

/** Encodes `RangeConstraint`: every key in order, defaults written out, null where there is no value. */
export function encodeRangeConstraint(value: RangeConstraint): JsonObject {
  return {
    minRange: value.minRange,
    maxRange: value.maxRange,
  };
}

/** Decodes `FieldConstraints` at `parent.key`: an InvalidArgument names the key path of the first bad value. */
export function decodeFieldConstraints(value: unknown, parent: string, key?: string): FieldConstraints {
  const path = pathOf(parent, key);
  const o = object(value, path);
  return {
    allowedLengthRange: optionalRangeConstraint(o["allowedLengthRange"], path, "allowedLengthRange"),
    allowedValueRange: optionalRangeConstraint(o["allowedValueRange"], path, "allowedValueRange"),
    allowedValues: optionalStringArray(o["allowedValues"], path, "allowedValues"),
    allowedValuesRegexPattern: optionalString(
      o["allowedValuesRegexPattern"],
      path,
      "allowedValuesRegexPattern",
    ),
    allowedDateFormat: optionalString(o["allowedDateFormat"], path, "allowedDateFormat"),
  };
}

/** Encodes `FieldConstraints`: every key in order, defaults written out, null where there is no value. */
export function encodeFieldConstraints(value: FieldConstraints): JsonObject {
  return {
    allowedLengthRange: value.allowedLengthRange ? encodeRangeConstraint(value.allowedLengthRange) : null,
    allowedValueRange: value.allowedValueRange ? encodeRangeConstraint(value.allowedValueRange) : null,
    allowedValues: value.allowedValues ?? null,
    allowedValuesRegexPattern: value.allowedValuesRegexPattern ?? null,
    allowedDateFormat: value.allowedDateFormat ?? null,
  };
}

/** Decodes `ReadOperationProperty` at `parent.key`: an InvalidArgument names the key path of the first bad value. */
export function decodeReadOperationProperty(
  value: unknown,
  parent: string,
  key?: string,
): ReadOperationProperty {
  const path = pathOf(parent, key);
  const o = object(value, path);
  return {
    isRetrievable: optionalBoolean(o["isRetrievable"], path, "isRetrievable"),
    isNullable: optionalBoolean(o["isNullable"], path, "isNullable"),
    isQueryable: optionalBoolean(o["isQueryable"], path, "isQueryable"),
    isTimestampFieldForIncrementalQueries: optionalBoolean(
      o["isTimestampFieldForIncrementalQueries"],
      path,
      "isTimestampFieldForIncrementalQueries",
    ),
  };
}

/** Encodes `ReadOperationProperty`: every key in order, defaults written out, null where there is no value. */
export function encodeReadOperationProperty(value: ReadOperationProperty): JsonObject {
  return {
    isRetrievable: value.isRetrievable ?? null,
    isNullable: value.isNullable ?? null,
    isQueryable: value.isQueryable ?? null,
    isTimestampFieldForIncrementalQueries: value.isTimestampFieldForIncrementalQueries ?? null,
  };
}

/** Decodes `WriteOperationProperty` at `parent.key`: an InvalidArgument names the key path of the first bad value. */
export function decodeWriteOperationProperty(
  value: unknown,
  parent: string,
  key?: string,
): WriteOperationProperty {
  const path = pathOf(parent, key);
  const o = object(value, path);
  return {
    isCreatable: optionalBoolean(o["isCreatable"], path, "isCreatable"),
    isUpdatable: optionalBoolean(o["isUpdatable"], path, "isUpdatable"),
    isNullable: optionalBoolean(o["isNullable"], path, "isNullable"),
    isUpsertable: optionalBoolean(o["isUpsertable"], path, "isUpsertable"),
    isDefaultedOnCreate: optionalBoolean(o["isDefaultedOnCreate"], path, "isDefaultedOnCreate"),
    supportedWriteOperations: optionalArrayOf(
      o["supportedWriteOperations"],
      path,
      oneOfWriteOperationTypes,
      "supportedWriteOperations",
    ),
  };
}

/** Encodes `WriteOperationProperty`: every key in order, defaults written out, null where there is no value. */
export function encodeWriteOperationProperty(value: WriteOperationProperty): JsonObject {
  return {
    isCreatable: value.isCreatable ?? null,
    isUpdatable: value.isUpdatable ?? null,
    isNullable: value.isNullable ?? null,
    isUpsertable: value.isUpsertable ?? null,
    isDefaultedOnCreate: value.isDefaultedOnCreate ?? null,
    supportedWriteOperations: value.supportedWriteOperations ?? null,
  };
}

/** Decodes `FieldDefinition` at `parent.key`: an InvalidArgument names the key path of the first bad value. */
export function decodeFieldDefinition(value: unknown, parent: string, key?: string): FieldDefinition {
  const path = pathOf(parent, key);
  const o = object(value, path);
  const dataTypeValue = oneOfFieldDataTypes(o["dataType"], path, "dataType");
  return {
    fieldName: string(o["fieldName"], path, "fieldName"),
    dataType: dataTypeValue,
    dataTypeLabel: optionalString(o["dataTypeLabel"], path, "dataTypeLabel") ?? dataTypeValue,
    label: optionalString(o["label"], path, "label"),
    description: optionalString(o["description"], path, "description"),
    isPrimaryKey: optionalBoolean(o["isPrimaryKey"], path, "isPrimaryKey"),
    defaultValue: optionalString(o["defaultValue"], path, "defaultValue"),
    isDeprecated: optionalBoolean(o["isDeprecated"], path, "isDeprecated"),
    constraints: optionalFieldConstraints(o["constraints"], path, "constraints"),
    readProperties: optionalReadOperationProperty(o["readProperties"], path, "readProperties"),
    writeProperties: optionalWriteOperationProperty(o["writeProperties"], path, "writeProperties"),
    filterOperators: optionalArrayOf(o["filterOperators"], path, oneOfConnectorOperators, "filterOperators"),
    customProperties: optionalStringMap(o["customProperties"], path, "customProperties"),
  };
}

/** Encodes `FieldDefinition`: every key in order, defaults written out, null where there is no value. */
export function encodeFieldDefinition(value: FieldDefinition): JsonObject {
  return {
    fieldName: value.fieldName,
    dataType: value.dataType,
    dataTypeLabel: value.dataTypeLabel ?? value.dataType,
    label: value.label ?? null,
    description: value.description ?? null,
    isPrimaryKey: value.isPrimaryKey ?? null,
    defaultValue: value.defaultValue ?? null,
    isDeprecated: value.isDeprecated ?? null,
    constraints: value.constraints ? encodeFieldConstraints(value.constraints) : null,
    readProperties: value.readProperties ? encodeReadOperationProperty(value.readProperties) : null,
    writeProperties: value.writeProperties ? encodeWriteOperationProperty(value.writeProperties) : null,
    filterOperators: value.filterOperators ?? DEFAULT_FILTER_OPERATORS[value.dataType],
    customProperties: value.customProperties ?? null,
  };
}

function decodeEntityDefinitionExactly(value: unknown, parent: string, key?: string): EntityDefinition {
  const path = pathOf(parent, key);
  const o = object(value, path);
  return {
    entity: decodeEntity(o["entity"], path, "entity"),
    fields: optionalArrayOf(o["fields"], path, decodeFieldDefinition, "fields") ?? [],
    customProperties: optionalStringMap(o["customProperties"], path, "customProperties"),
  };
}

/** Encodes `EntityDefinition`: every key in order, defaults written out, null where there is no value. */
export function encodeEntityDefinition(value: EntityDefinition): JsonObject {
  return {
    entity: encodeEntity(value.entity),
    fields: value.fields.map(encodeFieldDefinition),
    customProperties: value.customProperties ?? null,
  };
}

/** Decodes `CacheControl` at `parent.key`: an InvalidArgument names the key path of the first bad value. */
export function decodeCacheControl(value: unknown, parent: string, key?: string): CacheControl {
  const path = pathOf(parent, key);
  const o = object(value, path);
  return {
    timeToLive: requiredNumber(o["timeToLive"], path, "timeToLive"),
    timeToLiveUnit: optionalOneOfTimeUnits(o["timeToLiveUnit"], path, "timeToLiveUnit"),
  };
}

/** Encodes `CacheControl`: every key in order, defaults written out, null where there is no value. */
export function encodeCacheControl(value: CacheControl): JsonObject {
  return {
    timeToLive: value.timeToLive,
    timeToLiveUnit: value.timeToLiveUnit ?? null,
  };
}

function isEntity(value: unknown): value is Entity {
  if (!isObject(value)) return false;
  let v: unknown;
  v = value["entityIdentifier"];
  if (typeof v !== "string") return false;
  v = value["hasNestedEntities"];
  if (typeof v !== "boolean") return false;
  v = value["isWritable"];
  if (v !== undefined && v !== null && typeof v !== "boolean") return false;
  v = value["label"];
  if (v !== undefined && v !== null && typeof v !== "string") return false;
  v = value["description"];
  if (v !== undefined && v !== null && typeof v !== "string") return false;
  v = value["customProperties"];
  if (v !== undefined && v !== null && !isStringRecord(v)) return false;
  return true;
}

function isRangeConstraint(value: unknown): value is RangeConstraint {
  if (!isObject(value)) return false;
  let v: unknown;
  v = value["minRange"];
  if (!Number.isFinite(v)) return false;
  v = value["maxRange"];
  if (!Number.isFinite(v)) return false;
  return true;
}

function isFieldConstraints(value: unknown): value is FieldConstraints {
  if (!isObject(value)) return false;
  let v: unknown;
  v = value["allowedLengthRange"];
  if (v !== undefined && v !== null && !isRangeConstraint(v)) return false;
  v = value["allowedValueRange"];
  if (v !== undefined && v !== null && !isRangeConstraint(v)) return false;
  v = value["allowedValues"];
  if (v !== undefined && v !== null && !isArrayOf(v, isString)) return false;
  v = value["allowedValuesRegexPattern"];
  if (v !== undefined && v !== null && typeof v !== "string") return false;
  v = value["allowedDateFormat"];
  if (v !== undefined && v !== null && typeof v !== "string") return false;
  return true;
}

function isReadOperationProperty(value: unknown): value is ReadOperationProperty {
  if (!isObject(value)) return false;
  let v: unknown;
  v = value["isRetrievable"];
  if (v !== undefined && v !== null && typeof v !== "boolean") return false;
  v = value["isNullable"];
  if (v !== undefined && v !== null && typeof v !== "boolean") return false;
  v = value["isQueryable"];
  if (v !== undefined && v !== null && typeof v !== "boolean") return false;
  v = value["isTimestampFieldForIncrementalQueries"];
  if (v !== undefined && v !== null && typeof v !== "boolean") return false;
  return true;
}

function isWriteOperationProperty(value: unknown): value is WriteOperationProperty {
  if (!isObject(value)) return false;
  let v: unknown;
  v = value["isCreatable"];
  if (v !== undefined && v !== null && typeof v !== "boolean") return false;
  v = value["isUpdatable"];
  if (v !== undefined && v !== null && typeof v !== "boolean") return false;
  v = value["isNullable"];
  if (v !== undefined && v !== null && typeof v !== "boolean") return false;
  v = value["isUpsertable"];
  if (v !== undefined && v !== null && typeof v !== "boolean") return false;
  v = value["isDefaultedOnCreate"];
  if (v !== undefined && v !== null && typeof v !== "boolean") return false;
  v = value["supportedWriteOperations"];
  if (!listsOfWriteOperationTypes.accepts(v)) return false;
  return true;
}

function isFieldDefinition(value: unknown): value is FieldDefinition {
  if (!isObject(value)) return false;
  let v: unknown;
  v = value["fieldName"];
  if (typeof v !== "string") return false;
  v = value["dataType"];
  if (!valuesOfFieldDataTypes.has(v)) return false;
  v = value["dataTypeLabel"];
  if (v !== undefined && v !== null && typeof v !== "string") return false;
  v = value["label"];
  if (v !== undefined && v !== null && typeof v !== "string") return false;
  v = value["description"];
  if (v !== undefined && v !== null && typeof v !== "string") return false;
  v = value["isPrimaryKey"];
  if (v !== undefined && v !== null && typeof v !== "boolean") return false;
  v = value["defaultValue"];
  if (v !== undefined && v !== null && typeof v !== "string") return false;
  v = value["isDeprecated"];
  if (v !== undefined && v !== null && typeof v !== "boolean") return false;
  v = value["constraints"];
  if (v !== undefined && v !== null && !isFieldConstraints(v)) return false;
  v = value["readProperties"];
  if (v !== undefined && v !== null && !isReadOperationProperty(v)) return false;
  v = value["writeProperties"];
  if (v !== undefined && v !== null && !isWriteOperationProperty(v)) return false;
  v = value["filterOperators"];
  if (!listsOfConnectorOperators.accepts(v)) return false;
  v = value["customProperties"];
  if (v !== undefined && v !== null && !isStringRecord(v)) return false;
  return true;
}

function isEntityDefinition(value: unknown): value is EntityDefinition {
  if (!isObject(value)) return false;
  let v: unknown;
  v = value["entity"];
  if (!isEntity(v)) return false;
  v = value["fields"];
  if (!isArrayOf(v, isFieldDefinition)) return false;
  v = value["customProperties"];
  if (v !== undefined && v !== null && !isStringRecord(v)) return false;
  return true;
}

/** The decoder that names the key path of any error (the fast path's fallback). */
export const exactEntityDefinition: Decoder<EntityDefinition> = fastThenExact(decodeEntityDefinitionExactly);

/**
 * Decodes EntityDefinition: a value already in the model's form is checked without building key paths and
 * handed on as it is (absent keys stay absent); anything else goes through the exact decoder.
 */
export const decodeEntityDefinition: Decoder<EntityDefinition> = (value, path, key) =>
  isEntityDefinition(value) ? value : exactEntityDefinition(value, path, key);
