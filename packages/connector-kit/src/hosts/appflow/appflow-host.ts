import type { Connector } from "../../core/define/define-connector.js";
import { ConnectorError } from "../../core/errors/connector-error.js";
import { loggableThrown, readConnectorError } from "../../core/errors/thrown.js";
import type { ConnectorHandlers } from "../../core/handlers.js";
import type { Invocation } from "../../core/invocation.js";
import { DEFAULT_SAFETY_MARGIN_MS, MAX_RESPONSE_BYTES, OPERATION_TIME_LIMIT_MS } from "../../core/limits.js";
import { createJsonLogger, type Logger, type LogLevel } from "../../core/log/logger.js";
import type { ConnectorRequest, RequestType } from "../../core/model/requests.js";
import type { ErrorDetails, ResponseByType } from "../../core/model/responses.js";
import { redactingResolver } from "../../core/secrets/redacting-resolver.js";
import { Redactor } from "../../core/secrets/redactor.js";
import type { SecretResolver } from "../../core/secrets/secret-resolver.js";
import { type Alarm, Alarms } from "./alarms.js";
import type { LambdaContextLike } from "./lambda-context.js";
import { boundErrorMessage, boundResponse, MIN_WRITE_RESULT_BYTES } from "./response-bounds.js";
import { defaultSecretResolver } from "./secrets/default-secret-resolver.js";
import type { JsonObject } from "./wire/decoder.js";
import { decodeRequest, requestTypeOf } from "./wire/request-codec.js";
import { encodeFailure, encodeResponse } from "./wire/response-codec.js";

export interface AppFlowHostOptions {
  /**
   * Resolves `credentials.secretArn`. Default: AWS Secrets Manager through `@aws-sdk/client-secrets-manager`,
   * cached for the life of the warm container (5-minute TTL). Pass null for a host without secrets.
   */
  secrets?: SecretResolver | null;
  /** Default: JSON lines on stdout at `logLevel`, secret values redacted. */
  logger?: Logger;
  /** Default: `LOG_LEVEL` from the environment, else `"info"`. */
  logLevel?: LogLevel;
  /** Where the default logger writes each line. Default: stdout (CloudWatch reads it). */
  logWrite?: (line: string) => void;
  /** Time kept back from each deadline to encode and return, in ms. Default: 1500. */
  safetyMarginMs?: number;
  /** Per-operation time limits in ms. Default: AppFlow's (30 s query/write/retrieve, 10 s others). */
  timeLimitsMs?: Partial<Record<RequestType, number>>;
  /** Largest encoded response, in bytes. Default: 6,291,556 (the Lambda limit). */
  maxResponseBytes?: number;
  /** Clock. Default: `Date.now`. */
  now?: () => number;
}

/** A running AppFlow host for one connector: one per warm container, so its caches live as long. */
export interface AppFlowHost {
  /** Handles one AppFlow event and returns the response object. Never throws, never outlives the deadline. */
  invoke(event: unknown, lambdaContext?: LambdaContextLike): Promise<JsonObject>;
  /** Masks every secret value this host has resolved. */
  readonly redactor: Redactor;
}

function handlersOf(connector: Connector | ConnectorHandlers): {
  handlers: ConnectorHandlers;
  guarded: boolean;
} {
  return "handlers" in connector
    ? { handlers: connector.handlers, guarded: true }
    : { handlers: connector, guarded: false };
}

function dispatch(handlers: ConnectorHandlers, request: ConnectorRequest, inv: Invocation): Promise<unknown> {
  switch (request.type) {
    case "DescribeConnectorConfigurationRequest":
      return handlers.configuration.describeConnectorConfiguration(request, inv);
    case "ValidateCredentialsRequest":
      return handlers.configuration.validateCredentials(request, inv);
    case "ValidateConnectorRuntimeSettingsRequest":
      return handlers.configuration.validateConnectorRuntimeSettings(request, inv);
    case "ListEntitiesRequest":
      return handlers.metadata.listEntities(request, inv);
    case "DescribeEntityRequest":
      return handlers.metadata.describeEntity(request, inv);
    case "RetrieveDataRequest":
      return handlers.record.retrieveData(request, inv);
    case "WriteDataRequest":
      return handlers.record.writeData(request, inv);
    case "QueryDataRequest":
      return handlers.record.queryData(request, inv);
  }
}

let referenceCounter = 0;

/**
 * The Invocation of one call. A class with a prototype getter, not an object literal with `get signal()`:
 * a literal's getter is a new function per call, which gives every call's object a new hidden class and
 * made most of the host's garbage survive into the old generation.
 */
class HostInvocation implements Invocation {
  #controller: AbortController | undefined;

  constructor(
    readonly deadline: number,
    readonly margin: number,
    readonly logger: Logger,
    readonly secrets: SecretResolver | null,
    readonly maxResponseBytes: number,
    readonly expired: Promise<void>,
    readonly now: () => number,
  ) {}

  /** Made on first use: creating an AbortController costs more than the rest of a small call. */
  get signal(): AbortSignal {
    this.#controller ??= new AbortController();
    if (this.now() >= this.deadline + this.margin / 2) this.#controller.abort();
    return this.#controller.signal;
  }

  /** Aborts the signal, if anyone asked for it. */
  abort(): void {
    this.#controller?.abort();
  }
}

/**
 * Creates the AppFlow host of a connector: the one path every AppFlow event takes, from Lambda, the CLI,
 * the flow runner or a test. Accepts a `defineConnector` result or low-level handlers.
 */
