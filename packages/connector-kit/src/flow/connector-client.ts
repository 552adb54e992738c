import type { EntityDefinition } from "../core/model/entity.js";
import type { SettingScope, WriteOperationType } from "../core/model/enums.js";
import type { RequestContext } from "../core/model/requests.js";
import type { JsonObject } from "../hosts/appflow/wire/decoder.js";
import { decodeEntityDefinition } from "../hosts/appflow/wire/model-codec.js";
import { encodeRequest } from "../hosts/appflow/wire/request-codec.js";
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
    readonly writeRecordResults: WriteRecordOutcome[] | null = null,
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

/** One record's outcome in a WriteData answer. */
export interface WriteRecordOutcome {
  isSuccess: boolean;
  recordId: string | null;
  errorMessage: string | null;
}

/** A QueryData answer: records still as JSON text (as on the wire), and the token of the next page. */
export interface QueryAnswer {
  records: string[];
  nextToken: string | null;
}

/** A WriteData answer: one outcome per record, and the call's error when not all succeeded. */
export interface WriteAnswer {
  results: WriteRecordOutcome[];
  error: { errorCode: string; errorMessage: string } | null;
}

function errorOf(response: JsonObject, what: string): ConnectorCallError {
  const details = (response["errorDetails"] ?? {}) as JsonObject;
  const code = typeof details["errorCode"] === "string" ? details["errorCode"] : "UnknownError";
  const message = typeof details["errorMessage"] === "string" ? details["errorMessage"] : "no message";
  const retry = typeof details["retryAfterSeconds"] === "number" ? details["retryAfterSeconds"] : null;
  return new ConnectorCallError(code, `${what}: ${code}: ${message}`, retry);
}

function outcomesOf(value: unknown): WriteRecordOutcome[] | null {
  if (!Array.isArray(value)) return null;
  return value.map((v) => {
    const o = (v ?? {}) as JsonObject;
    return {
      isSuccess: o["isSuccess"] === true,
      recordId: typeof o["recordId"] === "string" ? o["recordId"] : null,
      errorMessage: typeof o["errorMessage"] === "string" ? o["errorMessage"] : null,
    };
  });
}

/**
 * Calls one side of a flow through its AppFlow host with JSON events built by `encodeRequest`, exactly as
 * AppFlow would send them (settings, credential reference, entity definition, flow name, execution id), and
 * reads the JSON answers. Any unsuccessful answer is a {@link ConnectorCallError}.
 */
export class ConnectorClient {
  readonly #invoke: InvokeEvent;
  readonly #endpoint: FlowEndpoint;
  readonly #flowName: string;
  #executionId: string | null = null;

  constructor(invoke: InvokeEvent, endpoint: FlowEndpoint, flowName: string) {
    this.#invoke = invoke;
    this.#endpoint = endpoint;
    this.#flowName = flowName;
  }

  /** Sets the execution id sent with every later call (the run id). */
  setExecutionId(id: string): void {
    this.#executionId = id;
  }

  #context(entityDefinition: EntityDefinition | null): RequestContext {
    const c = this.#endpoint.credentials;
    return {
      apiVersion: this.#endpoint.apiVersion,
      connectorRuntimeSettings: this.#endpoint.settings,
      credentials: c ? { secretArn: c.secret, authenticationType: c.authenticationType } : null,
      entityDefinition,
      flowName: this.#flowName,
      executionId: this.#executionId,
      connectorProfileLabel: null,
    };
  }

  /** The connector's configuration (supported write operations, API versions…). */
  async configuration(): Promise<JsonObject> {
    const response = await this.#invoke(
      encodeRequest({ type: "DescribeConnectorConfigurationRequest", locale: "en-US", connectorLabel: null }),
    );
    if (response["isSuccess"] !== true) throw errorOf(response, "DescribeConnectorConfiguration");
    return response;
  }

  /** Problems of the runtime settings for `scope`, by setting key (empty when they are fine). */
  async validateSettings(scope: SettingScope): Promise<Record<string, string>> {
    const response = await this.#invoke(
      encodeRequest({
        type: "ValidateConnectorRuntimeSettingsRequest",
        scope,
        connectorRuntimeSettings: this.#endpoint.settings,
        authenticationType: this.#endpoint.credentials?.authenticationType ?? null,
      }),
    );
    const errors = response["errorsByInputField"];
    if (response["isSuccess"] === true) return {};
    if (errors && typeof errors === "object") return errors as Record<string, string>;
    throw errorOf(response, "ValidateConnectorRuntimeSettings");
  }

  /**
   * The entity's definition. Any unsuccessful answer, ResourceNotFoundError included, is a
   * {@link ConnectorCallError} carrying the connector's message: "not found" may be about the entity or about
   * something else the call needed (a secret, a schema), and only the message tells.
   */
  async describeEntity(entityIdentifier: string): Promise<EntityDefinition> {
    const response = await this.#invoke(
      encodeRequest({
        type: "DescribeEntityRequest",
        entityIdentifier,
        connectorContext: this.#context(null),
      }),
    );
    if (response["isSuccess"] !== true) throw errorOf(response, `DescribeEntity ${entityIdentifier}`);
    return decodeEntityDefinition(response["entityDefinition"], "entityDefinition");
  }

  /** One QueryData call. */
  async query(input: {
    entityIdentifier: string;
    entityDefinition: EntityDefinition | null;
    fields: string[] | null;
    filterExpression: string | null;
    nextToken: string | null;
    maxResults: number;
  }): Promise<QueryAnswer> {
    const response = await this.#invoke(
      encodeRequest({
        type: "QueryDataRequest",
        entityIdentifier: input.entityIdentifier,
        connectorContext: this.#context(input.entityDefinition),
        selectedFieldNames: input.fields,
        filterExpression: input.filterExpression,
        nextToken: input.nextToken,
        maxResults: input.maxResults,
      }),
    );
    if (response["isSuccess"] !== true) throw errorOf(response, "QueryData");
    const records = response["records"];
    const nextToken = response["nextToken"];
    return {
      records: Array.isArray(records) ? records.filter((r): r is string => typeof r === "string") : [],
      nextToken: typeof nextToken === "string" && nextToken !== "" ? nextToken : null,
    };
  }

  /**
   * One WriteData call. A PartialWriteFailure (or any failure that carries one result per record) is an
   * answer, not an error; other failures throw.
   */
  async write(input: {
    entityIdentifier: string;
    entityDefinition: EntityDefinition | null;
    operation: WriteOperationType;
    idFieldNames: string[];
    allOrNone: boolean;
    records: string[];
  }): Promise<WriteAnswer> {
    const response = await this.#invoke(
      encodeRequest({
        type: "WriteDataRequest",
        entityIdentifier: input.entityIdentifier,
        connectorContext: this.#context(input.entityDefinition),
        operation: input.operation,
        idFieldNames: input.idFieldNames.length > 0 ? input.idFieldNames : null,
        records: input.records,
        allOrNone: input.allOrNone,
      }),
    );
    const results = outcomesOf(response["writeRecordResults"]);
    if (response["isSuccess"] === true) {
      return {
        results:
          results ?? input.records.map(() => ({ isSuccess: true, recordId: null, errorMessage: null })),
        error: null,
      };
    }
    const error = errorOf(response, "WriteData");
    if (results && results.length === input.records.length && !RETRYABLE_CODES.has(error.errorCode)) {
      return { results, error: { errorCode: error.errorCode, errorMessage: error.message } };
    }
    throw new ConnectorCallError(error.errorCode, error.message, error.retryAfterSeconds, results);
  }
}
