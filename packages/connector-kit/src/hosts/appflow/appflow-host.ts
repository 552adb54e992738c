import { describeFailure, localReference } from "../../core/call/call-failure.js";
import { CallRuntime } from "../../core/call/call-runtime.js";
import { ConnectorError } from "../../core/errors/connector-error.js";
import type { ConnectorHandlers } from "../../core/handlers.js";
import type { Invocation } from "../../core/invocation.js";
import { DEFAULT_SAFETY_MARGIN_MS, MAX_RESPONSE_BYTES, OPERATION_TIME_LIMIT_MS } from "../../core/limits.js";
import { createJsonLogger, type Logger, type LogLevel } from "../../core/log/logger.js";
import type { ConnectorRequest, RequestType } from "../../core/model/requests.js";
import type { ErrorDetails, ResponseByType } from "../../core/model/responses.js";
import { redactingResolver } from "../../core/secrets/redacting-resolver.js";
import { Redactor } from "../../core/secrets/redactor.js";
import type { SecretResolver } from "../../core/secrets/secret-resolver.js";
import type { Connector } from "../../define/define-connector.js";
import type { LambdaContextLike } from "./lambda-context.js";
import { boundErrorMessage, boundResponse, MIN_WRITE_RESULT_BYTES } from "./response-bounds.js";
import { defaultSecretResolver } from "./secrets/default-secret-resolver.js";
import type { JsonObject } from "./wire/decoder.js";
import { decodeRequest, requestTypeOf } from "./wire/request-dispatch.js";
import { encodeFailure, encodeResponse } from "./wire/response-encoder.js";

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
  const runtime = new CallRuntime({ secrets, safetyMarginMs: margin, maxResponseBytes, now });

  const failure = (type: RequestType | null, thrown: unknown, log: Logger, reference: string): JsonObject => {
    const failed = describeFailure(thrown, reference, log, redact);
    const details: ErrorDetails = failed.known
      ? { errorCode: failed.code, errorMessage: failed.message, retryAfterSeconds: failed.retryAfterSeconds }
      : { errorCode: failed.code, errorMessage: failed.message };
    const response = encodeFailure(type, details);
    boundErrorMessage(response, maxResponseBytes);
    return response;
  };

  async function invoke(event: unknown, lambdaContext?: LambdaContextLike): Promise<JsonObject> {
    const start = now();
    let type: RequestType | null = null;
    let reference = "";
    let log = logger;
    try {
      // Inside the try: the event and the context are the caller's objects and may throw when read.
      type = requestTypeOf(event);
      reference = lambdaContext?.awsRequestId ?? localReference();
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
      const budget = runtime.budgetFor(Math.min(limits[request.type], remaining));
      const response = await runtime.run(budget, log, (inv) => dispatch(handlers, request, inv));
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
    }
  }

  return { invoke, redactor };
}
