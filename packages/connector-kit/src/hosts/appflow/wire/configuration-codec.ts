// Generated from schema/appflow-configuration.ts by `npm run generate:wire`. Do not edit: edit the schema and regenerate.
import type {
  AuthenticationConfig,
  AuthParameter,
  ConnectorConfiguration,
  ConnectorRuntimeSetting,
  CustomAuthConfig,
  OAuth2CustomParameter,
  OAuth2Defaults,
} from "../../../core/model/configuration.js";
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
import {
  arrayOf,
  type JsonObject,
  object,
  oneOf,
  optional,
  optionalArrayOf,
  optionalBoolean,
  optionalString,
  optionalStringArray,
  pathOf,
  requiredBoolean,
  string,
  stringArray,
} from "./decoder.js";

/*
 * Decoders (an InvalidArgument naming the key path of the first bad value; defaults filled) and encoders
 * (every key in the official Python SDK's order, null where there is no value, the defaults the Java SDK
 * materializes written out), so decode → encode is stable.
 */

const oneOfOauth2CustomPropTypes = oneOf(OAUTH2_CUSTOM_PROP_TYPES);
const oneOfOauth2GrantTypes = oneOf(OAUTH2_GRANT_TYPES);
const oneOfOauth2ContentTypes = oneOf(OAUTH2_CONTENT_TYPES);
const optionalOneOfOauth2ContentTypes = optional(oneOfOauth2ContentTypes);
const oneOfOauth2MethodTypes = oneOf(OAUTH2_METHOD_TYPES);
const optionalOneOfOauth2MethodTypes = optional(oneOfOauth2MethodTypes);
const optionalOAuth2Defaults = optional(decodeOAuth2Defaults);
const oneOfSettingDataTypes = oneOf(SETTING_DATA_TYPES);
const oneOfSettingScopes = oneOf(SETTING_SCOPES);
const oneOfConnectorModes = oneOf(CONNECTOR_MODES);
const optionalAuthenticationConfig = optional(decodeAuthenticationConfig);
const oneOfConnectorOperators = oneOf(CONNECTOR_OPERATORS);
const oneOfTriggerFrequencies = oneOf(TRIGGER_FREQUENCIES);
const oneOfWriteOperationTypes = oneOf(WRITE_OPERATION_TYPES);
const oneOfTriggerTypes = oneOf(TRIGGER_TYPES);
const oneOfDataTransferTypes = oneOf(DATA_TRANSFER_TYPES);

/** Decodes `AuthParameter` at `parent.key`: an InvalidArgument names the key path of the first bad value. */
export function decodeAuthParameter(value: unknown, parent: string, key?: string): AuthParameter {
  const path = pathOf(parent, key);
  const o = object(value, path);
  return {
    key: string(o["key"], path, "key"),
    required: requiredBoolean(o["required"], path, "required"),
    label: string(o["label"], path, "label"),
    description: string(o["description"], path, "description"),
    sensitiveField: optionalBoolean(o["sensitiveField"], path, "sensitiveField"),
    connectorSuppliedValues: optionalStringArray(
      o["connectorSuppliedValues"],
      path,
      "connectorSuppliedValues",
    ),
  };
}

/** Encodes `AuthParameter`: every key in order, defaults written out, null where there is no value. */
export function encodeAuthParameter(value: AuthParameter): JsonObject {
  return {
    key: value.key,
    required: value.required,
    label: value.label,
    description: value.description,
    sensitiveField: value.sensitiveField ?? null,
    connectorSuppliedValues: value.connectorSuppliedValues ?? null,
  };
}

/** Decodes `CustomAuthConfig` at `parent.key`: an InvalidArgument names the key path of the first bad value. */
export function decodeCustomAuthConfig(value: unknown, parent: string, key?: string): CustomAuthConfig {
  const path = pathOf(parent, key);
  const o = object(value, path);
  return {
    authenticationType: string(o["authenticationType"], path, "authenticationType"),
    authParameters: arrayOf(o["authParameters"], path, decodeAuthParameter, "authParameters"),
  };
}

/** Encodes `CustomAuthConfig`: every key in order, defaults written out, null where there is no value. */
export function encodeCustomAuthConfig(value: CustomAuthConfig): JsonObject {
  return {
    authenticationType: value.authenticationType,
    authParameters: value.authParameters.map(encodeAuthParameter),
  };
}

/** Decodes `OAuth2CustomParameter` at `parent.key`: an InvalidArgument names the key path of the first bad value. */
export function decodeOAuth2CustomParameter(
  value: unknown,
  parent: string,
  key?: string,
): OAuth2CustomParameter {
  const path = pathOf(parent, key);
  const o = object(value, path);
  return {
    key: string(o["key"], path, "key"),
    required: requiredBoolean(o["required"], path, "required"),
    label: string(o["label"], path, "label"),
    description: string(o["description"], path, "description"),
    sensitiveField: optionalBoolean(o["sensitiveField"], path, "sensitiveField"),
    connectorSuppliedValues: optionalStringArray(
      o["connectorSuppliedValues"],
      path,
      "connectorSuppliedValues",
    ),
    type: oneOfOauth2CustomPropTypes(o["type"], path, "type"),
  };
}

