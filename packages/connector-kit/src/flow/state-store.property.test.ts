/**
 * A model-based property test of the flow state store: random sequences of commits, reopens, torn last lines and
 * compaction settings, each step checked against a plain in-memory reference through the store's public reads.
 */
import { readFileSync, rmSync, truncateSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { makeTempDir } from "../test-support/temp-dir.js";
import {
  type Checkpoint,
  type FlowRecord,
  FlowStateStore,
  type RunCounts,
  type RunRecord,
  STATE_JOURNAL,
  type Watermark,
} from "./state-store.js";

// ---------------------------------------------------------------------------------------------------------------
// The reference: four tables in memory, changed by the same rules the store documents.

interface Model {
  flows: Map<string, FlowRecord>;
  runs: Map<number, RunRecord>;
  checkpoints: Map<string, Checkpoint>;
  watermarks: Map<string, Watermark>;
}

const emptyModel = (): Model => ({
  flows: new Map(),
  runs: new Map(),
  checkpoints: new Map(),
  watermarks: new Map(),
});
const liveRows = (m: Model) => m.flows.size + m.runs.size + m.checkpoints.size + m.watermarks.size;
const INTERRUPTED = "The runner stopped before the end (crash or kill); the next run resumes it";
const DEFAULT_COMPACT_AFTER = 1000;

const COUNT_KEYS = [
  "recordsRead",
  "recordsWritten",
  "recordsSkipped",
  "recordsFailed",
  "pages",
  "batches",
  "bytesRead",
  "bytesWritten",
] as const;
const onlyCounts = (counts: RunCounts): RunCounts =>
  Object.fromEntries(COUNT_KEYS.map((key) => [key, counts[key]])) as unknown as RunCounts;

const zeroCounts = (): RunCounts =>
  Object.fromEntries(COUNT_KEYS.map((key) => [key, 0])) as unknown as RunCounts;

// ---------------------------------------------------------------------------------------------------------------
// The steps. A run is picked by index among the model's runs (see pickRun).

/** Flow names; "é\u2028" is multi-byte and a JSON-sensitive separator. */
const FLOWS = ["a", "b", "é\u2028"];
const MISSING_RUN = 1_000_000;

type Window = { from: string | null; to: string | null };
type Step =
  | { t: "register"; flow: string; file: string | null; hash: string }
  | {
      t: "start";
      flow: string;
      trigger: string;
      window: Window;
      resumedFrom: number | null;
      startedAt: string | undefined;
    }
  | {
      t: "checkpoint";
      run: number;
      flow: string;
      hash: string;
      window: Window;
      token: string | null;
      pages: number;
      counts: RunCounts;
    }
  | { t: "counts"; run: number; counts: RunCounts }
  | ({ t: "finish"; run: number } & Parameters<FlowStateStore["finishRun"]>[1])
  | { t: "interrupt"; flow: string }
  | { t: "errorFile"; run: number; file: string }
  | { t: "reset"; flow: string }
  | { t: "reopen"; compactAfter: number | undefined }
  | { t: "torn"; at: number; compactAfter: number | undefined };

// Any UTF-16 (lone surrogates included): every string must come back from the journal as it went in.
const text = fc.string({ unit: "binary", maxLength: 5 });
const flowArb = fc.constantFrom(...FLOWS);
const runPick = fc.nat({ max: 40 });
const iso = fc
  .integer({ min: Date.parse("2020-01-01T00:00:00Z"), max: Date.parse("2030-01-01T00:00:00Z") })
  .map((ms) => new Date(ms).toISOString());
const windowArb = fc.record({ from: fc.option(iso), to: fc.option(iso) });
const countsArb = fc.record(
  Object.fromEntries(COUNT_KEYS.map((key) => [key, fc.nat({ max: 1_000_000 })])) as Record<
    keyof RunCounts,
    fc.Arbitrary<number>
  >,
);
const compactAfterArb = fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined, freq: 4 });

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    arbitrary: fc.record({ t: fc.constant("register"), flow: flowArb, file: fc.option(text), hash: text }),
    weight: 3,
  },
  {
    arbitrary: fc.record({
      t: fc.constant("start"),
      flow: flowArb,
      trigger: fc.constantFrom("onDemand", "scheduled", "incremental"),
      window: windowArb,
      resumedFrom: fc.option(fc.nat({ max: 10 })),
      startedAt: fc.option(iso, { nil: undefined }),
    }),
    weight: 4,
  },
  {
    arbitrary: fc.record({
      t: fc.constant("checkpoint"),
      run: runPick,
      flow: flowArb,
      hash: text,
      window: windowArb,
      token: fc.option(text),
      pages: fc.nat({ max: 1000 }),
      counts: countsArb,
    }),
    weight: 4,
  },
  { arbitrary: fc.record({ t: fc.constant("counts"), run: runPick, counts: countsArb }), weight: 3 },
  {
    arbitrary: fc.record({
      t: fc.constant("finish"),
      run: runPick,
      status: fc.constantFrom("succeeded", "completed_with_errors", "failed", "interrupted"),
      counts: countsArb,
      message: fc.option(text),
      completed: fc.boolean(),
      flow: flowArb,
      watermark: fc.option(fc.record({ field: text, value: text })),
    }),
    weight: 4,
  },
  { arbitrary: fc.record({ t: fc.constant("interrupt"), flow: flowArb }), weight: 1 },
  { arbitrary: fc.record({ t: fc.constant("errorFile"), run: runPick, file: text }), weight: 1 },
  { arbitrary: fc.record({ t: fc.constant("reset"), flow: flowArb }), weight: 1 },
  { arbitrary: fc.record({ t: fc.constant("reopen"), compactAfter: compactAfterArb }), weight: 2 },
  {
    arbitrary: fc.record({ t: fc.constant("torn"), at: fc.nat(), compactAfter: compactAfterArb }),
    weight: 3,
  },
) as fc.Arbitrary<Step>;

