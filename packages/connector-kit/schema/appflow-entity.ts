/**
 * The AppFlow entity model, written once: the TypeScript types (`src/core/model/entity.ts`), the decoders and
 * encoders (`src/hosts/appflow/wire/entity-codec.ts`) and the JSON Schemas (`entity-json-schema.ts` beside
 * them) are generated from these definitions by `npm run generate:wire`. Edit here, then regenerate; a test
 * fails while the generated files differ from what this file gives.
 *
 * Keywords beyond JSON Schema (read by the generator, ignored by validators):
 * - `x-enum` / `x-type`: the constant in `core/model/enums.ts` that holds a union's values, and its type.
 * - `x-model-required`: the key is optional on the wire (its `default` fills it) but required in the type.
 * - `x-default-from`: absent or null, the key takes the value of the named sibling key.
 * - `x-encode-default-by`: absent or null when encoded, the key is looked up by a sibling key in a table of
 *   `core/model/filter-operators.ts`.
 * - `x-lenient-strings`: a string map whose numbers and booleans are taken as their text (as the Java SDK does).
 * - `x-fast`: the definition is decoded on every call; a value already in the model's form is checked without
 *   building key paths and handed on as it is, anything else goes through the exact decoder.
 */
import { type TSchema, Type } from "@sinclair/typebox";
import {
  CONNECTOR_OPERATORS,
  FIELD_DATA_TYPES,
  TIME_UNITS,
  WRITE_OPERATION_TYPES,
} from "../src/core/model/enums.js";

/** A union of string literals taken from a constant of `core/model/enums.ts`. */
export function enumOf(values: readonly string[], constant: string, typeName: string): TSchema {
  return Type.Union(
    values.map((v) => Type.Literal(v)),
    { "x-enum": constant, "x-type": typeName },
  );
}

/** An optional key that may also be null (both official SDKs write null for "no value"). */
export const maybe = <T extends TSchema>(schema: T, options: Record<string, unknown> = {}) =>
  Type.Optional(Type.Union([schema, Type.Null()], options));

const customProperties = maybe(
  Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]), {
    "x-lenient-strings": true,
  }),
  { description: "Properties of the connector's own, passed through by AppFlow." },
);

export const Entity = Type.Object(
  {
    entityIdentifier: Type.String({
      description: "Identifier used in later requests (an id, a name, a path…).",
    }),
    hasNestedEntities: maybe(Type.Boolean(), {
      default: false,
      "x-model-required": true,
      description:
        "True for a category the user can drill into (ListEntities with this identifier as `entitiesPath`).",
    }),
    isWritable: maybe(Type.Boolean(), {
      default: true,
      description: "False excludes the entity when the connector is a destination. Default: `true`.",
    }),
    label: maybe(Type.String(), { description: "Display label. Default: the identifier is shown." }),
    description: maybe(Type.String()),
    customProperties,
  },
  { $id: "Entity", description: "One node of the entity tree returned by ListEntities." },
);

export const RangeConstraint = Type.Object(
  { minRange: Type.Number(), maxRange: Type.Number() },
  {
    $id: "RangeConstraint",
    description: "Inclusive numeric range. JSON numbers, so values beyond double precision are not exact.",
  },
);

export const FieldConstraints = Type.Object(
  {
    allowedLengthRange: maybe(Type.Ref("RangeConstraint")),
    allowedValueRange: maybe(Type.Ref("RangeConstraint")),
    allowedValues: maybe(Type.Array(Type.String())),
    allowedValuesRegexPattern: maybe(Type.String()),
    allowedDateFormat: maybe(Type.String()),
  },
  { $id: "FieldConstraints", description: "What values a field accepts." },
);

export const ReadOperationProperty = Type.Object(
  {
    isRetrievable: maybe(Type.Boolean(), { description: "Can be selected and returned." }),
    isNullable: maybe(Type.Boolean(), { description: "May be null at the source." }),
    isQueryable: maybe(Type.Boolean(), { description: "Usable in filter expressions." }),
    isTimestampFieldForIncrementalQueries: maybe(Type.Boolean(), {
      description: "Usable as the timestamp of incremental pulls (Date and DateTime fields only).",
    }),
  },
  { $id: "ReadOperationProperty", description: "Source-side properties of a field." },
);

export const WriteOperationProperty = Type.Object(
  {
    isCreatable: maybe(Type.Boolean()),
    isUpdatable: maybe(Type.Boolean()),
    isNullable: maybe(Type.Boolean()),
    isUpsertable: maybe(Type.Boolean()),
    isDefaultedOnCreate: maybe(Type.Boolean()),
    supportedWriteOperations: maybe(
      Type.Array(enumOf(WRITE_OPERATION_TYPES, "WRITE_OPERATION_TYPES", "WriteOperationType")),
      { description: "Operations for which this field may appear in `idFieldNames`." },
    ),
  },
  { $id: "WriteOperationProperty", description: "Destination-side properties of a field." },
);

export const FieldDefinition = Type.Object(
  {
    fieldName: Type.String(),
    dataType: enumOf(FIELD_DATA_TYPES, "FIELD_DATA_TYPES", "FieldDataType"),
    dataTypeLabel: maybe(Type.String(), {
      "x-default-from": "dataType",
      description: "Application-specific type label. Default: the `dataType` name.",
    }),
    label: maybe(Type.String()),
    description: maybe(Type.String()),
    isPrimaryKey: maybe(Type.Boolean()),
    defaultValue: maybe(Type.String()),
    isDeprecated: maybe(Type.Boolean()),
    constraints: maybe(Type.Ref("FieldConstraints")),
    readProperties: maybe(Type.Ref("ReadOperationProperty")),
    writeProperties: maybe(Type.Ref("WriteOperationProperty")),
    filterOperators: maybe(
      Type.Array(enumOf(CONNECTOR_OPERATORS, "CONNECTOR_OPERATORS", "ConnectorOperator")),
      {
        "x-encode-default-by": { key: "dataType", table: "DEFAULT_FILTER_OPERATORS" },
        description:
          "Operators AppFlow may use on this field. Default: `DEFAULT_FILTER_OPERATORS[dataType]`.",
      },
    ),
    customProperties,
  },
  { $id: "FieldDefinition", description: "One field of an entity." },
);

export const EntityDefinition = Type.Object(
  {
    entity: Type.Ref("Entity"),
    fields: maybe(Type.Array(Type.Ref("FieldDefinition")), { default: [], "x-model-required": true }),
    customProperties,
  },
  {
    $id: "EntityDefinition",
    "x-fast": true,
    description:
      "An entity and its fields, as DescribeEntity answers; AppFlow sends it back with every data request.",
  },
);

export const CacheControl = Type.Object(
  {
    timeToLive: Type.Number(),
    timeToLiveUnit: maybe(enumOf(TIME_UNITS, "TIME_UNITS", "TimeUnit")),
  },
  {
    $id: "CacheControl",
    description:
      "How long AppFlow may cache a metadata answer. AppFlow's default is 1 hour; its minimum 600 seconds.",
  },
);

/** Every definition, in the order the generated files list them. */
export const ENTITY_MODEL = [
  Entity,
  RangeConstraint,
  FieldConstraints,
  ReadOperationProperty,
  WriteOperationProperty,
  FieldDefinition,
  EntityDefinition,
  CacheControl,
] as const;
