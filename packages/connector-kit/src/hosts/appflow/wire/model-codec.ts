import type {
  AuthenticationConfig,
  AuthParameter,
  ConnectorConfiguration,
  ConnectorRuntimeSetting,
  CustomAuthConfig,
  OAuth2CustomParameter,
  OAuth2Defaults,
} from "../../../core/model/configuration.js";
import type {
  CacheControl,
  Entity,
  EntityDefinition,
  FieldConstraints,
  FieldDefinition,
  RangeConstraint,
  ReadOperationProperty,
  WriteOperationProperty,
} from "../../../core/model/entity.js";
import {
  CONNECTOR_MODES,
  CONNECTOR_OPERATORS,
  DATA_TRANSFER_TYPES,
  FIELD_DATA_TYPES,
  OAUTH2_CONTENT_TYPES,
  OAUTH2_CUSTOM_PROP_TYPES,
  OAUTH2_GRANT_TYPES,
  OAUTH2_METHOD_TYPES,
  SETTING_DATA_TYPES,
  SETTING_SCOPES,
  TIME_UNITS,
  TRIGGER_FREQUENCIES,
  TRIGGER_TYPES,
  WRITE_OPERATION_TYPES,
} from "../../../core/model/enums.js";
import { DEFAULT_FILTER_OPERATORS } from "../../../core/model/filter-operators.js";
import {
  arrayOf,
  type Decoder,
  fastThenExact,
  invalidAt,
  type JsonObject,
  object,
  oneOf,
  optional,
  optionalArrayOf,
  optionalBoolean,
  optionalNumber,
  optionalString,
  optionalStringArray,
  optionalStringMap,
  pathOf,
  string,
  stringArray,
} from "./decoder.js";
import { fastEntityDefinition } from "./fast-entity-definition.js";

/*
 * Decoders and encoders of the AppFlow model objects. Encoders write every key in the official Python SDK's
 * order, null where there is no value (both official SDKs emit nulls), and materialize the defaults the Java
 * SDK materializes (filterOperators, dataTypeLabel, isWritable), so decode → encode is stable.
 */

const fieldDataType = oneOf(FIELD_DATA_TYPES);
const operator = oneOf(CONNECTOR_OPERATORS);
const writeOperation = oneOf(WRITE_OPERATION_TYPES);
const timeUnit = oneOf(TIME_UNITS);

function requiredBoolean(value: unknown, path: string, key?: string): boolean {
  if (typeof value !== "boolean") throw invalidAt(pathOf(path, key), "a boolean", value);
  return value;
}

function requiredNumber(value: unknown, path: string, key?: string): number {
  const n = optionalNumber(value, path, key);
  if (n === null) throw invalidAt(pathOf(path, key), "a number", value);
  return n;
}

// ── Entity ────────────────────────────────────────────────────────────────────────────────────────────

export function decodeEntity(value: unknown, parent: string, key?: string): Entity {
  const path = pathOf(parent, key);
  const o = object(value, path);
  return {
    entityIdentifier: string(o["entityIdentifier"], path, "entityIdentifier"),
    hasNestedEntities: optionalBoolean(o["hasNestedEntities"], path, "hasNestedEntities") ?? false,
    isWritable: optionalBoolean(o["isWritable"], path, "isWritable") ?? true,
    label: optionalString(o["label"], path, "label"),
    description: optionalString(o["description"], path, "description"),
    customProperties: optionalStringMap(o["customProperties"], path, "customProperties"),
  };
}

export function encodeEntity(e: Entity): JsonObject {
  return {
    entityIdentifier: e.entityIdentifier,
    hasNestedEntities: e.hasNestedEntities,
    isWritable: e.isWritable ?? true,
    label: e.label ?? null,
    description: e.description ?? null,
    customProperties: e.customProperties ?? null,
  };
}

// ── Field definition ──────────────────────────────────────────────────────────────────────────────────

