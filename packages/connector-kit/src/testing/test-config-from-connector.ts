import { ConnectorError } from "../core/errors/connector-error.js";
import { ERROR_CODES, type ErrorCode } from "../core/errors/error-code.js";
import type { ConnectorHandlers } from "../core/handlers.js";
import type { ConnectorConfiguration } from "../core/model/configuration.js";
import type { SecretResolver } from "../core/secrets/secret-resolver.js";
import type { Connector } from "../define/define-connector.js";
import { createAppFlowHost } from "../hosts/appflow/appflow-host.js";
import { decodeConnectorConfiguration } from "../hosts/appflow/wire/configuration-codec.js";
import { readEnvelope, readListEntitiesResponse } from "../hosts/appflow/wire/response-decoder.js";
import { discoverEntities } from "./conformance/discover-entities.js";
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
  /**
   * Settings, an API version and credentials placed over `runtimeSettings` (or the defaults) and `credentials`,
   * each setting in the scope the connector declares it in (see {@link withConnection}): what the CLI's
   * connection flags give. Default: none.
   */
  connection?: TestConnection;
  /** Resolves the credentials while the entities are listed. Default: `localSecretResolver()`. */
  secrets?: SecretResolver;
  /** Deepest level of the entity tree searched for a leaf. Default: 5. */
  maxDepth?: number;
}

const CODES: ReadonlySet<string> = new Set(ERROR_CODES);

/** The error code a failed answer carries, when it is one of ours; else `UnknownError`. */
function codeOf(code: unknown): ErrorCode {
  return typeof code === "string" && CODES.has(code) ? (code as ErrorCode) : "UnknownError";
}

/** The connector's configuration, asked through its AppFlow host. */
async function configurationOf(host: ReturnType<typeof createAppFlowHost>): Promise<ConnectorConfiguration> {
  const answer = await host.invoke({ type: "DescribeConnectorConfigurationRequest" });
  const envelope = readEnvelope(answer);
  if (!envelope.isSuccess)
    throw new ConnectorError(
      codeOf(envelope.errorDetails?.errorCode),
      `DescribeConnectorConfiguration failed: ${envelope.errorDetails?.errorMessage ?? "no details"}`,
    );
  return decodeConnectorConfiguration(answer, "response");
}

/**
 * The connector's configuration, as {@link withConnection} needs it (the configuration needs no credentials).
 *
 * @throws Error when DescribeConnectorConfiguration fails.
 */
export async function connectorConfiguration(
  connector: Connector | ConnectorHandlers,
): Promise<ConnectorConfiguration> {
  return configurationOf(createAppFlowHost(connector, { logLevel: "silent" }));
}

/** The first authentication type a connector declares, as AppFlow names it; undefined when it has none. */
function firstAuthType(c: ConnectorConfiguration): string | undefined {
  const a = c.authenticationConfig;
  if (a?.isBasicAuthSupported) return "BasicAuth";
  if (a?.isApiKeyAuthSupported) return "ApiKey";
  if (a?.isOAuth2Supported) return "OAuth2";
  return a?.isCustomAuthSupported ? "CustomAuth" : undefined;
}

/**
 * A default TestConfig for a connector whose author has none: asks the connector for its configuration and
 * entity tree (through the AppFlow host) and takes the first leaf entity as the test entity. No retrieve, write
 * or configured query entries are made (those need real ids and records).
 *
 * @throws ConnectorError with the connector's code when the configuration or the entity listing fails, and
 * `ResourceNotFoundError` when no leaf entity is found.
 */
