// Generated from schema/appflow-responses.ts by `npm run generate:wire`. Do not edit: edit the schema and regenerate.

import { ERROR_CODES } from "../../../core/errors/error-code.js";
import type {
  DescribeEntityResponse,
  ErrorDetails,
  ListEntitiesResponse,
  QueryDataResponse,
  ResponseEnvelope,
  RetrieveDataResponse,
  ValidateConnectorRuntimeSettingsResponse,
  ValidateCredentialsResponse,
  WriteDataResponse,
  WriteRecordResult,
} from "../../../core/model/responses.js";
import {
  type JsonObject,
  object,
  oneOf,
  optional,
  optionalArrayOf,
  optionalNonNegativeInteger,
  optionalString,
  optionalStringArray,
  optionalStringMap,
  pathOf,
  requiredBoolean,
  string,
} from "./decoder.js";
import {
  decodeCacheControl,
  decodeEntity,
  decodeEntityDefinition,
  encodeCacheControl,
  encodeEntity,
  encodeEntityDefinition,
} from "./entity-codec.js";

/*
 * Decoders (an InvalidArgument naming the key path of the first bad value; defaults filled) and encoders
 * (every key in the official Python SDK's order, null where there is no value, the defaults the Java SDK
 * materializes written out), so decode → encode is stable.
 */

const oneOfErrorCodes = oneOf(ERROR_CODES);
const optionalErrorDetails = optional(decodeErrorDetails);
const optionalCacheControl = optional(decodeCacheControl);
const optionalEntityDefinition = optional(decodeEntityDefinition);

/** Decodes `ErrorDetails` at `parent.key`: an InvalidArgument names the key path of the first bad value. */
export function decodeErrorDetails(value: unknown, parent: string, key?: string): ErrorDetails {
  const path = pathOf(parent, key);
  const o = object(value, path);
  return {
    errorCode: oneOfErrorCodes(o["errorCode"], path, "errorCode"),
    errorMessage: string(o["errorMessage"], path, "errorMessage"),
    retryAfterSeconds: optionalNonNegativeInteger(o["retryAfterSeconds"], path, "retryAfterSeconds"),
  };
}

/** Encodes `ErrorDetails`: every key in order, defaults written out, null where there is no value. */
export function encodeErrorDetails(value: ErrorDetails): JsonObject {
  return {
    errorCode: value.errorCode,
    errorMessage: value.errorMessage,
    retryAfterSeconds: value.retryAfterSeconds ?? null,
  };
}

/** Decodes `WriteRecordResult` at `parent.key`: an InvalidArgument names the key path of the first bad value. */
export function decodeWriteRecordResult(value: unknown, parent: string, key?: string): WriteRecordResult {
  const path = pathOf(parent, key);
  const o = object(value, path);
  return {
    isSuccess: requiredBoolean(o["isSuccess"], path, "isSuccess"),
    recordId: optionalString(o["recordId"], path, "recordId"),
    errorMessage: optionalString(o["errorMessage"], path, "errorMessage"),
  };
}

/** Encodes `WriteRecordResult`: every key in order, defaults written out, null where there is no value. */
export function encodeWriteRecordResult(value: WriteRecordResult): JsonObject {
  return {
    isSuccess: value.isSuccess,
    recordId: value.recordId ?? null,
    errorMessage: value.errorMessage ?? null,
  };
}

/** Decodes `ResponseEnvelope` at `parent.key`: an InvalidArgument names the key path of the first bad value. */
export function decodeResponseEnvelope(value: unknown, parent: string, key?: string): ResponseEnvelope {
  const path = pathOf(parent, key);
  const o = object(value, path);
  return {
    isSuccess: requiredBoolean(o["isSuccess"], path, "isSuccess"),
    errorDetails: optionalErrorDetails(o["errorDetails"], path, "errorDetails"),
  };
}

