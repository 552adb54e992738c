import { readFile } from "node:fs/promises";
import type { WriteOperationType } from "../core/model/enums.js";

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

/** Write operations a test configuration may use: the official three plus DELETE. */
export const TEST_WRITE_OPERATIONS = [
  "INSERT",
  "UPDATE",
  "UPSERT",
  "DELETE",
] as const satisfies readonly WriteOperationType[];

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

/** A TestConfig that breaks the format; `path` names the bad key (`writeRecordConfigurations[1].operation`). */
export class TestConfigError extends Error {
  override readonly name = "TestConfigError";
  constructor(
    /** Where the problem is, as a key path; `""` for the whole document. */
    readonly path: string,
    message: string,
  ) {
    super(path === "" ? message : `${path}: ${message}`);
  }
}

type Json = Record<string, unknown>;

function kind(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return `a ${typeof value}`;
}

function obj(value: unknown, path: string): Json {
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw new TestConfigError(path, `expected an object, got ${kind(value)}`);
  return value as Json;
}

function onlyKeys(o: Json, allowed: readonly string[], path: string): void {
  for (const key of Object.keys(o)) {
    if (!allowed.includes(key)) {
      throw new TestConfigError(
        path === "" ? key : `${path}.${key}`,
        `unknown key (allowed: ${allowed.join(", ")})`,
      );
    }
  }
}

function at(path: string, key: string): string {
  return path === "" ? key : `${path}.${key}`;
}

function str(o: Json, key: string, path: string, required: true): string;
function str(o: Json, key: string, path: string, required: false): string | undefined;
function str(o: Json, key: string, path: string, required: boolean): string | undefined {
  const value = o[key];
  if (value === undefined) {
    if (required) throw new TestConfigError(at(path, key), "is required");
    return undefined;
  }
  if (typeof value !== "string")
    throw new TestConfigError(at(path, key), `expected a string, got ${kind(value)}`);
  return value;
}

function strings(o: Json, key: string, path: string, required: boolean): string[] | undefined {
  const value = o[key];
  if (value === undefined) {
    if (required) throw new TestConfigError(at(path, key), "is required");
    return undefined;
  }
  if (!Array.isArray(value))
    throw new TestConfigError(at(path, key), `expected an array of strings, got ${kind(value)}`);
  value.forEach((v, i) => {
    if (typeof v !== "string")
      throw new TestConfigError(`${at(path, key)}[${i}]`, `expected a string, got ${kind(v)}`);
  });
  return [...(value as string[])];
}

function stringMap(value: unknown, path: string): Record<string, string> {
  const o = obj(value, path);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(o)) {
    if (typeof v !== "string") throw new TestConfigError(at(path, k), `expected a string, got ${kind(v)}`);
    out[k] = v;
  }
  return out;
}

function list<T>(o: Json, key: string, path: string, item: (v: unknown, p: string) => T): T[] | undefined {
  const value = o[key];
  if (value === undefined) return undefined;
  if (!Array.isArray(value))
    throw new TestConfigError(at(path, key), `expected an array, got ${kind(value)}`);
  return value.map((v, i) => item(v, `${at(path, key)}[${i}]`));
}

function retrieveConfig(value: unknown, path: string): RetrieveRecordConfiguration {
  const o = obj(value, path);
  onlyKeys(o, ["entityIdentifier", "selectedFieldNames", "idFieldName", "ids"], path);
  const out: RetrieveRecordConfiguration = {
    entityIdentifier: str(o, "entityIdentifier", path, true),
    selectedFieldNames: strings(o, "selectedFieldNames", path, true)!,
  };
  const idFieldName = str(o, "idFieldName", path, false);
  if (idFieldName !== undefined) out.idFieldName = idFieldName;
  const ids = strings(o, "ids", path, false);
  if (ids !== undefined) out.ids = ids;
  return out;
}

