import { AssertionError } from "node:assert";
import type { ConnectorHandlers } from "../core/handlers.js";
import type { Connector } from "../define/define-connector.js";
import type { ConformanceOptions } from "./conformance/options.js";
import type { ConformanceReport } from "./conformance/report.js";
import { runConformance } from "./conformance/run-conformance.js";
import { formatCheck, formatReport } from "./format-report.js";
import type { TestConfig } from "./test-config.js";
import {
  type TestConfigFromConnectorOptions,
  testConfigFromConnector,
} from "./test-config-from-connector.js";

/**
 * The `describe`/`it` pair of a test runner. `node:test` and vitest both fit (as do Jest and Mocha): pass
 * theirs. `it.skip` is used for skipped checks when present.
 */
export interface TestRegistrar {
  describe: (name: string, fn: () => void) => unknown;
  it: ((name: string, fn: () => void) => unknown) & { skip?: (name: string, fn: () => void) => unknown };
}

/** Options of the test-runner helpers: the suite's options, plus how to build a missing TestConfig. */
export interface ConformanceHelperOptions extends ConformanceOptions {
  /** Name of the `describe` block. Default: `"AppFlow conformance"`. */
  title?: string;
  /** Used when no TestConfig is given. Default: `{}` (see `testConfigFromConnector`). */
  derive?: TestConfigFromConnectorOptions;
}

async function run(
  connector: Connector | ConnectorHandlers,
  config: TestConfig | null | undefined,
  options: ConformanceHelperOptions,
): Promise<ConformanceReport> {
  const { title: _title, derive, ...suite } = options;
  const testConfig =
    config ??
    (await testConfigFromConnector(connector, {
      ...derive,
      ...(suite.secrets ? { secrets: suite.secrets } : {}),
    }));
  return runConformance(connector, testConfig, suite);
}

/**
 * Runs the conformance suite, then registers one test per check inside a `describe` block of the caller's test
 * runner: passed checks pass, failed checks fail with the check's message, skipped checks are `it.skip`. Call it
 * with top-level `await` in an ESM test file, so the tests exist when the runner collects them:
 *
 * ```ts
 * import { describe, it } from "node:test"; // or from "vitest"
 * await describeConformance(myConnector, config, { describe, it });
 * ```
 *
 * @param config the TestConfig; null or undefined derives one with `testConfigFromConnector`.
 * @returns the report, for further assertions.
 */
export async function describeConformance(
  connector: Connector | ConnectorHandlers,
  config: TestConfig | null | undefined,
  registrar: TestRegistrar,
  options: ConformanceHelperOptions = {},
): Promise<ConformanceReport> {
  const report = await run(connector, config, options);
  const { describe, it } = registrar;
  describe(options.title ?? "AppFlow conformance", () => {
    for (const check of report.checks) {
      const name = `${check.phase}: ${check.title} [${check.id}]`;
      if (check.status === "skip") {
        if (it.skip) it.skip(`${name} (${check.message ?? "skipped"})`, () => {});
        else it(`${name} (skipped: ${check.message ?? "not run"})`, () => {});
      } else if (check.status === "fail") {
        it(name, () => {
          throw new AssertionError({ message: formatCheck(check) });
        });
      } else {
        it(name, () => {});
      }
    }
  });
  return report;
}

/**
 * Runs the conformance suite and throws an `AssertionError` listing every failed check when any fails.
 *
 * @param config the TestConfig; null or undefined derives one with `testConfigFromConnector`.
 * @returns the report when every check passed or was skipped.
 */
export async function assertConformance(
  connector: Connector | ConnectorHandlers,
  config?: TestConfig | null,
  options: ConformanceHelperOptions = {},
): Promise<ConformanceReport> {
  const report = await run(connector, config, options);
  if (!report.ok) {
    throw new AssertionError({
      message: `${report.summary.failed} AppFlow conformance check(s) failed:\n${formatReport(report, { all: false })}`,
      actual: report.checks.filter((c) => c.status === "fail").map((c) => c.id),
      expected: [],
      operator: "conformance",
    });
  }
  return report;
}
