import { CallRuntime } from "../../core/call/call-runtime.js";
import type { ConnectorContext } from "../../core/define/connector-context.js";
import type { Connector } from "../../core/define/define-connector.js";
import { inspectableThrown } from "../../core/errors/thrown.js";
import type { Invocation } from "../../core/invocation.js";
import { createJsonLogger, type Logger, type LogLevel } from "../../core/log/logger.js";
import { Redactor } from "../../core/secrets/redactor.js";
import { parseSettings } from "../../core/settings/parse-settings.js";
import {
  AUTH_CREDENTIAL_SCHEMA,
  type AuthCredential,
  CREDENTIAL_SCHEMAS,
  coreCredentialsOf,
  modelsIn,
  SECRET_KEY_NAMES,
} from "../../identity/auth-credentials.js";
import { type CapabilityInput, isReply, type Reply, reply } from "../../identity/identity-capabilities.js";
import {
  completeWithNulls,
  formatProblems,
  type JsonObject,
  type JsonSchema,
  type JsonValue,
  validateJson,
} from "../../identity/json-schema.js";
import type { PageRequest } from "../../identity/pagination-token.js";
import { RECORD_SCHEMAS } from "../../identity/schemas.js";
import {
  errorBodyOf,
  errorEnvelope,
  hostError,
  type LumosEnvelope,
  type ResponsePage,
  type SuccessEnvelope,
} from "./envelope.js";
import { type InfoDocument, lumosInfo } from "./info.js";
import { type CapabilityEntry, describeLumosApp, type LumosApp } from "./lumos-app.js";
import { lumosOpenApi } from "./openapi.js";
import { pythonJsonDumps } from "./python-json.js";
import { settingsAsStrings, settingsModelName } from "./settings.js";

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

/** What {@link LumosHost.handle} answers. */
export interface LumosHostResult {
  /** The envelope: success or error. */
  envelope: LumosEnvelope;
  /** The envelope as the wire carries it: compact JSON, nulls written out. */
  text: string;
  /** The process exit status for it: 0, also for an error envelope (Lumos reads errors from the JSON). */
  exitCode: number;
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

const nullable = (schema: JsonSchema): JsonSchema => ({ anyOf: [schema, { type: "null" }] });

function envelopeSchema(entry: CapabilityEntry): JsonSchema {
  return {
    type: "object",
    properties: {
      auth: nullable(AUTH_CREDENTIAL_SCHEMA),
      credentials: nullable({ type: "array", items: AUTH_CREDENTIAL_SCHEMA }),
      request: entry.requestSchema,
      include_raw_data: nullable({ type: "boolean" }),
      page: nullable(RECORD_SCHEMAS.Page),
      settings: nullable({ type: "object" }),
    },
    required: ["request"],
  };
}

interface ParsedEnvelope {
  auth?: AuthCredential | null;
  credentials?: AuthCredential[] | null;
  request: JsonValue;
  include_raw_data?: boolean | null;
  page?: { token?: string | null; size?: number | null } | null;
  settings?: JsonObject | null;
}

/** ` (list_accounts answers …)`: the required keys of a capability's answer, for invalid_response messages. */
function expectedShape(entry: CapabilityEntry): string {
  const schema = entry.responseSchema;
  const object = schema?.type === "array" ? schema.items : schema;
  const required = object?.required ?? [];
  if (required.length === 0) return "";
  const shape = `{${required.join(", ")}}`;
  return ` (${entry.name} answers ${schema?.type === "array" ? `a list of ${shape}` : shape})`;
}

/** Values of keys named like secrets, anywhere in a JSON value. */
function secretValuesByKey(value: unknown, keys: ReadonlySet<string>, out: string[]): void {
  if (Array.isArray(value)) {
    for (const item of value) secretValuesByKey(item, keys, out);
  } else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      if (keys.has(key) && typeof item === "string") out.push(item);
      else secretValuesByKey(item, keys, out);
    }
  }
}

/** A copy of a JSON value with the values of secret-named keys replaced by `[REDACTED]`. */
function maskByKey(value: unknown, keys: ReadonlySet<string>): unknown {
  if (Array.isArray(value)) return value.map((item) => maskByKey(item, keys));
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, keys.has(key) ? "[REDACTED]" : maskByKey(item, keys)]),
  );
}

