import { resolve } from "node:path";
import { sleep } from "../core/sleep.js";
import type { FlowDefinition, ScheduleWindow } from "./flow-definition.js";
import { FlowRunError } from "./flow-run-error.js";
import { defaultStateDir, type RunFlowOptions, type RunSummary, runFlow } from "./run-flow.js";
import {
  nextCronTime,
  parseScheduleExpression,
  rateExpressionOf,
  type ScheduleExpression,
} from "./schedule-expression.js";
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

/** How often a flow runs, or null when its trigger is on demand only or follows a cron expression. */
export function intervalOf(flow: FlowDefinition): number | null {
  if (flow.trigger.type === "scheduled") return flow.trigger.everyMs;
  if (flow.trigger.type === "incremental") return flow.trigger.everyMs;
  return null;
}

/**
 * A flow's schedule: its `schedule`/`cron` expression, else `every` as a rate, else null (on demand only).
 */
export function flowScheduleOf(flow: FlowDefinition): ScheduleExpression | null {
  if (flow.trigger.type === "onDemand") return null;
  if (flow.trigger.schedule) return parseScheduleExpression(flow.trigger.schedule);
  const every = flow.trigger.everyMs;
  return every === null
    ? null
    : { kind: "rate", text: rateExpressionOf(every) ?? `every ${every} ms`, everyMs: every };
}

/** How a schedule reads for people: `every 900 s` or the cron expression (UTC). */
export function describeSchedule(schedule: ScheduleExpression): string {
  return schedule.kind === "rate" ? `every ${schedule.everyMs / 1000} s` : `${schedule.text} (UTC)`;
}

/** A flow's schedule window (its trigger's `start` and `end`); empty for an on-demand flow. */
export function scheduleWindowOf(flow: FlowDefinition): ScheduleWindow {
  const trigger = flow.trigger;
  if (trigger.type === "onDemand") return {};
  return {
    ...(trigger.startsAt === undefined ? {} : { startsAt: trigger.startsAt }),
    ...(trigger.endsAt === undefined ? {} : { endsAt: trigger.endsAt }),
  };
}

/**
 * The window a scheduler keeps a flow to: the trigger's, and for a rate without `start`, a grid that starts
 * when the scheduler took the flow on, as AppFlow counts a rate from the flow's activation: from
 * `activatedAt`, or from the flow's last run when it ran before (a restarted scheduler keeps its rhythm). Runs
 * then stay on `origin + k × every` instead of drifting by each run's lateness.
 */
export function activeWindow(
  flow: FlowDefinition,
  schedule: ScheduleExpression,
  lastStartedAt: number | null,
  activatedAt: number,
): ScheduleWindow {
  const window = scheduleWindowOf(flow);
  if (schedule.kind !== "rate" || window.startsAt !== undefined) return window;
  return { ...window, startsAt: lastStartedAt ?? activatedAt };
}

/**
 * When a flow is next due. For a rate: at once if it never ran (or at `startsAt`, if later); after a run,
 * the first of `startsAt + k × every` after the run's start, or `every` after it without `startsAt`. For a
 * cron expression: its first time after the last run started (or after `now` if it never ran), and not
 * before `startsAt`. A time already past is due at once: one missed run is made, not each. Infinity when
 * nothing is due any more (a time after `endsAt`, or a cron expression naming no later time).
 * Default window: none.
 */
export function nextDueTime(
  schedule: ScheduleExpression,
  lastStartedAt: number | null,
  now: number,
  window: ScheduleWindow = {},
): number {
  const start = window.startsAt;
  let due: number;
  if (schedule.kind === "rate") {
    const every = schedule.everyMs;
    if (lastStartedAt === null) due = start === undefined ? now : Math.max(now, start);
    else if (start === undefined) due = lastStartedAt + every;
    else if (lastStartedAt < start) due = start;
    else due = start + (Math.floor((lastStartedAt - start) / every) + 1) * every;
  } else {
    const after = Math.max(lastStartedAt ?? now, start === undefined ? Number.NEGATIVE_INFINITY : start - 1);
    const next = nextCronTime(schedule.cron, after);
    if (next === null) return Number.POSITIVE_INFINITY;
    due = lastStartedAt !== null && next < now ? now : next;
  }
  return window.endsAt !== undefined && due > window.endsAt ? Number.POSITIVE_INFINITY : due;
}

/**
 * Runs scheduled flows when they are due, one at a time, until `signal` aborts (or `maxRuns`). A flow is due
 * as {@link nextDueTime} says from its last run's start (as kept in its state store, so a restarted scheduler
 * keeps the rhythm): `every`/`rate(…)` on the grid of {@link activeWindow}, or at the next time of its
 * `cron(…)` expression (UTC). A run that takes longer than the interval delays the next one; runs never
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
    const schedule = flowScheduleOf(flow);
    if (schedule === null) {
      throw new FlowRunError(
        "FlowConfig",
        `Flow ${flow.name} has no schedule (trigger.every, trigger.schedule or trigger.cron)`,
      );
    }
    const stateDir = resolve(options.run?.stateDir ?? defaultStateDir(flow));
    return { flow, schedule, stateDir, window: scheduleWindowOf(flow), dueAt: Number.NaN };
  });
  for (const entry of entries) {
    const store = await FlowStateStore.open(entry.stateDir, { now });
    try {
      const last = await store.lastRun(entry.flow.name);
      const lastStartedAt = last ? Date.parse(last.startedAt) : null;
      entry.window = activeWindow(entry.flow, entry.schedule, lastStartedAt, now());
      entry.dueAt = nextDueTime(entry.schedule, lastStartedAt, now(), entry.window);
    } finally {
      await store.close();
    }
  }
  while (!options.signal?.aborted && (options.maxRuns === undefined || runs.length < options.maxRuns)) {
    const next = entries.reduce((a, b) => (b.dueAt < a.dueAt ? b : a));
    if (next.dueAt === Number.POSITIVE_INFINITY) break; // no schedule names a later time
    const wait = next.dueAt - now();
    if (wait > 0) {
      options.onWait?.(next.flow.name, next.dueAt);
      // setTimeout overflows past 24.8 days; a cron time can be further away, so wake up hourly.
      await sleep(Math.min(wait, 3_600_000), options.signal);
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
    next.dueAt = nextDueTime(next.schedule, startedAt, now(), next.window);
  }
  return runs;
}
