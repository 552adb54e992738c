import { createHash } from "node:crypto";
import { join, resolve } from "node:path";
import { createJsonLogger, type LogFields, type Logger, type LogLevel } from "../core/log/logger.js";
import { CachedSecretResolver } from "../core/secrets/cached-secret-resolver.js";
import { redactingResolver } from "../core/secrets/redacting-resolver.js";
import { Redactor } from "../core/secrets/redactor.js";
import type { SecretResolver } from "../core/secrets/secret-resolver.js";
import {
  type FlowConnectorClient,
  InProcessConnectorClient,
  WireConnectorClient,
} from "./connector-client.js";
import { ErrorFile } from "./error-file.js";
import { type FlowDefinition, type FlowEndpoint, lookBackOf } from "./flow-definition.js";
import { FlowRunError } from "./flow-run-error.js";
import { checkWindow, type IncrementalWindow, incrementalFilter, nextWindow } from "./incremental-window.js";
import { type LoadedConnector, loadFlowConnector } from "./load-flow-connector.js";
import { localSecretResolver } from "./local-secrets.js";
import { callFailureOf, prepareSides } from "./prepare-sides.js";
import type { ProgressListener, ProgressSnapshot } from "./progress.js";
import { RecordPipeline } from "./record-pipeline.js";
import { emptyCounts, FlowStateStore, type RunRecord } from "./state-store.js";

/** Options of {@link runFlow}. */
export interface RunFlowOptions {
  /** The state directory. Default: `.connector/state` in the flow's base directory. */
  stateDir?: string;
  /** An open state store to use instead (the caller closes it). Default: opened from `stateDir`. */
  store?: FlowStateStore;
  /** Environment for `env:` secret references. Default: `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * Resolves credential references, each at most once per run and cached for it (up to 5 minutes). Default:
   * `localSecretResolver` — `env:`, `file:` (files under the flow file's directory or `CONNECTOR_SECRET_DIRS`)
   * and `arn:`.
   */
  secrets?: SecretResolver;
  /** Forget the checkpoint and the watermark first: a full first run again. Default: false. */
  reset?: boolean;
  /** Cancels the run between pages; it ends `interrupted` and the next run resumes it. Default: none. */
  signal?: AbortSignal;
  /** Progress callbacks. Default: none. */
  progress?: ProgressListener;
  /** Connector log level. Default: `"error"` (a missing destination entity is logged as a warning, and is normal). */
  logLevel?: LogLevel;
  /** Where connector log lines go. Default: standard error. */
  logWrite?: (line: string) => void;
  /** Attempts of a call answered RateLimitExceeded, ServiceUnavailable or RequestTimeout. Default: 4. */
  attempts?: number;
  /** First retry delay (doubling), unless the connector says `retryAfterSeconds`. Default: 500 ms. */
  retryDelayMs?: number;
  /**
   * How connectors made with `defineConnector` are called: `"in-process"` through the core with records as
   * objects (fast), or `"lambda"` with AppFlow's JSON events through the AppFlow host, as Lambda runs them.
   * Packaged bundles and low-level handlers always take the Lambda path. Default: `"in-process"`.
   */
  via?: "in-process" | "lambda";
  /**
   * Least time between two checkpoint saves, in ms. Saves run beside the pipeline, never holding it up; a
   * crash re-reads at most the records accepted since the last one (UPSERT deduplicates them). Default: 500.
   */
  checkpointEveryMs?: number;
  /** Clock. Default: `Date.now`. */
  now?: () => number;
}

/** What a run did: its stored record plus where to look. */
export interface RunSummary extends RunRecord {
  durationMs: number;
  recordsPerSecond: number;
  /** The filter expression sent to the source. */
  filter: string | null;
  /** The state directory. */
  stateDir: string;
  /** The flow's watermark after the run (incremental flows), else null. */
  watermark: string | null;
}

/** The default state directory of a flow: `.connector/state` next to its file. */
export function defaultStateDir(flow: Pick<FlowDefinition, "baseDir">): string {
  return join(flow.baseDir, ".connector", "state");
}