/** Encodes `OAuth2CustomParameter`: every key in order, defaults written out, null where there is no value. */
export function encodeOAuth2CustomParameter(value: OAuth2CustomParameter): JsonObject {
  return {
    key: value.key,
    required: value.required,
    label: value.label,
    description: value.description,
    sensitiveField: value.sensitiveField ?? null,
    connectorSuppliedValues: value.connectorSuppliedValues ?? null,
    type: value.type,
  };
}

/** Decodes `OAuth2Defaults` at `parent.key`: an InvalidArgument names the key path of the first bad value. */
export function decodeOAuth2Defaults(value: unknown, parent: string, key?: string): OAuth2Defaults {
  const path = pathOf(parent, key);
  const o = object(value, path);
  return {
    oAuthScopes: optionalStringArray(o["oAuthScopes"], path, "oAuthScopes"),
    tokenURL: stringArray(o["tokenURL"], path, "tokenURL"),
    authURL: optionalStringArray(o["authURL"], path, "authURL"),
    oAuth2GrantTypesSupported: arrayOf(
      o["oAuth2GrantTypesSupported"],
      path,
      oneOfOauth2GrantTypes,
      "oAuth2GrantTypesSupported",
    ),
    oauth2CustomProperties: optionalArrayOf(
      o["oauth2CustomProperties"] ?? o["oAuth2CustomProperties"],
      path,
      decodeOAuth2CustomParameter,
      "oauth2CustomProperties",
    ),
    addBasicAuthHeader: optionalBoolean(o["addBasicAuthHeader"], path, "addBasicAuthHeader") ?? false,
    oAuth2ContentType:
      optionalOneOfOauth2ContentTypes(o["oAuth2ContentType"], path, "oAuth2ContentType") ?? "URL_ENCODED",
    oAuth2MethodType:
      optionalOneOfOauth2MethodTypes(o["oAuth2MethodType"], path, "oAuth2MethodType") ?? "HTTP_POST",
  };
}

/** Encodes `OAuth2Defaults`: every key in order, defaults written out, null where there is no value. */
export function encodeOAuth2Defaults(value: OAuth2Defaults): JsonObject {
  return {
    oAuthScopes: value.oAuthScopes ?? null,
    tokenURL: value.tokenURL,
    authURL: value.authURL ?? null,
    oAuth2GrantTypesSupported: value.oAuth2GrantTypesSupported,
    oauth2CustomProperties: value.oauth2CustomProperties?.map(encodeOAuth2CustomParameter) ?? null,
    addBasicAuthHeader: value.addBasicAuthHeader ?? false,
    oAuth2ContentType: value.oAuth2ContentType ?? "URL_ENCODED",
    oAuth2MethodType: value.oAuth2MethodType ?? "HTTP_POST",
  };
}

/** Decodes `AuthenticationConfig` at `parent.key`: an InvalidArgument names the key path of the first bad value. */
export function decodeAuthenticationConfig(
  value: unknown,
  parent: string,
  key?: string,
): AuthenticationConfig {
  const path = pathOf(parent, key);
  const o = object(value, path);
  return {
    isBasicAuthSupported: optionalBoolean(o["isBasicAuthSupported"], path, "isBasicAuthSupported"),
    isApiKeyAuthSupported: optionalBoolean(o["isApiKeyAuthSupported"], path, "isApiKeyAuthSupported"),
    isOAuth2Supported: optionalBoolean(o["isOAuth2Supported"], path, "isOAuth2Supported"),
    isCustomAuthSupported: optionalBoolean(o["isCustomAuthSupported"], path, "isCustomAuthSupported"),
    oAuth2Defaults: optionalOAuth2Defaults(o["oAuth2Defaults"], path, "oAuth2Defaults"),
    customAuthConfig: optionalArrayOf(
      o["customAuthConfig"],
      path,
      decodeCustomAuthConfig,
      "customAuthConfig",
    ),
  };
}

/** Encodes `AuthenticationConfig`: every key in order, defaults written out, null where there is no value. */
export function encodeAuthenticationConfig(value: AuthenticationConfig): JsonObject {
  return {
    isBasicAuthSupported: value.isBasicAuthSupported ?? false,
    isApiKeyAuthSupported: value.isApiKeyAuthSupported ?? false,
    isOAuth2Supported: value.isOAuth2Supported ?? false,
    isCustomAuthSupported: value.isCustomAuthSupported ?? false,
    oAuth2Defaults: value.oAuth2Defaults ? encodeOAuth2Defaults(value.oAuth2Defaults) : null,
    customAuthConfig: value.customAuthConfig?.map(encodeCustomAuthConfig) ?? null,
  };
}

