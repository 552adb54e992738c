import { ERROR_CODES } from "../../../core/errors/error-code.js";
import type { ConnectorConfiguration } from "../../../core/model/configuration.js";
import type { Entity, EntityDefinition } from "../../../core/model/entity.js";
import type { ErrorDetails, WriteRecordResult } from "../../../core/model/responses.js";
import { decodeConnectorConfiguration } from "./configuration-codec.js";
import {
  arrayOf,
  invalidAt,
  type JsonObject,
  object,
  oneOf,
  optionalArrayOf,
  optionalNumber,
  optionalString,
  optionalStringMap,
} from "./decoder.js";
import { decodeCacheControl, decodeEntity, decodeEntityDefinition } from "./entity-codec.js";

/*
 * Strict decoders of the eight AppFlow responses, as the Java runner parses them: required keys enforced, a bad
 * value reported by its key path (`response.records[2]: expected a string, got a number`). Records stay strings.
 * The one reader of AppFlow answers: the conformance suite, the flow runner's Lambda path and the CLI use it.
 */

/** The success/error envelope every response has. */
export interface Envelope {
  isSuccess: boolean;
  errorDetails: ErrorDetails | null;
}

const errorCode = oneOf(ERROR_CODES);

function decodeErrorDetails(value: unknown, path: string): ErrorDetails | null {
  if (value === undefined || value === null) return null;
  const o = object(value, path);
  const retry = optionalNumber(o["retryAfterSeconds"], `${path}.retryAfterSeconds`);
  const message = o["errorMessage"];
  if (typeof message !== "string") throw invalidAt(`${path}.errorMessage`, "a string", message);
  return {
    errorCode: errorCode(o["errorCode"], `${path}.errorCode`),
    errorMessage: message,
    retryAfterSeconds: retry,
  };
}

/** Decodes `isSuccess` and `errorDetails`; a failure must carry errorDetails, a success must not. */
export function decodeEnvelope(value: unknown, path = "response"): Envelope {
  const o = object(value, path);
  const isSuccess = o["isSuccess"];
  if (typeof isSuccess !== "boolean") throw invalidAt(`${path}.isSuccess`, "a boolean", isSuccess);
  const errorDetails = decodeErrorDetails(o["errorDetails"], `${path}.errorDetails`);
  if (!isSuccess && errorDetails === null)
    throw invalidAt(`${path}.errorDetails`, "error details when isSuccess is false", null);
  return { isSuccess, errorDetails };
}

export interface ConfigurationResult extends Envelope {
  /** The configuration; null when the call failed. */
  configuration: ConnectorConfiguration | null;
}

/** A DescribeConnectorConfiguration response: the envelope, and the configuration when it succeeded. */
export function decodeConfigurationResponse(value: unknown): ConfigurationResult {
  const o = object(value, "response");
  const envelope = decodeEnvelope(o);
  return {
    ...envelope,
    configuration: envelope.isSuccess ? decodeConnectorConfiguration(o, "response") : null,
  };
}

export interface SettingsResponse extends Envelope {
  errorsByInputField: Record<string, string> | null;
}

export function decodeSettingsResponse(value: unknown): SettingsResponse {
  const o = object(value, "response");
  return {
    ...decodeEnvelope(o),
    errorsByInputField: optionalStringMap(o["errorsByInputField"], "response.errorsByInputField"),
  };
}

export interface ListEntitiesResult extends Envelope {
  entities: Entity[] | null;
  nextToken: string | null;
}

export function decodeListEntitiesResponse(value: unknown): ListEntitiesResult {
  const o = object(value, "response");
  if (o["cacheControl"] !== undefined && o["cacheControl"] !== null)
    decodeCacheControl(o["cacheControl"], "response.cacheControl");
  return {
    ...decodeEnvelope(o),
    entities: optionalArrayOf(o["entities"], "response.entities", decodeEntity),
    nextToken: optionalString(o["nextToken"], "response.nextToken"),
  };
}

export interface DescribeEntityResult extends Envelope {
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

export function decodeDescribeEntityResponse(value: unknown): DescribeEntityResult {
  const o = object(value, "response");
  const envelope = decodeEnvelope(o);
  const raw = o["entityDefinition"];
  const entityDefinition =
    raw === undefined || raw === null ? null : decodeEntityDefinition(raw, "response.entityDefinition");
  let cacheSeconds: number | null = null;
  if (o["cacheControl"] !== undefined && o["cacheControl"] !== null) {
    const cc = decodeCacheControl(o["cacheControl"], "response.cacheControl");
    cacheSeconds = cc.timeToLive * (SECONDS_PER_UNIT[cc.timeToLiveUnit ?? "SECONDS"] ?? 1);
  }
  return {
    ...envelope,
    entityDefinition,
    rawEntityDefinition: entityDefinition === null ? null : (raw as JsonObject),
    cacheSeconds,
  };
}

export interface RecordsResult extends Envelope {
  records: string[] | null;
  nextToken: string | null;
}

function decodeRecords(value: unknown, path: string): string[] | null {
  return optionalArrayOf(value, path, (v, p) => {
    if (typeof v !== "string") throw invalidAt(p, "a string (a JSON-serialized record)", v);
    return v;
  });
}

/** QueryData and RetrieveData responses (RetrieveData has no token; it decodes as null). */
export function decodeRecordsResponse(value: unknown): RecordsResult {
  const o = object(value, "response");
  return {
    ...decodeEnvelope(o),
    records: decodeRecords(o["records"], "response.records"),
    nextToken: optionalString(o["nextToken"], "response.nextToken"),
  };
}

export interface WriteResult extends Envelope {
  writeRecordResults: WriteRecordResult[] | null;
}

function decodeWriteRecordResult(value: unknown, path: string): WriteRecordResult {
  const o = object(value, path);
  const isSuccess = o["isSuccess"];
  if (typeof isSuccess !== "boolean") throw invalidAt(`${path}.isSuccess`, "a boolean", isSuccess);
  return {
    isSuccess,
    recordId: optionalString(o["recordId"], `${path}.recordId`),
    errorMessage: optionalString(o["errorMessage"], `${path}.errorMessage`),
  };
}

export function decodeWriteResponse(value: unknown): WriteResult {
  const o = object(value, "response");
  const results = o["writeRecordResults"];
  return {
    ...decodeEnvelope(o),
    writeRecordResults:
      results === undefined || results === null
        ? null
        : arrayOf(results, "response.writeRecordResults", decodeWriteRecordResult),
  };
}