/** Secret values of one credential: fields the schema marks `x-secret`, and every value of unmodelled ones. */
function credentialSecrets(auth: AuthCredential, out: string[]): void {
  for (const model of modelsIn(auth)) {
    const body = auth[model] as Record<string, unknown>;
    const properties = CREDENTIAL_SCHEMAS[model].properties;
    if (!properties) {
      secretValuesByKey(body, new Set(Object.keys(body)), out);
      continue;
    }
    for (const [key, property] of Object.entries(properties)) {
      const value = body[key];
      if (property["x-secret"] === true && typeof value === "string") out.push(value);
    }
  }
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

  const done = (envelope: LumosEnvelope): LumosHostResult => {
    let text: string;
    try {
      text = JSON.stringify(envelope);
    } catch (error) {
      const failed = hostError(
        app.appId,
        "invalid_response",
        `Unexpected response from executed capability: ${(error as Error).message}`,
      );
      return { envelope: failed, text: JSON.stringify(failed), exitCode: 0 };
    }
    return { envelope, text, exitCode: 0 };
  };

  function checkAuth(body: ParsedEnvelope): string | null {
    const hasAuth = body.auth !== undefined && body.auth !== null;
    const hasCredentials = body.credentials !== undefined && body.credentials !== null;
    if (hasAuth && hasCredentials) return "Cannot pass credentials and auth in the same request";
    if (!hasAuth && !hasCredentials) {
      return app.authModel || app.credentials ? "Missing auth/credentials in request" : null;
    }
    if (hasCredentials) {
      const list = body.credentials!;
      if (!app.credentials) return "This connector takes its credential in auth, not in credentials";
      if (list.length === 0) return "Missing credentials in request";
      const seen = new Set<string>();
      for (const entry of list) {
        if (!entry.id) return "Every entry of credentials needs an id";
        const config = app.credentials.find((c) => c.id === entry.id);
        if (!config) return `Unknown credential id '${entry.id}'`;
        if (seen.has(entry.id)) return `Credential id '${entry.id}' is given twice`;
        seen.add(entry.id);
        if (!entry[config.type]) return `Missing '${config.type}' credential in request`;
      }
      if (app.allowedCredentials) {
        const given = [...seen].sort().join(",");
        if (!app.allowedCredentials.some((option) => [...option].sort().join(",") === given))
          return `The credentials ${[...seen].join(", ")} are not an allowed combination`;
      } else {
        const missing = app.credentials.find((c) => !c.optional && !seen.has(c.id));
        if (missing) return `Missing '${missing.type}' credential in request (id '${missing.id}')`;
      }
      return null;
    }
    if (app.credentials) return "This connector takes credentials, not auth";
    const present = modelsIn(body.auth!);
    if (app.authModel && !present.includes(app.authModel))
      return `Missing '${app.authModel}' credential in request`;
    return null;
  }

  function checkSettings(
    body: ParsedEnvelope,
  ): { error: string } | { values: Record<string, unknown>; raw: Record<string, string> } {
    const shape = app.settings;
    const raw = settingsAsStrings(body.settings ?? {});
    if (Object.keys(shape).length === 0) return { values: {}, raw };
    if (body.settings === undefined || body.settings === null)
      return { error: `No settings passed on request: ${app.appId} requires ${settingsModelName(app)}` };
    const parsed = parseSettings(shape, raw, [
      "CONNECTOR_PROFILE",
      "SOURCE",
      "DESTINATION",
      "SOURCE_AND_DESTINATION",
    ]);
    const missing = Object.entries(shape)
      .filter(([key, s]) => s.required && (raw[key] === undefined || raw[key] === ""))
      .map(([, s]) => s.label);
    if (missing.length > 0)
      return {
        error: `Invalid settings passed on request. Missing required settings: ${missing.join(", ")}`,
      };
    const problems = Object.values(parsed.errors);
    if (problems.length > 0) return { error: `Invalid settings passed on request. ${problems.join("; ")}` };
    return { values: parsed.values, raw };
  }

  async function handle(capability: string, request: unknown): Promise<LumosHostResult> {
    const start = now();
    const log = logger.child({ capability });
    const entry = app.capabilities.get(capability);
    if (!entry) {
      log.warn("Unknown capability");
      return done(hostError(app.appId, "not_implemented", `Capability '${capability}' is not implemented`));
    }
    let value: unknown = request;
    if (typeof request === "string") {
      try {
        value = JSON.parse(request);
      } catch (error) {
        return done(
          hostError(app.appId, "bad_request", `Invalid request - Invalid JSON: ${(error as Error).message}`),
        );
      }
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      return done(hostError(app.appId, "bad_request", "Invalid request, expected JSON input."));
    }
    // Secrets are known before anything is logged or answered.
    const secrets: string[] = [];
    secretValuesByKey({ ...value, page: null }, secretKeys, secrets);
    const candidate = value as Partial<ParsedEnvelope>;
    if (candidate.auth && typeof candidate.auth === "object") credentialSecrets(candidate.auth, secrets);
    if (Array.isArray(candidate.credentials))
      for (const c of candidate.credentials) if (c && typeof c === "object") credentialSecrets(c, secrets);
    redactor.add(secrets);
    log.debug("Capability request", { envelope: maskByKey(value, secretKeys) });

    const problems = validateJson(envelopeSchema(entry), value);
    if (problems.length > 0) {
      return done(
        hostError(app.appId, "bad_request", redact(`Invalid request - ${formatProblems(problems)}`)),
      );
    }
    const body = value as ParsedEnvelope;
    if (entry.requiresAuth) {
      const authError = checkAuth(body);
      if (authError) return done(hostError(app.appId, "bad_request", authError));
    }
    let settings: { values: Record<string, unknown>; raw: Record<string, string> } = {
      values: {},
      raw: settingsAsStrings(body.settings ?? {}),
    };
    if (entry.requiresSettings) {
      const checked = checkSettings(body);
      if ("error" in checked) return done(hostError(app.appId, "bad_request", checked.error));
      settings = checked;
    }

    const includeRawData = body.include_raw_data === true;
    const page: PageRequest = { token: body.page?.token ?? null, size: body.page?.size ?? null };
    const credentialsById: Record<string, AuthCredential> = {};
    for (const c of body.credentials ?? []) if (c.id) credentialsById[c.id] = c;
    const primary = body.auth ?? body.credentials?.[0] ?? null;
    const ctxOf = (inv: Invocation): ConnectorContext => ({
      settings: settings.values,
      rawSettings: settings.raw,
      credentials: coreCredentialsOf(primary),
      apiVersion: null,
      logger: log,
      signal: inv.signal,
      deadline: inv.deadline,
      remainingMs: () => inv.deadline - now(),
      flowName: null,
      executionId: null,
      connectorProfileLabel: null,
    });
    const input: CapabilityInput<unknown> = {
      capability,
      request: body.request,
      page,
      includeRawData,
      auth: body.auth ?? null,
      credentials: credentialsById,
      rawSettings: body.settings ?? {},
    };
    try {
      const result = await runtime.run(budgetMs, log, async (inv) =>
        entry.run === null ? { app_id: app.appId, app_schema: openApi() } : entry.run(ctxOf(inv), input),
      );
      const answer: Reply<unknown> = isReply(result) ? result : reply(result);
      if (entry.responseSchema) {
        const wrong = validateJson(entry.responseSchema, answer.response, "response");
        if (wrong.length > 0) {
          log.error("Capability answered a wrong shape", { problems: formatProblems(wrong) });
          return done(
            hostError(
              app.appId,
              "invalid_response",
              redact(
                `Unexpected response from executed capability: ${formatProblems(wrong)}${expectedShape(entry)}`,
              ),
            ),
          );
        }
      }
      if (entry.kind === "oauth") {
        const tokens: string[] = [];
        secretValuesByKey(answer.response, secretKeys, tokens);
        redactor.add(tokens);
      }
      const responsePage: ResponsePage | null = answer.nextPage
        ? { token: answer.nextPage, size: page.size }
        : null;
      // Every response model of Lumos' SDK declares execution_summary, so it is written on every answer.
      const envelope: SuccessEnvelope = {
        // Standard payloads serialize as Lumos' models do: every declared key, undeclared ones dropped.
        response: entry.responseSchema
          ? completeWithNulls(entry.responseSchema, answer.response, {
              dropUndeclared: entry.kind !== "custom",
            })
          : (answer.response ?? null),
        raw_data: includeRawData && answer.rawData !== undefined ? answer.rawData : null,
        page: responsePage,
        execution_summary: answer.executionSummary
          ? (completeWithNulls(
              RECORD_SCHEMAS.ExecutionSummary,
              answer.executionSummary,
            ) as SuccessEnvelope["execution_summary"])
          : null,
      };
      log.info("Capability handled", { durationMs: now() - start, is_error: false });
      return done(envelope);
    } catch (thrown) {
      const error = inspectableThrown(thrown);
      let body: ReturnType<typeof errorBodyOf>;
      try {
        body = errorBodyOf(error, {
          appId: app.appId,
          capability,
          raisedIn: entry.raisedIn,
          handlers: app.exceptionHandlers,
          redact,
        });
      } catch {
        // A thrown value whose getters throw, or an exception handler that throws itself.
        log.error("Capability failed unexpectedly; its error could not be read");
        return done(
          hostError(app.appId, "unexpected_error", "The capability failed with an unreadable error"),
        );
      }
      try {
        if (body.error_code === "unexpected_error") log.error("Capability failed unexpectedly", { error });
        else log.warn("Capability failed", { error_code: body.error_code, error });
      } catch {
        log.error("Capability failed; its error could not be logged", { error_code: body.error_code });
      }
      return done(errorEnvelope(body));
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
