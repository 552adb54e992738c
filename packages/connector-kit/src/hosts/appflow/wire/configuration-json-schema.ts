// Generated from schema/appflow-configuration.ts by `npm run generate:wire`. Do not edit: edit the schema and regenerate.

/** The definitions as the encoders write them (responses): every key present, defaults written out. */
export const CONFIGURATION_MODEL_DEFS: Record<string, Record<string, unknown>> = {
  AuthParameter: {
    type: "object",
    properties: {
      key: {
        type: "string",
      },
      required: {
        type: "boolean",
      },
      label: {
        type: "string",
      },
      description: {
        type: "string",
      },
      sensitiveField: {
        anyOf: [
          {
            type: "boolean",
          },
          {
            type: "null",
          },
        ],
      },
      connectorSuppliedValues: {
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
    required: ["key", "required", "label", "description", "sensitiveField", "connectorSuppliedValues"],
    additionalProperties: false,
  },
  CustomAuthConfig: {
    type: "object",
    properties: {
      authenticationType: {
        type: "string",
      },
      authParameters: {
        type: "array",
        items: {
          $ref: "#/$defs/AuthParameter",
        },
      },
    },
    required: ["authenticationType", "authParameters"],
    additionalProperties: false,
  },
  OAuth2CustomParameter: {
    type: "object",
    properties: {
      key: {
        type: "string",
      },
      required: {
        type: "boolean",
      },
      label: {
        type: "string",
      },
      description: {
        type: "string",
      },
      sensitiveField: {
        anyOf: [
          {
            type: "boolean",
          },
          {
            type: "null",
          },
        ],
      },
      connectorSuppliedValues: {
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
      type: {
        type: "string",
        enum: ["TOKEN_URL", "AUTH_URL"],
      },
    },
    required: [
      "key",
      "required",
      "label",
      "description",
      "sensitiveField",
      "connectorSuppliedValues",
      "type",
    ],
    additionalProperties: false,
  },
  OAuth2Defaults: {
    type: "object",
    properties: {
      oAuthScopes: {
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
      tokenURL: {
        type: "array",
        items: {
          type: "string",
        },
      },
      authURL: {
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
      oAuth2GrantTypesSupported: {
        type: "array",
        items: {
          type: "string",
          enum: ["CLIENT_CREDENTIALS", "AUTHORIZATION_CODE"],
        },
      },
      oauth2CustomProperties: {
        anyOf: [
          {
            type: "array",
            items: {
              $ref: "#/$defs/OAuth2CustomParameter",
            },
          },
          {
            type: "null",
          },
        ],
      },
      addBasicAuthHeader: {
        type: "boolean",
      },
      oAuth2ContentType: {
        type: "string",
        enum: ["URL_ENCODED", "APPLICATION_JSON"],
      },
      oAuth2MethodType: {
        type: "string",
        enum: ["HTTP_POST", "HTTP_GET"],
      },
    },
    required: [
      "oAuthScopes",
      "tokenURL",
      "authURL",
      "oAuth2GrantTypesSupported",
      "oauth2CustomProperties",
      "addBasicAuthHeader",
      "oAuth2ContentType",
      "oAuth2MethodType",
    ],
    additionalProperties: false,
  },
  AuthenticationConfig: {
    type: "object",
    properties: {
      isBasicAuthSupported: {
        type: "boolean",
      },
      isApiKeyAuthSupported: {
        type: "boolean",
      },
      isOAuth2Supported: {
        type: "boolean",
      },
      isCustomAuthSupported: {
        type: "boolean",
      },
      oAuth2Defaults: {
        anyOf: [
          {
            $ref: "#/$defs/OAuth2Defaults",
          },
          {
            type: "null",
          },
        ],
      },
      customAuthConfig: {
        anyOf: [
          {
            type: "array",
            items: {
              $ref: "#/$defs/CustomAuthConfig",
            },
          },
          {
            type: "null",
          },
        ],
      },
    },
    required: [
      "isBasicAuthSupported",
      "isApiKeyAuthSupported",
      "isOAuth2Supported",
      "isCustomAuthSupported",
      "oAuth2Defaults",
      "customAuthConfig",
    ],
    additionalProperties: false,
  },
  ConnectorRuntimeSetting: {
    type: "object",
    properties: {
      key: {
        type: "string",
      },
      dataType: {
        type: "string",
        enum: ["String", "Date", "DateTime", "Long", "Integer", "Boolean", "Url"],
      },
      required: {
        type: "boolean",
      },
      label: {
        type: "string",
      },
      description: {
        type: "string",
      },
      scope: {
        type: "string",
        enum: ["CONNECTOR_PROFILE", "SOURCE", "DESTINATION", "SOURCE_AND_DESTINATION"],
      },
      connectorSuppliedValueOptions: {
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
    required: [
      "key",
      "dataType",
      "required",
      "label",
      "description",
      "scope",
      "connectorSuppliedValueOptions",
    ],
    additionalProperties: false,
  },
  ConnectorConfiguration: {
    type: "object",
    properties: {
      connectorOwner: {
        type: "string",
      },
      connectorName: {
        type: "string",
      },
      connectorVersion: {
        type: "string",
      },
      connectorModes: {
        type: "array",
        items: {
          type: "string",
          enum: ["SOURCE", "DESTINATION"],
        },
      },
      authenticationConfig: {
        anyOf: [
          {
            $ref: "#/$defs/AuthenticationConfig",
          },
          {
            type: "null",
          },
        ],
      },
      supportedApiVersions: {
        type: "array",
        items: {
          type: "string",
        },
      },
      connectorRuntimeSetting: {
        anyOf: [
          {
            type: "array",
            items: {
              $ref: "#/$defs/ConnectorRuntimeSetting",
            },
          },
          {
            type: "null",
          },
        ],
      },
      logoURL: {
        anyOf: [
          {
            type: "string",
          },
          {
            type: "null",
          },
        ],
      },
      operatorsSupported: {
        type: "array",
        items: {
          type: "string",
          enum: [
            "PROJECTION",
            "LESS_THAN",
            "GREATER_THAN",
            "BETWEEN",
            "LESS_THAN_OR_EQUAL_TO",
            "GREATER_THAN_OR_EQUAL_TO",
            "EQUAL_TO",
            "CONTAINS",
            "NOT_EQUAL_TO",
            "ADDITION",
            "SUBTRACTION",
            "MULTIPLICATION",
            "DIVISION",
            "MASK_ALL",
            "MASK_FIRST_N",
            "MASK_LAST_N",
            "VALIDATE_NON_NULL",
            "VALIDATE_NON_ZERO",
            "VALIDATE_NON_NEGATIVE",
            "VALIDATE_NUMERIC",
            "NO_OP",
          ],
        },
      },
      triggerFrequenciesSupported: {
        type: "array",
        items: {
          type: "string",
          enum: ["BYMINUTE", "HOURLY", "DAILY", "WEEKLY", "MONTHLY", "ONCE"],
        },
      },
      supportedWriteOperations: {
        type: "array",
        items: {
          type: "string",
          enum: ["INSERT", "UPDATE", "UPSERT", "DELETE"],
        },
      },
      supportedTriggerTypes: {
        type: "array",
        items: {
          type: "string",
          enum: ["SCHEDULED", "ONDEMAND"],
        },
      },
      supportedDataTransferTypes: {
        type: "array",
        items: {
          type: "string",
          enum: ["RECORD", "FILE"],
        },
      },
    },
    required: [
      "connectorOwner",
      "connectorName",
      "connectorVersion",
      "connectorModes",
      "authenticationConfig",
      "supportedApiVersions",
      "connectorRuntimeSetting",
      "logoURL",
      "operatorsSupported",
      "triggerFrequenciesSupported",
      "supportedWriteOperations",
      "supportedTriggerTypes",
      "supportedDataTransferTypes",
    ],
    additionalProperties: false,
  },
};

/** The definitions as the decoders accept them (requests): `…Input` names, optional keys may be absent. */
export const CONFIGURATION_MODEL_INPUT_DEFS: Record<string, Record<string, unknown>> = {
  AuthParameterInput: {
    type: "object",
    properties: {
      key: {
        type: "string",
      },
      required: {
        type: "boolean",
      },
      label: {
        type: "string",
      },
      description: {
        type: "string",
      },
      sensitiveField: {
        anyOf: [
          {
            type: "boolean",
          },
          {
            type: "null",
          },
        ],
      },
      connectorSuppliedValues: {
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
    required: ["key", "required", "label", "description"],
  },
  CustomAuthConfigInput: {
    type: "object",
    properties: {
      authenticationType: {
        type: "string",
      },
      authParameters: {
        type: "array",
        items: {
          $ref: "#/$defs/AuthParameterInput",
        },
      },
    },
    required: ["authenticationType", "authParameters"],
  },
  OAuth2CustomParameterInput: {
    type: "object",
    properties: {
      key: {
        type: "string",
      },
      required: {
        type: "boolean",
      },
      label: {
        type: "string",
      },
      description: {
        type: "string",
      },
      sensitiveField: {
        anyOf: [
          {
            type: "boolean",
          },
          {
            type: "null",
          },
        ],
      },
      connectorSuppliedValues: {
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
      type: {
        type: "string",
        enum: ["TOKEN_URL", "AUTH_URL"],
      },
    },
    required: ["key", "required", "label", "description", "type"],
  },
  OAuth2DefaultsInput: {
    type: "object",
    properties: {
      oAuthScopes: {
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
      tokenURL: {
        type: "array",
        items: {
          type: "string",
        },
      },
      authURL: {
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
      oAuth2GrantTypesSupported: {
        type: "array",
        items: {
          type: "string",
          enum: ["CLIENT_CREDENTIALS", "AUTHORIZATION_CODE"],
        },
      },
      oauth2CustomProperties: {
        anyOf: [
          {
            type: "array",
            items: {
              $ref: "#/$defs/OAuth2CustomParameterInput",
            },
          },
          {
            type: "null",
          },
        ],
      },
      addBasicAuthHeader: {
        anyOf: [
          {
            type: "boolean",
          },
          {
            type: "null",
          },
        ],
      },
      oAuth2ContentType: {
        anyOf: [
          {
            type: "string",
            enum: ["URL_ENCODED", "APPLICATION_JSON"],
          },
          {
            type: "null",
          },
        ],
      },
      oAuth2MethodType: {
        anyOf: [
          {
            type: "string",
            enum: ["HTTP_POST", "HTTP_GET"],
          },
          {
            type: "null",
          },
        ],
      },
    },
    required: ["tokenURL", "oAuth2GrantTypesSupported"],
  },
  AuthenticationConfigInput: {
    type: "object",
    properties: {
      isBasicAuthSupported: {
        anyOf: [
          {
            type: "boolean",
          },
          {
            type: "null",
          },
        ],
      },
      isApiKeyAuthSupported: {
        anyOf: [
          {
            type: "boolean",
          },
          {
            type: "null",
          },
        ],
      },
      isOAuth2Supported: {
        anyOf: [
          {
            type: "boolean",
          },
          {
            type: "null",
          },
        ],
      },
      isCustomAuthSupported: {
        anyOf: [
          {
            type: "boolean",
          },
          {
            type: "null",
          },
        ],
      },
      oAuth2Defaults: {
        anyOf: [
          {
            $ref: "#/$defs/OAuth2DefaultsInput",
          },
          {
            type: "null",
          },
        ],
      },
      customAuthConfig: {
        anyOf: [
          {
            type: "array",
            items: {
              $ref: "#/$defs/CustomAuthConfigInput",
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
  ConnectorRuntimeSettingInput: {
    type: "object",
    properties: {
      key: {
        type: "string",
      },
      dataType: {
        type: "string",
        enum: ["String", "Date", "DateTime", "Long", "Integer", "Boolean", "Url"],
      },
      required: {
        type: "boolean",
      },
      label: {
        type: "string",
      },
      description: {
        type: "string",
      },
      scope: {
        type: "string",
        enum: ["CONNECTOR_PROFILE", "SOURCE", "DESTINATION", "SOURCE_AND_DESTINATION"],
      },
      connectorSuppliedValueOptions: {
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
    required: ["key", "dataType", "required", "label", "description", "scope"],
  },
  ConnectorConfigurationInput: {
    type: "object",
    properties: {
      connectorOwner: {
        type: "string",
      },
      connectorName: {
        type: "string",
      },
      connectorVersion: {
        type: "string",
      },
      connectorModes: {
        type: "array",
        items: {
          type: "string",
          enum: ["SOURCE", "DESTINATION"],
        },
      },
      authenticationConfig: {
        anyOf: [
          {
            $ref: "#/$defs/AuthenticationConfigInput",
          },
          {
            type: "null",
          },
        ],
      },
      supportedApiVersions: {
        type: "array",
        items: {
          type: "string",
        },
      },
      connectorRuntimeSetting: {
        anyOf: [
          {
            type: "array",
            items: {
              $ref: "#/$defs/ConnectorRuntimeSettingInput",
            },
          },
          {
            type: "null",
          },
        ],
      },
      logoURL: {
        anyOf: [
          {
            type: "string",
          },
          {
            type: "null",
          },
        ],
      },
      operatorsSupported: {
        type: "array",
        items: {
          type: "string",
          enum: [
            "PROJECTION",
            "LESS_THAN",
            "GREATER_THAN",
            "BETWEEN",
            "LESS_THAN_OR_EQUAL_TO",
            "GREATER_THAN_OR_EQUAL_TO",
            "EQUAL_TO",
            "CONTAINS",
            "NOT_EQUAL_TO",
            "ADDITION",
            "SUBTRACTION",
            "MULTIPLICATION",
            "DIVISION",
            "MASK_ALL",
            "MASK_FIRST_N",
            "MASK_LAST_N",
            "VALIDATE_NON_NULL",
            "VALIDATE_NON_ZERO",
            "VALIDATE_NON_NEGATIVE",
            "VALIDATE_NUMERIC",
            "NO_OP",
          ],
        },
      },
      triggerFrequenciesSupported: {
        type: "array",
        items: {
          type: "string",
          enum: ["BYMINUTE", "HOURLY", "DAILY", "WEEKLY", "MONTHLY", "ONCE"],
        },
      },
      supportedWriteOperations: {
        type: "array",
        items: {
          type: "string",
          enum: ["INSERT", "UPDATE", "UPSERT", "DELETE"],
        },
      },
      supportedTriggerTypes: {
        type: "array",
        items: {
          type: "string",
          enum: ["SCHEDULED", "ONDEMAND"],
        },
      },
      supportedDataTransferTypes: {
        type: "array",
        items: {
          type: "string",
          enum: ["RECORD", "FILE"],
        },
      },
    },
    required: [
      "connectorOwner",
      "connectorName",
      "connectorVersion",
      "connectorModes",
      "supportedApiVersions",
    ],
  },
};
