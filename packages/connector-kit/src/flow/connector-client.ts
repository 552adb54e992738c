import { describeFailure, localReference } from "../core/call/call-failure.js";
import { CallRuntime } from "../core/call/call-runtime.js";
import { ConnectorError } from "../core/errors/connector-error.js";
import type { Invocation } from "../core/invocation.js";
import { DEFAULT_SAFETY_MARGIN_MS, MAX_RESPONSE_BYTES, OPERATION_TIME_LIMIT_MS } from "../core/limits.js";
import type { Logger } from "../core/log/logger.js";
import type { ConnectorConfiguration } from "../core/model/configuration.js";
import type { EntityDefinition } from "../core/model/entity.js";
import type { WriteOperationType } from "../core/model/enums.js";
import type { RequestContext, RequestType } from "../core/model/requests.js";
import type { ResponseEnvelope, WriteRecordResult } from "../core/model/responses.js";
import type { DataRecord } from "../core/records/data-record.js";
import { ObjectPageSink } from "../core/records/page-sink.js";
import type { SecretResolver } from "../core/secrets/secret-resolver.js";
import type { Connector } from "../define/define-connector.js";
import { queryRecords, writeRecords } from "../define/record-calls.js";
import type { JsonObject } from "../hosts/appflow/wire/decoder.js";
import { encodeRequest } from "../hosts/appflow/wire/request-dispatch.js";
import {
  readConfigurationResponse,
  readDescribeEntityResponse,
  readRecordsResponse,
  readWriteResponse,
} from "../hosts/appflow/wire/response-decoder.js";
import type { FlowEndpoint } from "./flow-definition.js";
import type { InvokeEvent } from "./load-flow-connector.js";

/** An unsuccessful answer of a connector: its AppFlow error code and message. */
export class ConnectorCallError extends Error {
  override readonly name = "ConnectorCallError";
  constructor(
    readonly errorCode: string,
    message: string,
    readonly retryAfterSeconds: number | null,
    /** The write results of a failed WriteData, when the connector returned them. */
    readonly writeRecordResults: WriteRecordResult[] | null = null,
  ) {
    super(message);
  }
}

/** Codes worth retrying: the connector or its upstream may answer later. */
export const RETRYABLE_CODES: ReadonlySet<string> = new Set([
  "RateLimitExceeded",
  "ServiceUnavailable",
  "RequestTimeout",
]);

/** A QueryData answer: the page's records and the token of the next page. */
export interface QueryAnswer {
  records: DataRecord[];
  nextToken: string | null;
  /** Bytes of the records as JSON text, when they crossed the wire as such; null in process. */
  bytes: number | null;
}

/** A WriteData answer: one outcome per record, and the call's error when not all succeeded. */
export interface WriteAnswer {
  results: WriteRecordResult[];
  error: { errorCode: string; errorMessage: string } | null;
  /** Bytes of the records as JSON text, when they crossed the wire as such; null in process. */
  bytes: number | null;
}

/** What a flow asks of a QueryData call. */
export interface QueryCall {
  entityIdentifier: string;
  entityDefinition: EntityDefinition | null;
  fields: string[] | null;
  filterExpression: string | null;
  nextToken: string | null;
  maxResults: number;
}

/** What a flow asks of a WriteData call. */
export interface WriteCall {
  entityIdentifier: string;
  entityDefinition: EntityDefinition | null;
  operation: WriteOperationType;
  idFieldNames: string[];
  allOrNone: boolean;
  records: DataRecord[];
}

/**
 * How the flow runner calls one side of a flow. Every unsuccessful answer is a {@link ConnectorCallError}
 * carrying the connector's code and message; a WriteData that failed record by record is an answer.
 */
export interface FlowConnectorClient {
  /** Sets the execution id sent with every later call (the run id). */
  setExecutionId(id: string): void;
  /** The connector's configuration (DescribeConnectorConfiguration): its write operations, settings and scopes. */
  configuration(): Promise<ConnectorConfiguration>;
  /**
   * The entity's definition. Any unsuccessful answer, ResourceNotFoundError included, is a
   * {@link ConnectorCallError} carrying the connector's message: "not found" may be about the entity or about
   * something else the call needed (a secret, a schema), and only the message tells.
   */
  describeEntity(entityIdentifier: string): Promise<EntityDefinition>;
  /** One QueryData call. */
  query(call: QueryCall): Promise<QueryAnswer>;
  /** One WriteData call. */
  write(call: WriteCall): Promise<WriteAnswer>;
}

