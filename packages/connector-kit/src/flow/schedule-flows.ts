import { resolve } from "node:path";
import type { FlowDefinition } from "./flow-definition.js";
import { defaultStateDir, type RunFlowOptions, type RunSummary, runFlow } from "./run-flow.js";
import { FlowStateStore } from "./state-store.js";

/** Options of {@link scheduleFlows}. */
export interface ScheduleOptions {
  /** Options of each run (state directory, secrets, progress…). `store` is not used. */
  run?: Omit<RunFlowOptions, "store" | "signal" | "reset">;
  /** Stops the scheduler: the run in progress ends at its next page (`interrupted`, resumable). */
  signal?: AbortSignal;
  /** Stop after this many runs. Default: never. */
  maxRuns?: number;
  /** Called after each run. */
  onRun?: (summary: RunSummary) => void;
  /** Called when the scheduler waits: the next flow and when it is due. */
  onWait?: (flow: string, dueAt: number) => void;
  /** Clock. Default: `Date.now`. */
  now?: () => number;
}

/** How often a flow runs, or null when its trigger is on demand only. */
export function intervalOf(flow: FlowDefinition): number | null {
  if (flow.trigger.type === "scheduled") return flow.trigger.everyMs;
  if (flow.trigger.type === "incremental") return flow.trigger.everyMs;
  return null;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((done) => {
    if (signal?.aborted) return done();
    const timer = setTimeout(done, Math.max(0, ms));
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      done();
    });
  });

/**
 * Runs scheduled flows when they are due, one at a time, until `signal` aborts (or `maxRuns`). A flow is due
 * `every` after its last run started (as kept in its state store, so a restarted scheduler keeps the rhythm),
 * or at once if it never ran. A run that takes longer than the interval delays the next one; runs never
 * overlap. Each run opens and closes its state store, so `connector flow history` works between runs.
 * Returns the summaries of the runs made.
 */
export async function scheduleFlows(
  flows: readonly FlowDefinition[],
  options: ScheduleOptions = {},
): Promise<RunSummary[]> {
  const now = options.now ?? Date.now;
  const runs: RunSummary[] = [];
  const entries = flows.map((flow) => {
    const every = intervalOf(flow);
    if (every === null) throw new Error(`Flow ${flow.name} has no schedule (trigger.every)`);
    const stateDir = resolve(options.run?.stateDir ?? defaultStateDir(flow));
    return { flow, every, stateDir, dueAt: Number.NaN };
  });
  for (const entry of entries) {
    const store = await FlowStateStore.open(entry.stateDir, { now });
    try {
      const last = await store.lastRun(entry.flow.name);
      entry.dueAt = last ? Date.parse(last.startedAt) + entry.every : now();
    } finally {
      await store.close();
    }
  }
  while (!options.signal?.aborted && (options.maxRuns === undefined || runs.length < options.maxRuns)) {
    const next = entries.reduce((a, b) => (b.dueAt < a.dueAt ? b : a));
    const wait = next.dueAt - now();
    if (wait > 0) {
      options.onWait?.(next.flow.name, next.dueAt);
      await sleep(wait, options.signal);
      continue;
    }
    const startedAt = now();
    const summary = await runFlow(next.flow, {
      ...options.run,
      stateDir: next.stateDir,
      signal: options.signal,
    });
    runs.push(summary);
    options.onRun?.(summary);
    next.dueAt = startedAt + next.every;
  }
  return runs;
}