/** Hash of everything that decides which records a run reads and where they go. */
export function definitionHash(flow: FlowDefinition): string {
  const connectorId = (c: unknown) => (typeof c === "string" ? c : "(object)");
  const stable = {
    source: { ...flow.source, connector: connectorId(flow.source.connector), credentials: null },
    destination: {
      ...flow.destination,
      connector: connectorId(flow.destination.connector),
      credentials: null,
      // How many writes run at once changes neither what is read nor where it goes (and was not always there).
      writesInFlight: undefined,
    },
    tasks: flow.tasks,
    trigger: flow.trigger,
  };
  return createHash("sha256").update(JSON.stringify(stable)).digest("base64url").slice(0, 22);
}

/** A thrown value in one line: `ENOSPC: no space left on device, write`. Never throws. */
function causeText(thrown: unknown): string {
  try {
    if (thrown instanceof Error) {
      const code = (thrown as { code?: unknown }).code;
      const text = typeof code === "string" && !thrown.message.startsWith(code) ? `${code}: ` : "";
      return `${text}${thrown.message}`.slice(0, 500);
    }
    return String(thrown).slice(0, 500);
  } catch {
    return "an unreadable value was thrown";
  }
}

/**
 * Runs a flow once, the way AppFlow would: the source connector is queried page by page through its AppFlow
 * host (QueryData events, JSON in and out), each record goes through the tasks, and the destination receives
 * WriteData batches through its own host. Memory holds one page and one batch, whatever the record count.
 *
 * State (runs, checkpoints, watermarks) is kept in the state store. After every batch the destination
 * accepted, the checkpoint moves to the source token after the last page whose records were all accepted;
 * a crashed or failed run is resumed from there by the next run (records since the checkpoint are sent again:
 * idempotent with UPSERT). Incremental flows read the window `(watermark, run start]` and move the watermark
 * to the window's end only when the run completed.
 *
 * Record errors (tasks, validations, refused writes) go to the run's error file and the run goes on, unless
 * the flow says `failOnError` or a TerminateFlow validation fails. Returns the run's summary; a run that
 * failed returns it too (status `failed`, `message` says why) — only problems before the run starts (a
 * locked state directory, a connector that cannot be loaded) throw.
 */
export async function runFlow(flow: FlowDefinition, options: RunFlowOptions = {}): Promise<RunSummary> {
  const now = options.now ?? Date.now;
  const stateDir = options.store?.dir ?? resolve(options.stateDir ?? defaultStateDir(flow));
  // The lock is taken at once (a second runner fails here, before any connector is opened); the database
  // behind it opens while the connectors are loaded and the entities described.
  const opening = options.store
    ? Promise.resolve(options.store)
    : FlowStateStore.lockAndOpen(stateDir, { now });
  try {
    return await runWithStore(flow, opening, options, now);
  } finally {
    // The connectors are closed inside; the store (and with it the lock) last, when nothing is open.
    if (!options.store) await (await opening.catch(() => null))?.close();
  }
}

/**
 * The host logger of a run: the user's JSON logger (secrets redacted), which also keeps the cause of each
 * `ServerError` by its reference, so the run's message can name it instead of only the reference.
 */
class RunLogger implements Logger {
  readonly #inner: Logger;
  readonly #causes: Map<string, string>;
  readonly #redact: (text: string) => string;

