// Generated from schema/appflow-requests.ts by `npm run generate:wire`. Do not edit: edit the schema and regenerate.

import { SETTING_SCOPES, WRITE_OPERATION_TYPES } from "../../../core/model/enums.js";
import type {
  CredentialsRef,
  DescribeConnectorConfigurationRequest,
  DescribeEntityRequest,
  ListEntitiesRequest,
  QueryDataRequest,
  RequestContext,
  RetrieveDataRequest,
  ValidateConnectorRuntimeSettingsRequest,
  ValidateCredentialsRequest,
  WriteDataRequest,
} from "../../../core/model/requests.js";
import {
  type JsonObject,
  object,
  oneOf,
  optional,
  optionalBoolean,
  optionalPositiveInteger,
  optionalString,
  optionalStringArray,
  optionalStringMap,
  pathOf,
  string,
} from "./decoder.js";
import { decodeEntityDefinition, encodeEntityDefinition } from "./entity-codec.js";

/*
 * Decoders (an InvalidArgument naming the key path of the first bad value; defaults filled) and encoders
 * (every key in the official Python SDK's order, null where there is no value, the defaults the Java SDK
 * materializes written out), so decode → encode is stable.
 */

const optionalCredentialsRef = optional(decodeCredentialsRef);
const optionalEntityDefinition = optional(decodeEntityDefinition);
const oneOfSettingScopes = oneOf(SETTING_SCOPES);
const oneOfWriteOperationTypes = oneOf(WRITE_OPERATION_TYPES);
const optionalOneOfWriteOperationTypes = optional(oneOfWriteOperationTypes);

/** Decodes `CredentialsRef` at `parent.key`: an InvalidArgument names the key path of the first bad value. */
export function decodeCredentialsRef(value: unknown, parent: string, key?: string): CredentialsRef {
  const path = pathOf(parent, key);
  const o = object(value, path);
  return {
    secretArn: optionalString(o["secretArn"], path, "secretArn"),
    authenticationType: optionalString(o["authenticationType"], path, "authenticationType"),
  };
}

/** Encodes `CredentialsRef`: every key in order, defaults written out, null where there is no value. */
export function encodeCredentialsRef(value: CredentialsRef): JsonObject {
  return {
    secretArn: value.secretArn ?? null,
    authenticationType: value.authenticationType ?? null,
  };
}

/** Decodes `RequestContext` at `parent.key`: an InvalidArgument names the key path of the first bad value. */
export function decodeRequestContext(value: unknown, parent: string, key?: string): RequestContext {
  const path = pathOf(parent, key);
  const o = object(value, path);
  return {
    apiVersion: optionalString(o["apiVersion"], path, "apiVersion"),
    connectorRuntimeSettings:
      optionalStringMap(o["connectorRuntimeSettings"], path, "connectorRuntimeSettings") ?? {},
    credentials: optionalCredentialsRef(o["credentials"], path, "credentials"),
    entityDefinition: optionalEntityDefinition(o["entityDefinition"], path, "entityDefinition"),
    flowName: optionalString(o["flowName"], path, "flowName"),
    executionId: optionalString(o["executionId"], path, "executionId"),
    connectorProfileLabel: optionalString(o["connectorProfileLabel"], path, "connectorProfileLabel"),
  };
}

/** Encodes `RequestContext`: every key in order, defaults written out, null where there is no value. */
export function encodeRequestContext(value: RequestContext): JsonObject {
  return {
    apiVersion: value.apiVersion ?? null,
    connectorRuntimeSettings: value.connectorRuntimeSettings ?? {},
    credentials: value.credentials ? encodeCredentialsRef(value.credentials) : null,
    entityDefinition: value.entityDefinition ? encodeEntityDefinition(value.entityDefinition) : null,
    flowName: value.flowName ?? null,
    executionId: value.executionId ?? null,
    connectorProfileLabel: value.connectorProfileLabel ?? null,
  };
}

/** Decodes `DescribeConnectorConfigurationRequest` at `parent.key`: an InvalidArgument names the key path of the first bad value. */
export function decodeDescribeConnectorConfigurationRequest(
  value: unknown,
  parent: string,
  key?: string,
): DescribeConnectorConfigurationRequest {
  const path = pathOf(parent, key);
  const o = object(value, path);
  return {
    type: "DescribeConnectorConfigurationRequest",
    locale: optionalString(o["locale"], path, "locale") ?? "en-US",
    connectorLabel: optionalString(o["connectorLabel"], path, "connectorLabel"),
  };
}

