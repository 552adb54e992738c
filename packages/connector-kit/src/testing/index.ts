/**
 * `connector-kit/testing`: the AppFlow conformance suite (`runConformance`), the official TestConfig format, and
 * helpers for the author's own tests (node:test, vitest).
 */
export {
  type ConformanceCommandOptions,
  EXIT_CHECK_FAILED,
  EXIT_OK,
  EXIT_USAGE,
  runConformanceCommand,
} from "./cli.js";
export {
  ALLOWED_FILTER_OPERATORS,
  INCREMENTAL_DATA_TYPES,
} from "./conformance/field-rules.js";
export {
  type ConformanceOptions,
  DEFAULT_CONFORMANCE_MAX_RESULTS,
  DEFAULT_FILTER_MAX_RESULTS,
  DEFAULT_MAX_DESCRIBED_ENTITIES,
  DEFAULT_MAX_ENTITY_DEPTH,
  DEFAULT_MAX_FILTER_PROBES,
  DEFAULT_MAX_LISTED_ENTITIES,
  DEFAULT_MAX_PAGES,
} from "./conformance/options.js";
export {
  CHECK_PHASES,
  type CheckPhase,
  type CheckResult,
  type CheckStatus,
  type ConformanceReport,
} from "./conformance/report.js";
export { type RunConformanceOptions, runConformance } from "./conformance/run-conformance.js";
export { type FormatReportOptions, formatCheck, formatReport, formatReportJson } from "./format-report.js";
export { type LocalSecretResolverOptions, localSecretResolver } from "./local-secrets.js";
export {
  assertConformance,
  type ConformanceHelperOptions,
  describeConformance,
  type TestRegistrar,
} from "./register.js";
export {
  apiVersionOf,
  mergedRuntimeSettings,
  parseTestConfig,
  type QueryRecordConfiguration,
  type RetrieveRecordConfiguration,
  readTestConfig,
  TEST_WRITE_OPERATIONS,
  type TestConfig,
  TestConfigError,
  type TestCredentials,
  type TestRuntimeSettings,
  type WriteRecordConfiguration,
} from "./test-config.js";
export {
  connectorConfiguration,
  type TestConfigFromConnectorOptions,
  type TestConnection,
  testConfigFromConnector,
  withConnection,
} from "./test-config-from-connector.js";
