import { existsSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { FlowRunError } from "./flow-run-error.js";
import { JournalWriter, readJournal } from "./state-journal.js";
import { acquireLock } from "./state-lock.js";

/** A run's state: `running` while it runs (or until the next runner finds its process gone: `interrupted`). */
export type RunStatus = "running" | "succeeded" | "completed_with_errors" | "failed" | "interrupted";

/** Counters of a run. */
export interface RunCounts {
  /** Records the source returned. */
  recordsRead: number;
  /** Records the destination accepted. */
  recordsWritten: number;
  /** Records a Filter task left out. */
  recordsSkipped: number;
  /** Records in the error file (task, validation or write failures). */
  recordsFailed: number;
  pages: number;
  batches: number;
  /** Bytes of record JSON read from the source and written to the destination. */
  bytesRead: number;
  bytesWritten: number;
}

/** One run, as kept in the state store. */
export interface RunRecord extends RunCounts {
  id: number;
  flow: string;
  status: RunStatus;
  /** `onDemand`, `scheduled` or `incremental`. */
  trigger: string;
  startedAt: string;
  endedAt: string | null;
  /** The incremental window `(from, to]`, ISO date-times; null for full runs. */
  windowFrom: string | null;
  windowTo: string | null;
  /** The run whose checkpoint this one resumed. */
  resumedFrom: number | null;
  errorFile: string | null;
  /** Why it failed, or a note. */
  message: string | null;
  pid: number;
}

/** Where an unfinished run stands: the next source page to read once every earlier record was accepted. */
export interface Checkpoint {
  flow: string;
  runId: number;
  /** Hash of what decides the records read (source, fields, filter, trigger); a changed flow starts over. */
  definitionHash: string;
  windowFrom: string | null;
  windowTo: string | null;
  /** The source's token for the next page; null to start from the first page. */
  nextToken: string | null;
  /** Pages completely accepted so far in this window. */
  pages: number;
  updatedAt: string;
}

/** The last completed incremental window's upper bound. */
export interface Watermark {
  flow: string;
  field: string;
  value: string;
  runId: number;
  updatedAt: string;
}

/** A flow known to the store. */
export interface FlowRecord {
  name: string;
  file: string | null;
  definitionHash: string;
  createdAt: string;
  updatedAt: string;
}

/** Options of {@link FlowStateStore.open}. */
export interface StateStoreOptions {
  /** Clock. Default: `Date.now`. */
  now?: () => number;
  /**
   * Entries the journal may hold beyond one per live row before it is rewritten compactly (at open, and
   * after a commit; after a failed rewrite, this many more). Default: 1000.
   */
  compactAfter?: number;
}

/** The store's tables, each keyed by its primary key. */
export interface StateTables {
  flows: FlowRecord;
  runs: RunRecord;
  checkpoints: Checkpoint;
  watermarks: Watermark;
}
type Table = keyof StateTables;

/** One change of a committed entry: a row put (created or replaced whole), or a row dropped by its key. */
export type StateChange =
  | { [T in Table]: { table: T; row: StateTables[T] } }[Table]
  | { table: "checkpoints" | "watermarks"; drop: string };

/** The journal file in a state directory. */
export const STATE_JOURNAL = "state.jsonl";

/** A column's kind in the journal: text or a finite number, `?` when it may be null. */
export type ColumnKind = "string" | "string?" | "number" | "number?";
type Kind = ColumnKind;
const COUNTS = {
  recordsRead: "number",
  recordsWritten: "number",
  recordsSkipped: "number",
  recordsFailed: "number",
  pages: "number",
  batches: "number",
  bytesRead: "number",
  bytesWritten: "number",
} as const;
/** Each table's columns and their kinds: what a journal line must hold to be taken as a row. */
export const STATE_COLUMNS: { readonly [T in Table]: Readonly<Record<keyof StateTables[T], Kind>> } = {
  flows: {
    name: "string",
    file: "string?",
    definitionHash: "string",
    createdAt: "string",
    updatedAt: "string",
  },
  runs: {
    id: "number",
    flow: "string",
    status: "string",
    trigger: "string",
    startedAt: "string",
    endedAt: "string?",
    windowFrom: "string?",
    windowTo: "string?",
    resumedFrom: "number?",
    ...COUNTS,
    errorFile: "string?",
    message: "string?",
    pid: "number",
  },
  checkpoints: {
    flow: "string",
    runId: "number",
    definitionHash: "string",
    windowFrom: "string?",
    windowTo: "string?",
    nextToken: "string?",
    pages: "number",
    updatedAt: "string",
  },
  watermarks: { flow: "string", field: "string", value: "string", runId: "number", updatedAt: "string" },
};
const STATUSES: readonly string[] = [
  "running",
  "succeeded",
  "completed_with_errors",
  "failed",
  "interrupted",
];

function fits(value: unknown, kind: Kind): boolean {
  if (value === null) return kind.endsWith("?");
  return kind.startsWith("number")
    ? typeof value === "number" && Number.isFinite(value)
    : typeof value === "string";
}

/** Checks a journal entry (a list of changes) as read from disk: the file is input, not our own memory. */
function checkEntry(file: string, line: number, entry: unknown): StateChange[] {
  const bad = (why: string) =>
    new FlowRunError("StateInvalid", `The flow state file ${file} cannot be read: line ${line}: ${why}`);
  if (!Array.isArray(entry)) throw bad("not a list of changes");
  return entry.map((change: unknown, i) => {
    const at = `change ${i}`;
    if (typeof change !== "object" || change === null) throw bad(`${at} is not an object`);
    const { table, row, drop } = change as { table?: unknown; row?: unknown; drop?: unknown };
    if (typeof table !== "string" || !Object.hasOwn(STATE_COLUMNS, table))
      throw bad(`${at}: unknown table ${JSON.stringify(table)}`);
    if (drop !== undefined) {
      if (typeof drop !== "string" || (table !== "checkpoints" && table !== "watermarks"))
        throw bad(`${at}: bad drop`);
      return { table, drop };
    }
    if (typeof row !== "object" || row === null) throw bad(`${at}: row is not an object`);
    const problem = rowProblem(table as Table, row as Record<string, unknown>);
    if (problem !== null) throw bad(`${at}: ${problem}`);
    return change as StateChange;
  });
}

/** Why a row does not fit its table's columns (a number must be finite: JSON has no NaN), or null. */
function rowProblem(table: Table, row: Record<string, unknown>): string | null {
  for (const [column, kind] of Object.entries(STATE_COLUMNS[table])) {
    if (!fits(row[column], kind as Kind)) return `${table}.${column} is not a ${kind}`;
  }
  if (table === "runs" && !STATUSES.includes(row["status"] as string)) {
    return `runs.status ${JSON.stringify(row["status"])} is not a run status`;
  }
  return null;
}

const COUNT_NAMES = Object.keys(COUNTS) as (keyof RunCounts)[];

/** Every counter at zero: a new run's. */
export function emptyCounts(): RunCounts {
  return Object.fromEntries(COUNT_NAMES.map((key) => [key, 0])) as unknown as RunCounts;
}

/** Only the counters of `counts` (a caller may pass an object with more keys). */
function countsOf(counts: RunCounts): RunCounts {
  const out = emptyCounts();
  for (const key of COUNT_NAMES) out[key] = counts[key];
  return out;
}

/**
 * The flow runner's state in a directory: flows, runs with their counters, checkpoints of unfinished runs and
 * watermarks. The rows live in memory; every change is first appended to a journal (`<dir>/state.jsonl`, one
 * JSON line per commit, synced before the commit returns), so a commit of several rows — a checkpoint and its
 * counters, a finished run and its watermark — is one atomic line. The journal is rewritten compactly when it
 * has grown. One process at a time: opening takes the lock (`<dir>/locks`, see `acquireLock`) that a dead
 * process's lock does not block, and `close` releases it only after the journal is closed. A state directory
 * from an earlier version (a PGlite database in `<dir>/db`) is imported on first open.
 */
export class FlowStateStore {
  readonly dir: string;
  readonly #journal: JournalWriter;
  readonly #release: () => void;
  readonly #now: () => number;
  readonly #compactAfter: number;
  readonly #tables: { [T in Table]: Map<string, StateTables[T]> } = {
    flows: new Map(),
    runs: new Map(),
    checkpoints: new Map(),
    watermarks: new Map(),
  };
  #entries = 0;
  /** Entries the journal must reach before compaction is tried again after a failed one. */
  #compactRetryAt = 0;
  #lastRunId = 0;
  /** Commits run one after another, each built from the state every earlier one left. */
  #tail: Promise<unknown> = Promise.resolve();

  private constructor(dir: string, journal: JournalWriter, release: () => void, options: StateStoreOptions) {
    this.dir = dir;
    this.#journal = journal;
    this.#release = release;
    this.#now = options.now ?? Date.now;
    this.#compactAfter = options.compactAfter ?? 1000;
  }

  /** Opens (creating) the store in `dir`. Throws a `StateLocked` FlowRunError when another process has it. */
  static async open(dir: string, options: StateStoreOptions = {}): Promise<FlowStateStore> {
    return FlowStateStore.lockAndOpen(dir, options);
  }

  /**
   * Like {@link FlowStateStore.open}, but takes the lock before returning: a held lock throws here, at once,
   * and the returned promise settles when the state is read. A caller can thus do work that needs the lock
   * but not the state (open the connectors) meanwhile.
   */
  static lockAndOpen(dir: string, options: StateStoreOptions = {}): Promise<FlowStateStore> {
    const root = resolve(dir);
    mkdirSync(root, { recursive: true });
    const release = acquireLock(join(root, "locks"), options.now);
    return (async () => {
      try {
        const file = join(root, STATE_JOURNAL);
        if (!existsSync(file) && existsSync(join(root, "db", "PG_VERSION"))) {
          // Loaded only for the one-time import, so the runner never starts PGlite otherwise.
          const { importPGliteState } = await import("./state-store-import.js");
          await importPGliteState(root, file);
        }
        const entries = existsSync(file) ? readJournal(file) : [];
        const checked = entries.map((entry, i) => checkEntry(file, i + 2, entry)); // line 1 is the header
        const journal = await JournalWriter.open(file);
        const store = new FlowStateStore(root, journal, release, options);
        try {
          for (const changes of checked) store.#apply(changes);
          store.#entries = checked.length;
          await store.#compactIfGrown();
        } catch (error) {
          await journal.close().catch(() => {});
          throw error;
        }
        return store;
      } catch (error) {
        release();
        throw error;
      }
    })();
  }

  #apply(changes: readonly StateChange[]): void {
    for (const change of changes) {
      const table = this.#tables[change.table] as Map<string, StateTables[Table]>;
      if ("drop" in change) {
        table.delete(change.drop);
      } else {
        const key =
          change.table === "flows"
            ? change.row.name
            : change.table === "runs"
              ? String(change.row.id)
              : change.row.flow;
        table.set(key, change.row);
        if (change.table === "runs") this.#lastRunId = Math.max(this.#lastRunId, change.row.id);
      }
    }
  }

  /**
   * Builds changes from the current rows once every earlier commit is applied (so a row put whole never
   * undoes a concurrent commit's change), writes them to the journal, then applies them: memory never holds
   * what the disk does not.
   */
  #commit<R>(build: () => { changes: StateChange[]; result: R }): Promise<R> {
    const done = this.#tail.then(async () => {
      const { changes, result } = build();
      if (changes.length === 0) return result;
      // Only what a reopen reads back is written: a NaN counter would be journaled as null and refused then.
      for (const change of changes) {
        const problem =
          "row" in change ? rowProblem(change.table, change.row as unknown as Record<string, unknown>) : null;
        if (problem !== null) {
          throw new FlowRunError(
            "StateInvalid",
            `Not committed to the flow state in ${this.dir}: ${problem}`,
          );
        }
      }
      await this.#journal.append(changes);
      this.#apply(changes);
      this.#entries++;
      await this.#compactIfGrown();
      return result;
    });
    this.#tail = done.catch(() => {});
    return done;
  }

  /** Reads wait for pending commits, as statements queued on one connection would. */
  async #settled(): Promise<void> {
    await this.#tail;
  }

  /** Every live row as one change per line: the journal's compact form. */
  #snapshot(): StateChange[][] {
    const rows: StateChange[][] = [];
    for (const table of Object.keys(this.#tables) as Table[]) {
      for (const row of this.#tables[table].values()) rows.push([{ table, row } as StateChange]);
    }
    return rows;
  }

  async #compactIfGrown(): Promise<void> {
    let live = 0;
    for (const table of Object.values(this.#tables)) live += table.size;
    if (this.#entries <= live + this.#compactAfter || this.#entries < this.#compactRetryAt) return;
    const snapshot = this.#snapshot();
    try {
      await this.#journal.rewrite(snapshot);
      this.#entries = snapshot.length;
      this.#compactRetryAt = 0;
    } catch {
      // Compaction only saves space: the journal as it is stays whole and current, and the commit that got
      // here is on disk, so it must not be reported failed. Tried again after another compactAfter entries.
      this.#compactRetryAt = this.#entries + this.#compactAfter;
    }
  }

  #iso(): string {
    return new Date(this.#now()).toISOString();
  }

  #runOrThrow(runId: number): RunRecord {
    const run = this.#tables.runs.get(String(runId));
    if (!run) throw new FlowRunError("StateInvalid", `No run ${runId} in the flow state ${this.dir}`);
    return run;
  }

  /** Closes the journal and releases the lock. */
  async close(): Promise<void> {
    try {
      await this.#settled();
      await this.#journal.close();
    } finally {
      this.#release();
    }
  }

  /** Records the flow (its file and definition hash), creating or updating it. */
  async registerFlow(name: string, file: string | null, definitionHash: string): Promise<void> {
    await this.#commit(() => {
      const now = this.#iso();
      const createdAt = this.#tables.flows.get(name)?.createdAt ?? now;
      return {
        changes: [{ table: "flows", row: { name, file, definitionHash, createdAt, updatedAt: now } }],
        result: undefined,
      };
    });
  }

  /** Every flow known to the store, by name. */
  async flows(): Promise<FlowRecord[]> {
    await this.#settled();
    return [...this.#tables.flows.values()]
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map((flow) => ({ ...flow })); // copies, as every other read returns: the rows are the store's
  }

  /**
   * Marks the flow's runs still `running` as `interrupted`: their process is gone (the lock is ours). Returns
   * their ids.
   */
  async markInterrupted(flow: string): Promise<number[]> {
    return this.#commit(() => {
      const endedAt = this.#iso();
      const message = "The runner stopped before the end (crash or kill); the next run resumes it";
      const changes: StateChange[] = [];
      const ids: number[] = [];
      for (const run of this.#tables.runs.values()) {
        if (run.flow !== flow || run.status !== "running") continue;
        changes.push({
          table: "runs",
          row: { ...run, status: "interrupted", endedAt, message: run.message ?? message },
        });
        ids.push(run.id);
      }
      return { changes, result: ids };
    });
  }

  /** Creates a `running` run. */
  async startRun(input: {
    flow: string;
    trigger: string;
    windowFrom: string | null;
    windowTo: string | null;
    resumedFrom: number | null;
    startedAt?: string;
  }): Promise<RunRecord> {
    return this.#commit(() => {
      const run: RunRecord = {
        // Ids are max + 1, without gaps: people type them (`connector flow show 3`). One process holds the store.
        id: this.#lastRunId + 1,
        flow: input.flow,
        status: "running",
        trigger: input.trigger,
        startedAt: input.startedAt ?? this.#iso(),
        endedAt: null,
        windowFrom: input.windowFrom,
        windowTo: input.windowTo,
        resumedFrom: input.resumedFrom,
        ...emptyCounts(),
        errorFile: null,
        message: null,
        pid: process.pid,
      };
      return { changes: [{ table: "runs", row: run }], result: { ...run } };
    });
  }

  /** Sets the run's error file path. */
  async setErrorFile(runId: number, file: string): Promise<void> {
    await this.#commit(() => ({
      changes: [{ table: "runs", row: { ...this.#runOrThrow(runId), errorFile: file } }],
      result: undefined,
    }));
  }

  /** Saves a checkpoint (and the run's counters) in one commit: after the destination accepted a batch. */
  async saveCheckpoint(checkpoint: Omit<Checkpoint, "updatedAt">, counts: RunCounts): Promise<void> {
    const { flow, runId, definitionHash, windowFrom, windowTo, nextToken, pages } = checkpoint;
    const saved = { flow, runId, definitionHash, windowFrom, windowTo, nextToken, pages };
    const counters = countsOf(counts); // copied now: the caller goes on counting
    await this.#commit(() => ({
      changes: [
        { table: "checkpoints", row: { ...saved, updatedAt: this.#iso() } },
        { table: "runs", row: { ...this.#runOrThrow(checkpoint.runId), ...counters } },
      ],
      result: undefined,
    }));
  }

  /** Saves the run's counters only. */
  async saveCounts(runId: number, counts: RunCounts): Promise<void> {
    const counters = countsOf(counts);
    await this.#commit(() => ({
      changes: [{ table: "runs", row: { ...this.#runOrThrow(runId), ...counters } }],
      result: undefined,
    }));
  }

  /** The checkpoint of the flow's unfinished run, or null. */
  async checkpoint(flow: string): Promise<Checkpoint | null> {
    await this.#settled();
    const row = this.#tables.checkpoints.get(flow);
    return row ? { ...row } : null;
  }

  /** The flow's watermark, or null before its first completed incremental run. */
  async watermark(flow: string): Promise<Watermark | null> {
    await this.#settled();
    const row = this.#tables.watermarks.get(flow);
    return row ? { ...row } : null;
  }

  /**
   * Ends a run in one commit: its status, counters and message; when it completed, the checkpoint is
   * dropped and (incremental flows) the watermark set to the window's upper bound. A failed run keeps its
   * checkpoint, so the next run resumes it.
   */
  async finishRun(
    runId: number,
    outcome: {
      status: Exclude<RunStatus, "running">;
      counts: RunCounts;
      message: string | null;
      completed: boolean;
      flow: string;
      watermark: { field: string; value: string } | null;
    },
  ): Promise<RunRecord> {
    const counters = countsOf(outcome.counts);
    return this.#commit(() => {
      const now = this.#iso();
      const run: RunRecord = {
        ...this.#runOrThrow(runId),
        ...counters,
        status: outcome.status,
        endedAt: now,
        message: outcome.message,
      };
      const changes: StateChange[] = [{ table: "runs", row: run }];
      if (outcome.completed) {
        changes.push({ table: "checkpoints", drop: outcome.flow });
        const mark = outcome.watermark;
        if (mark) {
          changes.push({
            table: "watermarks",
            row: { flow: outcome.flow, field: mark.field, value: mark.value, runId, updatedAt: now },
          });
        }
      }
      return { changes, result: { ...run } };
    });
  }

  /** Forgets the flow's checkpoint and watermark: the next run starts over (`--reset`). */
  async reset(flow: string): Promise<void> {
    await this.#commit(() => ({
      changes: [
        { table: "checkpoints", drop: flow },
        { table: "watermarks", drop: flow },
      ],
      result: undefined,
    }));
  }

  /** Runs, newest first. Default: every flow, 20 runs. */
  async runs(options: { flow?: string | null; limit?: number } = {}): Promise<RunRecord[]> {
    await this.#settled();
    const limit = options.limit ?? 20;
    const flow = options.flow;
    const found: RunRecord[] = [];
    for (const run of [...this.#tables.runs.values()].sort((a, b) => b.id - a.id)) {
      if (found.length >= limit) break;
      if (!flow || run.flow === flow) found.push({ ...run });
    }
    return found;
  }

  /** One run, or null. */
  async run(id: number): Promise<RunRecord | null> {
    await this.#settled();
    const run = this.#tables.runs.get(String(id));
    return run ? { ...run } : null;
  }

  /** The flow's most recent run, or null. */
  async lastRun(flow: string): Promise<RunRecord | null> {
    return (await this.runs({ flow, limit: 1 }))[0] ?? null;
  }
}