function decodeRange(value: unknown, parent: string, key?: string): RangeConstraint {
  const path = pathOf(parent, key);
  const o = object(value, path);
  return {
    minRange: requiredNumber(o["minRange"], path, "minRange"),
    maxRange: requiredNumber(o["maxRange"], path, "maxRange"),
  };
}

function decodeConstraints(value: unknown, parent: string, key?: string): FieldConstraints {
  const path = pathOf(parent, key);
  const o = object(value, path);
  return {
    allowedLengthRange: optional(decodeRange)(o["allowedLengthRange"], path, "allowedLengthRange"),
    allowedValueRange: optional(decodeRange)(o["allowedValueRange"], path, "allowedValueRange"),
    allowedValues: optionalStringArray(o["allowedValues"], path, "allowedValues"),
    allowedValuesRegexPattern: optionalString(
      o["allowedValuesRegexPattern"],
      path,
      "allowedValuesRegexPattern",
    ),
    allowedDateFormat: optionalString(o["allowedDateFormat"], path, "allowedDateFormat"),
  };
}

function encodeConstraints(c: FieldConstraints): JsonObject {
  const range = (r: RangeConstraint | null | undefined) =>
    r ? { minRange: r.minRange, maxRange: r.maxRange } : null;
  return {
    allowedLengthRange: range(c.allowedLengthRange),
    allowedValueRange: range(c.allowedValueRange),
    allowedValues: c.allowedValues ?? null,
    allowedValuesRegexPattern: c.allowedValuesRegexPattern ?? null,
    allowedDateFormat: c.allowedDateFormat ?? null,
  };
}

function decodeReadProperties(value: unknown, parent: string, key?: string): ReadOperationProperty {
  const path = pathOf(parent, key);
  const o = object(value, path);
  return {
    isRetrievable: optionalBoolean(o["isRetrievable"], path, "isRetrievable"),
    isNullable: optionalBoolean(o["isNullable"], path, "isNullable"),
    isQueryable: optionalBoolean(o["isQueryable"], path, "isQueryable"),
    isTimestampFieldForIncrementalQueries: optionalBoolean(
      o["isTimestampFieldForIncrementalQueries"],
      path,
      "isTimestampFieldForIncrementalQueries",
    ),
  };
}

function encodeReadProperties(p: ReadOperationProperty): JsonObject {
  return {
    isRetrievable: p.isRetrievable ?? null,
    isNullable: p.isNullable ?? null,
    isQueryable: p.isQueryable ?? null,
    isTimestampFieldForIncrementalQueries: p.isTimestampFieldForIncrementalQueries ?? null,
  };
}

function decodeWriteProperties(value: unknown, parent: string, key?: string): WriteOperationProperty {
  const path = pathOf(parent, key);
  const o = object(value, path);
  return {
    isCreatable: optionalBoolean(o["isCreatable"], path, "isCreatable"),
    isUpdatable: optionalBoolean(o["isUpdatable"], path, "isUpdatable"),
    isNullable: optionalBoolean(o["isNullable"], path, "isNullable"),
    isUpsertable: optionalBoolean(o["isUpsertable"], path, "isUpsertable"),
    isDefaultedOnCreate: optionalBoolean(o["isDefaultedOnCreate"], path, "isDefaultedOnCreate"),
    supportedWriteOperations: optionalArrayOf(
      o["supportedWriteOperations"],
      path,
      writeOperation,
      "supportedWriteOperations",
    ),
  };
}

function encodeWriteProperties(p: WriteOperationProperty): JsonObject {
  return {
    isCreatable: p.isCreatable ?? null,
    isUpdatable: p.isUpdatable ?? null,
    isNullable: p.isNullable ?? null,
    isUpsertable: p.isUpsertable ?? null,
    isDefaultedOnCreate: p.isDefaultedOnCreate ?? null,
    supportedWriteOperations: p.supportedWriteOperations ?? null,
  };
}

const optionalConstraints = optional(decodeConstraints);
const optionalReadProperties = optional(decodeReadProperties);
const optionalWriteProperties = optional(decodeWriteProperties);

