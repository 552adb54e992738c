import { REQUEST_TYPES, type RequestType } from "../core/model/requests.js";
import { UsageError } from "./command.js";

const ALIASES: Record<string, RequestType> = {
  configuration: "DescribeConnectorConfigurationRequest",
  "describe-configuration": "DescribeConnectorConfigurationRequest",
  credentials: "ValidateCredentialsRequest",
  "validate-credentials": "ValidateCredentialsRequest",
  settings: "ValidateConnectorRuntimeSettingsRequest",
  "validate-settings": "ValidateConnectorRuntimeSettingsRequest",
  entities: "ListEntitiesRequest",
  "list-entities": "ListEntitiesRequest",
  entity: "DescribeEntityRequest",
  "describe-entity": "DescribeEntityRequest",
  retrieve: "RetrieveDataRequest",
  write: "WriteDataRequest",
  query: "QueryDataRequest",
};

/**
 * The request type an operation name means: the wire name (`QueryDataRequest`), it without `Request`
 * (`QueryData`), or a short alias (`query`, `list-entities`, …).
 */
export function requestTypeNamed(name: string): RequestType {
  const exact = REQUEST_TYPES.find((t) => t === name || t === `${name}Request`);
  const found = exact ?? ALIASES[name.toLowerCase()];
  if (!found) {
    throw new UsageError(
      `Unknown operation "${name}". Use one of: ${REQUEST_TYPES.map((t) => t.replace(/Request$/, "")).join(", ")}, or an alias: ${Object.keys(ALIASES).join(", ")}`,
    );
  }
  return found;
}