/** Encodes `ResponseEnvelope`: every key in order, defaults written out, null where there is no value. */
export function encodeResponseEnvelope(value: ResponseEnvelope): JsonObject {
  return {
    isSuccess: value.isSuccess,
    errorDetails: value.errorDetails ? encodeErrorDetails(value.errorDetails) : null,
  };
}

/** Decodes `ValidateCredentialsResponse` at `parent.key`: an InvalidArgument names the key path of the first bad value. */
export function decodeValidateCredentialsResponse(
  value: unknown,
  parent: string,
  key?: string,
): ValidateCredentialsResponse {
  const path = pathOf(parent, key);
  const o = object(value, path);
  return {
    isSuccess: requiredBoolean(o["isSuccess"], path, "isSuccess"),
    errorDetails: optionalErrorDetails(o["errorDetails"], path, "errorDetails"),
  };
}

/** Encodes `ValidateCredentialsResponse`: every key in order, defaults written out, null where there is no value. */
export function encodeValidateCredentialsResponse(value: ValidateCredentialsResponse): JsonObject {
  return {
    isSuccess: value.isSuccess,
    errorDetails: value.errorDetails ? encodeErrorDetails(value.errorDetails) : null,
  };
}

/** Decodes `ValidateConnectorRuntimeSettingsResponse` at `parent.key`: an InvalidArgument names the key path of the first bad value. */
export function decodeValidateConnectorRuntimeSettingsResponse(
  value: unknown,
  parent: string,
  key?: string,
): ValidateConnectorRuntimeSettingsResponse {
  const path = pathOf(parent, key);
  const o = object(value, path);
  return {
    isSuccess: requiredBoolean(o["isSuccess"], path, "isSuccess"),
    errorsByInputField: optionalStringMap(o["errorsByInputField"], path, "errorsByInputField"),
    errorDetails: optionalErrorDetails(o["errorDetails"], path, "errorDetails"),
  };
}

/** Encodes `ValidateConnectorRuntimeSettingsResponse`: every key in order, defaults written out, null where there is no value. */
export function encodeValidateConnectorRuntimeSettingsResponse(
  value: ValidateConnectorRuntimeSettingsResponse,
): JsonObject {
  return {
    isSuccess: value.isSuccess,
    errorsByInputField: value.errorsByInputField ?? null,
    errorDetails: value.errorDetails ? encodeErrorDetails(value.errorDetails) : null,
  };
}

/** Decodes `ListEntitiesResponse` at `parent.key`: an InvalidArgument names the key path of the first bad value. */
export function decodeListEntitiesResponse(
  value: unknown,
  parent: string,
  key?: string,
): ListEntitiesResponse {
  const path = pathOf(parent, key);
  const o = object(value, path);
  return {
    isSuccess: requiredBoolean(o["isSuccess"], path, "isSuccess"),
    errorDetails: optionalErrorDetails(o["errorDetails"], path, "errorDetails"),
    entities: optionalArrayOf(o["entities"], path, decodeEntity, "entities"),
    nextToken: optionalString(o["nextToken"], path, "nextToken"),
    cacheControl: optionalCacheControl(o["cacheControl"], path, "cacheControl"),
  };
}

/** Encodes `ListEntitiesResponse`: every key in order, defaults written out, null where there is no value. */
export function encodeListEntitiesResponse(value: ListEntitiesResponse): JsonObject {
  return {
    isSuccess: value.isSuccess,
    errorDetails: value.errorDetails ? encodeErrorDetails(value.errorDetails) : null,
    entities: value.entities?.map(encodeEntity) ?? null,
    nextToken: value.nextToken ?? null,
    cacheControl: value.cacheControl ? encodeCacheControl(value.cacheControl) : null,
  };
}

/** Decodes `DescribeEntityResponse` at `parent.key`: an InvalidArgument names the key path of the first bad value. */
export function decodeDescribeEntityResponse(
  value: unknown,
  parent: string,
  key?: string,
): DescribeEntityResponse {
  const path = pathOf(parent, key);
  const o = object(value, path);
  return {
    isSuccess: requiredBoolean(o["isSuccess"], path, "isSuccess"),
    errorDetails: optionalErrorDetails(o["errorDetails"], path, "errorDetails"),
    entityDefinition: optionalEntityDefinition(o["entityDefinition"], path, "entityDefinition"),
    cacheControl: optionalCacheControl(o["cacheControl"], path, "cacheControl"),
  };
}