/** The request context AppFlow would send for one side of a flow. */
function requestContext(
  endpoint: FlowEndpoint,
  flowName: string,
  executionId: string | null,
  entityDefinition: EntityDefinition | null,
): RequestContext {
  const c = endpoint.credentials;
  return {
    apiVersion: endpoint.apiVersion,
    connectorRuntimeSettings: endpoint.settings,
    credentials: c ? { secretArn: c.secret, authenticationType: c.authenticationType } : null,
    entityDefinition,
    flowName,
    executionId,
    connectorProfileLabel: null,
  };
}

/** A WriteData outcome: a partial failure carrying one result per record is an answer, anything else throws. */
function writeAnswer(
  results: WriteRecordResult[] | null,
  error: ConnectorCallError | null,
  count: number,
  bytes: number | null,
): WriteAnswer {
  if (error === null) {
    return {
      results:
        results ??
        Array.from({ length: count }, () => ({ isSuccess: true, recordId: null, errorMessage: null })),
      error: null,
      bytes,
    };
  }
  if (results && results.length === count && !RETRYABLE_CODES.has(error.errorCode)) {
    return { results, error: { errorCode: error.errorCode, errorMessage: error.message }, bytes };
  }
  throw new ConnectorCallError(error.errorCode, error.message, error.retryAfterSeconds, results);
}

// ---- Over the wire: AppFlow's JSON events ----

/** The answer's error as a ConnectorCallError, or null for a success. */
function failureOf(envelope: ResponseEnvelope, what: string): ConnectorCallError | null {
  const details = envelope.errorDetails;
  if (envelope.isSuccess || !details) return null;
  return new ConnectorCallError(
    details.errorCode,
    `${what}: ${details.errorCode}: ${details.errorMessage}`,
    details.retryAfterSeconds ?? null,
  );
}

/** Decodes an answer strictly; a malformed one is a ServerError naming the key path that is wrong. */
function decoded<T>(decode: (value: unknown) => T, response: JsonObject, what: string): T {
  try {
    return decode(response);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new ConnectorCallError("ServerError", `${what}: the connector's answer is malformed: ${why}`, null);
  }
}

function parseRecords(texts: readonly string[] | null): { records: DataRecord[]; bytes: number } {
  const records: DataRecord[] = [];
  let bytes = 0;
  for (const text of texts ?? []) {
    bytes += text.length;
    const record: unknown = JSON.parse(text);
    if (record === null || typeof record !== "object" || Array.isArray(record)) {
      throw new ConnectorCallError(
        "ServerError",
        "QueryData: the connector answered a record that is not a JSON object",
        null,
      );
    }
    records.push(record as DataRecord);
  }
  return { records, bytes };
}

/**
 * Calls one side of a flow with AppFlow's JSON events, exactly as AppFlow would send them (settings,
 * credential reference, entity definition, flow name, execution id), and reads the JSON answers: the path
 * of a packaged Lambda bundle, of low-level handlers, and of `--via lambda`.
 */
export class WireConnectorClient implements FlowConnectorClient {
  readonly #invoke: InvokeEvent;
  readonly #endpoint: FlowEndpoint;
  readonly #flowName: string;
  #executionId: string | null = null;

  constructor(invoke: InvokeEvent, endpoint: FlowEndpoint, flowName: string) {
    this.#invoke = invoke;
    this.#endpoint = endpoint;
    this.#flowName = flowName;
  }

  setExecutionId(id: string): void {
    this.#executionId = id;
  }

  #context(entityDefinition: EntityDefinition | null): RequestContext {
    return requestContext(this.#endpoint, this.#flowName, this.#executionId, entityDefinition);
  }

