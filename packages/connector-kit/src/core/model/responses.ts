// Generated from schema/appflow-responses.ts by `npm run generate:wire`. Do not edit: edit the schema and regenerate.
import type { ErrorCode } from "../errors/error-code.js";
import type { ConnectorConfiguration } from "./configuration.js";
import type { CacheControl, Entity, EntityDefinition } from "./entity.js";

/** Why a call failed, as AppFlow shows it. */
export interface ErrorDetails {
  errorCode: ErrorCode;
  errorMessage: string;
  /** When to try again, for throttling and unavailability errors. */
  retryAfterSeconds?: number | null;
}

/** The outcome of writing one record. */
export interface WriteRecordResult {
  isSuccess: boolean;
  /** The written record's id; null when unknown or not written. */
  recordId: string | null;
  errorMessage: string | null;
}

/** The success/error envelope every response has. */
export interface ResponseEnvelope {
  /** False when the call failed; `errorDetails` says why. */
  isSuccess: boolean;
  /** Why the call failed; null when it succeeded. */
  errorDetails: ErrorDetails | null;
}

export interface ValidateCredentialsResponse {
  /** False when the call failed; `errorDetails` says why. */
  isSuccess: boolean;
  /** Why the call failed; null when it succeeded. */
  errorDetails: ErrorDetails | null;
}

export interface ValidateConnectorRuntimeSettingsResponse {
  /** False when the call failed; `errorDetails` says why. */
  isSuccess: boolean;
  /** Setting key → what is wrong with its value. */
  errorsByInputField: Record<string, string> | null;
  /** Why the call failed; null when it succeeded. */
  errorDetails: ErrorDetails | null;
}

export interface ListEntitiesResponse {
  /** False when the call failed; `errorDetails` says why. */
  isSuccess: boolean;
  /** Why the call failed; null when it succeeded. */
  errorDetails: ErrorDetails | null;
  entities: Entity[] | null;
  nextToken: string | null;
  cacheControl: CacheControl | null;
}

export interface DescribeEntityResponse {
  /** False when the call failed; `errorDetails` says why. */
  isSuccess: boolean;
  /** Why the call failed; null when it succeeded. */
  errorDetails: ErrorDetails | null;
  entityDefinition: EntityDefinition | null;
  cacheControl: CacheControl | null;
}

export interface RetrieveDataResponse {
  /** False when the call failed; `errorDetails` says why. */
  isSuccess: boolean;
  /** Why the call failed; null when it succeeded. */
  errorDetails: ErrorDetails | null;
  /** Each element is one record as JSON object text. */
  records: string[] | null;
}

export interface WriteDataResponse {
  /** False when the call failed; `errorDetails` says why. */
  isSuccess: boolean;
  /** Why the call failed; null when it succeeded. */
  errorDetails: ErrorDetails | null;
  writeRecordResults: WriteRecordResult[] | null;
}

export interface QueryDataResponse {
  /** False when the call failed; `errorDetails` says why. */
  isSuccess: boolean;
  /** Why the call failed; null when it succeeded. */
  errorDetails: ErrorDetails | null;
  nextToken: string | null;
  /** Each element is one record as JSON object text. */
  records: string[] | null;
}

/** DescribeConnectorConfiguration's answer: the envelope and, when it succeeded, the configuration. */
export type DescribeConnectorConfigurationResponse = ResponseEnvelope & Partial<ConnectorConfiguration>;

/** The response type of each request type. */
export interface ResponseByType {
  DescribeConnectorConfigurationRequest: DescribeConnectorConfigurationResponse;
  ValidateCredentialsRequest: ValidateCredentialsResponse;
  ValidateConnectorRuntimeSettingsRequest: ValidateConnectorRuntimeSettingsResponse;
  ListEntitiesRequest: ListEntitiesResponse;
  DescribeEntityRequest: DescribeEntityResponse;
  RetrieveDataRequest: RetrieveDataResponse;
  WriteDataRequest: WriteDataResponse;
  QueryDataRequest: QueryDataResponse;
}
