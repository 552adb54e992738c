// Generated from schema/appflow-entity.ts by `npm run generate:wire`. Do not edit: edit the schema and regenerate.
import {
  CONNECTOR_OPERATORS,
  FIELD_DATA_TYPES,
  TIME_UNITS,
  WRITE_OPERATION_TYPES,
} from "../../../core/model/enums.js";

/** The definitions as the encoders write them (responses): every key present, defaults written out. */
export const ENTITY_MODEL_DEFS: Record<string, Record<string, unknown>> = {
  Entity: {
    type: "object",
    properties: {
      entityIdentifier: {
        type: "string",
      },
      hasNestedEntities: {
        type: "boolean",
      },
      isWritable: {
        type: "boolean",
      },
      label: {
        anyOf: [
          {
            type: "string",
          },
          {
            type: "null",
          },
        ],
      },
      description: {
        anyOf: [
          {
            type: "string",
          },
          {
            type: "null",
          },
        ],
      },
      customProperties: {
        anyOf: [
          {
            type: "object",
            additionalProperties: {
              type: "string",
            },
          },
          {
            type: "null",
          },
        ],
      },
    },
    required: [
      "entityIdentifier",
      "hasNestedEntities",
      "isWritable",
      "label",
      "description",
      "customProperties",
    ],
    additionalProperties: false,
  },
  RangeConstraint: {
    type: "object",
    properties: {
      minRange: {
        type: "number",
      },
      maxRange: {
        type: "number",
      },
    },
    required: ["minRange", "maxRange"],
    additionalProperties: false,
  },
  FieldConstraints: {
    type: "object",
    properties: {
      allowedLengthRange: {
        anyOf: [
          {
            $ref: "#/$defs/RangeConstraint",
          },
          {
            type: "null",
          },
        ],
      },
      allowedValueRange: {
        anyOf: [
          {
            $ref: "#/$defs/RangeConstraint",
          },
          {
            type: "null",
          },
        ],
      },
      allowedValues: {
        anyOf: [
          {
            type: "array",
            items: {
              type: "string",
            },
          },
          {
            type: "null",
          },
        ],
      },
      allowedValuesRegexPattern: {
        anyOf: [
          {
            type: "string",
          },
          {
            type: "null",
          },
        ],
      },
      allowedDateFormat: {
        anyOf: [
          {
            type: "string",
          },
          {
            type: "null",
          },
        ],
      },
    },
    required: [
      "allowedLengthRange",
      "allowedValueRange",
      "allowedValues",
      "allowedValuesRegexPattern",
      "allowedDateFormat",
    ],
    additionalProperties: false,
  },
  ReadOperationProperty: {
    type: "object",
    properties: {
      isRetrievable: {
        anyOf: [
          {
            type: "boolean",
          },
          {
            type: "null",
          },
        ],
      },
      isNullable: {
        anyOf: [
          {
            type: "boolean",
          },
          {
            type: "null",
          },
        ],
      },
      isQueryable: {
        anyOf: [
          {
            type: "boolean",
          },
          {
            type: "null",
          },
        ],
      },
      isTimestampFieldForIncrementalQueries: {
        anyOf: [
          {
            type: "boolean",
          },
          {
            type: "null",
          },
        ],
      },
    },
    required: ["isRetrievable", "isNullable", "isQueryable", "isTimestampFieldForIncrementalQueries"],
    additionalProperties: false,
  },
  WriteOperationProperty: {
    type: "object",
    properties: {
      isCreatable: {
        anyOf: [
          {
            type: "boolean",
          },
          {
            type: "null",
          },
        ],
      },
      isUpdatable: {
        anyOf: [
          {
            type: "boolean",
          },
          {
            type: "null",
          },
        ],
      },
      isNullable: {
        anyOf: [
          {
            type: "boolean",
          },
          {
            type: "null",
          },
        ],
      },
      isUpsertable: {
        anyOf: [
          {
            type: "boolean",
          },
          {
            type: "null",
          },
        ],
      },
      isDefaultedOnCreate: {
        anyOf: [
          {
            type: "boolean",
          },
          {
            type: "null",
          },
        ],
      },
      supportedWriteOperations: {
        anyOf: [
          {
            type: "array",
            items: {
              type: "string",
              enum: [...WRITE_OPERATION_TYPES],
            },
          },
          {
            type: "null",
          },
        ],
      },
    },
    required: [
      "isCreatable",
      "isUpdatable",
      "isNullable",
      "isUpsertable",
      "isDefaultedOnCreate",
      "supportedWriteOperations",
    ],
    additionalProperties: false,
  },
  FieldDefinition: {
    type: "object",
    properties: {
      fieldName: {
        type: "string",
      },
      dataType: {
        type: "string",
        enum: [...FIELD_DATA_TYPES],
      },
      dataTypeLabel: {
        type: "string",
      },
      label: {
        anyOf: [
          {
            type: "string",
          },
          {
            type: "null",
          },
        ],
      },
      description: {
        anyOf: [
          {
            type: "string",
          },
          {
            type: "null",
          },
        ],
      },
      isPrimaryKey: {
        anyOf: [
          {
            type: "boolean",
          },
          {
            type: "null",
          },
        ],
      },
      defaultValue: {
        anyOf: [
          {
            type: "string",
          },
          {
            type: "null",
          },
        ],
      },
      isDeprecated: {
        anyOf: [
          {
            type: "boolean",
          },
          {
            type: "null",
          },
        ],
      },
      constraints: {
        anyOf: [
          {
            $ref: "#/$defs/FieldConstraints",
          },
          {
            type: "null",
          },
        ],
      },
      readProperties: {
        anyOf: [
          {
            $ref: "#/$defs/ReadOperationProperty",
          },
          {
            type: "null",
          },
        ],
      },
      writeProperties: {
        anyOf: [
          {
            $ref: "#/$defs/WriteOperationProperty",
          },
          {
            type: "null",
          },
        ],
      },
      filterOperators: {
        type: "array",
        items: {
          type: "string",
          enum: [...CONNECTOR_OPERATORS],
        },
      },
      customProperties: {
        anyOf: [
          {
            type: "object",
            additionalProperties: {
              type: "string",
            },
          },
          {
            type: "null",
          },
        ],
      },
    },
    required: [
      "fieldName",
      "dataType",
      "dataTypeLabel",
      "label",
      "description",
      "isPrimaryKey",
      "defaultValue",
      "isDeprecated",
      "constraints",
      "readProperties",
      "writeProperties",
      "filterOperators",
      "customProperties",
    ],
    additionalProperties: false,
  },
  EntityDefinition: {
    type: "object",
    properties: {
      entity: {
        $ref: "#/$defs/Entity",
      },
      fields: {
        type: "array",
        items: {
          $ref: "#/$defs/FieldDefinition",
        },
      },
      customProperties: {
        anyOf: [
          {
            type: "object",
            additionalProperties: {
              type: "string",
            },
          },
          {
            type: "null",
          },
        ],
      },
    },
    required: ["entity", "fields", "customProperties"],
    additionalProperties: false,
  },
  CacheControl: {
    type: "object",
    properties: {
      timeToLive: {
        type: "number",
      },
      timeToLiveUnit: {
        anyOf: [
          {
            type: "string",
            enum: [...TIME_UNITS],
          },
          {
            type: "null",
          },
        ],
      },
    },
    required: ["timeToLive", "timeToLiveUnit"],
    additionalProperties: false,
  },
};

