import type { Invocation } from "./invocation.js";
import type {
  DescribeConnectorConfigurationRequest,
  DescribeEntityRequest,
  ListEntitiesRequest,
  QueryDataRequest,
  RetrieveDataRequest,
  ValidateConnectorRuntimeSettingsRequest,
  ValidateCredentialsRequest,
  WriteDataRequest,
} from "./model/requests.js";
import type {
  DescribeConnectorConfigurationResponse,
  DescribeEntityResponse,
  ListEntitiesResponse,
  QueryDataResponse,
  RetrieveDataResponse,
  ValidateConnectorRuntimeSettingsResponse,
  ValidateCredentialsResponse,
  WriteDataResponse,
} from "./model/responses.js";

/**
 * The low-level handler interfaces, one method per AppFlow operation, as in the official SDKs. A handler
 * returns the response or throws a ConnectorError (the host turns it into `errorDetails`). The high-level
 * `defineConnector` compiles into these same three objects.
 */
export interface ConfigurationHandler {
  describeConnectorConfiguration(
    request: DescribeConnectorConfigurationRequest,
    invocation: Invocation,
  ): Promise<DescribeConnectorConfigurationResponse>;
  validateCredentials(
    request: ValidateCredentialsRequest,
    invocation: Invocation,
  ): Promise<ValidateCredentialsResponse>;
  validateConnectorRuntimeSettings(
    request: ValidateConnectorRuntimeSettingsRequest,
    invocation: Invocation,
  ): Promise<ValidateConnectorRuntimeSettingsResponse>;
}

export interface MetadataHandler {
  listEntities(request: ListEntitiesRequest, invocation: Invocation): Promise<ListEntitiesResponse>;
  describeEntity(request: DescribeEntityRequest, invocation: Invocation): Promise<DescribeEntityResponse>;
}

export interface RecordHandler {
  retrieveData(request: RetrieveDataRequest, invocation: Invocation): Promise<RetrieveDataResponse>;
  writeData(request: WriteDataRequest, invocation: Invocation): Promise<WriteDataResponse>;
  queryData(request: QueryDataRequest, invocation: Invocation): Promise<QueryDataResponse>;
}

/** The three handler groups of one connector. */
export interface ConnectorHandlers {
  configuration: ConfigurationHandler;
  metadata: MetadataHandler;
  record: RecordHandler;
}
