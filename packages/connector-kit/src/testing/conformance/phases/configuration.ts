import type { ConnectorConfiguration } from "../../../core/model/configuration.js";
import type { SettingScope } from "../../../core/model/enums.js";
import { decodeConnectorConfiguration } from "../../../hosts/appflow/wire/configuration-codec.js";
import { invalidAt, type JsonObject } from "../../../hosts/appflow/wire/decoder.js";
import { readEnvelope, readSettingsResponse } from "../../../hosts/appflow/wire/response-decoder.js";
import { apiVersionOf, mergedRuntimeSettings } from "../../test-config.js";
import {
  authenticationProblems,
  modeProblems,
  requiredListProblems,
  reservedNameProblems,
  urlProblems,
  writeOperationProblems,
} from "../configuration-rules.js";
import { fail, joinProblems, skip } from "../report.js";
import type { ConformanceSession } from "../session.js";

/** What the configuration phase learned. */
export interface ConfigurationOutcome {
  /** The configuration as the connector answered it, or null when the call failed. */
  raw: JsonObject | null;
  configuration: ConnectorConfiguration | null;
}

function readConfigurationResponse(value: unknown) {
  const envelope = readEnvelope(value);
  if (!envelope.isSuccess) return { ...envelope, configuration: null };
  const configuration = decodeConnectorConfiguration(value, "response");
  for (const key of ["connectorName", "connectorOwner", "connectorVersion"] as const) {
    if (configuration[key].trim() === "") throw invalidAt(`response.${key}`, "a non-empty string", "");
  }
  return { ...envelope, configuration };
}

/** DescribeConnectorConfiguration: well-formed, then each §6.4 rule as its own check. */
export async function configurationPhase(s: ConformanceSession): Promise<ConfigurationOutcome> {
  const outcome: ConfigurationOutcome = { raw: null, configuration: null };
  const r = s.recorder;
  await r.run(
    "configuration.response",
    "configuration",
    "DescribeConnectorConfiguration answers a well-formed configuration",
    async () => {
      const result = await s.request(
        { type: "DescribeConnectorConfigurationRequest" },
        readConfigurationResponse,
      );
      outcome.raw = result.call.response;
      outcome.configuration = result.configuration;
      return `${result.configuration?.connectorName} ${result.configuration?.connectorVersion}`;
    },
  );
  const rules: Array<[string, string, (c: JsonObject) => string[]]> = [
    ["configuration.name", "connector name and owner are allowed", reservedNameProblems],
    ["configuration.modes", "connectorModes is not empty", modeProblems],
    ["configuration.authentication", "authentication config is consistent", authenticationProblems],
    ["configuration.write-operations", "a destination declares its write operations", writeOperationProblems],
    [
      "configuration.required-lists",
      "API versions, operators and trigger types are declared",
      requiredListProblems,
    ],
    ["configuration.urls", "logo, token and auth URLs are https", urlProblems],
  ];
  for (const [id, title, rule] of rules) {
    await r.run(id, "configuration", title, () => {
      if (!outcome.raw) skip("the configuration could not be read");
      const problems = rule(outcome.raw);
      if (problems.length > 0) fail(joinProblems(problems));
    });
  }
  await r.run("configuration.api-version", "configuration", "the test API version is supported", () => {
    const version = apiVersionOf(s.config);
    if (version === null) skip("the test config names no apiVersion");
    if (!outcome.configuration) skip("the configuration could not be read");
    const supported = outcome.configuration.supportedApiVersions;
    if (!supported.includes(version))
      fail(`apiVersion "${version}" is not in supportedApiVersions (${supported.join(", ")})`);
  });
  return outcome;
}

/** ValidateCredentials with the test credentials and the merged runtime settings. */
export async function credentialsPhase(s: ConformanceSession): Promise<void> {
  await s.recorder.run(
    "credentials.validate",
    "credentials",
    "ValidateCredentials accepts the test credentials",
    async () => {
      await s.request(
        {
          type: "ValidateCredentialsRequest",
          credentials: s.credentials(),
          connectorRuntimeSettings: mergedRuntimeSettings(s.config),
        },
        readEnvelope,
      );
    },
  );
}

const SCOPES: Array<["connectorProfile" | "source" | "destination", SettingScope]> = [
  ["connectorProfile", "CONNECTOR_PROFILE"],
  ["source", "SOURCE"],
  ["destination", "DESTINATION"],
];

/** ValidateConnectorRuntimeSettings once per scope the test config gives. */
export async function settingsPhase(s: ConformanceSession): Promise<void> {
  const given = SCOPES.filter(([key]) => s.config.runtimeSettings[key] !== undefined);
  if (given.length === 0) {
    s.recorder.skip(
      "settings",
      "settings",
      "runtime settings are valid",
      "the test config gives no runtime settings",
    );
    return;
  }
  for (const [key, scope] of given) {
    await s.recorder.run(
      `settings.${scope}`,
      "settings",
      `runtime settings of scope ${scope} are valid`,
      async () => {
        const result = await s.request(
          {
            type: "ValidateConnectorRuntimeSettingsRequest",
            scope,
            connectorRuntimeSettings: s.config.runtimeSettings[key],
          },
          readSettingsResponse,
          true,
        );
        if (!result.isSuccess) {
          const fields = Object.entries(result.errorsByInputField ?? {}).map(([k, v]) => `${k}: ${v}`);
          fail(
            fields.length > 0
              ? `settings rejected: ${joinProblems(fields)}`
              : s.failureMessage(result.call, result),
          );
        }
      },
    );
  }
}