  async configuration(): Promise<ConnectorConfiguration> {
    const what = "DescribeConnectorConfiguration";
    const response = await this.#invoke(
      encodeRequest({ type: "DescribeConnectorConfigurationRequest", locale: "en-US", connectorLabel: null }),
    );
    const answer = decoded(readConfigurationResponse, response, what);
    const failure = failureOf(answer, what);
    if (failure) throw failure;
    return answer.configuration!; // decoded whenever the call succeeded
  }

  async describeEntity(entityIdentifier: string): Promise<EntityDefinition> {
    const what = `DescribeEntity ${entityIdentifier}`;
    const response = await this.#invoke(
      encodeRequest({
        type: "DescribeEntityRequest",
        entityIdentifier,
        connectorContext: this.#context(null),
      }),
    );
    const answer = decoded(readDescribeEntityResponse, response, what);
    const failure = failureOf(answer, what);
    if (failure) throw failure;
    if (!answer.entityDefinition) {
      throw new ConnectorCallError(
        "ServerError",
        `${what}: the connector answered no entityDefinition`,
        null,
      );
    }
    return answer.entityDefinition;
  }

  async query(call: QueryCall): Promise<QueryAnswer> {
    const response = await this.#invoke(
      encodeRequest({
        type: "QueryDataRequest",
        entityIdentifier: call.entityIdentifier,
        connectorContext: this.#context(call.entityDefinition),
        selectedFieldNames: call.fields,
        filterExpression: call.filterExpression,
        nextToken: call.nextToken,
        maxResults: call.maxResults,
      }),
    );
    const answer = decoded(readRecordsResponse, response, "QueryData");
    const failure = failureOf(answer, "QueryData");
    if (failure) throw failure;
    const { records, bytes } = parseRecords(answer.records);
    return { records, bytes, nextToken: answer.nextToken === "" ? null : answer.nextToken };
  }

  async write(call: WriteCall): Promise<WriteAnswer> {
    const records = call.records.map((r) => JSON.stringify(r));
    const response = await this.#invoke(
      encodeRequest({
        type: "WriteDataRequest",
        entityIdentifier: call.entityIdentifier,
        connectorContext: this.#context(call.entityDefinition),
        operation: call.operation,
        idFieldNames: call.idFieldNames.length > 0 ? call.idFieldNames : null,
        records,
        allOrNone: call.allOrNone,
      }),
    );
    const answer = decoded(readWriteResponse, response, "WriteData");
    const results = answer.writeRecordResults;
    const error = failureOf(answer, "WriteData");
    const bytes = records.reduce((sum, r) => sum + r.length, 0);
    return writeAnswer(results, error, call.records.length, bytes);
  }
}

// ---- In process: the core's calls, records as objects ----

/** Whether JSON carries a non-object value unchanged: null, a boolean, a string, a finite number but -0. */
function isExactScalar(v: unknown): boolean {
  if (v === null || typeof v === "string" || typeof v === "boolean") return true;
  return typeof v === "number" && Number.isFinite(v) && !Object.is(v, -0);
}

/**
 * {@link isJsonExact} for a record: a plain object whose values are all scalars (nearly every record) is
 * checked in one pass with no allocation; anything else goes to the full walk. No own-property test in the
 * pass (two thirds of its time): a plain object inherits no enumerable field unless Object.prototype was
 * tampered with, and then an inherited value that is not a scalar only sends the record to the full walk.
 */
function isJsonExactRecord(record: DataRecord): boolean {
  const proto: unknown = Object.getPrototypeOf(record);
  if (proto !== Object.prototype && proto !== null) return isJsonExact(record);
  for (const key in record) if (!isExactScalar(record[key])) return isJsonExact(record);
  return true;
}

/**
 * True when a JSON round trip gives `value` back unchanged: null, booleans, strings, finite numbers other than
 * -0, dense arrays and plain objects of such values. Iterative (no stack overflow on deep values); a nested
 * value seen twice (shared, or a cycle) is not walked again.
 */
function isJsonExact(value: unknown): boolean {
  const stack: unknown[] = [value];
  let seen: Set<object> | null = null;
  let root = true;
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== "object") {
      if (!isExactScalar(v)) return false; // also undefined, a function, a symbol, a bigint
      continue;
    }
    if (!root) {
      seen ??= new Set();
      if (seen.has(v)) continue;
      seen.add(v);
    }
    root = false;
    if (Array.isArray(v)) {
      if (Object.getPrototypeOf(v) !== Array.prototype) return false;
      for (let i = 0; i < v.length; i++) {
        if (!Object.hasOwn(v, i)) return false;
        stack.push(v[i]);
      }
      continue;
    }
    const proto: unknown = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) return false; // a Date, a Map, a class instance
    for (const key in v) if (Object.hasOwn(v, key)) stack.push((v as Record<string, unknown>)[key]);
  }
  return true;
}

/**
 * The record as AppFlow's wire carries it: the record itself when a JSON round trip would not change it (the
 * usual case, checked without making any text), else its round trip — Infinity becomes null, -0 becomes 0, a
 * Date its ISO text, an undefined field goes — so a flow moves the same values in process as through Lambda.
 */
function asOnTheWire(record: DataRecord, index: number): DataRecord {
  if (isJsonExactRecord(record)) return record;
  try {
    return JSON.parse(JSON.stringify(record)) as DataRecord;
  } catch (error) {
    throw new ConnectorError(
      "ServerError",
      `The connector produced a record (#${index}) that is not JSON-serializable`,
      { cause: error },
    );
  }
}

/** What an in-process client shares with the run: where secrets come from and where its log goes. */
export interface InProcessClientOptions {
  /** Resolves the flow's credential references. */
  secrets: SecretResolver | null;
  /** The run's logger (it keeps the cause of each ServerError by its reference). */
  logger: Logger;
  /** Masks resolved secret values in messages. */
  redact: (text: string) => string;
  /** Clock. Default: `Date.now`. */
  now?: () => number;
}

