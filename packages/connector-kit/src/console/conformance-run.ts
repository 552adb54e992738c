import type { ConnectorHandlers } from "../core/handlers.js";
import type { ConnectorRuntimeSetting } from "../core/model/configuration.js";
import type { SecretResolver } from "../core/secrets/secret-resolver.js";
import type { Connector } from "../define/define-connector.js";
import { createAppFlowHost } from "../hosts/appflow/appflow-host.js";
import type { CheckResult, ConformanceReport } from "../testing/conformance/report.js";
import { runConformance } from "../testing/conformance/run-conformance.js";
import type { TestRuntimeSettings } from "../testing/test-config.js";
import { testConfigFromConnector } from "../testing/test-config-from-connector.js";
import type { ConsoleConnection } from "./connection-store.js";

/** One line of the console's conformance stream: a check that completed, the final report, or a failure. */
export type ConformanceEvent =
  | { type: "check"; index: number; check: CheckResult }
  | { type: "report"; report: ConformanceReport }
  | { type: "error"; error: string };

/** The scope key of a TestConfig that a setting of `scope` goes under (both directions count as source). */
function scopeKey(scope: string | undefined): keyof TestRuntimeSettings {
  if (scope === "CONNECTOR_PROFILE") return "connectorProfile";
  return scope === "DESTINATION" ? "destination" : "source";
}

/**
 * Runs the conformance suite — the same checks as `connector test` — with a saved connection: its settings
 * sorted into their declared scopes, its API version, and its secret reference, resolved by `secrets`. The
 * test entity is the first leaf of the entity tree, as `connector test` picks it without a TestConfig.
 * A failure before the suite can start (no configuration, no entity) is one failed check in the report.
 * `onCheck` receives each check as it completes (the runner's progress option). Default: none.
 */
export async function runConsoleConformance(
  connector: Connector | ConnectorHandlers,
  connection: ConsoleConnection,
  secrets: SecretResolver,
  onCheck?: (check: CheckResult, index: number) => void,
): Promise<ConformanceReport> {
  const started = Date.now();
  try {
    const host = createAppFlowHost(connector, { secrets, logLevel: "silent" });
    const answer = await host.invoke({ type: "DescribeConnectorConfigurationRequest" });
    const declared = (answer["connectorRuntimeSetting"] ?? []) as ConnectorRuntimeSetting[];
    const scopes = new Map(declared.map((s) => [s.key, s.scope as string]));
    const runtimeSettings: TestRuntimeSettings = { connectorProfile: {} };
    if (connection.apiVersion) runtimeSettings.connectorProfile!["apiVersion"] = connection.apiVersion;
    for (const [key, value] of Object.entries(connection.settings)) {
      const scope = scopeKey(scopes.get(key));
      runtimeSettings[scope] = { ...runtimeSettings[scope], [key]: value };
    }
    const credentials = {
      ...(connection.secretRef ? { secretArn: connection.secretRef } : {}),
      ...(connection.authenticationType ? { authenticationType: connection.authenticationType } : {}),
    };
    const config = await testConfigFromConnector(connector, { credentials, runtimeSettings, secrets });
    return await runConformance(connector, config, {
      secrets,
      logLevel: "silent",
      ...(onCheck ? { onCheck } : {}),
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      checks: [
        {
          id: "console.setup",
          phase: "configuration",
          title: "The suite can start with this connection",
          status: "fail",
          message,
          durationMs: Date.now() - started,
        },
      ],
      summary: { passed: 0, failed: 1, skipped: 0 },
      connectorName: null,
      durationMs: Date.now() - started,
    };
  }
}