/** Encodes `DescribeEntityResponse`: every key in order, defaults written out, null where there is no value. */
export function encodeDescribeEntityResponse(value: DescribeEntityResponse): JsonObject {
  return {
    isSuccess: value.isSuccess,
    errorDetails: value.errorDetails ? encodeErrorDetails(value.errorDetails) : null,
    entityDefinition: value.entityDefinition ? encodeEntityDefinition(value.entityDefinition) : null,
    cacheControl: value.cacheControl ? encodeCacheControl(value.cacheControl) : null,
  };
}

/** Decodes `RetrieveDataResponse` at `parent.key`: an InvalidArgument names the key path of the first bad value. */
export function decodeRetrieveDataResponse(
  value: unknown,
  parent: string,
  key?: string,
): RetrieveDataResponse {
  const path = pathOf(parent, key);
  const o = object(value, path);
  return {
    isSuccess: requiredBoolean(o["isSuccess"], path, "isSuccess"),
    errorDetails: optionalErrorDetails(o["errorDetails"], path, "errorDetails"),
    records: optionalStringArray(o["records"], path, "records"),
  };
}

/** Encodes `RetrieveDataResponse`: every key in order, defaults written out, null where there is no value. */
export function encodeRetrieveDataResponse(value: RetrieveDataResponse): JsonObject {
  return {
    isSuccess: value.isSuccess,
    errorDetails: value.errorDetails ? encodeErrorDetails(value.errorDetails) : null,
    records: value.records ?? null,
  };
}

/** Decodes `WriteDataResponse` at `parent.key`: an InvalidArgument names the key path of the first bad value. */
export function decodeWriteDataResponse(value: unknown, parent: string, key?: string): WriteDataResponse {
  const path = pathOf(parent, key);
  const o = object(value, path);
  return {
    isSuccess: requiredBoolean(o["isSuccess"], path, "isSuccess"),
    errorDetails: optionalErrorDetails(o["errorDetails"], path, "errorDetails"),
    writeRecordResults: optionalArrayOf(
      o["writeRecordResults"],
      path,
      decodeWriteRecordResult,
      "writeRecordResults",
    ),
  };
}

/** Encodes `WriteDataResponse`: every key in order, defaults written out, null where there is no value. */
export function encodeWriteDataResponse(value: WriteDataResponse): JsonObject {
  return {
    isSuccess: value.isSuccess,
    errorDetails: value.errorDetails ? encodeErrorDetails(value.errorDetails) : null,
    writeRecordResults: value.writeRecordResults?.map(encodeWriteRecordResult) ?? null,
  };
}

/** Decodes `QueryDataResponse` at `parent.key`: an InvalidArgument names the key path of the first bad value. */
export function decodeQueryDataResponse(value: unknown, parent: string, key?: string): QueryDataResponse {
  const path = pathOf(parent, key);
  const o = object(value, path);
  return {
    isSuccess: requiredBoolean(o["isSuccess"], path, "isSuccess"),
    errorDetails: optionalErrorDetails(o["errorDetails"], path, "errorDetails"),
    nextToken: optionalString(o["nextToken"], path, "nextToken"),
    records: optionalStringArray(o["records"], path, "records"),
  };
}

/** Encodes `QueryDataResponse`: every key in order, defaults written out, null where there is no value. */
export function encodeQueryDataResponse(value: QueryDataResponse): JsonObject {
  return {
    isSuccess: value.isSuccess,
    errorDetails: value.errorDetails ? encodeErrorDetails(value.errorDetails) : null,
    nextToken: value.nextToken ?? null,
    records: value.records ?? null,
  };
}