// ---------------------------------------------------------------------------------------------------------------
// The harness: the real store, its directory and clock, and the model with what undoes each journal line.

interface Harness {
  dir: string;
  file: string;
  store: FlowStateStore | null;
  /** The clock: fixed within a step, so every timestamp a step takes is predictable. */
  time: number;
  compactAfter: number;
  model: Model;
  /**
   * The model as it was before each line appended since the journal was last (re)written, the last line's on
   * top: cutting the last line must bring the store back to the top one. Empty when the last line is a row of a
   * compact rewrite (written atomically, so never torn) or the header.
   */
  undo: Model[];
}

const journalText = (h: Harness) => readFileSync(h.file, "utf8");
const journalLines = (content: string) => content.split("\n").length - 1;

/** One pick in eight (and every pick before the first run) is a run that does not exist. */
function pickRun(m: Model, pick: number): number {
  const ids = [...m.runs.keys()].sort((a, b) => a - b);
  return pick % 8 === 7 ? MISSING_RUN : (ids[pick % ids.length] ?? MISSING_RUN);
}

async function openStore(h: Harness, compactAfter: number | undefined): Promise<void> {
  h.compactAfter = compactAfter ?? DEFAULT_COMPACT_AFTER;
  h.store = await FlowStateStore.open(h.dir, { now: () => h.time, compactAfter });
}

async function closeStore(h: Harness): Promise<void> {
  const store = h.store;
  h.store = null;
  await store?.close();
}

