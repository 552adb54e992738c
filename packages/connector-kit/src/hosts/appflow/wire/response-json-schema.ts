// Generated from schema/appflow-responses.ts by `npm run generate:wire`. Do not edit: edit the schema and regenerate.
import { ERROR_CODES } from "../../../core/errors/error-code.js";

/** The definitions as the encoders write them (responses): every key present, defaults written out. */
export const RESPONSE_MODEL_DEFS: Record<string, Record<string, unknown>> = {
  ErrorDetails: {
    type: "object",
    properties: {
      errorCode: {
        type: "string",
        enum: [...ERROR_CODES],
      },
      errorMessage: {
        type: "string",
      },
      retryAfterSeconds: {
        anyOf: [
          {
            type: "integer",
            minimum: 0,
            maximum: 9007199254740991,
          },
          {
            type: "null",
          },
        ],
      },
    },
    required: ["errorCode", "errorMessage", "retryAfterSeconds"],
    additionalProperties: false,
  },
  WriteRecordResult: {
    type: "object",
    properties: {
      isSuccess: {
        type: "boolean",
      },
      recordId: {
        anyOf: [
          {
            type: "string",
          },
          {
            type: "null",
          },
        ],
      },
      errorMessage: {
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
    required: ["isSuccess", "recordId", "errorMessage"],
    additionalProperties: false,
  },
  ResponseEnvelope: {
    type: "object",
    properties: {
      isSuccess: {
        type: "boolean",
      },
      errorDetails: {
        anyOf: [
          {
            $ref: "#/$defs/ErrorDetails",
          },
          {
            type: "null",
          },
        ],
      },
    },
    required: ["isSuccess", "errorDetails"],
    additionalProperties: false,
  },
  ValidateCredentialsResponse: {
    type: "object",
    properties: {
      isSuccess: {
        type: "boolean",
      },
      errorDetails: {
        anyOf: [
          {
            $ref: "#/$defs/ErrorDetails",
          },
          {
            type: "null",
          },
        ],
      },
    },
    required: ["isSuccess", "errorDetails"],
    additionalProperties: false,
  },
  ValidateConnectorRuntimeSettingsResponse: {
    type: "object",
    properties: {
      isSuccess: {
        type: "boolean",
      },
      errorsByInputField: {
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
      errorDetails: {
        anyOf: [
          {
            $ref: "#/$defs/ErrorDetails",
          },
          {
            type: "null",
          },
        ],
      },
    },
    required: ["isSuccess", "errorsByInputField", "errorDetails"],
    additionalProperties: false,
  },
  ListEntitiesResponse: {
    type: "object",
    properties: {
      isSuccess: {
        type: "boolean",
      },
      errorDetails: {
        anyOf: [
          {
            $ref: "#/$defs/ErrorDetails",
          },
          {
            type: "null",
          },
        ],
      },
      entities: {
        anyOf: [
          {
            type: "array",
            items: {
              $ref: "#/$defs/Entity",
            },
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
      cacheControl: {
        anyOf: [
          {
            $ref: "#/$defs/CacheControl",
          },
          {
            type: "null",
          },
        ],
      },
    },
    required: ["isSuccess", "errorDetails", "entities", "nextToken", "cacheControl"],
    additionalProperties: false,
  },
  DescribeEntityResponse: {
    type: "object",
    properties: {
      isSuccess: {
        type: "boolean",
      },
      errorDetails: {
        anyOf: [
          {
            $ref: "#/$defs/ErrorDetails",
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
      cacheControl: {
        anyOf: [
          {
            $ref: "#/$defs/CacheControl",
          },
          {
            type: "null",
          },
        ],
      },
    },
    required: ["isSuccess", "errorDetails", "entityDefinition", "cacheControl"],
    additionalProperties: false,
  },
  RetrieveDataResponse: {
    type: "object",
    properties: {
      isSuccess: {
        type: "boolean",
      },
      errorDetails: {
        anyOf: [
          {
            $ref: "#/$defs/ErrorDetails",
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
    },
    required: ["isSuccess", "errorDetails", "records"],
    additionalProperties: false,
  },
  WriteDataResponse: {
    type: "object",
    properties: {
      isSuccess: {
        type: "boolean",
      },
      errorDetails: {
        anyOf: [
          {
            $ref: "#/$defs/ErrorDetails",
          },
          {
            type: "null",
          },
        ],
      },
      writeRecordResults: {
        anyOf: [
          {
            type: "array",
            items: {
              $ref: "#/$defs/WriteRecordResult",
            },
          },
          {
            type: "null",
          },
        ],
      },
    },
    required: ["isSuccess", "errorDetails", "writeRecordResults"],
    additionalProperties: false,
  },
  QueryDataResponse: {
    type: "object",
    properties: {
      isSuccess: {
        type: "boolean",
      },
      errorDetails: {
        anyOf: [
          {
            $ref: "#/$defs/ErrorDetails",
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
    },
    required: ["isSuccess", "errorDetails", "nextToken", "records"],
    additionalProperties: false,
  },
};

/** The definitions as the decoders accept them (requests): `…Input` names, optional keys may be absent. */
export const RESPONSE_MODEL_INPUT_DEFS: Record<string, Record<string, unknown>> = {
  ErrorDetailsInput: {
    type: "object",
    properties: {
      errorCode: {
        type: "string",
        enum: [...ERROR_CODES],
      },
      errorMessage: {
        type: "string",
      },
      retryAfterSeconds: {
        anyOf: [
          {
            type: "integer",
            minimum: 0,
            maximum: 9007199254740991,
          },
          {
            type: "null",
          },
        ],
      },
    },
    required: ["errorCode", "errorMessage"],
  },
  WriteRecordResultInput: {
    type: "object",
    properties: {
      isSuccess: {
        type: "boolean",
      },
      recordId: {
        anyOf: [
          {
            type: "string",
          },
          {
            type: "null",
          },
        ],
      },
      errorMessage: {
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
    required: ["isSuccess"],
  },
  ResponseEnvelopeInput: {
    type: "object",
    properties: {
      isSuccess: {
        type: "boolean",
      },
      errorDetails: {
        anyOf: [
          {
            $ref: "#/$defs/ErrorDetailsInput",
          },
          {
            type: "null",
          },
        ],
      },
    },
    required: ["isSuccess"],
  },
  ValidateCredentialsResponseInput: {
    type: "object",
    properties: {
      isSuccess: {
        type: "boolean",
      },
      errorDetails: {
        anyOf: [
          {
            $ref: "#/$defs/ErrorDetailsInput",
          },
          {
            type: "null",
          },
        ],
      },
    },
    required: ["isSuccess"],
  },
  ValidateConnectorRuntimeSettingsResponseInput: {
    type: "object",
    properties: {
      isSuccess: {
        type: "boolean",
      },
      errorsByInputField: {
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
      errorDetails: {
        anyOf: [
          {
            $ref: "#/$defs/ErrorDetailsInput",
          },
          {
            type: "null",
          },
        ],
      },
    },
    required: ["isSuccess"],
  },
  ListEntitiesResponseInput: {
    type: "object",
    properties: {
      isSuccess: {
        type: "boolean",
      },
      errorDetails: {
        anyOf: [
          {
            $ref: "#/$defs/ErrorDetailsInput",
          },
          {
            type: "null",
          },
        ],
      },
      entities: {
        anyOf: [
          {
            type: "array",
            items: {
              $ref: "#/$defs/EntityInput",
            },
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
      cacheControl: {
        anyOf: [
          {
            $ref: "#/$defs/CacheControlInput",
          },
          {
            type: "null",
          },
        ],
      },
    },
    required: ["isSuccess"],
  },
  DescribeEntityResponseInput: {
    type: "object",
    properties: {
      isSuccess: {
        type: "boolean",
      },
      errorDetails: {
        anyOf: [
          {
            $ref: "#/$defs/ErrorDetailsInput",
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
      cacheControl: {
        anyOf: [
          {
            $ref: "#/$defs/CacheControlInput",
          },
          {
            type: "null",
          },
        ],
      },
    },
    required: ["isSuccess"],
  },
  RetrieveDataResponseInput: {
    type: "object",
    properties: {
      isSuccess: {
        type: "boolean",
      },
      errorDetails: {
        anyOf: [
          {
            $ref: "#/$defs/ErrorDetailsInput",
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
    },
    required: ["isSuccess"],
  },
  WriteDataResponseInput: {
    type: "object",
    properties: {
      isSuccess: {
        type: "boolean",
      },
      errorDetails: {
        anyOf: [
          {
            $ref: "#/$defs/ErrorDetailsInput",
          },
          {
            type: "null",
          },
        ],
      },
      writeRecordResults: {
        anyOf: [
          {
            type: "array",
            items: {
              $ref: "#/$defs/WriteRecordResultInput",
            },
          },
          {
            type: "null",
          },
        ],
      },
    },
    required: ["isSuccess"],
  },
  QueryDataResponseInput: {
    type: "object",
    properties: {
      isSuccess: {
        type: "boolean",
      },
      errorDetails: {
        anyOf: [
          {
            $ref: "#/$defs/ErrorDetailsInput",
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
    },
    required: ["isSuccess"],
  },
};
