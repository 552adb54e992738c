import type { RequestType } from "../../../core/model/requests.js";
import type { ErrorDetails, ResponseByType } from "../../../core/model/responses.js";
import { encodeConnectorConfiguration } from "./configuration-codec.js";
import type { JsonObject } from "./decoder.js";
import {
  encodeDescribeEntityResponse,
  encodeErrorDetails,
  encodeListEntitiesResponse,
  encodeQueryDataResponse,
  encodeRetrieveDataResponse,
  encodeValidateConnectorRuntimeSettingsResponse,
  encodeValidateCredentialsResponse,
  encodeWriteDataResponse,
} from "./response-codec.js";

/*
 * The dispatch of a response to the generated encoder of its request type (response-codec.ts), and the one
 * response composed by hand: DescribeConnectorConfiguration's, the configuration's keys then the envelope, or
 * the envelope alone when the call failed.
 */

type Encoders = { [T in RequestType]: (r: ResponseByType[T]) => JsonObject };

const ENCODERS: Encoders = {
  DescribeConnectorConfigurationRequest: (r) => {
    const envelope = {
      isSuccess: r.isSuccess,
      errorDetails: r.errorDetails ? encodeErrorDetails(r.errorDetails) : null,
    };
    if (!r.isSuccess) return envelope;
    const { isSuccess: _, errorDetails: __, ...configuration } = r;
    return {
      ...encodeConnectorConfiguration(configuration as Parameters<typeof encodeConnectorConfiguration>[0]),
      ...envelope,
    };
  },
  ValidateCredentialsRequest: encodeValidateCredentialsResponse,
  ValidateConnectorRuntimeSettingsRequest: encodeValidateConnectorRuntimeSettingsResponse,
  ListEntitiesRequest: encodeListEntitiesResponse,
  DescribeEntityRequest: encodeDescribeEntityResponse,
  RetrieveDataRequest: encodeRetrieveDataResponse,
  WriteDataRequest: encodeWriteDataResponse,
  QueryDataRequest: encodeQueryDataResponse,
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
  if (type === null) return { isSuccess: false, errorDetails: encodeErrorDetails(error) };
  // The encoders write null for every key the response leaves out.
  return encodeResponse(type, { isSuccess: false, errorDetails: error } as never);
}
