import { CallRuntime } from "../../core/call/call-runtime.js";
import { createJsonLogger, type Logger, type LogLevel } from "../../core/log/logger.js";
import { Redactor } from "../../core/secrets/redactor.js";
import type { Connector } from "../../define/define-connector.js";
import { SECRET_KEY_NAMES } from "../../identity/auth-credentials.js";
import type { JsonObject } from "../../identity/json-schema.js";
import { hostError, isErrorEnvelope, type LumosEnvelope } from "./envelope.js";
import { type InfoDocument, lumosInfo } from "./info.js";
import { answerOf, failureEnvelope, type LumosHostResult, successEnvelope } from "./lumos-answer.js";
import { describeLumosApp, type LumosApp } from "./lumos-app.js";
import { lumosCall } from "./lumos-call-context.js";
import {
  envelopeProblem,
  type LumosRequestBody,
  maskByKey,
  requestObjectOf,
  requestSecrets,
  secretValuesByKey,
} from "./lumos-request.js";
import { authProblem, callSettings } from "./lumos-request-checks.js";
import { lumosOpenApi } from "./openapi.js";
import { pythonJsonDumps } from "./python-json.js";

export type { LumosHostResult } from "./lumos-answer.js";

/** Longest delay a Node.js timer takes (about 24.8 days): `ctx.deadline` is this far off when there is no limit. */
const MAX_TIMER_MS = 2_147_483_647;

/** Options of {@link createLumosHost}. */
export interface LumosHostOptions {
  /** Default: JSON lines on stderr at `logLevel` (stdout carries the answer), secret values redacted. */
  logger?: Logger;
  /** Default: `LOG_LEVEL` from the environment, else `"info"`. */
  logLevel?: LogLevel;
  /** Where the default logger writes each line. Default: stderr. */
  logWrite?: (line: string) => void;
  /**
   * Time a capability may take, in ms; past it the answer is a `request_timeout` error and `ctx.signal`
   * aborts. Default: null (no limit: Lumos sets none; `ctx.deadline` is then about 24.8 days away, the
   * longest Node.js timer, so it can be handed to timers safely).
   */
  timeLimitMs?: number | null;
  /** Clock. Default: `Date.now`. */
  now?: () => number;
}

/** The Lumos host of one connector. */
export interface LumosHost {
  /** The connector as Lumos sees it. */
  readonly app: LumosApp;
  /** The capability names it serves, sorted (including `app_info`). */
  readonly capabilities: readonly string[];
  /**
   * Handles one capability call; `request` is the JSON text (or the parsed value) of the envelope
   * `{auth | credentials, request, settings, page, include_raw_data}`. Never throws: every failure is an
   * error envelope. Checks run in Lumos' order: capability known, JSON object, envelope and payload
   * shapes, auth/credentials, settings; then the function runs and its answer is checked.
   */
  handle(capability: string, request: unknown): Promise<LumosHostResult>;
  /** The `info` document and its text (Python `json.dumps` form, keys sorted). */
  info(): { document: InfoDocument; text: string };
  /** The connector's OpenAPI document (what `app_info` answers as `app_schema`). */
  openApi(): JsonObject;
  /** Masks every secret value this host has seen. */
  readonly redactor: Redactor;
}

/**
 * Creates the Lumos host of a connector: the one path every Lumos capability call takes, from the
 * executable, the HTTP host or a test. Throws `LumosDefinitionError` for an identity definition Lumos
 * cannot serve (a bad custom capability name, a duplicate credential id).
 */
export function createLumosHost(connector: Connector, options: LumosHostOptions = {}): LumosHost {
  const app = describeLumosApp(connector);
  const now = options.now ?? Date.now;
  const redactor = new Redactor();
  const redact = (text: string) => redactor.redact(text);
  const logger =
    options.logger ??
    createJsonLogger({
      level: options.logLevel,
      write: options.logWrite ?? ((line) => process.stderr.write(`${line}\n`)),
      redact,
      now,
    });
  const secretKeys = new Set([...SECRET_KEY_NAMES, ...app.secretSettings, "code_verifier"]);
  const capabilityNames = [...app.capabilities.keys()];
  // Lumos sets no time limit and keeps back no margin: a call without a limit may run about 24.8 days.
  const runtime = new CallRuntime({
    secrets: null,
    safetyMarginMs: 0,
    maxResponseBytes: Number.POSITIVE_INFINITY,
    now,
  });
  const budgetMs = options.timeLimitMs ?? MAX_TIMER_MS;
  let openApiCache: JsonObject | undefined;
  const openApi = () => {
    openApiCache ??= lumosOpenApi(app);
    return openApiCache;
  };

  const done = (envelope: LumosEnvelope): LumosHostResult => answerOf(app.appId, envelope);
  const badRequest = (message: string) => done(hostError(app.appId, "bad_request", message));

  async function handle(capability: string, request: unknown): Promise<LumosHostResult> {
    const start = now();
    const log = logger.child({ capability });
    const entry = app.capabilities.get(capability);
    if (!entry) {
      log.warn("Unknown capability");
      return done(hostError(app.appId, "not_implemented", `Capability '${capability}' is not implemented`));
    }
    const parsed = requestObjectOf(request);
    if ("problem" in parsed) return badRequest(parsed.problem);
    // Secrets are known before anything is logged or answered.
    redactor.add(requestSecrets(parsed.value, secretKeys));
    log.debug("Capability request", { envelope: maskByKey(parsed.value, secretKeys) });
    const shapeProblem = envelopeProblem(entry, parsed.value);
    if (shapeProblem !== null) return badRequest(redact(shapeProblem));
    const body = parsed.value as unknown as LumosRequestBody;
    const authError = entry.requiresAuth ? authProblem(app, body) : null;
    if (authError) return badRequest(authError);
    const settings = callSettings(app, body, entry.requiresSettings);
    if ("error" in settings) return badRequest(settings.error);

    const call = lumosCall(capability, body, settings, log, now);
    try {
      const result = await runtime.run(budgetMs, log, async (inv) =>
        entry.run === null
          ? { app_id: app.appId, app_schema: openApi() }
          : entry.run(call.contextOf(inv), call.input),
      );
      const { answer, envelope } = successEnvelope(result, {
        appId: app.appId,
        entry,
        page: call.input.page,
        includeRawData: call.input.includeRawData,
        log,
        redact,
      });
      if (isErrorEnvelope(envelope)) return done(envelope);
      if (entry.kind === "oauth") {
        const tokens: string[] = [];
        secretValuesByKey(answer.response, secretKeys, tokens);
        redactor.add(tokens);
      }
      log.info("Capability handled", { durationMs: now() - start, is_error: false });
      return done(envelope);
    } catch (thrown) {
      return done(failureEnvelope(thrown, { app, capability, entry, log, redact }));
    }
  }

  return {
    app,
    capabilities: capabilityNames,
    handle,
    info() {
      const document = lumosInfo(app);
      return { document, text: pythonJsonDumps(document, { sortKeys: true }) };
    },
    openApi,
    redactor,
  };
}