/**
 * Calls one side of a flow in the same process, through the same core calls and the same call runtime
 * (AppFlow's time limits, deadline, abort signal, failure description) as the AppFlow host, but with records
 * as objects: no JSON text is made or parsed between the source, the tasks and the destination. The page
 * size and LIMIT hold as on AppFlow; the 6 MB response bound does not apply, since nothing is encoded.
 */
export class InProcessConnectorClient implements FlowConnectorClient {
  readonly #connector: Connector;
  readonly #endpoint: FlowEndpoint;
  readonly #flowName: string;
  readonly #options: InProcessClientOptions;
  readonly #runtime: CallRuntime;
  #executionId: string | null = null;

  constructor(
    connector: Connector,
    endpoint: FlowEndpoint,
    flowName: string,
    options: InProcessClientOptions,
  ) {
    this.#connector = connector;
    this.#endpoint = endpoint;
    this.#flowName = flowName;
    this.#options = options;
    this.#runtime = new CallRuntime({
      secrets: options.secrets,
      safetyMarginMs: DEFAULT_SAFETY_MARGIN_MS,
      maxResponseBytes: MAX_RESPONSE_BYTES,
      now: options.now ?? Date.now,
    });
  }

  setExecutionId(id: string): void {
    this.#executionId = id;
  }

  #context(entityDefinition: EntityDefinition | null): RequestContext {
    return requestContext(this.#endpoint, this.#flowName, this.#executionId, entityDefinition);
  }

  async #call<T>(type: RequestType, what: string, work: (invocation: Invocation) => Promise<T>): Promise<T> {
    const reference = localReference();
    const logger = this.#options.logger.child({ requestType: type, awsRequestId: reference });
    try {
      return await this.#runtime.run(this.#runtime.budgetFor(OPERATION_TIME_LIMIT_MS[type]), logger, work);
    } catch (thrown) {
      const failed = describeFailure(thrown, reference, logger, this.#options.redact);
      throw new ConnectorCallError(
        failed.code,
        `${what}: ${failed.code}: ${failed.message}`,
        failed.retryAfterSeconds,
      );
    }
  }

  async configuration(): Promise<ConnectorConfiguration> {
    return structuredClone(this.#connector.configuration);
  }

  describeEntity(entityIdentifier: string): Promise<EntityDefinition> {
    return this.#call("DescribeEntityRequest", `DescribeEntity ${entityIdentifier}`, async (invocation) => {
      const response = await this.#connector.handlers.metadata.describeEntity(
        { type: "DescribeEntityRequest", entityIdentifier, connectorContext: this.#context(null) },
        invocation,
      );
      if (!response.entityDefinition) {
        throw new ConnectorError(
          "ServerError",
          `The connector described ${entityIdentifier} with no definition`,
        );
      }
      return response.entityDefinition;
    });
  }

  query(call: QueryCall): Promise<QueryAnswer> {
    return this.#call("QueryDataRequest", "QueryData", async (invocation) => {
      const page = await queryRecords(
        this.#connector.definition,
        {
          entityIdentifier: call.entityIdentifier,
          connectorContext: this.#context(call.entityDefinition),
          selectedFieldNames: call.fields,
          filterExpression: call.filterExpression,
          nextToken: call.nextToken,
          maxResults: call.maxResults,
        },
        invocation,
        new ObjectPageSink(),
      );
      return { records: page.records.map(asOnTheWire), nextToken: page.nextToken, bytes: null };
    });
  }

  async write(call: WriteCall): Promise<WriteAnswer> {
    const written = await this.#call("WriteDataRequest", "WriteData", (invocation) =>
      writeRecords(
        this.#connector.definition,
        this.#connector.configuration,
        {
          type: "WriteDataRequest",
          entityIdentifier: call.entityIdentifier,
          connectorContext: this.#context(call.entityDefinition),
          operation: call.operation,
          idFieldNames: call.idFieldNames.length > 0 ? call.idFieldNames : null,
          records: call.records.map(asOnTheWire),
          allOrNone: call.allOrNone,
        },
        invocation,
      ),
    );
    if (written.failed === 0) return writeAnswer(written.results, null, call.records.length, null);
    const summary = `${written.failed} of ${call.records.length} records were not written${call.allOrNone ? " (allOrNone: none was kept)" : ""}`;
    return writeAnswer(
      written.results.map((r) => ({
        ...r,
        errorMessage: r.errorMessage === null ? null : this.#options.redact(r.errorMessage),
      })),
      new ConnectorCallError("PartialWriteFailure", `WriteData: PartialWriteFailure: ${summary}`, null),
      call.records.length,
      null,
    );
  }
}
