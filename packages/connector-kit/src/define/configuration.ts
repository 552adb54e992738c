import { ConnectorError } from "../core/errors/connector-error.js";
import type { AuthenticationConfig, ConnectorConfiguration } from "../core/model/configuration.js";
import {
  CONNECTOR_OPERATORS,
  type ConnectorMode,
  TRIGGER_FREQUENCIES,
  TRIGGER_TYPES,
  WRITE_OPERATION_TYPES,
} from "../core/model/enums.js";
import { describeSettings, type SettingsShape } from "../core/settings/setting.js";
import type { AuthSchemes, ConnectorDefinition } from "./define-connector.js";

const RESERVED_PREFIX = /^(aws|amazon|appflow)/i;

function authenticationConfig(auth: AuthSchemes | undefined): AuthenticationConfig | null {
  if (!auth || (!auth.basic && !auth.apiKey && !auth.oauth2 && !auth.custom?.length)) return null;
  return {
    isBasicAuthSupported: auth.basic ?? false,
    isApiKeyAuthSupported: auth.apiKey ?? false,
    isOAuth2Supported: auth.oauth2 !== undefined,
    isCustomAuthSupported: (auth.custom?.length ?? 0) > 0,
    oAuth2Defaults: auth.oauth2
      ? {
          addBasicAuthHeader: false,
          oAuth2ContentType: "URL_ENCODED",
          oAuth2MethodType: "HTTP_POST",
          ...auth.oauth2,
        }
      : null,
    customAuthConfig: auth.custom?.length ? auth.custom : null,
  };
}

/**
 * The DescribeConnectorConfiguration body of a definition, defaults applied. Throws when the definition
 * breaks a rule AppFlow enforces at registration (reserved name prefixes, no modes, no API version).
 */
export function buildConfiguration<S extends SettingsShape>(
  def: ConnectorDefinition<S>,
): ConnectorConfiguration {
  for (const [what, value] of [
    ["name", def.name],
    ["owner", def.owner],
  ] as const) {
    if (!value) throw new ConnectorError("InvalidArgument", `The connector ${what} must not be empty`);
    if (RESERVED_PREFIX.test(value)) {
      throw new ConnectorError(
        "InvalidArgument",
        `The connector ${what} must not start with aws, amazon or appflow`,
      );
    }
  }
  const modes: ConnectorMode[] = def.modes ?? [
    ...(def.query || def.retrieve ? (["SOURCE"] as const) : []),
    ...(def.write ? (["DESTINATION"] as const) : []),
  ];
  if (modes.length === 0)
    throw new ConnectorError("InvalidArgument", "The connector implements neither query nor write");
  const apiVersions = def.apiVersions ?? ["v1"];
  if (apiVersions.length === 0) throw new ConnectorError("InvalidArgument", "apiVersions must not be empty");
  return {
    connectorOwner: def.owner,
    connectorName: def.name,
    connectorVersion: def.version,
    connectorModes: modes,
    authenticationConfig: authenticationConfig(def.auth),
    supportedApiVersions: apiVersions,
    connectorRuntimeSetting:
      def.settings && Object.keys(def.settings).length > 0 ? describeSettings(def.settings) : null,
    logoURL: def.logoUrl ?? null,
    operatorsSupported: def.operators ?? [...CONNECTOR_OPERATORS],
    triggerFrequenciesSupported: def.triggerFrequencies ?? [...TRIGGER_FREQUENCIES],
    supportedWriteOperations: def.writeOperations ?? (def.write ? [...WRITE_OPERATION_TYPES] : []),
    supportedTriggerTypes: def.triggerTypes ?? [...TRIGGER_TYPES],
    supportedDataTransferTypes: def.dataTransferTypes ?? ["RECORD"],
  };
}