/** Decodes `ConnectorRuntimeSetting` at `parent.key`: an InvalidArgument names the key path of the first bad value. */
export function decodeConnectorRuntimeSetting(
  value: unknown,
  parent: string,
  key?: string,
): ConnectorRuntimeSetting {
  const path = pathOf(parent, key);
  const o = object(value, path);
  return {
    key: string(o["key"], path, "key"),
    dataType: oneOfSettingDataTypes(o["dataType"], path, "dataType"),
    required: requiredBoolean(o["required"], path, "required"),
    label: string(o["label"], path, "label"),
    description: string(o["description"], path, "description"),
    scope: oneOfSettingScopes(o["scope"], path, "scope"),
    connectorSuppliedValueOptions: optionalStringArray(
      o["connectorSuppliedValueOptions"],
      path,
      "connectorSuppliedValueOptions",
    ),
  };
}

/** Encodes `ConnectorRuntimeSetting`: every key in order, defaults written out, null where there is no value. */
export function encodeConnectorRuntimeSetting(value: ConnectorRuntimeSetting): JsonObject {
  return {
    key: value.key,
    dataType: value.dataType,
    required: value.required,
    label: value.label,
    description: value.description,
    scope: value.scope,
    connectorSuppliedValueOptions: value.connectorSuppliedValueOptions ?? null,
  };
}

/** Decodes `ConnectorConfiguration` at `parent.key`: an InvalidArgument names the key path of the first bad value. */
export function decodeConnectorConfiguration(
  value: unknown,
  parent: string,
  key?: string,
): ConnectorConfiguration {
  const path = pathOf(parent, key);
  const o = object(value, path);
  return {
    connectorOwner: string(o["connectorOwner"], path, "connectorOwner"),
    connectorName: string(o["connectorName"], path, "connectorName"),
    connectorVersion: string(o["connectorVersion"], path, "connectorVersion"),
    connectorModes: arrayOf(o["connectorModes"], path, oneOfConnectorModes, "connectorModes"),
    authenticationConfig: optionalAuthenticationConfig(
      o["authenticationConfig"],
      path,
      "authenticationConfig",
    ),
    supportedApiVersions: stringArray(o["supportedApiVersions"], path, "supportedApiVersions"),
    connectorRuntimeSetting: optionalArrayOf(
      o["connectorRuntimeSetting"],
      path,
      decodeConnectorRuntimeSetting,
      "connectorRuntimeSetting",
    ),
    logoURL: optionalString(o["logoURL"], path, "logoURL"),
    operatorsSupported:
      o["operatorsSupported"] === undefined
        ? [...CONNECTOR_OPERATORS]
        : arrayOf(o["operatorsSupported"], path, oneOfConnectorOperators, "operatorsSupported"),
    triggerFrequenciesSupported:
      o["triggerFrequenciesSupported"] === undefined
        ? [...TRIGGER_FREQUENCIES]
        : arrayOf(
            o["triggerFrequenciesSupported"],
            path,
            oneOfTriggerFrequencies,
            "triggerFrequenciesSupported",
          ),
    supportedWriteOperations:
      o["supportedWriteOperations"] === undefined
        ? [...WRITE_OPERATION_TYPES]
        : arrayOf(o["supportedWriteOperations"], path, oneOfWriteOperationTypes, "supportedWriteOperations"),
    supportedTriggerTypes:
      o["supportedTriggerTypes"] === undefined
        ? [...TRIGGER_TYPES]
        : arrayOf(o["supportedTriggerTypes"], path, oneOfTriggerTypes, "supportedTriggerTypes"),
    supportedDataTransferTypes:
      o["supportedDataTransferTypes"] === undefined
        ? ["RECORD"]
        : arrayOf(
            o["supportedDataTransferTypes"],
            path,
            oneOfDataTransferTypes,
            "supportedDataTransferTypes",
          ),
  };
}

/** Encodes `ConnectorConfiguration`: every key in order, defaults written out, null where there is no value. */
export function encodeConnectorConfiguration(value: ConnectorConfiguration): JsonObject {
  return {
    connectorOwner: value.connectorOwner,
    connectorName: value.connectorName,
    connectorVersion: value.connectorVersion,
    connectorModes: value.connectorModes,
    authenticationConfig: value.authenticationConfig
      ? encodeAuthenticationConfig(value.authenticationConfig)
      : null,
    supportedApiVersions: value.supportedApiVersions,
    connectorRuntimeSetting: value.connectorRuntimeSetting?.map(encodeConnectorRuntimeSetting) ?? null,
    logoURL: value.logoURL ?? null,
    operatorsSupported: value.operatorsSupported ?? [...CONNECTOR_OPERATORS],
    triggerFrequenciesSupported: value.triggerFrequenciesSupported ?? [...TRIGGER_FREQUENCIES],
    supportedWriteOperations: value.supportedWriteOperations ?? [...WRITE_OPERATION_TYPES],
    supportedTriggerTypes: value.supportedTriggerTypes ?? [...TRIGGER_TYPES],
    supportedDataTransferTypes: value.supportedDataTransferTypes ?? ["RECORD"],
  };
}
