// Generated from schema/appflow-requests.ts by `npm run generate:wire`. Do not edit: edit the schema and regenerate.

import type { EntityDefinition } from "./entity.js";
import type { AuthenticationType, SettingScope, WriteOperationType } from "./enums.js";

/** Where the credentials are: a Secrets Manager ARN in AppFlow, never the secret itself. */
export interface CredentialsRef {
  secretArn: string | null;
  /** One of `AuthenticationType`, or another string AppFlow may send. */
  authenticationType: AuthenticationType | (string & {}) | null;
}

/** What AppFlow sends with metadata and data operations. */
export interface RequestContext {
  apiVersion: string | null;
  /** The runtime settings the user gave, by key. */
  connectorRuntimeSettings: Record<string, string>;
  credentials: CredentialsRef | null;
  /** The entity as the connector described it. */
  entityDefinition: EntityDefinition | null;
  flowName: string | null;
  executionId: string | null;
  connectorProfileLabel: string | null;
}

export interface DescribeConnectorConfigurationRequest {
  type: "DescribeConnectorConfigurationRequest";
  /** Default: `"en-US"`. */
  locale: string;
  connectorLabel: string | null;
}

export interface ValidateCredentialsRequest {
  type: "ValidateCredentialsRequest";
  credentials: CredentialsRef;
  /** The runtime settings the user gave, by key. */
  connectorRuntimeSettings: Record<string, string>;
}

export interface ValidateConnectorRuntimeSettingsRequest {
  type: "ValidateConnectorRuntimeSettingsRequest";
  scope: SettingScope;
  /** The runtime settings the user gave, by key. */
  connectorRuntimeSettings: Record<string, string>;
  /** One of `AuthenticationType`, or another string AppFlow may send. */
  authenticationType: AuthenticationType | (string & {}) | null;
}

export interface ListEntitiesRequest {
  type: "ListEntitiesRequest";
  connectorContext: RequestContext;
  /** Null lists the top level. */
  entitiesPath: string | null;
  nextToken: string | null;
  /** Default: `1000`. */
  maxResult: number;
}

export interface DescribeEntityRequest {
  type: "DescribeEntityRequest";
  entityIdentifier: string;
  connectorContext: RequestContext;
}

export interface RetrieveDataRequest {
  type: "RetrieveDataRequest";
  entityIdentifier: string;
  connectorContext: RequestContext;
  /** Null selects every field. */
  selectedFieldNames: string[] | null;
  idFieldName: string | null;
  ids: string[] | null;
}

export interface WriteDataRequest {
  type: "WriteDataRequest";
  entityIdentifier: string;
  connectorContext: RequestContext;
  operation: WriteOperationType | null;
  idFieldNames: string[] | null;
  /** Each element is one record as JSON object text. */
  records: string[];
  allOrNone: boolean;
}

export interface QueryDataRequest {
  type: "QueryDataRequest";
  entityIdentifier: string;
  connectorContext: RequestContext;
  /** Null selects every field. */
  selectedFieldNames: string[] | null;
  /** In AppFlow's filter language; null selects every record. */
  filterExpression: string | null;
  nextToken: string | null;
  /** Default: `1000`. */
  maxResults: number;
}

/** Every request AppFlow sends a connector. */
export type ConnectorRequest =
  | DescribeConnectorConfigurationRequest
  | ValidateCredentialsRequest
  | ValidateConnectorRuntimeSettingsRequest
  | ListEntitiesRequest
  | DescribeEntityRequest
  | RetrieveDataRequest
  | WriteDataRequest
  | QueryDataRequest;

export type RequestType = ConnectorRequest["type"];

/** The request types, in the order of the AppFlow API. */
export const REQUEST_TYPES: readonly RequestType[] = [
  "DescribeConnectorConfigurationRequest",
  "ValidateCredentialsRequest",
  "ValidateConnectorRuntimeSettingsRequest",
  "ListEntitiesRequest",
  "DescribeEntityRequest",
  "RetrieveDataRequest",
  "WriteDataRequest",
  "QueryDataRequest",
];
