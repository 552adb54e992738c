import { readFile } from "node:fs/promises";
import type { WriteOperationType } from "../core/model/enums.js";
import { TestConfigError, validateTestConfig } from "./test-config-validator.js";

export { TEST_CONFIG_SCHEMA, TEST_WRITE_OPERATIONS } from "./test-config-schema.js";
export { TestConfigError } from "./test-config-validator.js";

/**
 * The TestConfig format of the official AppFlow custom-connector test runners (`custom_connector_tests` in
 * Python, `custom-connector-tests` in Java), so a connector author can reuse the file they already have.
 *
 * Differences from the official schema, all additive:
 * - `writeRecordConfigurations[].operation` also accepts `DELETE` (the official schema allows only INSERT,
 *   UPDATE and UPSERT, although AppFlow and both SDKs know DELETE).
 * - the API version is read from `runtimeSettings.connectorProfile.apiVersion` (the Python runner's key) or,
 *   when that is absent, `runtimeSettings.connectorProfile.api_version` (the Java runner's key). As in both
 *   runners, the key also stays in the runtime settings sent to the connector.
 */
export interface TestConfig {
  /** Runtime settings by scope; each is a string-to-string map. */
  runtimeSettings: TestRuntimeSettings;
  /** Sent verbatim as the wire `credentials`; `secretArn` is resolved by the suite's secret resolver. */
  credentials: TestCredentials;
  /** The entity the metadata and query checks run on. */
  testEntityIdentifier: string;
  /** RetrieveData calls to make. Default: none. */
  retrieveRecordConfigurations?: RetrieveRecordConfiguration[];
  /** WriteData calls to make (they really write). Default: none. */
  writeRecordConfigurations?: WriteRecordConfiguration[];
  /** QueryData calls to make besides the suite's own. Default: none. */
  queryRecordConfigurations?: QueryRecordConfiguration[];
}

/** Runtime settings per scope, as the official runners take them. */
export interface TestRuntimeSettings {
  /** Validated with scope CONNECTOR_PROFILE; also the source of the API version. */
  connectorProfile?: Record<string, string>;
  /** Validated with scope SOURCE. */
  source?: Record<string, string>;
  /** Validated with scope DESTINATION. */
  destination?: Record<string, string>;
}

/** The wire credentials: where the secret is, never the secret itself. */
export interface TestCredentials {
  /** A secret reference: a Secrets Manager ARN, or locally `env:NAME` / `file:PATH`. Default: none. */
  secretArn?: string;
  /** `BasicAuth`, `ApiKey`, `OAuth2`, `CustomAuth`, or another string. Default: none. */
  authenticationType?: string;
}

export interface RetrieveRecordConfiguration {
  entityIdentifier: string;
  selectedFieldNames: string[];
  /** Default: none (the connector decides). */
  idFieldName?: string;
  /** Default: none. */
  ids?: string[];
}

export interface WriteRecordConfiguration {
  entityIdentifier: string;
  /** Default: none (sent without an operation, as the Python runner does). */
  operation?: WriteOperationType;
  /** Default: none. */
  idFieldNames?: string[];
  /** Each a JSON object serialized as a string, as on the wire. Default: none. */
  records?: string[];
  /** Default: false. */
  allOrNone?: boolean;
}

export interface QueryRecordConfiguration {
  entityIdentifier: string;
  selectedFieldNames: string[];
  /** An AppFlow filter expression. Default: none. */
  filterExpression?: string;
}

/**
 * Validates a decoded TestConfig document against the official JSON Schema (required keys, types, no unknown
 * keys anywhere; see `TEST_CONFIG_SCHEMA`) and returns a fresh, typed copy. DELETE is also accepted as a write
 * operation. Needs the optional peer dependency ajv (`npm install --save-dev ajv`).
 *
 * @throws TestConfigError naming the first bad key and what was expected there.
 * @throws ConnectorError (`ServerError`) saying how to install ajv when it is missing.
 */
export function parseTestConfig(json: unknown): TestConfig {
  validateTestConfig(json);
  // Every value is a string, boolean, array or plain object now: a JSON round trip copies it exactly, leaving
  // out keys whose value is undefined.
  return JSON.parse(JSON.stringify(json)) as TestConfig;
}

/**
 * Reads and validates a TestConfig file.
 *
 * @throws TestConfigError for unreadable files, invalid JSON or a document that breaks the format.
 */
export async function readTestConfig(path: string): Promise<TestConfig> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new TestConfigError("", `cannot read ${path}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text.startsWith("\uFEFF") ? text.slice(1) : text);
  } catch (error) {
    throw new TestConfigError("", `${path} is not valid JSON: ${(error as Error).message}`);
  }
  return parseTestConfig(json);
}

/**
 * The API version sent in every `connectorContext`: `runtimeSettings.connectorProfile.apiVersion` (Python
 * runner), else `runtimeSettings.connectorProfile.api_version` (Java runner), else null.
 */
export function apiVersionOf(config: TestConfig): string | null {
  const profile = config.runtimeSettings.connectorProfile ?? {};
  return profile["apiVersion"] ?? profile["api_version"] ?? null;
}

/**
 * The runtime settings sent with metadata and data calls: connectorProfile ∪ source ∪ destination, later
 * scopes overriding earlier keys (as both official runners merge them).
 */
export function mergedRuntimeSettings(config: TestConfig): Record<string, string> {
  const { connectorProfile, source, destination } = config.runtimeSettings;
  return { ...connectorProfile, ...source, ...destination };
}