/** The definitions as the decoders accept them (requests): `…Input` names, optional keys may be absent. */
export const ENTITY_MODEL_INPUT_DEFS: Record<string, Record<string, unknown>> = {
  EntityInput: {
    type: "object",
    properties: {
      entityIdentifier: {
        type: "string",
      },
      hasNestedEntities: {
        anyOf: [
          {
            type: "boolean",
          },
          {
            type: "null",
          },
        ],
      },
      isWritable: {
        anyOf: [
          {
            type: "boolean",
          },
          {
            type: "null",
          },
        ],
      },
      label: {
        anyOf: [
          {
            type: "string",
          },
          {
            type: "null",
          },
        ],
      },
      description: {
        anyOf: [
          {
            type: "string",
          },
          {
            type: "null",
          },
        ],
      },
      customProperties: {
        anyOf: [
          {
            type: "object",
            additionalProperties: {
              type: ["string", "number", "boolean", "null"],
            },
          },
          {
            type: "null",
          },
        ],
      },
    },
    required: ["entityIdentifier"],
  },
  RangeConstraintInput: {
    type: "object",
    properties: {
      minRange: {
        type: "number",
      },
      maxRange: {
        type: "number",
      },
    },
    required: ["minRange", "maxRange"],
  },
  FieldConstraintsInput: {
    type: "object",
    properties: {
      allowedLengthRange: {
        anyOf: [
          {
            $ref: "#/$defs/RangeConstraintInput",
          },
          {
            type: "null",
          },
        ],
      },
      allowedValueRange: {
        anyOf: [
          {
            $ref: "#/$defs/RangeConstraintInput",
          },
          {
            type: "null",
          },
        ],
      },
      allowedValues: {
        anyOf: [
          {
            type: "array",
            items: {
              type: "string",
            },
          },
          {
            type: "null",
          },
        ],
      },
      allowedValuesRegexPattern: {
        anyOf: [
          {
            type: "string",
          },
          {
            type: "null",
          },
        ],
      },
      allowedDateFormat: {
        anyOf: [
          {
            type: "string",
          },
          {
            type: "null",
          },
        ],
      },
    },
    required: [],
  },
  ReadOperationPropertyInput: {
    type: "object",
    properties: {
      isRetrievable: {
        anyOf: [
          {
            type: "boolean",
          },
          {
            type: "null",
          },
        ],
      },
      isNullable: {
        anyOf: [
          {
            type: "boolean",
          },
          {
            type: "null",
          },
        ],
      },
      isQueryable: {
        anyOf: [
          {
            type: "boolean",
          },
          {
            type: "null",
          },
        ],
      },
      isTimestampFieldForIncrementalQueries: {
        anyOf: [
          {
            type: "boolean",
          },
          {
            type: "null",
          },
        ],
      },
    },
    required: [],
  },
  WriteOperationPropertyInput: {
    type: "object",
    properties: {
      isCreatable: {
        anyOf: [
          {
            type: "boolean",
          },
          {
            type: "null",
          },
        ],
      },
      isUpdatable: {
        anyOf: [
          {
            type: "boolean",
          },
          {
            type: "null",
          },
        ],
      },
      isNullable: {
        anyOf: [
          {
            type: "boolean",
          },
          {
            type: "null",
          },
        ],
      },
      isUpsertable: {
        anyOf: [
          {
            type: "boolean",
          },
          {
            type: "null",
          },
        ],
      },
      isDefaultedOnCreate: {
        anyOf: [
          {
            type: "boolean",
          },
          {
            type: "null",
          },
        ],
      },
      supportedWriteOperations: {
        anyOf: [
          {
            type: "array",
            items: {
              type: "string",
              enum: [...WRITE_OPERATION_TYPES],
            },
          },
          {
            type: "null",
          },
        ],
      },
    },
    required: [],
  },
  FieldDefinitionInput: {
    type: "object",
    properties: {
      fieldName: {
        type: "string",
      },
      dataType: {
        type: "string",
        enum: [...FIELD_DATA_TYPES],
      },
      dataTypeLabel: {
        anyOf: [
          {
            type: "string",
          },
          {
            type: "null",
          },
        ],
      },
      label: {
        anyOf: [
          {
            type: "string",
          },
          {
            type: "null",
          },
        ],
      },
      description: {
        anyOf: [
          {
            type: "string",
          },
          {
            type: "null",
          },
        ],
      },
      isPrimaryKey: {
        anyOf: [
          {
            type: "boolean",
          },
          {
            type: "null",
          },
        ],
      },
      defaultValue: {
        anyOf: [
          {
            type: "string",
          },
          {
            type: "null",
          },
        ],
      },
      isDeprecated: {
        anyOf: [
          {
            type: "boolean",
          },
          {
            type: "null",
          },
        ],
      },
      constraints: {
        anyOf: [
          {
            $ref: "#/$defs/FieldConstraintsInput",
          },
          {
            type: "null",
          },
        ],
      },
      readProperties: {
        anyOf: [
          {
            $ref: "#/$defs/ReadOperationPropertyInput",
          },
          {
            type: "null",
          },
        ],
      },
      writeProperties: {
        anyOf: [
          {
            $ref: "#/$defs/WriteOperationPropertyInput",
          },
          {
            type: "null",
          },
        ],
      },
      filterOperators: {
        anyOf: [
          {
            type: "array",
            items: {
              type: "string",
              enum: [...CONNECTOR_OPERATORS],
            },
          },
          {
            type: "null",
          },
        ],
      },
      customProperties: {
        anyOf: [
          {
            type: "object",
            additionalProperties: {
              type: ["string", "number", "boolean", "null"],
            },
          },
          {
            type: "null",
          },
        ],
      },
    },
    required: ["fieldName", "dataType"],
  },
  EntityDefinitionInput: {
    type: "object",
    properties: {
      entity: {
        $ref: "#/$defs/EntityInput",
      },
      fields: {
        anyOf: [
          {
            type: "array",
            items: {
              $ref: "#/$defs/FieldDefinitionInput",
            },
          },
          {
            type: "null",
          },
        ],
      },
      customProperties: {
        anyOf: [
          {
            type: "object",
            additionalProperties: {
              type: ["string", "number", "boolean", "null"],
            },
          },
          {
            type: "null",
          },
        ],
      },
    },
    required: ["entity"],
  },
  CacheControlInput: {
    type: "object",
    properties: {
      timeToLive: {
        type: "number",
      },
      timeToLiveUnit: {
        anyOf: [
          {
            type: "string",
            enum: [...TIME_UNITS],
          },
          {
            type: "null",
          },
        ],
      },
    },
    required: ["timeToLive"],
  },
};
