/**
 * A connector's configuration as DescribeConnectorConfiguration answers it, written once: the types
 * (`src/core/model/configuration.ts`), the codec (`src/hosts/appflow/wire/configuration-codec.ts`) and the JSON
 * Schemas (`configuration-json-schema.ts`) are generated from it by `npm run generate:wire`. The keywords are
 * those of appflow-entity.ts, and:
 * - `x-alias`: the key is also read under this second spelling (the two official SDKs spell it differently).
 * - `x-encode-default`: written when absent, though decoding leaves it null.
 */
import { type TSchema, Type } from "@sinclair/typebox";
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
} from "../src/core/model/enums.js";
import { enumOf, maybe } from "./appflow-entity.js";

const strings = Type.Array(Type.String());

/** A list that defaults, when absent, to every value AppFlow knows (or to `defaults`). */
function listOf(
  values: readonly string[],
  constant: string,
  typeName: string,
  defaults: readonly string[] = values,
) {
  return Type.Optional(
    Type.Array(enumOf(values, constant, typeName), { default: [...defaults], "x-model-required": true }),
  );
}

export const AuthParameter = Type.Object(
  {
    key: Type.String(),
    required: Type.Boolean(),
    label: Type.String(),
    description: Type.String(),
    sensitiveField: maybe(Type.Boolean(), { description: "Stored encrypted, never shown again." }),
    connectorSuppliedValues: maybe(strings),
  },
  {
    $id: "AuthParameter",
    description: "A parameter AppFlow asks the user for, for a custom authentication scheme.",
  },
);

export const CustomAuthConfig = Type.Object(
  {
    authenticationType: Type.String({ description: "Connector-defined name of the scheme." }),
    authParameters: Type.Array(Type.Ref("AuthParameter")),
  },
  { $id: "CustomAuthConfig", description: "A custom authentication scheme and the parameters it asks for." },
);

export const OAuth2CustomParameter = Type.Composite(
  [
    AuthParameter,
    Type.Object({
      type: enumOf(OAUTH2_CUSTOM_PROP_TYPES, "OAUTH2_CUSTOM_PROP_TYPES", "OAuth2CustomPropType"),
    }),
  ],
  {
    $id: "OAuth2CustomParameter",
    description: "A parameter of the token or authorization URL the user fills in.",
  },
);

export const OAuth2Defaults = Type.Object(
  {
    oAuthScopes: maybe(strings),
    tokenURL: Type.Array(Type.String(), {
      description: "Token endpoints; may contain `{{PLACEHOLDER}}`s the user fills in.",
    }),
    authURL: maybe(strings),
    oAuth2GrantTypesSupported: Type.Array(
      enumOf(OAUTH2_GRANT_TYPES, "OAUTH2_GRANT_TYPES", "OAuth2GrantType"),
    ),
    oauth2CustomProperties: maybe(Type.Array(Type.Ref("OAuth2CustomParameter")), {
      "x-alias": "oAuth2CustomProperties",
      description:
        "Spelled as the Java SDK spells it; the Python SDK's `oAuth2CustomProperties` is read too.",
    }),
    addBasicAuthHeader: maybe(Type.Boolean(), { default: false, description: "Default: `false`." }),
    oAuth2ContentType: maybe(enumOf(OAUTH2_CONTENT_TYPES, "OAUTH2_CONTENT_TYPES", "OAuth2ContentType"), {
      default: "URL_ENCODED",
      description: "Default: `URL_ENCODED`.",
    }),
    oAuth2MethodType: maybe(enumOf(OAUTH2_METHOD_TYPES, "OAUTH2_METHOD_TYPES", "OAuth2MethodType"), {
      default: "HTTP_POST",
      description: "Default: `HTTP_POST`.",
    }),
  },
  { $id: "OAuth2Defaults", description: "How AppFlow runs the OAuth 2.0 flows of the connector." },
);

const supported = (what: string) =>
  maybe(Type.Boolean(), {
    "x-encode-default": false,
    description: `${what} Written as \`false\` when absent.`,
  });

export const AuthenticationConfig = Type.Object(
  {
    isBasicAuthSupported: supported("Basic authentication."),
    isApiKeyAuthSupported: supported("API key authentication."),
    isOAuth2Supported: supported("OAuth 2.0."),
    isCustomAuthSupported: supported("Custom authentication schemes (`customAuthConfig`)."),
    oAuth2Defaults: maybe(Type.Ref("OAuth2Defaults")),
    customAuthConfig: maybe(Type.Array(Type.Ref("CustomAuthConfig"))),
  },
  { $id: "AuthenticationConfig", description: "The authentication schemes the connector supports." },
);

export const ConnectorRuntimeSetting = Type.Object(
  {
    key: Type.String(),
    dataType: enumOf(SETTING_DATA_TYPES, "SETTING_DATA_TYPES", "SettingDataType"),
    required: Type.Boolean(),
    label: Type.String(),
    description: Type.String(),
    scope: enumOf(SETTING_SCOPES, "SETTING_SCOPES", "SettingScope"),
    connectorSuppliedValueOptions: maybe(strings),
  },
  {
    $id: "ConnectorRuntimeSetting",
    description: "A setting the user gives the connector, and where it applies.",
  },
);

export const ConnectorConfiguration = Type.Object(
  {
    connectorOwner: Type.String(),
    connectorName: Type.String(),
    connectorVersion: Type.String(),
    connectorModes: Type.Array(enumOf(CONNECTOR_MODES, "CONNECTOR_MODES", "ConnectorMode")),
    authenticationConfig: maybe(Type.Ref("AuthenticationConfig"), { "x-model-required": true }),
    supportedApiVersions: strings,
    connectorRuntimeSetting: maybe(Type.Array(Type.Ref("ConnectorRuntimeSetting")), {
      "x-model-required": true,
    }),
    logoURL: maybe(Type.String(), { "x-model-required": true }),
    operatorsSupported: listOf(CONNECTOR_OPERATORS, "CONNECTOR_OPERATORS", "ConnectorOperator"),
    triggerFrequenciesSupported: listOf(TRIGGER_FREQUENCIES, "TRIGGER_FREQUENCIES", "TriggerFrequency"),
    supportedWriteOperations: listOf(WRITE_OPERATION_TYPES, "WRITE_OPERATION_TYPES", "WriteOperationType"),
    supportedTriggerTypes: listOf(TRIGGER_TYPES, "TRIGGER_TYPES", "TriggerType"),
    supportedDataTransferTypes: listOf(DATA_TRANSFER_TYPES, "DATA_TRANSFER_TYPES", "DataTransferType", [
      "RECORD",
    ]),
  },
  {
    $id: "ConnectorConfiguration",
    description: "The body of a DescribeConnectorConfiguration answer, without the success/error envelope.",
  },
);

/** Every definition, in the order the generated files list them. */
export const CONFIGURATION_MODEL: readonly TSchema[] = [
  AuthParameter,
  CustomAuthConfig,
  OAuth2CustomParameter,
  OAuth2Defaults,
  AuthenticationConfig,
  ConnectorRuntimeSetting,
  ConnectorConfiguration,
];
