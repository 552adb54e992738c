import type { Connector } from "../core/define/define-connector.js";
import type { ConnectorHandlers } from "../core/handlers.js";
import type { SecretResolver } from "../core/secrets/secret-resolver.js";
import { createAppFlowHost } from "../hosts/appflow/appflow-host.js";
import { decodeConnectorConfiguration } from "../hosts/appflow/wire/model-codec.js";
import { discoverEntities } from "./conformance/discover-entities.js";
import { decodeEnvelope, decodeListEntitiesResponse } from "./conformance/responses.js";
import { localSecretResolver } from "./local-secrets.js";
import type { TestConfig, TestCredentials, TestRuntimeSettings } from "./test-config.js";

/** Options of {@link testConfigFromConnector}. */
export interface TestConfigFromConnectorOptions {
  /** Credentials to put in the config. Default: `{}` (none). */
  credentials?: TestCredentials;
  /**
   * Runtime settings to put in the config. Default: for each required setting that offers
   * `connectorSuppliedValueOptions`, its first option, in its scope (SOURCE_AND_DESTINATION goes to `source`),
   * plus `connectorProfile.apiVersion` = the first supported API version.
   */
  runtimeSettings?: TestRuntimeSettings;
  /** Resolves the credentials while the entities are listed. Default: `localSecretResolver()`. */
  secrets?: SecretResolver;
  /** Deepest level of the entity tree searched for a leaf. Default: 5. */
  maxDepth?: number;
}

/**
 * A default TestConfig for a connector whose author has none: asks the connector for its configuration and
 * entity tree (through the AppFlow host) and takes the first leaf entity as the test entity. No retrieve, write
 * or configured query entries are made (those need real ids and records).
 *
 * @throws Error when the configuration or the entity listing fails, or no leaf entity is found.
 */
export async function testConfigFromConnector(
  connector: Connector | ConnectorHandlers,
  options: TestConfigFromConnectorOptions = {},
): Promise<TestConfig> {
  const host = createAppFlowHost(connector, {
    secrets: options.secrets ?? localSecretResolver(),
    logLevel: "silent",
  });
  const answer = await host.invoke({ type: "DescribeConnectorConfigurationRequest" });
  const envelope = decodeEnvelope(answer);
  if (!envelope.isSuccess)
    throw new Error(
      `DescribeConnectorConfiguration failed: ${envelope.errorDetails?.errorMessage ?? "no details"}`,
    );
  const configuration = decodeConnectorConfiguration(answer, "response");
  let runtimeSettings = options.runtimeSettings;
  if (!runtimeSettings) {
    runtimeSettings = {};
    const apiVersion = configuration.supportedApiVersions[0];
    if (apiVersion !== undefined) runtimeSettings.connectorProfile = { apiVersion };
    for (const s of configuration.connectorRuntimeSetting ?? []) {
      const value = s.connectorSuppliedValueOptions?.[0];
      if (!s.required || value === undefined) continue;
      const key =
        s.scope === "CONNECTOR_PROFILE"
          ? "connectorProfile"
          : s.scope === "DESTINATION"
            ? "destination"
            : "source";
      runtimeSettings[key] = { ...runtimeSettings[key], [s.key]: value };
    }
  }
  const credentials = { ...options.credentials };
  const { connectorProfile, source, destination } = runtimeSettings;
  const connectorContext = {
    apiVersion: connectorProfile?.["apiVersion"] ?? connectorProfile?.["api_version"] ?? null,
    connectorRuntimeSettings: { ...connectorProfile, ...source, ...destination },
    credentials,
  };
  const tree = await discoverEntities(
    async (path, token) => {
      const response = await host.invoke({
        type: "ListEntitiesRequest",
        connectorContext,
        entitiesPath: path,
        nextToken: token,
      });
      const result = decodeListEntitiesResponse(response);
      if (!result.isSuccess)
        throw new Error(`ListEntities failed: ${result.errorDetails?.errorMessage ?? "no details"}`);
      return { entities: result.entities ?? [], nextToken: result.nextToken };
    },
    { maxDepth: options.maxDepth ?? 5, maxEntities: 1000, maxPages: 100 },
  );
  const leaf = tree.leaves[0];
  if (!leaf) throw new Error("the connector lists no entity without nested entities to test with");
  return { runtimeSettings, credentials, testEntityIdentifier: leaf.entityIdentifier };
}