export function createAppFlowHost(
  connector: Connector | ConnectorHandlers,
  options: AppFlowHostOptions = {},
): AppFlowHost {
  const { handlers, guarded } = handlersOf(connector);
  const now = options.now ?? Date.now;
  const redactor = new Redactor();
  const redact = (text: string) => redactor.redact(text);
  const logger =
    options.logger ?? createJsonLogger({ level: options.logLevel, write: options.logWrite, redact, now });
  const baseSecrets = options.secrets === undefined ? defaultSecretResolver() : options.secrets;
  const secrets = baseSecrets ? redactingResolver(baseSecrets, redactor) : null;
  const margin = options.safetyMarginMs ?? DEFAULT_SAFETY_MARGIN_MS;
  const limits = { ...OPERATION_TIME_LIMIT_MS, ...options.timeLimitsMs };
  const maxResponseBytes = options.maxResponseBytes ?? MAX_RESPONSE_BYTES;
  const alarms = new Alarms();

  const failure = (type: RequestType | null, thrown: unknown, log: Logger, reference: string): JsonObject => {
    const known = readConnectorError(thrown);
    const details: ErrorDetails = known
      ? {
          errorCode: known.code,
          errorMessage: redact(known.message),
          retryAfterSeconds: known.retryAfterSeconds,
        }
      : {
          errorCode: "ServerError",
          errorMessage: `The connector failed unexpectedly (reference ${reference})`,
        };
    // A logger may inspect the value and a hostile one can throw from there: the answer must not depend on it.
    try {
      if (known) log.warn("Request failed", { errorCode: known.code, error: loggableThrown(thrown) });
      else log.error("Unexpected error in connector", { reference, error: loggableThrown(thrown) });
    } catch {
      try {
        log.error("Unexpected error in connector (not loggable)", { reference });
      } catch {
        // Nothing left to try; the answer below still goes out.
      }
    }
    const response = encodeFailure(type, details);
    boundErrorMessage(response, maxResponseBytes);
    return response;
  };

  async function invoke(event: unknown, lambdaContext?: LambdaContextLike): Promise<JsonObject> {
    const start = now();
    let type: RequestType | null = null;
    let reference = "";
    let log = logger;
    let alarm: Alarm | undefined;
    let inv: HostInvocation | undefined;
    try {
      // Inside the try: the event and the context are the caller's objects and may throw when read.
      type = requestTypeOf(event);
      reference = lambdaContext?.awsRequestId ?? `local-${++referenceCounter}`;
      log = logger.child({ requestType: type ?? "unknown", awsRequestId: reference });
      const request = decodeRequest(event);
      if (
        request.type === "WriteDataRequest" &&
        request.records.length * MIN_WRITE_RESULT_BYTES + 1024 > maxResponseBytes
      ) {
        // Refused before anything is written: even the smallest results would not fit in the response.
        throw ConnectorError.invalidArgument(
          `WriteData with ${request.records.length} records: the results of at most ` +
            `${Math.floor((maxResponseBytes - 1024) / MIN_WRITE_RESULT_BYTES)} records fit in a response`,
        );
      }
      const remaining = lambdaContext?.getRemainingTimeInMillis?.() ?? Number.POSITIVE_INFINITY;
      const budget = Math.max(0, Math.min(limits[request.type], remaining) - margin);
      const deadline = start + budget;
      // Creating an AbortController costs more than the rest of a small call, so it is made on first use.
      let reachDeadline: () => void = () => {};
      const expired = new Promise<void>((resolve) => {
        reachDeadline = resolve;
      });
      inv = new HostInvocation(deadline, margin, log, secrets, maxResponseBytes, expired, now);
      // Handlers get until the deadline; the hard stop, half the margin later, fires only if one ignores it.
      // One alarm serves both: at the deadline it settles `expired` and is set again for the hard stop.
      const hardStop = new Promise<never>((_, reject) => {
        const at = performance.now() + budget;
        const stop: Alarm = {
          at,
          fire: () => {
            if (stop.at === at) {
              reachDeadline();
              stop.at = at + margin / 2;
              alarms.add(stop);
              return;
            }
            inv?.abort();
            reject(new ConnectorError("RequestTimeout", `The connector did not answer within ${budget} ms`));
          },
        };
        alarm = stop;
        alarms.add(stop);
      });
      const work = dispatch(handlers, request, inv);
      work.catch(() => {});
      const response = await Promise.race([work, hardStop]);
      let encoded = encodeResponse(request.type, response as ResponseByType[typeof request.type]);
      boundErrorMessage(encoded, maxResponseBytes);
      // defineConnector's query and retrieve pages are already inside the limit (the page guard);
      // every other answer is measured, and a WriteData's messages cut short to fit.
      if (!guarded || (request.type !== "QueryDataRequest" && request.type !== "RetrieveDataRequest")) {
        encoded = boundResponse(request.type, encoded, maxResponseBytes);
      }
      log.info("Request handled", { durationMs: now() - start, isSuccess: encoded["isSuccess"] });
      return encoded;
    } catch (error) {
      try {
        return failure(type, error, log, reference || "unknown");
      } catch {
        // failure() reads nothing of the thrown value that can throw; this is the last line all the same.
        return encodeFailure(type, {
          errorCode: "ServerError",
          errorMessage: "The connector failed unexpectedly",
        });
      }
    } finally {
      if (alarm) alarms.delete(alarm);
      // Work still in flight (a fetch the page guard stopped waiting for) is cancelled with the call.
      inv?.abort();
    }
  }

  return { invoke, redactor };
}
