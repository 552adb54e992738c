import type { JsonObject } from "../wire/decoder.js";

/** Our own AppFlow event fixtures, shaped as AppFlow sends them. */
export const SECRET_ARN =
  "arn:aws:secretsmanager:us-east-1:111122223333:secret:appflow!111122223333-orders-prof-AbCdEf";

export function context(extra: JsonObject = {}): JsonObject {
  return {
    apiVersion: "v1",
    connectorRuntimeSettings: { region: "eu" },
    credentials: { secretArn: SECRET_ARN, authenticationType: "BasicAuth" },
    flowName: "orders-flow",
    executionId: "exec-1",
    connectorProfileLabel: "prof",
    ...extra,
  };
}

export const events = {
  describeConfiguration: (): JsonObject => ({
    type: "DescribeConnectorConfigurationRequest",
    locale: "en-US",
  }),
  validateCredentials: (): JsonObject => ({
    type: "ValidateCredentialsRequest",
    credentials: { secretArn: SECRET_ARN, authenticationType: "BasicAuth" },
    connectorRuntimeSettings: { region: "eu" },
  }),
  validateSettings: (settings: JsonObject, scope = "CONNECTOR_PROFILE"): JsonObject => ({
    type: "ValidateConnectorRuntimeSettingsRequest",
    scope,
    connectorRuntimeSettings: settings,
  }),
  listEntities: (extra: JsonObject = {}): JsonObject => ({
    type: "ListEntitiesRequest",
    connectorContext: context(),
    ...extra,
  }),
  describeEntity: (id = "orders"): JsonObject => ({
    type: "DescribeEntityRequest",
    entityIdentifier: id,
    connectorContext: context(),
  }),
  query: (extra: JsonObject = {}): JsonObject => ({
    type: "QueryDataRequest",
    entityIdentifier: "orders",
    connectorContext: context(),
    ...extra,
  }),
  retrieve: (ids: string[]): JsonObject => ({
    type: "RetrieveDataRequest",
    entityIdentifier: "orders",
    connectorContext: context(),
    selectedFieldNames: ["id", "amount"],
    idFieldName: "id",
    ids,
  }),
  write: (operation: string | null, records: string[], extra: JsonObject = {}): JsonObject => ({
    type: "WriteDataRequest",
    entityIdentifier: "orders",
    connectorContext: context(),
    operation,
    idFieldNames: ["id"],
    records,
    allOrNone: false,
    ...extra,
  }),
};
