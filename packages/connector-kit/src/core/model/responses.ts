import type { ErrorCode } from "../errors/error-code.js";
import type { ConnectorConfiguration } from "./configuration.js";
import type { CacheControl, Entity, EntityDefinition } from "./entity.js";

export interface ErrorDetails {
  errorCode: ErrorCode;
  errorMessage: string;
  retryAfterSeconds?: number | null;
}

interface Outcome {
  isSuccess: boolean;
  errorDetails: ErrorDetails | null;
}

export type DescribeConnectorConfigurationResponse = Outcome & Partial<ConnectorConfiguration>;

export type ValidateCredentialsResponse = Outcome;

export interface ValidateConnectorRuntimeSettingsResponse extends Outcome {
  /** Setting key → what is wrong with its value. */
  errorsByInputField: Record<string, string> | null;
}

export interface ListEntitiesResponse extends Outcome {
  entities: Entity[] | null;
  nextToken: string | null;
  cacheControl: CacheControl | null;
}

export interface DescribeEntityResponse extends Outcome {
  entityDefinition: EntityDefinition | null;
  cacheControl: CacheControl | null;
}

export interface RetrieveDataResponse extends Outcome {
  records: string[] | null;
}

export interface QueryDataResponse extends Outcome {
  nextToken: string | null;
  records: string[] | null;
}

export interface WriteRecordResult {
  isSuccess: boolean;
  /** The written record's id; null when unknown or not written. */
  recordId: string | null;
  errorMessage: string | null;
}

export interface WriteDataResponse extends Outcome {
  writeRecordResults: WriteRecordResult[] | null;
}

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