/** Encodes `DescribeConnectorConfigurationRequest`: every key in order, defaults written out, null where there is no value. */
export function encodeDescribeConnectorConfigurationRequest(
  value: DescribeConnectorConfigurationRequest,
): JsonObject {
  return {
    type: value.type,
    locale: value.locale ?? "en-US",
    connectorLabel: value.connectorLabel ?? null,
  };
}

/** Decodes `ValidateCredentialsRequest` at `parent.key`: an InvalidArgument names the key path of the first bad value. */
export function decodeValidateCredentialsRequest(
  value: unknown,
  parent: string,
  key?: string,
): ValidateCredentialsRequest {
  const path = pathOf(parent, key);
  const o = object(value, path);
  return {
    type: "ValidateCredentialsRequest",
    credentials: decodeCredentialsRef(o["credentials"], path, "credentials"),
    connectorRuntimeSettings:
      optionalStringMap(o["connectorRuntimeSettings"], path, "connectorRuntimeSettings") ?? {},
  };
}

/** Encodes `ValidateCredentialsRequest`: every key in order, defaults written out, null where there is no value. */
export function encodeValidateCredentialsRequest(value: ValidateCredentialsRequest): JsonObject {
  return {
    type: value.type,
    credentials: encodeCredentialsRef(value.credentials),
    connectorRuntimeSettings: value.connectorRuntimeSettings ?? {},
  };
}

/** Decodes `ValidateConnectorRuntimeSettingsRequest` at `parent.key`: an InvalidArgument names the key path of the first bad value. */
export function decodeValidateConnectorRuntimeSettingsRequest(
  value: unknown,
  parent: string,
  key?: string,
): ValidateConnectorRuntimeSettingsRequest {
  const path = pathOf(parent, key);
  const o = object(value, path);
  return {
    type: "ValidateConnectorRuntimeSettingsRequest",
    scope: oneOfSettingScopes(o["scope"], path, "scope"),
    connectorRuntimeSettings:
      optionalStringMap(o["connectorRuntimeSettings"], path, "connectorRuntimeSettings") ?? {},
    authenticationType: optionalString(o["authenticationType"], path, "authenticationType"),
  };
}

/** Encodes `ValidateConnectorRuntimeSettingsRequest`: every key in order, defaults written out, null where there is no value. */
export function encodeValidateConnectorRuntimeSettingsRequest(
  value: ValidateConnectorRuntimeSettingsRequest,
): JsonObject {
  return {
    type: value.type,
    scope: value.scope,
    connectorRuntimeSettings: value.connectorRuntimeSettings ?? {},
    authenticationType: value.authenticationType ?? null,
  };
}

/** Decodes `ListEntitiesRequest` at `parent.key`: an InvalidArgument names the key path of the first bad value. */
export function decodeListEntitiesRequest(value: unknown, parent: string, key?: string): ListEntitiesRequest {
  const path = pathOf(parent, key);
  const o = object(value, path);
  return {
    type: "ListEntitiesRequest",
    connectorContext: decodeRequestContext(o["connectorContext"], path, "connectorContext"),
    entitiesPath: optionalString(o["entitiesPath"], path, "entitiesPath"),
    nextToken: optionalString(o["nextToken"], path, "nextToken"),
    maxResult: optionalPositiveInteger(o["maxResult"], path, "maxResult") ?? 1000,
  };
}

/** Encodes `ListEntitiesRequest`: every key in order, defaults written out, null where there is no value. */
export function encodeListEntitiesRequest(value: ListEntitiesRequest): JsonObject {
  return {
    type: value.type,
    connectorContext: encodeRequestContext(value.connectorContext),
    entitiesPath: value.entitiesPath ?? null,
    nextToken: value.nextToken ?? null,
    maxResult: value.maxResult ?? 1000,
  };
}

/** Decodes `DescribeEntityRequest` at `parent.key`: an InvalidArgument names the key path of the first bad value. */
export function decodeDescribeEntityRequest(
  value: unknown,
  parent: string,
  key?: string,
): DescribeEntityRequest {
  const path = pathOf(parent, key);
  const o = object(value, path);
  return {
    type: "DescribeEntityRequest",
    entityIdentifier: string(o["entityIdentifier"], path, "entityIdentifier"),
    connectorContext: decodeRequestContext(o["connectorContext"], path, "connectorContext"),
  };
}

