import type { ConnectorHandlers } from "../core/handlers.js";
import type { Connector } from "../define/define-connector.js";
import type { ConformanceOptions } from "./conformance/options.js";
import { runConformance } from "./conformance/run-conformance.js";
import { formatReport, formatReportJson } from "./format-report.js";
import { readTestConfig, type TestConfig, TestConfigError } from "./test-config.js";
import {
  connectorConfiguration,
  type TestConnection,
  testConfigFromConnector,
  withConnection,
} from "./test-config-from-connector.js";

/** Exit code when every check passed or was skipped. */
export const EXIT_OK = 0;
/** Exit code when a check failed. */
export const EXIT_CHECK_FAILED = 1;
/** Exit code when the suite could not run (bad TestConfig, no entity to test). */
export const EXIT_USAGE = 2;

/** Options of {@link runConformanceCommand}: the `connector test` command, minus loading the connector. */
export interface ConformanceCommandOptions extends ConformanceOptions {
  /** Path of a TestConfig JSON file. Default: none (then `config`, else one derived from the connector). */
  configPath?: string;
  /** A TestConfig object, when there is no file. Default: none. */
  config?: TestConfig;
  /**
   * Settings, API version and credentials put over the TestConfig's (see `withConnection`), or used to derive
   * one: the `connector test` connection flags. Default: none.
   */
  connection?: TestConnection;
  /** Print the JSON report instead of lines. Default: false. */
  json?: boolean;
  /** Print only failed checks (and the summary). Default: false. */
  failuresOnly?: boolean;
  /** Where output goes. Default: `process.stdout`. */
  write?: (text: string) => void;
}

/**
 * Runs the conformance suite for the CLI: reads the TestConfig (or derives one), prints a line per check (or
 * the JSON report with `json`) and returns the exit code: 0 when no check failed, 1 when one did, 2 when the
 * suite could not run.
 */
export async function runConformanceCommand(
  connector: Connector | ConnectorHandlers,
  options: ConformanceCommandOptions = {},
): Promise<number> {
  const { configPath, config, connection, json, failuresOnly, write: writeOption, ...suite } = options;
  const write = writeOption ?? ((text: string) => void process.stdout.write(text));
  let testConfig: TestConfig;
  try {
    const given = config ?? (configPath ? await readTestConfig(configPath) : undefined);
    testConfig = given
      ? connection
        ? withConnection(given, connection, await connectorConfiguration(connector))
        : given
      : await testConfigFromConnector(connector, {
          ...(suite.secrets ? { secrets: suite.secrets } : {}),
          ...(connection ? { connection } : {}),
        });
  } catch (error) {
    const message =
      error instanceof TestConfigError ? `invalid TestConfig: ${error.message}` : (error as Error).message;
    write(
      json ? `${JSON.stringify({ ok: false, error: message }, null, 2)}\n` : `connector test: ${message}\n`,
    );
    return EXIT_USAGE;
  }
  const report = await runConformance(connector, testConfig, suite);
  write(`${json ? formatReportJson(report) : formatReport(report, { all: !failuresOnly })}\n`);
  return report.ok ? EXIT_OK : EXIT_CHECK_FAILED;
}
