// Generated from schema/appflow-configuration.ts by `npm run generate:wire`. Do not edit: edit the schema and regenerate.
import {
  CONNECTOR_MODES,
  CONNECTOR_OPERATORS,
  DATA_TRANSFER_TYPES,
  OAUTH2_CONTENT_TYPES,
  OAUTH2_CUSTOM_PROP_TYPES,
  OAUTH2_GRANT_TYPES,
  OAUTH2_METHOD_TYPES,
  SETTING_DATA_TYPES,
  SETTING_SCOPES,
  TRIGGER_FREQUENCIES,
  TRIGGER_TYPES,
  WRITE_OPERATION_TYPES,
} from "../../../core/model/enums.js";

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
        enum: [...OAUTH2_CUSTOM_PROP_TYPES],
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
          enum: [...OAUTH2_GRANT_TYPES],
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
        enum: [...OAUTH2_CONTENT_TYPES],
      },
      oAuth2MethodType: {
        type: "string",
        enum: [...OAUTH2_METHOD_TYPES],
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
        enum: [...SETTING_DATA_TYPES],
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
        enum: [...SETTING_SCOPES],
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
          enum: [...CONNECTOR_MODES],
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
          enum: [...CONNECTOR_OPERATORS],
        },
      },
      triggerFrequenciesSupported: {
        type: "array",
        items: {
          type: "string",
          enum: [...TRIGGER_FREQUENCIES],
        },
      },
      supportedWriteOperations: {
        type: "array",
        items: {
          type: "string",
          enum: [...WRITE_OPERATION_TYPES],
        },
      },
      supportedTriggerTypes: {
        type: "array",
        items: {
          type: "string",
          enum: [...TRIGGER_TYPES],
        },
      },
      supportedDataTransferTypes: {
        type: "array",
        items: {
          type: "string",
          enum: [...DATA_TRANSFER_TYPES],
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
        enum: [...OAUTH2_CUSTOM_PROP_TYPES],
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
          enum: [...OAUTH2_GRANT_TYPES],
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
            enum: [...OAUTH2_CONTENT_TYPES],
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
            enum: [...OAUTH2_METHOD_TYPES],
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
        enum: [...SETTING_DATA_TYPES],
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
        enum: [...SETTING_SCOPES],
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
          enum: [...CONNECTOR_MODES],
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
          enum: [...CONNECTOR_OPERATORS],
        },
      },
      triggerFrequenciesSupported: {
        type: "array",
        items: {
          type: "string",
          enum: [...TRIGGER_FREQUENCIES],
        },
      },
      supportedWriteOperations: {
        type: "array",
        items: {
          type: "string",
          enum: [...WRITE_OPERATION_TYPES],
        },
      },
      supportedTriggerTypes: {
        type: "array",
        items: {
          type: "string",
          enum: [...TRIGGER_TYPES],
        },
      },
      supportedDataTransferTypes: {
        type: "array",
        items: {
          type: "string",
          enum: [...DATA_TRANSFER_TYPES],
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