/** Encodes `DescribeEntityRequest`: every key in order, defaults written out, null where there is no value. */
export function encodeDescribeEntityRequest(value: DescribeEntityRequest): JsonObject {
  return {
    type: value.type,
    entityIdentifier: value.entityIdentifier,
    connectorContext: encodeRequestContext(value.connectorContext),
  };
}

/** Decodes `RetrieveDataRequest` at `parent.key`: an InvalidArgument names the key path of the first bad value. */
export function decodeRetrieveDataRequest(value: unknown, parent: string, key?: string): RetrieveDataRequest {
  const path = pathOf(parent, key);
  const o = object(value, path);
  return {
    type: "RetrieveDataRequest",
    entityIdentifier: string(o["entityIdentifier"], path, "entityIdentifier"),
    connectorContext: decodeRequestContext(o["connectorContext"], path, "connectorContext"),
    selectedFieldNames: optionalStringArray(o["selectedFieldNames"], path, "selectedFieldNames"),
    idFieldName: optionalString(o["idFieldName"], path, "idFieldName"),
    ids: optionalStringArray(o["ids"], path, "ids"),
  };
}

/** Encodes `RetrieveDataRequest`: every key in order, defaults written out, null where there is no value. */
export function encodeRetrieveDataRequest(value: RetrieveDataRequest): JsonObject {
  return {
    type: value.type,
    entityIdentifier: value.entityIdentifier,
    connectorContext: encodeRequestContext(value.connectorContext),
    selectedFieldNames: value.selectedFieldNames ?? null,
    idFieldName: value.idFieldName ?? null,
    ids: value.ids ?? null,
  };
}

/** Decodes `WriteDataRequest` at `parent.key`: an InvalidArgument names the key path of the first bad value. */
export function decodeWriteDataRequest(value: unknown, parent: string, key?: string): WriteDataRequest {
  const path = pathOf(parent, key);
  const o = object(value, path);
  return {
    type: "WriteDataRequest",
    entityIdentifier: string(o["entityIdentifier"], path, "entityIdentifier"),
    connectorContext: decodeRequestContext(o["connectorContext"], path, "connectorContext"),
    operation: optionalOneOfWriteOperationTypes(o["operation"], path, "operation"),
    idFieldNames: optionalStringArray(o["idFieldNames"], path, "idFieldNames"),
    records: optionalStringArray(o["records"], path, "records") ?? [],
    allOrNone: optionalBoolean(o["allOrNone"], path, "allOrNone") ?? false,
  };
}

/** Encodes `WriteDataRequest`: every key in order, defaults written out, null where there is no value. */
export function encodeWriteDataRequest(value: WriteDataRequest): JsonObject {
  return {
    type: value.type,
    entityIdentifier: value.entityIdentifier,
    connectorContext: encodeRequestContext(value.connectorContext),
    operation: value.operation ?? null,
    idFieldNames: value.idFieldNames ?? null,
    records: value.records ?? [],
    allOrNone: value.allOrNone ?? false,
  };
}

/** Decodes `QueryDataRequest` at `parent.key`: an InvalidArgument names the key path of the first bad value. */
export function decodeQueryDataRequest(value: unknown, parent: string, key?: string): QueryDataRequest {
  const path = pathOf(parent, key);
  const o = object(value, path);
  return {
    type: "QueryDataRequest",
    entityIdentifier: string(o["entityIdentifier"], path, "entityIdentifier"),
    connectorContext: decodeRequestContext(o["connectorContext"], path, "connectorContext"),
    selectedFieldNames: optionalStringArray(o["selectedFieldNames"], path, "selectedFieldNames"),
    filterExpression: optionalString(o["filterExpression"], path, "filterExpression"),
    nextToken: optionalString(o["nextToken"], path, "nextToken"),
    maxResults: optionalPositiveInteger(o["maxResults"], path, "maxResults") ?? 1000,
  };
}

/** Encodes `QueryDataRequest`: every key in order, defaults written out, null where there is no value. */
export function encodeQueryDataRequest(value: QueryDataRequest): JsonObject {
  return {
    type: value.type,
    entityIdentifier: value.entityIdentifier,
    connectorContext: encodeRequestContext(value.connectorContext),
    selectedFieldNames: value.selectedFieldNames ?? null,
    filterExpression: value.filterExpression ?? null,
    nextToken: value.nextToken ?? null,
    maxResults: value.maxResults ?? 1000,
  };
}
