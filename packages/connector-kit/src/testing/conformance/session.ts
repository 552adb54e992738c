import { isConnectorError } from "../../core/errors/connector-error.js";
import type { ConnectorHandlers } from "../../core/handlers.js";
import { DEFAULT_SAFETY_MARGIN_MS } from "../../core/limits.js";
import type { RequestType } from "../../core/model/requests.js";
import type { ResponseEnvelope } from "../../core/model/responses.js";
import type { Connector } from "../../define/define-connector.js";
import { type AppFlowHost, createAppFlowHost } from "../../hosts/appflow/appflow-host.js";
import type { JsonObject } from "../../hosts/appflow/wire/decoder.js";
import { requestTypeOf } from "../../hosts/appflow/wire/request-dispatch.js";
import {
  type DescribeEntityResult,
  readDescribeEntityResponse,
} from "../../hosts/appflow/wire/response-decoder.js";
import { apiVersionOf, mergedRuntimeSettings, type TestConfig } from "../test-config.js";
import type { ResolvedConformanceOptions } from "./options.js";
import { CheckRecorder, fail } from "./report.js";

/** One call through the AppFlow host, measured. */
export interface Call {
  type: RequestType;
  response: JsonObject;
  /** `Buffer.byteLength(JSON.stringify(response))`. */
  bytes: number;
  durationMs: number;
}

/** A DescribeEntity outcome, kept so later phases send back the definition the connector gave. */
export type DescribeOutcome = { ok: true; result: DescribeEntityResult } | { ok: false; message: string };

/**
 * The state of one conformance run: the host every call goes through (exactly the AppFlow JSON path), the
 * options, the test configuration and the checks recorded so far.
 */
export class ConformanceSession {
  readonly host: AppFlowHost;
  readonly recorder: CheckRecorder;
  readonly #describes = new Map<string, Promise<DescribeOutcome>>();

  constructor(
    connector: Connector | ConnectorHandlers,
    readonly config: TestConfig,
    readonly options: ResolvedConformanceOptions,
  ) {
    const shortest = Math.min(...Object.values(options.timeLimitsMs));
    this.host = createAppFlowHost(connector, {
      secrets: options.secrets,
      logLevel: options.logLevel,
      timeLimitsMs: options.timeLimitsMs,
      // AppFlow's margin, unless a limit is so small that it would eat all of it.
      safetyMarginMs: Math.min(DEFAULT_SAFETY_MARGIN_MS, Math.floor(shortest / 4)),
      maxResponseBytes: options.maxResponseBytes,
      now: options.now,
    });
    this.recorder = new CheckRecorder(options.now);
  }

  /** Sends one event through the host and measures the answer's size and time. */
  async call(event: JsonObject): Promise<Call> {
    const type = requestTypeOf(event);
    if (type === null)
      throw new Error(`the suite built an event without a known type: ${String(event["type"])}`);
    const start = this.options.now();
    const response = await this.host.invoke(event);
    const durationMs = this.options.now() - start;
    return { type, response, bytes: Buffer.byteLength(JSON.stringify(response)), durationMs };
  }

  /** The size or time problem of a call, or null when it is inside AppFlow's limits. */
  limitProblem(call: Call): string | null {
    const limit = this.options.timeLimitsMs[call.type];
    if (call.bytes > this.options.maxResponseBytes) {
      return `${call.type} answered ${call.bytes} bytes, over the ${this.options.maxResponseBytes}-byte response limit`;
    }
    if (call.durationMs > limit) {
      return `${call.type} took ${Math.round(call.durationMs)} ms, over its ${limit} ms time limit`;
    }
    return null;
  }

  /**
   * Sends `event` and decodes the answer with `decode`. Fails the current check when the answer is over a
   * limit, malformed, or (unless `allowFailure`) has `isSuccess: false`.
   */
  async request<T extends ResponseEnvelope>(
    event: JsonObject,
    decode: (response: unknown) => T,
    allowFailure = false,
  ): Promise<T & { call: Call }> {
    const call = await this.call(event);
    const limit = this.limitProblem(call);
    if (limit) fail(limit);
    let decoded: T;
    try {
      decoded = decode(call.response);
    } catch (error) {
      if (isConnectorError(error)) fail(`${call.type} answer is malformed: ${error.message}`);
      throw error;
    }
    if (!decoded.isSuccess && !allowFailure) fail(this.failureMessage(call, decoded));
    return { ...decoded, call };
  }

  /** Describes an `isSuccess: false` answer; a timeout names the limit. */
  failureMessage(call: Call, envelope: ResponseEnvelope): string {
    const d = envelope.errorDetails;
    if (d?.errorCode === "RequestTimeout") {
      return (
        `${call.type} did not answer within its ${this.options.timeLimitsMs[call.type]} ms time limit ` +
        `(RequestTimeout: ${d.errorMessage})`
      );
    }
    return `${call.type} failed: ${d ? `${d.errorCode}: ${d.errorMessage}` : "isSuccess is false"}`;
  }

  /** The wire credentials of the test configuration, sent verbatim as the official runners do. */
  credentials(): JsonObject {
    return { ...this.config.credentials };
  }

  /** The `connectorContext` of metadata and data calls, optionally with an entity definition. */
  context(entityDefinition: JsonObject | null = null): JsonObject {
    return {
      apiVersion: apiVersionOf(this.config),
      connectorRuntimeSettings: mergedRuntimeSettings(this.config),
      credentials: this.credentials(),
      entityDefinition,
    };
  }

  /** DescribeEntity of `entityIdentifier`, made once per run and shared by every phase. */
  describe(entityIdentifier: string): Promise<DescribeOutcome> {
    let outcome = this.#describes.get(entityIdentifier);
    if (!outcome) {
      outcome = this.request(
        { type: "DescribeEntityRequest", entityIdentifier, connectorContext: this.context() },
        readDescribeEntityResponse,
      ).then(
        (result): DescribeOutcome => {
          if (result.entityDefinition === null)
            return { ok: false, message: "DescribeEntityRequest returned no entityDefinition" };
          return { ok: true, result };
        },
        (error: unknown): DescribeOutcome => ({
          ok: false,
          message: error instanceof Error ? error.message : String(error),
        }),
      );
      this.#describes.set(entityIdentifier, outcome);
    }
    return outcome;
  }
}