/** Runs one step on the store and the model, and checks what the step itself returns. */
async function perform(h: Harness, step: Step): Promise<void> {
  const store = h.store!;
  const m = h.model;
  const now = new Date(h.time).toISOString();
  /** A commit on a run that does not exist is refused and changes nothing. */
  const refused = async (promise: Promise<unknown>) => {
    await expect(promise).rejects.toMatchObject({ code: "StateInvalid" });
  };
  switch (step.t) {
    case "register": {
      await store.registerFlow(step.flow, step.file, step.hash);
      const createdAt = m.flows.get(step.flow)?.createdAt ?? now;
      m.flows.set(step.flow, {
        name: step.flow,
        file: step.file,
        definitionHash: step.hash,
        createdAt,
        updatedAt: now,
      });
      return;
    }
    case "start": {
      const input = {
        flow: step.flow,
        trigger: step.trigger,
        windowFrom: step.window.from,
        windowTo: step.window.to,
        resumedFrom: step.resumedFrom,
        ...(step.startedAt === undefined ? {} : { startedAt: step.startedAt }),
      };
      const got = await store.startRun(input);
      const id = Math.max(0, ...m.runs.keys()) + 1;
      const run: RunRecord = {
        id,
        flow: step.flow,
        status: "running",
        trigger: step.trigger,
        startedAt: step.startedAt ?? now,
        endedAt: null,
        windowFrom: step.window.from,
        windowTo: step.window.to,
        resumedFrom: step.resumedFrom,
        ...zeroCounts(),
        errorFile: null,
        message: null,
        pid: process.pid,
      };
      m.runs.set(id, run);
      expect(got).toStrictEqual(run);
      scribble(got); // the returned run is a copy too
      return;
    }
    case "checkpoint": {
      const runId = pickRun(m, step.run);
      const checkpoint = {
        flow: step.flow,
        runId,
        definitionHash: step.hash,
        windowFrom: step.window.from,
        windowTo: step.window.to,
        nextToken: step.token,
        pages: step.pages,
      };
      // Extra keys on both arguments, as a caller may pass: only the columns are kept.
      const counts = { ...step.counts, extra: 1 };
      const promise = store.saveCheckpoint({ ...checkpoint, extra: "x" } as typeof checkpoint, counts);
      scribble(counts); // the caller goes on counting: the store copied them when called
      const run = m.runs.get(runId);
      if (!run) return refused(promise);
      await promise;
      m.checkpoints.set(step.flow, { ...checkpoint, updatedAt: now });
      m.runs.set(runId, { ...run, ...onlyCounts(step.counts) });
      return;
    }
    case "counts": {
      const runId = pickRun(m, step.run);
      const counts = { ...step.counts };
      const promise = store.saveCounts(runId, counts);
      scribble(counts);
      const run = m.runs.get(runId);
      if (!run) return refused(promise);
      await promise;
      m.runs.set(runId, { ...run, ...onlyCounts(step.counts) });
      return;
    }
    case "finish": {
      const runId = pickRun(m, step.run);
      const counts = { ...step.counts };
      const promise = store.finishRun(runId, {
        status: step.status,
        counts,
        message: step.message,
        completed: step.completed,
        flow: step.flow,
        watermark: step.watermark && { ...step.watermark },
      });
      scribble(counts);
      const run = m.runs.get(runId);
      if (!run) return refused(promise);
      const got = await promise;
      const finished: RunRecord = {
        ...run,
        ...onlyCounts(step.counts),
        status: step.status,
        endedAt: now,
        message: step.message,
      };
      m.runs.set(runId, finished);
      if (step.completed) {
        m.checkpoints.delete(step.flow);
        if (step.watermark) {
          m.watermarks.set(step.flow, { flow: step.flow, ...step.watermark, runId, updatedAt: now });
        }
      }
      expect(got).toStrictEqual(finished);
      scribble(got);
      return;
    }
    case "interrupt": {
      const got = await store.markInterrupted(step.flow);
      const ids: number[] = [];
      for (const run of [...m.runs.values()].sort((a, b) => a.id - b.id)) {
        if (run.flow !== step.flow || run.status !== "running") continue;
        m.runs.set(run.id, {
          ...run,
          status: "interrupted",
          endedAt: now,
          message: run.message ?? INTERRUPTED,
        });
        ids.push(run.id);
      }
      expect(got).toStrictEqual(ids);
      return;
    }
    case "errorFile": {
      const runId = pickRun(m, step.run);
      const promise = store.setErrorFile(runId, step.file);
      const run = m.runs.get(runId);
      if (!run) return refused(promise);
      await promise;
      m.runs.set(runId, { ...run, errorFile: step.file });
      return;
    }
    case "reset": {
      await store.reset(step.flow);
      m.checkpoints.delete(step.flow);
      m.watermarks.delete(step.flow);
      return;
    }
    case "reopen":
    case "torn":
      throw new Error("reopens are handled by the caller");
  }
}

/** Overwrites every field of what a read returned (and the list holding it): the store must not see it. */
function scribble(value: unknown): void {
  if (Array.isArray(value)) {
    for (const item of value) scribble(item);
    value.reverse();
    value.push({ scribbled: true });
  } else if (typeof value === "object" && value !== null) {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) record[key] = "scribbled";
    record["added"] = "scribbled";
  }
}