export function decodeFieldDefinition(value: unknown, parent: string, key?: string): FieldDefinition {
  const path = pathOf(parent, key);
  const o = object(value, path);
  const dataType = fieldDataType(o["dataType"], path, "dataType");
  return {
    fieldName: string(o["fieldName"], path, "fieldName"),
    dataType,
    dataTypeLabel: optionalString(o["dataTypeLabel"], path, "dataTypeLabel") ?? dataType,
    label: optionalString(o["label"], path, "label"),
    description: optionalString(o["description"], path, "description"),
    isPrimaryKey: optionalBoolean(o["isPrimaryKey"], path, "isPrimaryKey"),
    defaultValue: optionalString(o["defaultValue"], path, "defaultValue"),
    isDeprecated: optionalBoolean(o["isDeprecated"], path, "isDeprecated"),
    constraints: optionalConstraints(o["constraints"], path, "constraints"),
    readProperties: optionalReadProperties(o["readProperties"], path, "readProperties"),
    writeProperties: optionalWriteProperties(o["writeProperties"], path, "writeProperties"),
    // Absent means the data type's defaults; the encoder writes them out.
    filterOperators: optionalArrayOf(o["filterOperators"], path, operator, "filterOperators"),
    customProperties: optionalStringMap(o["customProperties"], path, "customProperties"),
  };
}

export function encodeFieldDefinition(f: FieldDefinition): JsonObject {
  return {
    fieldName: f.fieldName,
    dataType: f.dataType,
    dataTypeLabel: f.dataTypeLabel ?? f.dataType,
    label: f.label ?? null,
    description: f.description ?? null,
    isPrimaryKey: f.isPrimaryKey ?? null,
    defaultValue: f.defaultValue ?? null,
    isDeprecated: f.isDeprecated ?? null,
    constraints: f.constraints ? encodeConstraints(f.constraints) : null,
    readProperties: f.readProperties ? encodeReadProperties(f.readProperties) : null,
    writeProperties: f.writeProperties ? encodeWriteProperties(f.writeProperties) : null,
    filterOperators: f.filterOperators ?? DEFAULT_FILTER_OPERATORS[f.dataType],
    customProperties: f.customProperties ?? null,
  };
}

function decodeEntityDefinitionAt(value: unknown, parent: string, key?: string): EntityDefinition {
  const path = pathOf(parent, key);
  const o = object(value, path);
  return {
    entity: decodeEntity(o["entity"], path, "entity"),
    fields:
      o["fields"] === undefined || o["fields"] === null
        ? []
        : arrayOf(o["fields"], path, decodeFieldDefinition, "fields"),
    customProperties: optionalStringMap(o["customProperties"], path, "customProperties"),
  };
}

/**
 * Decodes an entity definition (it comes with every data request, often with many fields): first without
 * building key paths, then, only when it is invalid, again with them for the error message.
 */
/** The decoder that takes every shape and names the key path of any error (the fast one's fallback). */
export const exactEntityDefinition: Decoder<EntityDefinition> = fastThenExact(decodeEntityDefinitionAt);

export const decodeEntityDefinition: Decoder<EntityDefinition> = (value, path, key) =>
  fastEntityDefinition(value) ?? exactEntityDefinition(value, path, key);

export function encodeEntityDefinition(d: EntityDefinition): JsonObject {
  return {
    entity: encodeEntity(d.entity),
    fields: d.fields.map(encodeFieldDefinition),
    customProperties: d.customProperties ?? null,
  };
}

export function decodeCacheControl(value: unknown, parent: string, key?: string): CacheControl {
  const path = pathOf(parent, key);
  const o = object(value, path);
  return {
    timeToLive: requiredNumber(o["timeToLive"], path, "timeToLive"),
    timeToLiveUnit: optional(timeUnit)(o["timeToLiveUnit"], path, "timeToLiveUnit"),
  };
}

export function encodeCacheControl(c: CacheControl): JsonObject {
  return { timeToLive: c.timeToLive, timeToLiveUnit: c.timeToLiveUnit ?? null };
}

// ── Connector configuration ───────────────────────────────────────────────────────────────────────────

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