export async function testConfigFromConnector(
  connector: Connector | ConnectorHandlers,
  options: TestConfigFromConnectorOptions = {},
): Promise<TestConfig> {
  const host = createAppFlowHost(connector, {
    secrets: options.secrets ?? localSecretResolver(),
    logLevel: "silent",
  });
  const configuration = await configurationOf(host);
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
  let credentials: TestCredentials = { ...options.credentials };
  if (options.connection) {
    ({ runtimeSettings, credentials } = withConnection(
      { runtimeSettings, credentials, testEntityIdentifier: "" },
      options.connection,
      configuration,
    ));
  }
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
      const result = readListEntitiesResponse(response);
      if (!result.isSuccess)
        throw new ConnectorError(
          codeOf(result.errorDetails?.errorCode),
          `ListEntities failed: ${result.errorDetails?.errorMessage ?? "no details"}`,
        );
      return { entities: result.entities ?? [], nextToken: result.nextToken };
    },
    { maxDepth: options.maxDepth ?? 5, maxEntities: 1000, maxPages: 100 },
  );
  const leaf = tree.leaves[0];
  if (!leaf)
    throw new ConnectorError(
      "ResourceNotFoundError",
      "the connector lists no entity without nested entities to test with",
    );
  return { runtimeSettings, credentials, testEntityIdentifier: leaf.entityIdentifier };
}

/** Connection values to put over a TestConfig's: what the CLI's connection flags say. */
export interface TestConnection {
  /** Runtime settings by key. Default: none. */
  settings?: Record<string, string>;
  /** Becomes `connectorProfile.apiVersion` (and `api_version` where the TestConfig uses that key). Default: none. */
  apiVersion?: string;
  /**
   * Each given member replaces the TestConfig's; a secret with no authentication type anywhere is sent as the
   * connector's first type. Default: none.
   */
  credentials?: TestCredentials;
}

/**
 * The TestConfig with the connection's values over its own. A setting goes where the TestConfig already has
 * that key (every scope that has it), else to the scope the connector declares it in (SOURCE_AND_DESTINATION:
 * `source`, as {@link testConfigFromConnector} places it), else, for a key the connector does not declare, to
 * `connectorProfile`. The given config is not changed.
 */
export function withConnection(
  config: TestConfig,
  connection: TestConnection,
  configuration: ConnectorConfiguration,
): TestConfig {
  const scopes = ["connectorProfile", "source", "destination"] as const;
  const runtimeSettings: TestRuntimeSettings = {};
  for (const scope of scopes) {
    const values = config.runtimeSettings[scope];
    if (values) runtimeSettings[scope] = { ...values };
  }
  const declared = new Map((configuration.connectorRuntimeSetting ?? []).map((s) => [s.key, s.scope]));
  const put = (scope: (typeof scopes)[number], key: string, value: string) => {
    runtimeSettings[scope] = { ...runtimeSettings[scope], [key]: value };
  };
  for (const [key, value] of Object.entries(connection.settings ?? {})) {
    const present = scopes.filter(
      (scope) => runtimeSettings[scope] && Object.hasOwn(runtimeSettings[scope], key),
    );
    if (present.length > 0) {
      for (const scope of present) put(scope, key, value);
      continue;
    }
    const scope = declared.get(key);
    put(
      scope === "DESTINATION"
        ? "destination"
        : scope === "SOURCE" || scope === "SOURCE_AND_DESTINATION"
          ? "source"
          : "connectorProfile",
      key,
      value,
    );
  }
  if (connection.apiVersion !== undefined) {
    put("connectorProfile", "apiVersion", connection.apiVersion);
    if (runtimeSettings.connectorProfile && Object.hasOwn(runtimeSettings.connectorProfile, "api_version"))
      put("connectorProfile", "api_version", connection.apiVersion);
  }
  const credentials: TestCredentials = { ...config.credentials };
  const given = connection.credentials ?? {};
  if (given.secretArn !== undefined) credentials.secretArn = given.secretArn;
  if (given.authenticationType !== undefined) credentials.authenticationType = given.authenticationType;
  // A secret without a type is sent as the connector's first type, as the CLI's other commands send it.
  if (credentials.secretArn !== undefined && credentials.authenticationType === undefined) {
    const first = firstAuthType(configuration);
    if (first !== undefined) credentials.authenticationType = first;
  }
  return { ...config, runtimeSettings, credentials };
}