  constructor(inner: Logger, causes: Map<string, string>, redact: (text: string) => string) {
    this.#inner = inner;
    this.#causes = causes;
    this.#redact = redact;
  }
  debug(message: string, fields?: LogFields): void {
    this.#inner.debug(message, fields);
  }
  info(message: string, fields?: LogFields): void {
    this.#inner.info(message, fields);
  }
  warn(message: string, fields?: LogFields): void {
    this.#inner.warn(message, fields);
  }
  error(message: string, fields?: LogFields): void {
    const reference = fields?.["reference"];
    if (typeof reference === "string" && this.#causes.size < 1000) {
      this.#causes.set(reference, this.#redact(causeText(fields?.["error"])));
    }
    this.#inner.error(message, fields);
  }
  child(fields: LogFields): Logger {
    return new RunLogger(this.#inner.child(fields), this.#causes, this.#redact);
  }
}

async function runWithStore(
  flow: FlowDefinition,
  opening: Promise<FlowStateStore>,
  options: RunFlowOptions,
  now: () => number,
): Promise<RunSummary> {
  const env = options.env ?? process.env;
  const hash = definitionHash(flow);
  const storeReady = opening.then(async (store) => {
    await store.registerFlow(flow.name, flow.file, hash);
    await store.markInterrupted(flow.name);
    if (options.reset) await store.reset(flow.name);
    return store;
  });
  storeReady.catch(() => {}); // awaited in runLoaded

  // Every secret either host resolves is also hidden from what the run writes: error file, messages.
  const redactor = new Redactor();
  const redact = (text: string) => redactor.redact(text);
  // Cached for the run: every page and every batch asks for the same credentials, and a file: or arn: secret
  // read again each time is a file read or an AWS call per call.
  const secrets = redactingResolver(
    new CachedSecretResolver(options.secrets ?? localSecretResolver(flow.baseDir, env)),
    redactor,
  );
  const causes = new Map<string, string>();
  const logger = new RunLogger(
    createJsonLogger({
      level: options.logLevel ?? "error",
      write: options.logWrite ?? ((line: string) => process.stderr.write(`${line}\n`)),
      redact,
      now,
    }),
    causes,
    redact,
  );
  const hostOptions = { secrets, logger };
  const loaded: LoadedConnector[] = [];
  try {
    for (const side of [flow.source, flow.destination]) {
      loaded.push(await loadFlowConnector(side.connector, flow.baseDir, hostOptions));
    }
    return await runLoaded(flow, storeReady, options, now, {
      source: loaded[0]!,
      destination: loaded[1]!,
      secrets,
      redact,
      causes,
      logger,
    });
  } finally {
    // Close what the connector modules keep open (pools, embedded databases) before the lock is released,
    // so no second runner opens them while this process still has them.
    const disposed = new Set<() => Promise<void>>();
    for (const connector of loaded) {
      if (!connector.dispose || disposed.has(connector.dispose)) continue;
      disposed.add(connector.dispose);
      try {
        await connector.dispose();
      } catch (error) {
        logger.warn("Closing the connector failed", { connector: connector.label, error });
      }
    }
    await storeReady.catch(() => {}); // its statements finish before the store is closed
  }
}

interface RunParts {
  source: LoadedConnector;
  destination: LoadedConnector;
  secrets: SecretResolver;
  redact: (text: string) => string;
  causes: Map<string, string>;
  logger: Logger;
}

async function runLoaded(
  flow: FlowDefinition,
  storeReady: Promise<FlowStateStore>,
  options: RunFlowOptions,
  now: () => number,
  parts: RunParts,
): Promise<RunSummary> {
  const hash = definitionHash(flow);
  const { redact, causes } = parts;
  const clientOf = (loaded: LoadedConnector, endpoint: FlowEndpoint): FlowConnectorClient =>
    loaded.connector && options.via !== "lambda"
      ? new InProcessConnectorClient(loaded.connector, endpoint, flow.name, {
          secrets: parts.secrets,
          logger: parts.logger,
          redact,
          now,
        })
      : new WireConnectorClient(loaded.invoke, endpoint, flow.name);
  const source = clientOf(parts.source, flow.source);
  const destination = clientOf(parts.destination, flow.destination);
  const callFailure = callFailureOf(causes, redact);

  const startedAt = now();
  // Describing both sides needs no state: it runs while the state store opens.
  const prepared = prepareSides(flow, source, destination, parts.secrets, redact, callFailure);
  prepared.catch(() => {}); // awaited in the run below, or given up on with the store
  const store = await storeReady.catch(async (error: unknown) => {
    await prepared.catch(() => {});
    throw error;
  });
  const checkpoint = await store.checkpoint(flow.name);
  const resume = checkpoint !== null && checkpoint.definitionHash === hash ? checkpoint : null;
  let window: IncrementalWindow | null = null;
  if (flow.trigger.type === "incremental") {
    if (resume?.windowFrom && resume.windowTo) {
      window = { from: resume.windowFrom, to: resume.windowTo };
      checkWindow(window, "The checkpoint's window start");
    } else {
      const watermark = await store.watermark(flow.name);
      window = nextWindow(
        watermark?.value ?? null,
        flow.trigger.firstRunWindowMs,
        startedAt,
        lookBackOf(flow),
      );
    }
  }
  const run = await store.startRun({
    flow: flow.name,
    trigger: flow.trigger.type,
    windowFrom: window?.from ?? null,
    windowTo: window?.to ?? null,
    resumedFrom: resume?.runId ?? null,
    startedAt: new Date(startedAt).toISOString(),
  });
  source.setExecutionId(`run-${run.id}`);
  destination.setExecutionId(`run-${run.id}`);
  const counts = emptyCounts();
  const errorPath = resolve(
    flow.baseDir,
    flow.errors.file?.replaceAll("{run}", String(run.id)) ??
      join(store.dir, "errors", flow.name, `run-${run.id}.jsonl`),
  );
  const errors = new ErrorFile(errorPath);
  let filter: string | null = flow.source.filter;

  const snapshot = (): ProgressSnapshot => {
    const elapsedMs = Math.max(1, now() - startedAt);
    return {
      ...counts,
      flow: flow.name,
      runId: run.id,
      elapsedMs,
      recordsPerSecond: (counts.recordsRead * 1000) / elapsedMs,
    };
  };
  const finish = async (
    status: "succeeded" | "completed_with_errors" | "failed" | "interrupted",
    message: string | null,
  ): Promise<RunSummary> => {
    errors.flush();
    if (errors.count > 0) await store.setErrorFile(run.id, errors.path);
    const completed = status === "succeeded" || status === "completed_with_errors";
    const record = await store.finishRun(run.id, {
      status,
      counts,
      message: message === null ? null : redact(message),
      completed,
      flow: flow.name,
      watermark:
        completed && window && flow.trigger.type === "incremental"
          ? { field: flow.trigger.field, value: window.to }
          : null,
    });
    const last = snapshot();
    options.progress?.end?.(last);
    const watermark = await store.watermark(flow.name);
    return {
      ...record,
      durationMs: last.elapsedMs,
      recordsPerSecond: last.recordsPerSecond,
      filter,
      stateDir: store.dir,
      watermark: watermark?.value ?? null,
    };
  };

  let pipeline: RecordPipeline | null = null;
  try {
    const sides = await prepared;
    const trigger = flow.trigger;
    if (trigger.type === "incremental" && window) {
      const field = sides.sourceDefinition.fields.find((f) => f.fieldName === trigger.field)!;
      filter = incrementalFilter(flow.source.filter, field.fieldName, field.dataType, window);
    }
    options.progress?.start?.({ flow: flow.name, runId: run.id, resumedFrom: resume?.runId ?? null, filter });
    pipeline = new RecordPipeline({
      flow,
      source,
      destination,
      sides,
      filter,
      runId: run.id,
      start: { nextToken: resume?.nextToken ?? null, pages: resume?.pages ?? 0 },
      counts,
      errors,
      redact,
      callFailure,
      saveCheckpoint: async (position) => {
        errors.flush();
        await store.saveCheckpoint(
          {
            flow: flow.name,
            runId: run.id,
            definitionHash: hash,
            windowFrom: window?.from ?? null,
            windowTo: window?.to ?? null,
            nextToken: position.nextToken,
            pages: position.pages,
          },
          counts,
        );
      },
      saveCounts: () => store.saveCounts(run.id, counts),
      onProgress: () => options.progress?.update?.(snapshot()),
      attempts: options.attempts ?? 4,
      retryDelayMs: options.retryDelayMs ?? 500,
      checkpointEveryMs: options.checkpointEveryMs,
      signal: options.signal,
      now,
    });
    // A new run's window is fixed from its first checkpoint on, whatever happens.
    await pipeline.run(!resume);
    return await finish(counts.recordsFailed > 0 ? "completed_with_errors" : "succeeded", null);
  } catch (error) {
    // Nothing may still be running when the run is finished: a late checkpoint would outlive it.
    await pipeline?.settle();
    const message = error instanceof Error ? error.message : String(error);
    const aborted = error instanceof FlowRunError && error.code === "Aborted";
    return finish(aborted ? "interrupted" : "failed", message);
  }
}
