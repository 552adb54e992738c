import type { ConnectorHandlers } from "../../core/handlers.js";
import type { Connector } from "../../define/define-connector.js";
import type { TestConfig } from "../test-config.js";
import { type ConformanceOptions, resolveConformanceOptions } from "./options.js";
import { configurationPhase, credentialsPhase, settingsPhase } from "./phases/configuration.js";
import { filterPhase } from "./phases/filters.js";
import { metadataPhase } from "./phases/metadata.js";
import { configuredQueriesPhase, queryPhase } from "./phases/query.js";
import { retrievePhase, writePhase } from "./phases/records.js";
import type { CheckResult, ConformanceReport } from "./report.js";
import { ConformanceSession } from "./session.js";

/** Options of {@link runConformance}: the suite's options, and where its progress goes. */
export interface RunConformanceOptions extends ConformanceOptions {
  /**
   * Called with each check as soon as it completes (passed, failed or skipped), with its 0-based position in
   * the report, so a caller can show the run as it goes. It is called synchronously between checks: keep it
   * quick, and an exception it throws ends the run. Default: none.
   */
  onCheck?: (check: CheckResult, index: number) => void;
}

/**
 * Runs the AppFlow conformance suite against a connector (a `defineConnector` result or low-level handlers),
 * sending every request through `createAppFlowHost(connector).invoke(event)` — the exact AppFlow JSON path —
 * in AppFlow's order: configuration, credentials, runtime settings per scope, the entity tree, entity
 * definitions, the unfiltered query paginated to the end, configured queries, a query per declared filter
 * operator, configured retrieves and configured writes. Every answer is decoded strictly and measured against
 * the response-size and time limits.
 *
 * Never throws for a connector's faults: each is a failed check in the report.
 */
export async function runConformance(
  connector: Connector | ConnectorHandlers,
  config: TestConfig,
  options: RunConformanceOptions = {},
): Promise<ConformanceReport> {
  const resolved = resolveConformanceOptions(options);
  const start = resolved.now();
  const s = new ConformanceSession(connector, config, resolved);
  const onCheck = options.onCheck;
  if (onCheck) {
    // Every check reaches the report through this one array's push (CheckRecorder.run, add and skip): the
    // listener is attached there, so the phases need not know about progress.
    const checks = s.recorder.checks;
    const push = checks.push.bind(checks);
    checks.push = (...added: CheckResult[]) => {
      const length = push(...added);
      let index = length - added.length;
      for (const check of added) onCheck(check, index++);
      return length;
    };
  }
  const { configuration } = await configurationPhase(s);
  await credentialsPhase(s);
  await settingsPhase(s);
  await metadataPhase(s);
  const isSource = configuration?.connectorModes.includes("SOURCE") ?? true;
  if (isSource) {
    const base = await queryPhase(s);
    await configuredQueriesPhase(s);
    await filterPhase(s, base);
  } else {
    s.recorder.skip(
      "query",
      "query",
      "QueryData pages and filters correctly",
      "the connector is not a SOURCE",
    );
  }
  await retrievePhase(s, configuration);
  await writePhase(s, configuration);
  return s.recorder.report(configuration?.connectorName ?? null, resolved.now() - start);
}
