import type { RequestType } from "../../../core/model/requests.js";
import type { ErrorDetails, ResponseByType } from "../../../core/model/responses.js";
import { encodeConnectorConfiguration } from "./configuration-codec.js";
import type { JsonObject } from "./decoder.js";
import { encodeCacheControl, encodeEntity, encodeEntityDefinition } from "./entity-codec.js";

function encodeErrorDetails(e: ErrorDetails | null): JsonObject | null {
  if (!e) return null;
  return {
    errorCode: e.errorCode,
    errorMessage: e.errorMessage,
    retryAfterSeconds: e.retryAfterSeconds ?? null,
  };
}

type Encoders = { [T in RequestType]: (r: ResponseByType[T]) => JsonObject };

const ENCODERS: Encoders = {
  DescribeConnectorConfigurationRequest: (r) => {
    if (!r.isSuccess) return { isSuccess: false, errorDetails: encodeErrorDetails(r.errorDetails) };
    const { isSuccess, errorDetails, ...configuration } = r;
    return {
      ...encodeConnectorConfiguration(configuration as Parameters<typeof encodeConnectorConfiguration>[0]),
      isSuccess,
      errorDetails: encodeErrorDetails(errorDetails),
    };
  },
  ValidateCredentialsRequest: (r) => ({
    isSuccess: r.isSuccess,
    errorDetails: encodeErrorDetails(r.errorDetails),
  }),
  ValidateConnectorRuntimeSettingsRequest: (r) => ({
    isSuccess: r.isSuccess,
    errorsByInputField: r.errorsByInputField ?? null,
    errorDetails: encodeErrorDetails(r.errorDetails),
  }),
  ListEntitiesRequest: (r) => ({
    isSuccess: r.isSuccess,
    errorDetails: encodeErrorDetails(r.errorDetails),
    entities: r.entities?.map(encodeEntity) ?? null,
    nextToken: r.nextToken ?? null,
    cacheControl: r.cacheControl ? encodeCacheControl(r.cacheControl) : null,
  }),
  DescribeEntityRequest: (r) => ({
    isSuccess: r.isSuccess,
    errorDetails: encodeErrorDetails(r.errorDetails),
    entityDefinition: r.entityDefinition ? encodeEntityDefinition(r.entityDefinition) : null,
    cacheControl: r.cacheControl ? encodeCacheControl(r.cacheControl) : null,
  }),
  RetrieveDataRequest: (r) => ({
    isSuccess: r.isSuccess,
    errorDetails: encodeErrorDetails(r.errorDetails),
    records: r.records ?? null,
  }),
  WriteDataRequest: (r) => ({
    isSuccess: r.isSuccess,
    errorDetails: encodeErrorDetails(r.errorDetails),
    writeRecordResults:
      r.writeRecordResults?.map((w) => ({
        isSuccess: w.isSuccess,
        recordId: w.recordId ?? null,
        errorMessage: w.errorMessage ?? null,
      })) ?? null,
  }),
  QueryDataRequest: (r) => ({
    isSuccess: r.isSuccess,
    errorDetails: encodeErrorDetails(r.errorDetails),
    nextToken: r.nextToken ?? null,
    records: r.records ?? null,
  }),
};

/** Encodes the response to a request of `type` with the exact keys, order and nulls of the wire contract. */
export function encodeResponse<T extends RequestType>(type: T, response: ResponseByType[T]): JsonObject {
  return (ENCODERS[type] as (r: ResponseByType[T]) => JsonObject)(response);
}

/**
 * The failure response of a request type: `isSuccess: false`, the error, and every other key null. With no
 * known type, just the envelope.
 */
export function encodeFailure(type: RequestType | null, error: ErrorDetails): JsonObject {
  const failure = { isSuccess: false, errorDetails: error };
  if (type === null) return { isSuccess: false, errorDetails: encodeErrorDetails(error) };
  const empty: Record<RequestType, JsonObject> = {
    DescribeConnectorConfigurationRequest: {},
    ValidateCredentialsRequest: {},
    ValidateConnectorRuntimeSettingsRequest: { errorsByInputField: null },
    ListEntitiesRequest: { entities: null, nextToken: null, cacheControl: null },
    DescribeEntityRequest: { entityDefinition: null, cacheControl: null },
    RetrieveDataRequest: { records: null },
    WriteDataRequest: { writeRecordResults: null },
    QueryDataRequest: { nextToken: null, records: null },
  };
  return encodeResponse(type, { ...empty[type], ...failure } as never);
}