function byName(a: FlowRecord, b: FlowRecord): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** Every public read of the store against the model; returns what was read, to be scribbled on. */
async function readAll(store: FlowStateStore, m: Model): Promise<unknown[]> {
  const seen: unknown[] = [];
  const check = async <T>(read: Promise<T>, expected: unknown) => {
    const got = await read;
    expect(got).toStrictEqual(expected);
    seen.push(got);
  };
  const newestFirst = [...m.runs.values()].sort((a, b) => b.id - a.id);
  const listing = (flow: string | null | undefined, limit: number) =>
    newestFirst.filter((run) => !flow || run.flow === flow).slice(0, Math.max(0, limit));

  await check(store.flows(), [...m.flows.values()].sort(byName));
  const top = Math.max(0, ...m.runs.keys());
  for (let id = 0; id <= top + 1; id++) await check(store.run(id), m.runs.get(id) ?? null);
  await check(store.run(MISSING_RUN), null);
  await check(store.runs(), listing(undefined, 20));
  await check(store.runs({ limit: 1000 }), listing(undefined, 1000));
  await check(store.runs({ flow: null, limit: 3 }), listing(null, 3));
  await check(store.runs({ flow: "", limit: 0 }), []);
  for (const flow of [...FLOWS, "unknown"]) {
    await check(store.checkpoint(flow), m.checkpoints.get(flow) ?? null);
    await check(store.watermark(flow), m.watermarks.get(flow) ?? null);
    await check(store.lastRun(flow), listing(flow, 1)[0] ?? null);
    await check(store.runs({ flow }), listing(flow, 20));
    await check(store.runs({ flow, limit: 2 }), listing(flow, 2));
  }
  return seen;
}

async function verify(h: Harness): Promise<void> {
  const store = h.store!;
  const seen = await readAll(store, h.model);
  scribble(seen);
  await readAll(store, h.model);
  // The journal never holds more than compactAfter entries beyond one per live row (header aside).
  expect(journalLines(journalText(h)) - 1).toBeLessThanOrEqual(liveRows(h.model) + h.compactAfter);
}

/** One step, with the bookkeeping of which journal line undoes to which model. */
async function step(h: Harness, s: Step): Promise<void> {
  h.time += 1000;
  if (s.t === "reopen" || s.t === "torn") {
    await closeStore(h);
    let expected = readFileSync(h.file);
    const previous = h.undo.pop();
    if (s.t === "torn" && previous) {
      // A crash while appending the last line: cut it at some byte of it (its newline at least is gone).
      const start = expected.lastIndexOf(0x0a, expected.length - 2) + 1;
      truncateSync(h.file, start + (s.at % (expected.length - start)));
      expected = expected.subarray(0, start);
      h.model = previous;
    } else if (previous) {
      h.undo.push(previous);
    }
    await openStore(h, s.compactAfter);
    // Opening cut the torn piece off; if it also compacted, the last line is a rewritten row.
    if (!readFileSync(h.file).equals(expected)) h.undo = [];
    return;
  }
  const before = journalText(h);
  const prior = structuredClone(h.model);
  await perform(h, s);
  const after = journalText(h);
  if (after === before) return;
  if (after.startsWith(before) && journalLines(after) === journalLines(before) + 1) {
    h.undo.push(prior);
  } else {
    // Compacted after the commit: one line per live row.
    h.undo = [];
    expect(journalLines(after)).toBe(1 + liveRows(h.model));
  }
}

describe("FlowStateStore against a model", () => {
  it("agrees with the model after every commit, reopen, torn last line and compaction", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(stepArb, { minLength: 1, maxLength: 40, size: "max" }),
        compactAfterArb,
        async (steps, first) => {
          const dir = makeTempDir("ck-state-model-");
          const h: Harness = {
            dir,
            file: join(dir, STATE_JOURNAL),
            store: null,
            time: Date.parse("2026-01-01T00:00:00Z"),
            compactAfter: DEFAULT_COMPACT_AFTER,
            model: emptyModel(),
            undo: [],
          };
          try {
            await openStore(h, first);
            await verify(h);
            for (const s of steps) {
              await step(h, s);
              await verify(h);
            }
          } finally {
            await closeStore(h);
            rmSync(dir, { recursive: true, force: true });
          }
        },
      ),
      { numRuns: 80 },
    );
  });
});
