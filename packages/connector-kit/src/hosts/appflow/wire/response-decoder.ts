import type { ConnectorConfiguration } from "../../../core/model/configuration.js";
import type { EntityDefinition } from "../../../core/model/entity.js";
import type {
  ListEntitiesResponse,
  ResponseEnvelope,
  ValidateConnectorRuntimeSettingsResponse,
  WriteDataResponse,
} from "../../../core/model/responses.js";
import { decodeConnectorConfiguration } from "./configuration-codec.js";
import { invalidAt, type JsonObject, object, optionalArrayOf, optionalString } from "./decoder.js";
import {
  decodeDescribeEntityResponse,
  decodeListEntitiesResponse,
  decodeResponseEnvelope,
  decodeValidateConnectorRuntimeSettingsResponse,
  decodeWriteDataResponse,
} from "./response-codec.js";

/*
 * The reader of AppFlow answers, as the Java runner parses them: the conformance suite, the flow runner's
 * Lambda path and the CLI use it. Shapes are the generated decoders' (response-codec.ts: required keys enforced,
 * a bad value reported by its key path, `response.records[2]: expected a string, got a number`); on top, a
 * failure must carry its errorDetails, records stay strings, and DescribeEntity's answer keeps the definition as
 * sent.
 */

const ROOT = "response";

/** Checks the rule the shapes cannot say: a failure carries errorDetails. */
function checked<T extends ResponseEnvelope>(response: T): T {
  if (!response.isSuccess && response.errorDetails === null)
    throw invalidAt(`${ROOT}.errorDetails`, "error details when isSuccess is false", null);
  return response;
}

/** Reads `isSuccess` and `errorDetails`; a failure must carry errorDetails, a success must not. */
export function readEnvelope(value: unknown): ResponseEnvelope {
  const { isSuccess, errorDetails } = checked(decodeResponseEnvelope(value, ROOT));
  return { isSuccess, errorDetails };
}

export interface ConfigurationResult extends ResponseEnvelope {
  /** The configuration; null when the call failed. */
  configuration: ConnectorConfiguration | null;
}

/** A DescribeConnectorConfiguration response: the envelope, and the configuration when it succeeded. */
export function readConfigurationResponse(value: unknown): ConfigurationResult {
  const envelope = readEnvelope(value);
  return {
    ...envelope,
    configuration: envelope.isSuccess ? decodeConnectorConfiguration(value, ROOT) : null,
  };
}

export function readSettingsResponse(value: unknown): ValidateConnectorRuntimeSettingsResponse {
  return checked(decodeValidateConnectorRuntimeSettingsResponse(value, ROOT));
}

export function readListEntitiesResponse(value: unknown): ListEntitiesResponse {
  return checked(decodeListEntitiesResponse(value, ROOT));
}

export interface DescribeEntityResult extends ResponseEnvelope {
  /** The decoded definition (defaults such as filterOperators applied). */
  entityDefinition: EntityDefinition | null;
  /** The definition exactly as the connector sent it, to send back in `connectorContext`. */
  rawEntityDefinition: JsonObject | null;
  /** Cache time in seconds, when the connector gave one. */
  cacheSeconds: number | null;
}

const SECONDS_PER_UNIT: Record<string, number> = {
  NANOSECONDS: 1e-9,
  MICROSECONDS: 1e-6,
  MILLISECONDS: 1e-3,
  SECONDS: 1,
  MINUTES: 60,
  HOURS: 3600,
  DAYS: 86400,
};

export function readDescribeEntityResponse(value: unknown): DescribeEntityResult {
  const { isSuccess, errorDetails, entityDefinition, cacheControl } = checked(
    decodeDescribeEntityResponse(value, ROOT),
  );
  const cacheSeconds =
    cacheControl === null
      ? null
      : cacheControl.timeToLive * (SECONDS_PER_UNIT[cacheControl.timeToLiveUnit ?? "SECONDS"] ?? 1);
  return {
    isSuccess,
    errorDetails,
    entityDefinition,
    rawEntityDefinition:
      entityDefinition === null ? null : ((value as JsonObject)["entityDefinition"] as JsonObject),
    cacheSeconds,
  };
}

export interface RecordsResult extends ResponseEnvelope {
  records: string[] | null;
  nextToken: string | null;
}

function decodeRecords(value: unknown, path: string): string[] | null {
  return optionalArrayOf(value, path, (v, p) => {
    if (typeof v !== "string") throw invalidAt(p, "a string (a JSON-serialized record)", v);
    return v;
  });
}

/** QueryData and RetrieveData responses (RetrieveData has no token; it reads as null). */
export function readRecordsResponse(value: unknown): RecordsResult {
  const o = object(value, ROOT);
  return {
    ...readEnvelope(o),
    records: decodeRecords(o["records"], `${ROOT}.records`),
    nextToken: optionalString(o["nextToken"], ROOT, "nextToken"),
  };
}

export function readWriteResponse(value: unknown): WriteDataResponse {
  return checked(decodeWriteDataResponse(value, ROOT));
}
