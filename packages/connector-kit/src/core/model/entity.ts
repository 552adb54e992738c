// Generated from schema/appflow-entity.ts by `npm run generate:wire`. Do not edit: edit the schema and regenerate.
import type { ConnectorOperator, FieldDataType, TimeUnit, WriteOperationType } from "./enums.js";

/** One node of the entity tree returned by ListEntities. */
export interface Entity {
  /** Identifier used in later requests (an id, a name, a path…). */
  entityIdentifier: string;
  /** True for a category the user can drill into (ListEntities with this identifier as `entitiesPath`). */
  hasNestedEntities: boolean;
  /** False excludes the entity when the connector is a destination. Default: `true`. */
  isWritable?: boolean | null;
  /** Display label. Default: the identifier is shown. */
  label?: string | null;
  description?: string | null;
  /** Properties of the connector's own, passed through by AppFlow. */
  customProperties?: Record<string, string> | null;
}

/** Inclusive numeric range. JSON numbers, so values beyond double precision are not exact. */
export interface RangeConstraint {
  minRange: number;
  maxRange: number;
}

/** What values a field accepts. */
export interface FieldConstraints {
  allowedLengthRange?: RangeConstraint | null;
  allowedValueRange?: RangeConstraint | null;
  allowedValues?: string[] | null;
  allowedValuesRegexPattern?: string | null;
  allowedDateFormat?: string | null;
}

/** Source-side properties of a field. */
export interface ReadOperationProperty {
  /** Can be selected and returned. */
  isRetrievable?: boolean | null;
  /** May be null at the source. */
  isNullable?: boolean | null;
  /** Usable in filter expressions. */
  isQueryable?: boolean | null;
  /** Usable as the timestamp of incremental pulls (Date and DateTime fields only). */
  isTimestampFieldForIncrementalQueries?: boolean | null;
}

/** Destination-side properties of a field. */
export interface WriteOperationProperty {
  isCreatable?: boolean | null;
  isUpdatable?: boolean | null;
  isNullable?: boolean | null;
  isUpsertable?: boolean | null;
  isDefaultedOnCreate?: boolean | null;
  /** Operations for which this field may appear in `idFieldNames`. */
  supportedWriteOperations?: WriteOperationType[] | null;
}

/** One field of an entity. */
export interface FieldDefinition {
  fieldName: string;
  dataType: FieldDataType;
  /** Application-specific type label. Default: the `dataType` name. */
  dataTypeLabel?: string | null;
  label?: string | null;
  description?: string | null;
  isPrimaryKey?: boolean | null;
  defaultValue?: string | null;
  isDeprecated?: boolean | null;
  constraints?: FieldConstraints | null;
  readProperties?: ReadOperationProperty | null;
  writeProperties?: WriteOperationProperty | null;
  /** Operators AppFlow may use on this field. Default: `DEFAULT_FILTER_OPERATORS[dataType]`. */
  filterOperators?: ConnectorOperator[] | null;
  /** Properties of the connector's own, passed through by AppFlow. */
  customProperties?: Record<string, string> | null;
}

/** An entity and its fields, as DescribeEntity answers; AppFlow sends it back with every data request. */
export interface EntityDefinition {
  entity: Entity;
  fields: FieldDefinition[];
  /** Properties of the connector's own, passed through by AppFlow. */
  customProperties?: Record<string, string> | null;
}

/** How long AppFlow may cache a metadata answer. AppFlow's default is 1 hour; its minimum 600 seconds. */
export interface CacheControl {
  timeToLive: number;
  timeToLiveUnit?: TimeUnit | null;
}
