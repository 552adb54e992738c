import { REQUEST_TYPES, type RequestType } from "../../core/model/requests.js";

/** Short names of the AppFlow operations, as the CLI and the HTTP host accept them. */
export const OPERATION_ALIASES: Readonly<Record<string, RequestType>> = {
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
 * The request type an operation name means, or `null`: the wire name (`QueryDataRequest`), it without
 * `Request` (`QueryData`), either in snake or kebab case (`query_data`), or a short alias (`query`,
 * `list-entities`, …). Case does not matter.
 */
export function operationNamed(name: string): RequestType | null {
  const alias = OPERATION_ALIASES[name.toLowerCase().replaceAll("_", "-")];
  if (alias) return alias;
  const normalized = name.replace(/[-_]/g, "").toLowerCase();
  return (
    REQUEST_TYPES.find((t) => {
      const lower = t.toLowerCase();
      return lower === normalized || lower === `${normalized}request`;
    }) ?? null
  );
}

/** Every name {@link operationNamed} knows, for help and "did you mean" hints. */
export const OPERATION_NAMES: readonly string[] = [
  ...REQUEST_TYPES.map((t) => t.replace(/Request$/, "")),
  ...Object.keys(OPERATION_ALIASES),
];
