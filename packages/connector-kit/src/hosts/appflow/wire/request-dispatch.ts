import { ConnectorError } from "../../../core/errors/connector-error.js";
import { type ConnectorRequest, REQUEST_TYPES, type RequestType } from "../../../core/model/requests.js";
import { invalidAt, type JsonObject, object } from "./decoder.js";
import {
  decodeDescribeConnectorConfigurationRequest,
  decodeDescribeEntityRequest,
  decodeListEntitiesRequest,
  decodeQueryDataRequest,
  decodeRetrieveDataRequest,
  decodeValidateConnectorRuntimeSettingsRequest,
  decodeValidateCredentialsRequest,
  decodeWriteDataRequest,
  encodeDescribeConnectorConfigurationRequest,
  encodeDescribeEntityRequest,
  encodeListEntitiesRequest,
  encodeQueryDataRequest,
  encodeRetrieveDataRequest,
  encodeValidateConnectorRuntimeSettingsRequest,
  encodeValidateCredentialsRequest,
  encodeWriteDataRequest,
} from "./request-codec.js";

/*
 * The dispatch on an event's `type` to the generated codec of each request (request-codec.ts). Key paths start
 * at the event's keys (`maxResults`, `connectorContext.entityDefinition…`).
 */

const REQUEST_TYPE_SET = new Set<string>(REQUEST_TYPES);

type Decoders = {
  [T in RequestType]: (value: unknown, path: string) => Extract<ConnectorRequest, { type: T }>;
};
type Encoders = { [T in RequestType]: (request: Extract<ConnectorRequest, { type: T }>) => JsonObject };

const DECODERS: Decoders = {
  DescribeConnectorConfigurationRequest: decodeDescribeConnectorConfigurationRequest,
  ValidateCredentialsRequest: decodeValidateCredentialsRequest,
  ValidateConnectorRuntimeSettingsRequest: decodeValidateConnectorRuntimeSettingsRequest,
  ListEntitiesRequest: decodeListEntitiesRequest,
  DescribeEntityRequest: decodeDescribeEntityRequest,
  RetrieveDataRequest: decodeRetrieveDataRequest,
  WriteDataRequest: decodeWriteDataRequest,
  QueryDataRequest: decodeQueryDataRequest,
};

const ENCODERS: Encoders = {
  DescribeConnectorConfigurationRequest: encodeDescribeConnectorConfigurationRequest,
  ValidateCredentialsRequest: encodeValidateCredentialsRequest,
  ValidateConnectorRuntimeSettingsRequest: encodeValidateConnectorRuntimeSettingsRequest,
  ListEntitiesRequest: encodeListEntitiesRequest,
  DescribeEntityRequest: encodeDescribeEntityRequest,
  RetrieveDataRequest: encodeRetrieveDataRequest,
  WriteDataRequest: encodeWriteDataRequest,
  QueryDataRequest: encodeQueryDataRequest,
};

/** The event's `type` when it is a known request type, else null. */
export function requestTypeOf(event: unknown): RequestType | null {
  if (event === null || typeof event !== "object") return null;
  const type = (event as JsonObject)["type"];
  return typeof type === "string" && REQUEST_TYPE_SET.has(type) ? (type as RequestType) : null;
}

/**
 * Decodes and validates one AppFlow event. Unknown keys are ignored (as both official SDKs do); a missing or
 * mistyped key is an InvalidArgument error naming its path.
 */
export function decodeRequest(event: unknown): ConnectorRequest {
  const e = object(event, "event");
  const type = e["type"];
  if (type === undefined || type === null)
    throw ConnectorError.invalidArgument("type: the event has no request type");
  if (typeof type !== "string" || !REQUEST_TYPE_SET.has(type)) {
    throw invalidAt("type", `one of ${REQUEST_TYPES.join(", ")}`, type);
  }
  return DECODERS[type as RequestType](e, "");
}

/** Encodes a request as AppFlow would send it (used by the CLI, the flow runner and the tests). */
export function encodeRequest(request: ConnectorRequest): JsonObject {
  return (ENCODERS[request.type] as (r: ConnectorRequest) => JsonObject)(request);
}