function writeConfig(value: unknown, path: string): WriteRecordConfiguration {
  const o = obj(value, path);
  onlyKeys(o, ["entityIdentifier", "operation", "idFieldNames", "records", "allOrNone"], path);
  const out: WriteRecordConfiguration = { entityIdentifier: str(o, "entityIdentifier", path, true) };
  const operation = str(o, "operation", path, false);
  if (operation !== undefined) {
    if (!(TEST_WRITE_OPERATIONS as readonly string[]).includes(operation)) {
      throw new TestConfigError(
        at(path, "operation"),
        `expected one of ${TEST_WRITE_OPERATIONS.join(", ")}, got ${JSON.stringify(operation)}`,
      );
    }
    out.operation = operation as WriteOperationType;
  }
  const idFieldNames = strings(o, "idFieldNames", path, false);
  if (idFieldNames !== undefined) out.idFieldNames = idFieldNames;
  const records = strings(o, "records", path, false);
  if (records !== undefined) out.records = records;
  const allOrNone = o["allOrNone"];
  if (allOrNone !== undefined) {
    if (typeof allOrNone !== "boolean")
      throw new TestConfigError(at(path, "allOrNone"), `expected a boolean, got ${kind(allOrNone)}`);
    out.allOrNone = allOrNone;
  }
  return out;
}

function queryConfig(value: unknown, path: string): QueryRecordConfiguration {
  const o = obj(value, path);
  onlyKeys(o, ["entityIdentifier", "selectedFieldNames", "filterExpression"], path);
  const out: QueryRecordConfiguration = {
    entityIdentifier: str(o, "entityIdentifier", path, true),
    selectedFieldNames: strings(o, "selectedFieldNames", path, true)!,
  };
  const filterExpression = str(o, "filterExpression", path, false);
  if (filterExpression !== undefined) out.filterExpression = filterExpression;
  return out;
}

/**
 * Validates a decoded TestConfig document exactly as the official JSON Schema does (required keys, types, no
 * unknown keys anywhere) and returns a fresh, typed copy. DELETE is also accepted as a write operation.
 *
 * @throws TestConfigError naming the first bad key.
 */
export function parseTestConfig(json: unknown): TestConfig {
  const o = obj(json, "");
  onlyKeys(
    o,
    [
      "runtimeSettings",
      "credentials",
      "testEntityIdentifier",
      "retrieveRecordConfigurations",
      "writeRecordConfigurations",
      "queryRecordConfigurations",
    ],
    "",
  );
  if (o["runtimeSettings"] === undefined) throw new TestConfigError("runtimeSettings", "is required");
  const rs = obj(o["runtimeSettings"], "runtimeSettings");
  onlyKeys(rs, ["connectorProfile", "source", "destination"], "runtimeSettings");
  const runtimeSettings: TestRuntimeSettings = {};
  for (const scope of ["connectorProfile", "source", "destination"] as const) {
    if (rs[scope] !== undefined) runtimeSettings[scope] = stringMap(rs[scope], `runtimeSettings.${scope}`);
  }
  if (o["credentials"] === undefined) throw new TestConfigError("credentials", "is required");
  const c = obj(o["credentials"], "credentials");
  onlyKeys(c, ["secretArn", "authenticationType"], "credentials");
  const credentials: TestCredentials = {};
  const secretArn = str(c, "secretArn", "credentials", false);
  if (secretArn !== undefined) credentials.secretArn = secretArn;
  const authenticationType = str(c, "authenticationType", "credentials", false);
  if (authenticationType !== undefined) credentials.authenticationType = authenticationType;

  const config: TestConfig = {
    runtimeSettings,
    credentials,
    testEntityIdentifier: str(o, "testEntityIdentifier", "", true),
  };
  const retrieve = list(o, "retrieveRecordConfigurations", "", retrieveConfig);
  if (retrieve !== undefined) config.retrieveRecordConfigurations = retrieve;
  const write = list(o, "writeRecordConfigurations", "", writeConfig);
  if (write !== undefined) config.writeRecordConfigurations = write;
  const query = list(o, "queryRecordConfigurations", "", queryConfig);
  if (query !== undefined) config.queryRecordConfigurations = query;
  return config;
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
