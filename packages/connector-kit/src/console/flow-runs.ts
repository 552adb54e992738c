import { readdir } from "node:fs/promises";
import { basename, join } from "node:path";
import type { FlowDefinition } from "../flow/flow-definition.js";
import { readFlowFile } from "../flow/parse-flow.js";
import type { ProgressSnapshot } from "../flow/progress.js";
import { defaultStateDir, type RunSummary, runFlow } from "../flow/run-flow.js";
import { describeSchedule, flowScheduleOf, nextDueTime, scheduleWindowOf } from "../flow/schedule-flows.js";
import { FlowStateStore, type RunRecord } from "../flow/state-store.js";

/** A flow file as the console lists it. */
export interface FlowListing {
  /** The file's name in the flows directory (the key the other calls take). */
  file: string;
  name: string | null;
  description: string | null;
  source: string | null;
  destination: string | null;
  /** `on demand`, `every 900 s` or a cron expression. */
  schedule: string | null;
  /** When a scheduled flow runs next (ISO), after its last run in the state store; null when on demand. */
  nextRunAt: string | null;
  /** Why the file could not be read, when it could not. */
  error: string | null;
}

/** A run started from the console, as the page polls it. */
export interface ConsoleRun {
  id: string;
  file: string;
  state: "running" | "done" | "failed";
  /** The latest progress, every ~250 ms of the run. */
  progress: ProgressSnapshot | null;
  /** Records read per second, one sample per progress update (at most 600 kept), for the page's chart. */
  rates: number[];
  summary: RunSummary | null;
  error: string | null;
}

/** How a flow's connector reads in the listing: its module or package, else "(in code)". */
function connectorName(source: unknown): string {
  return typeof source === "string" ? source : "(in code)";
}

const FLOW_FILE = /\.(?:ya?ml|json)$/i;
/** Progress samples kept per run. */
const MAX_SAMPLES = 600;

/**
 * The flows of a project directory, as the console shows them: listing, runs with live progress (the same
 * `runFlow` as `connector flow run`), and history from each flow's state store. Only files directly in the
 * directory are served, named by their base name, so a request cannot reach another path.
 */
export class FlowRuns {
  readonly #dir: string;
  readonly #env: Readonly<Record<string, string | undefined>>;
  readonly #runs = new Map<string, ConsoleRun>();
  /** Stops the runs when the console closes: each ends `interrupted`, resumable by the next run. */
  readonly #stop = new AbortController();
  readonly #running = new Set<Promise<void>>();
  #nextId = 1;

  /**
   * @param dir The flows directory (`--flows`).
   * @param env The environment `env:` references read. Default: `process.env`.
   */
  constructor(dir: string, env: Readonly<Record<string, string | undefined>> = process.env) {
    this.#dir = dir;
    this.#env = env;
  }

  async #files(): Promise<string[]> {
    const entries = await readdir(this.#dir, { withFileTypes: true }).catch(() => []);
    return entries
      .filter((e) => e.isFile() && FLOW_FILE.test(e.name))
      .map((e) => e.name)
      .sort();
  }

  /** The flow file `file` names, when it is one of the directory's; null otherwise. */
  async #flow(file: string): Promise<FlowDefinition | null> {
    if (basename(file) !== file || !(await this.#files()).includes(file)) return null;
    return readFlowFile(join(this.#dir, file));
  }

  /** Every flow file of the directory, read; a file that does not parse is listed with its error. */
  async list(): Promise<FlowListing[]> {
    const out: FlowListing[] = [];
    for (const file of await this.#files()) {
      try {
        const flow = await readFlowFile(join(this.#dir, file));
        const schedule = flowScheduleOf(flow);
        let nextRunAt: string | null = null;
        if (schedule) {
          const last = await this.#lastStart(flow);
          const next = nextDueTime(schedule, last, Date.now(), scheduleWindowOf(flow));
          nextRunAt = Number.isFinite(next) ? new Date(next).toISOString() : null;
        }
        out.push({
          file,
          name: flow.name,
          description: flow.description,
          source: `${connectorName(flow.source.connector)} ${flow.source.entity}`,
          destination: `${connectorName(flow.destination.connector)} ${flow.destination.entity}`,
          schedule: schedule ? describeSchedule(schedule) : "on demand",
          nextRunAt,
          error: null,
        });
      } catch (error) {
        out.push({
          file,
          name: null,
          description: null,
          source: null,
          destination: null,
          schedule: null,
          nextRunAt: null,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
    return out;
  }

  async #lastStart(flow: FlowDefinition): Promise<number | null> {
    const store = await FlowStateStore.open(defaultStateDir(flow));
    try {
      const last = await store.lastRun(flow.name);
      return last ? Date.parse(last.startedAt) : null;
    } finally {
      await store.close();
    }
  }

  /** Starts a run of `file`; the page polls {@link progress} with the id returned. */
  async start(file: string): Promise<ConsoleRun | { error: string }> {
    const flow = await this.#flow(file);
    if (!flow) return { error: `No flow file ${JSON.stringify(file)} in the flows directory` };
    const run: ConsoleRun = {
      id: String(this.#nextId++),
      file,
      state: "running",
      progress: null,
      rates: [],
      summary: null,
      error: null,
    };
    this.#runs.set(run.id, run);
    let lastSample = 0;
    const sample = (snapshot: ProgressSnapshot, force: boolean) => {
      run.progress = snapshot;
      if (!force && snapshot.elapsedMs - lastSample < 250) return;
      lastSample = snapshot.elapsedMs;
      run.rates.push(Math.round(snapshot.recordsPerSecond));
      if (run.rates.length > MAX_SAMPLES) run.rates.shift();
    };
    const finished = runFlow(flow, {
      env: this.#env,
      logLevel: "silent",
      signal: this.#stop.signal,
      progress: { update: (s) => sample(s, false), end: (s) => sample(s, true) },
    }).then(
      (summary) => {
        run.summary = summary;
        run.state = "done";
      },
      (error: unknown) => {
        run.error = error instanceof Error ? error.message : String(error);
        run.state = "failed";
      },
    );
    this.#running.add(finished);
    void finished.finally(() => this.#running.delete(finished));
    return run;
  }

  /** Interrupts the runs still going (at their next page) and waits for them to end. */
  async close(): Promise<void> {
    this.#stop.abort();
    await Promise.all([...this.#running]);
  }

  /** A run started in this session; undefined when there is none with this id. */
  progress(id: string): ConsoleRun | undefined {
    return this.#runs.get(id);
  }

  /** The latest runs of a flow from its state store, newest first. */
  async history(file: string): Promise<{ runs: RunRecord[] } | { error: string }> {
    const flow = await this.#flow(file);
    if (!flow) return { error: `No flow file ${JSON.stringify(file)} in the flows directory` };
    const store = await FlowStateStore.open(defaultStateDir(flow));
    try {
      return { runs: await store.runs({ flow: flow.name, limit: 20 }) };
    } finally {
      await store.close();
    }
  }
}
