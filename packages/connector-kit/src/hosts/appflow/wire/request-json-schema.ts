// Generated from schema/appflow-requests.ts by `npm run generate:wire`. Do not edit: edit the schema and regenerate.
import { SETTING_SCOPES, WRITE_OPERATION_TYPES } from "../../../core/model/enums.js";

/** The definitions as the encoders write them (responses): every key present, defaults written out. */
export const REQUEST_MODEL_DEFS: Record<string, Record<string, unknown>> = {
  CredentialsRef: {
    type: "object",
    properties: {
      secretArn: {
        anyOf: [
          {
            type: "string",
          },
          {
            type: "null",
          },
        ],
      },
      authenticationType: {
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
    required: ["secretArn", "authenticationType"],
    additionalProperties: false,
  },
  RequestContext: {
    type: "object",
    properties: {
      apiVersion: {
        anyOf: [
          {
            type: "string",
          },
          {
            type: "null",
          },
        ],
      },
      connectorRuntimeSettings: {
        type: "object",
        additionalProperties: {
          type: "string",
        },
      },
      credentials: {
        anyOf: [
          {
            $ref: "#/$defs/CredentialsRef",
          },
          {
            type: "null",
          },
        ],
      },
      entityDefinition: {
        anyOf: [
          {
            $ref: "#/$defs/EntityDefinition",
          },
          {
            type: "null",
          },
        ],
      },
      flowName: {
        anyOf: [
          {
            type: "string",
          },
          {
            type: "null",
          },
        ],
      },
      executionId: {
        anyOf: [
          {
            type: "string",
          },
          {
            type: "null",
          },
        ],
      },
      connectorProfileLabel: {
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
      "apiVersion",
      "connectorRuntimeSettings",
      "credentials",
      "entityDefinition",
      "flowName",
      "executionId",
      "connectorProfileLabel",
    ],
    additionalProperties: false,
  },
  DescribeConnectorConfigurationRequest: {
    type: "object",
    properties: {
      type: {
        const: "DescribeConnectorConfigurationRequest",
      },
      locale: {
        type: "string",
      },
      connectorLabel: {
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
    required: ["type", "locale", "connectorLabel"],
    additionalProperties: false,
  },
  ValidateCredentialsRequest: {
    type: "object",
    properties: {
      type: {
        const: "ValidateCredentialsRequest",
      },
      credentials: {
        $ref: "#/$defs/CredentialsRef",
      },
      connectorRuntimeSettings: {
        type: "object",
        additionalProperties: {
          type: "string",
        },
      },
    },
    required: ["type", "credentials", "connectorRuntimeSettings"],
    additionalProperties: false,
  },
  ValidateConnectorRuntimeSettingsRequest: {
    type: "object",
    properties: {
      type: {
        const: "ValidateConnectorRuntimeSettingsRequest",
      },
      scope: {
        type: "string",
        enum: [...SETTING_SCOPES],
      },
      connectorRuntimeSettings: {
        type: "object",
        additionalProperties: {
          type: "string",
        },
      },
      authenticationType: {
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
    required: ["type", "scope", "connectorRuntimeSettings", "authenticationType"],
    additionalProperties: false,
  },
  ListEntitiesRequest: {
    type: "object",
    properties: {
      type: {
        const: "ListEntitiesRequest",
      },
      connectorContext: {
        $ref: "#/$defs/RequestContext",
      },
      entitiesPath: {
        anyOf: [
          {
            type: "string",
          },
          {
            type: "null",
          },
        ],
      },
      nextToken: {
        anyOf: [
          {
            type: "string",
          },
          {
            type: "null",
          },
        ],
      },
      maxResult: {
        type: "integer",
        minimum: 1,
        maximum: 9007199254740991,
      },
    },
    required: ["type", "connectorContext", "entitiesPath", "nextToken", "maxResult"],
    additionalProperties: false,
  },
  DescribeEntityRequest: {
    type: "object",
    properties: {
      type: {
        const: "DescribeEntityRequest",
      },
      entityIdentifier: {
        type: "string",
      },
      connectorContext: {
        $ref: "#/$defs/RequestContext",
      },
    },
    required: ["type", "entityIdentifier", "connectorContext"],
    additionalProperties: false,
  },
  RetrieveDataRequest: {
    type: "object",
    properties: {
      type: {
        const: "RetrieveDataRequest",
      },
      entityIdentifier: {
        type: "string",
      },
      connectorContext: {
        $ref: "#/$defs/RequestContext",
      },
      selectedFieldNames: {
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
      idFieldName: {
        anyOf: [
          {
            type: "string",
          },
          {
            type: "null",
          },
        ],
      },
      ids: {
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
    },
    required: ["type", "entityIdentifier", "connectorContext", "selectedFieldNames", "idFieldName", "ids"],
    additionalProperties: false,
  },
  WriteDataRequest: {
    type: "object",
    properties: {
      type: {
        const: "WriteDataRequest",
      },
      entityIdentifier: {
        type: "string",
      },
      connectorContext: {
        $ref: "#/$defs/RequestContext",
      },
      operation: {
        anyOf: [
          {
            type: "string",
            enum: [...WRITE_OPERATION_TYPES],
          },
          {
            type: "null",
          },
        ],
      },
      idFieldNames: {
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
      records: {
        type: "array",
        items: {
          type: "string",
        },
      },
      allOrNone: {
        type: "boolean",
      },
    },
    required: [
      "type",
      "entityIdentifier",
      "connectorContext",
      "operation",
      "idFieldNames",
      "records",
      "allOrNone",
    ],
    additionalProperties: false,
  },
  QueryDataRequest: {
    type: "object",
    properties: {
      type: {
        const: "QueryDataRequest",
      },
      entityIdentifier: {
        type: "string",
      },
      connectorContext: {
        $ref: "#/$defs/RequestContext",
      },
      selectedFieldNames: {
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
      filterExpression: {
        anyOf: [
          {
            type: "string",
          },
          {
            type: "null",
          },
        ],
      },
      nextToken: {
        anyOf: [
          {
            type: "string",
          },
          {
            type: "null",
          },
        ],
      },
      maxResults: {
        type: "integer",
        minimum: 1,
        maximum: 9007199254740991,
      },
    },
    required: [
      "type",
      "entityIdentifier",
      "connectorContext",
      "selectedFieldNames",
      "filterExpression",
      "nextToken",
      "maxResults",
    ],
    additionalProperties: false,
  },
};

/** The definitions as the decoders accept them (requests): `…Input` names, optional keys may be absent. */
export const REQUEST_MODEL_INPUT_DEFS: Record<string, Record<string, unknown>> = {
  CredentialsRefInput: {
    type: "object",
    properties: {
      secretArn: {
        anyOf: [
          {
            type: "string",
          },
          {
            type: "null",
          },
        ],
      },
      authenticationType: {
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
  RequestContextInput: {
    type: "object",
    properties: {
      apiVersion: {
        anyOf: [
          {
            type: "string",
          },
          {
            type: "null",
          },
        ],
      },
      connectorRuntimeSettings: {
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
      credentials: {
        anyOf: [
          {
            $ref: "#/$defs/CredentialsRefInput",
          },
          {
            type: "null",
          },
        ],
      },
      entityDefinition: {
        anyOf: [
          {
            $ref: "#/$defs/EntityDefinitionInput",
          },
          {
            type: "null",
          },
        ],
      },
      flowName: {
        anyOf: [
          {
            type: "string",
          },
          {
            type: "null",
          },
        ],
      },
      executionId: {
        anyOf: [
          {
            type: "string",
          },
          {
            type: "null",
          },
        ],
      },
      connectorProfileLabel: {
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
  DescribeConnectorConfigurationRequestInput: {
    type: "object",
    properties: {
      type: {
        const: "DescribeConnectorConfigurationRequest",
      },
      locale: {
        anyOf: [
          {
            type: "string",
          },
          {
            type: "null",
          },
        ],
      },
      connectorLabel: {
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
    required: ["type"],
  },
  ValidateCredentialsRequestInput: {
    type: "object",
    properties: {
      type: {
        const: "ValidateCredentialsRequest",
      },
      credentials: {
        $ref: "#/$defs/CredentialsRefInput",
      },
      connectorRuntimeSettings: {
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
    required: ["type", "credentials"],
  },
  ValidateConnectorRuntimeSettingsRequestInput: {
    type: "object",
    properties: {
      type: {
        const: "ValidateConnectorRuntimeSettingsRequest",
      },
      scope: {
        type: "string",
        enum: [...SETTING_SCOPES],
      },
      connectorRuntimeSettings: {
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
      authenticationType: {
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
    required: ["type", "scope"],
  },
  ListEntitiesRequestInput: {
    type: "object",
    properties: {
      type: {
        const: "ListEntitiesRequest",
      },
      connectorContext: {
        $ref: "#/$defs/RequestContextInput",
      },
      entitiesPath: {
        anyOf: [
          {
            type: "string",
          },
          {
            type: "null",
          },
        ],
      },
      nextToken: {
        anyOf: [
          {
            type: "string",
          },
          {
            type: "null",
          },
        ],
      },
      maxResult: {
        anyOf: [
          {
            type: "integer",
            minimum: 1,
            maximum: 9007199254740991,
          },
          {
            type: "null",
          },
        ],
      },
    },
    required: ["type", "connectorContext"],
  },
  DescribeEntityRequestInput: {
    type: "object",
    properties: {
      type: {
        const: "DescribeEntityRequest",
      },
      entityIdentifier: {
        type: "string",
      },
      connectorContext: {
        $ref: "#/$defs/RequestContextInput",
      },
    },
    required: ["type", "entityIdentifier", "connectorContext"],
  },
  RetrieveDataRequestInput: {
    type: "object",
    properties: {
      type: {
        const: "RetrieveDataRequest",
      },
      entityIdentifier: {
        type: "string",
      },
      connectorContext: {
        $ref: "#/$defs/RequestContextInput",
      },
      selectedFieldNames: {
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
      idFieldName: {
        anyOf: [
          {
            type: "string",
          },
          {
            type: "null",
          },
        ],
      },
      ids: {
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
    },
    required: ["type", "entityIdentifier", "connectorContext"],
  },
  WriteDataRequestInput: {
    type: "object",
    properties: {
      type: {
        const: "WriteDataRequest",
      },
      entityIdentifier: {
        type: "string",
      },
      connectorContext: {
        $ref: "#/$defs/RequestContextInput",
      },
      operation: {
        anyOf: [
          {
            type: "string",
            enum: [...WRITE_OPERATION_TYPES],
          },
          {
            type: "null",
          },
        ],
      },
      idFieldNames: {
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
      records: {
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
      allOrNone: {
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
    required: ["type", "entityIdentifier", "connectorContext"],
  },
  QueryDataRequestInput: {
    type: "object",
    properties: {
      type: {
        const: "QueryDataRequest",
      },
      entityIdentifier: {
        type: "string",
      },
      connectorContext: {
        $ref: "#/$defs/RequestContextInput",
      },
      selectedFieldNames: {
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
      filterExpression: {
        anyOf: [
          {
            type: "string",
          },
          {
            type: "null",
          },
        ],
      },
      nextToken: {
        anyOf: [
          {
            type: "string",
          },
          {
            type: "null",
          },
        ],
      },
      maxResults: {
        anyOf: [
          {
            type: "integer",
            minimum: 1,
            maximum: 9007199254740991,
          },
          {
            type: "null",
          },
        ],
      },
    },
    required: ["type", "entityIdentifier", "connectorContext"],
  },
};
