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
 * Decoders and encoders of a connector's configuration (DescribeConnectorConfiguration). Encoders write every
 * key in the official Python SDK's order, null where there is no value (both official SDKs emit nulls), and
 * the defaults the Java SDK materializes, so decode → encode is stable. The entity model's codec is generated
 * (entity-codec.ts).
 */

function decodeAuthParameter(value: unknown, parent: string, key?: string): AuthParameter {
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

function encodeAuthParameter(p: AuthParameter): JsonObject {
  return {
    key: p.key,
    required: p.required,
    label: p.label,
    description: p.description,
    sensitiveField: p.sensitiveField ?? null,
    connectorSuppliedValues: p.connectorSuppliedValues ?? null,
  };
}

function decodeCustomAuthConfig(value: unknown, parent: string, key?: string): CustomAuthConfig {
  const path = pathOf(parent, key);
  const o = object(value, path);
  return {
    authenticationType: string(o["authenticationType"], path, "authenticationType"),
    authParameters: arrayOf(o["authParameters"], path, decodeAuthParameter, "authParameters"),
  };
}

function decodeOAuth2CustomParameter(value: unknown, parent: string, key?: string): OAuth2CustomParameter {
  const path = pathOf(parent, key);
  const o = object(value, path);
  return {
    ...decodeAuthParameter(value, path),
    type: oneOf(OAUTH2_CUSTOM_PROP_TYPES)(o["type"], path, "type"),
  };
}

function decodeOAuth2Defaults(value: unknown, parent: string, key?: string): OAuth2Defaults {
  const path = pathOf(parent, key);
  const o = object(value, path);
  return {
    oAuthScopes: optionalStringArray(o["oAuthScopes"], path, "oAuthScopes"),
    tokenURL: stringArray(o["tokenURL"], path, "tokenURL"),
    authURL: optionalStringArray(o["authURL"], path, "authURL"),
    oAuth2GrantTypesSupported: arrayOf(
      o["oAuth2GrantTypesSupported"],
      `${path}.oAuth2GrantTypesSupported`,
      oneOf(OAUTH2_GRANT_TYPES),
    ),
    oauth2CustomProperties: optionalArrayOf(
      o["oauth2CustomProperties"] ?? o["oAuth2CustomProperties"],
      `${path}.oauth2CustomProperties`,
      decodeOAuth2CustomParameter,
    ),
    addBasicAuthHeader: optionalBoolean(o["addBasicAuthHeader"], path, "addBasicAuthHeader") ?? false,
    oAuth2ContentType:
      optional(oneOf(OAUTH2_CONTENT_TYPES))(o["oAuth2ContentType"], path, "oAuth2ContentType") ??
      "URL_ENCODED",
    oAuth2MethodType:
      optional(oneOf(OAUTH2_METHOD_TYPES))(o["oAuth2MethodType"], path, "oAuth2MethodType") ?? "HTTP_POST",
  };
}

/** OAuth2 defaults; the custom-properties key uses the Java SDK's spelling `oauth2CustomProperties`. */
function encodeOAuth2Defaults(d: OAuth2Defaults): JsonObject {
  return {
    oAuthScopes: d.oAuthScopes ?? null,
    tokenURL: d.tokenURL,
    authURL: d.authURL ?? null,
    oAuth2GrantTypesSupported: d.oAuth2GrantTypesSupported,
    oauth2CustomProperties:
      d.oauth2CustomProperties?.map((p) => ({ ...encodeAuthParameter(p), type: p.type })) ?? null,
    addBasicAuthHeader: d.addBasicAuthHeader ?? false,
    oAuth2ContentType: d.oAuth2ContentType ?? "URL_ENCODED",
    oAuth2MethodType: d.oAuth2MethodType ?? "HTTP_POST",
  };
}

function decodeAuthenticationConfig(value: unknown, parent: string, key?: string): AuthenticationConfig {
  const path = pathOf(parent, key);
  const o = object(value, path);
  return {
    isBasicAuthSupported: optionalBoolean(o["isBasicAuthSupported"], path, "isBasicAuthSupported"),
    isApiKeyAuthSupported: optionalBoolean(o["isApiKeyAuthSupported"], path, "isApiKeyAuthSupported"),
    isOAuth2Supported: optionalBoolean(o["isOAuth2Supported"], path, "isOAuth2Supported"),
    isCustomAuthSupported: optionalBoolean(o["isCustomAuthSupported"], path, "isCustomAuthSupported"),
    oAuth2Defaults: optional(decodeOAuth2Defaults)(o["oAuth2Defaults"], path, "oAuth2Defaults"),
    customAuthConfig: optionalArrayOf(
      o["customAuthConfig"],
      `${path}.customAuthConfig`,
      decodeCustomAuthConfig,
    ),
  };
}

function encodeAuthenticationConfig(a: AuthenticationConfig): JsonObject {
  return {
    isBasicAuthSupported: a.isBasicAuthSupported ?? false,
    isApiKeyAuthSupported: a.isApiKeyAuthSupported ?? false,
    isOAuth2Supported: a.isOAuth2Supported ?? false,
    isCustomAuthSupported: a.isCustomAuthSupported ?? false,
    oAuth2Defaults: a.oAuth2Defaults ? encodeOAuth2Defaults(a.oAuth2Defaults) : null,
    customAuthConfig:
      a.customAuthConfig?.map((c) => ({
        authenticationType: c.authenticationType,
        authParameters: c.authParameters.map(encodeAuthParameter),
      })) ?? null,
  };
}

function decodeRuntimeSetting(value: unknown, parent: string, key?: string): ConnectorRuntimeSetting {
  const path = pathOf(parent, key);
  const o = object(value, path);
  return {
    key: string(o["key"], path, "key"),
    dataType: oneOf(SETTING_DATA_TYPES)(o["dataType"], path, "dataType"),
    required: requiredBoolean(o["required"], path, "required"),
    label: string(o["label"], path, "label"),
    description: string(o["description"], path, "description"),
    scope: oneOf(SETTING_SCOPES)(o["scope"], path, "scope"),
    connectorSuppliedValueOptions: optionalStringArray(
      o["connectorSuppliedValueOptions"],
      `${path}.connectorSuppliedValueOptions`,
    ),
  };
}

function encodeRuntimeSetting(s: ConnectorRuntimeSetting): JsonObject {
  return {
    key: s.key,
    dataType: s.dataType,
    required: s.required,
    label: s.label,
    description: s.description,
    scope: s.scope,
    connectorSuppliedValueOptions: s.connectorSuppliedValueOptions ?? null,
  };
}

/** Decodes the configuration part of a DescribeConnectorConfiguration response (used by the test suite). */
export function decodeConnectorConfiguration(
  value: unknown,
  parent: string,
  key?: string,
): ConnectorConfiguration {
  const path = pathOf(parent, key);
  const o = object(value, path);
  const list = <T extends string>(key: string, values: readonly T[], fallback: readonly T[]): T[] =>
    o[key] === undefined ? [...fallback] : arrayOf(o[key], `${path}.${key}`, oneOf(values));
  return {
    connectorOwner: string(o["connectorOwner"], path, "connectorOwner"),
    connectorName: string(o["connectorName"], path, "connectorName"),
    connectorVersion: string(o["connectorVersion"], path, "connectorVersion"),
    connectorModes: arrayOf(o["connectorModes"], path, oneOf(CONNECTOR_MODES), "connectorModes"),
    authenticationConfig: optional(decodeAuthenticationConfig)(
      o["authenticationConfig"],
      `${path}.authenticationConfig`,
    ),
    supportedApiVersions: stringArray(o["supportedApiVersions"], path, "supportedApiVersions"),
    connectorRuntimeSetting: optionalArrayOf(
      o["connectorRuntimeSetting"],
      `${path}.connectorRuntimeSetting`,
      decodeRuntimeSetting,
    ),
    logoURL: optionalString(o["logoURL"], path, "logoURL"),
    operatorsSupported: list("operatorsSupported", CONNECTOR_OPERATORS, CONNECTOR_OPERATORS),
    triggerFrequenciesSupported: list(
      "triggerFrequenciesSupported",
      TRIGGER_FREQUENCIES,
      TRIGGER_FREQUENCIES,
    ),
    supportedWriteOperations: list("supportedWriteOperations", WRITE_OPERATION_TYPES, WRITE_OPERATION_TYPES),
    supportedTriggerTypes: list("supportedTriggerTypes", TRIGGER_TYPES, TRIGGER_TYPES),
    supportedDataTransferTypes: list("supportedDataTransferTypes", DATA_TRANSFER_TYPES, ["RECORD"]),
  };
}

export function encodeConnectorConfiguration(c: ConnectorConfiguration): JsonObject {
  return {
    connectorOwner: c.connectorOwner,
    connectorName: c.connectorName,
    connectorVersion: c.connectorVersion,
    connectorModes: c.connectorModes,
    authenticationConfig: c.authenticationConfig ? encodeAuthenticationConfig(c.authenticationConfig) : null,
    supportedApiVersions: c.supportedApiVersions,
    connectorRuntimeSetting: c.connectorRuntimeSetting?.map(encodeRuntimeSetting) ?? null,
    logoURL: c.logoURL,
    operatorsSupported: c.operatorsSupported,
    triggerFrequenciesSupported: c.triggerFrequenciesSupported,
    supportedWriteOperations: c.supportedWriteOperations,
    supportedTriggerTypes: c.supportedTriggerTypes,
    supportedDataTransferTypes: c.supportedDataTransferTypes,
  };
}
