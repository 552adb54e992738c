import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import type { PGlite, Transaction } from "@electric-sql/pglite";
import { openPGlite } from "./pglite-template.js";
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
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS flows (
  name text PRIMARY KEY, file text, definition_hash text NOT NULL, created_at text NOT NULL, updated_at text NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
  id integer PRIMARY KEY, flow text NOT NULL, status text NOT NULL, trigger text NOT NULL,
  started_at text NOT NULL, ended_at text, window_from text, window_to text, resumed_from integer,
  records_read double precision NOT NULL DEFAULT 0, records_written double precision NOT NULL DEFAULT 0,
  records_skipped double precision NOT NULL DEFAULT 0, records_failed double precision NOT NULL DEFAULT 0,
  pages double precision NOT NULL DEFAULT 0, batches double precision NOT NULL DEFAULT 0,
  bytes_read double precision NOT NULL DEFAULT 0, bytes_written double precision NOT NULL DEFAULT 0,
  error_file text, message text, pid integer NOT NULL);
CREATE INDEX IF NOT EXISTS runs_flow ON runs (flow, id);
CREATE TABLE IF NOT EXISTS checkpoints (
  flow text PRIMARY KEY, run_id integer NOT NULL, definition_hash text NOT NULL, window_from text, window_to text,
  next_token text, pages double precision NOT NULL DEFAULT 0, updated_at text NOT NULL);
CREATE TABLE IF NOT EXISTS watermarks (
  flow text PRIMARY KEY, field text NOT NULL, value text NOT NULL, run_id integer NOT NULL, updated_at text NOT NULL);
`;

/**
 * The state database holds a few small rows: PostgreSQL's default 128 MB of shared buffers (which PGlite's
 * memory would grow into, and keep, beside the flow's records) buys it nothing. 1 MB keeps the store's
 * memory near PGlite's fixed cost.
 */
const STORE_SETTINGS = ["shared_buffers=1MB", "wal_buffers=64kB"];

type Row = Record<string, unknown>;

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const num = (v: unknown): number => Number(v ?? 0);

function runOf(r: Row): RunRecord {
  return {
    id: num(r["id"]),
    flow: String(r["flow"]),
    status: String(r["status"]) as RunStatus,
    trigger: String(r["trigger"]),
    startedAt: String(r["started_at"]),
    endedAt: str(r["ended_at"]),
    windowFrom: str(r["window_from"]),
    windowTo: str(r["window_to"]),
    resumedFrom: r["resumed_from"] === null ? null : num(r["resumed_from"]),
    recordsRead: num(r["records_read"]),
    recordsWritten: num(r["records_written"]),
    recordsSkipped: num(r["records_skipped"]),
    recordsFailed: num(r["records_failed"]),
    pages: num(r["pages"]),
    batches: num(r["batches"]),
    bytesRead: num(r["bytes_read"]),
    bytesWritten: num(r["bytes_written"]),
    errorFile: str(r["error_file"]),
    message: str(r["message"]),
    pid: num(r["pid"]),
  };
}

const COUNT_COLUMNS = [
  ["recordsRead", "records_read"],
  ["recordsWritten", "records_written"],
  ["recordsSkipped", "records_skipped"],
  ["recordsFailed", "records_failed"],
  ["pages", "pages"],
  ["batches", "batches"],
  ["bytesRead", "bytes_read"],
  ["bytesWritten", "bytes_written"],
] as const;

/**
 * The flow runner's state in an embedded PostgreSQL (PGlite) database in a directory: flows, runs with their
 * counters, checkpoints of unfinished runs and watermarks. One process at a time: opening takes the lock
 * (`<dir>/locks`, see `acquireLock`) that a dead process's lock does not block, and `close` releases it only
 * after the database is closed. Layout: `<dir>/db` (the database), `<dir>/locks`.
 */
export class FlowStateStore {
  readonly dir: string;
  readonly #db: PGlite;
  readonly #release: () => void;
  readonly #now: () => number;

  private constructor(dir: string, db: PGlite, release: () => void, now: () => number) {
    this.dir = dir;
    this.#db = db;
    this.#release = release;
    this.#now = now;
  }

  /** Opens (creating) the store in `dir`. Throws a `StateLocked` FlowRunError when another process has it. */
  static async open(dir: string, options: StateStoreOptions = {}): Promise<FlowStateStore> {
    return FlowStateStore.lockAndOpen(dir, options);
  }

  /**
   * Like {@link FlowStateStore.open}, but takes the lock before returning: a held lock throws here, at once,
   * and the returned promise settles when the database is open. A caller can thus do work that needs the lock
   * but not the database (open the connectors) while the database opens.
   */
  static lockAndOpen(dir: string, options: StateStoreOptions = {}): Promise<FlowStateStore> {
    const root = resolve(dir);
    mkdirSync(root, { recursive: true });
    const release = acquireLock(join(root, "locks"), options.now);
    return (async () => {
      try {
        const db = await openPGlite(join(root, "db"), undefined, STORE_SETTINGS);
        await db.exec(SCHEMA);
        return new FlowStateStore(root, db, release, options.now ?? Date.now);
      } catch (error) {
        release();
        throw error;
      }
    })();
  }

  #iso(): string {
    return new Date(this.#now()).toISOString();
  }

  /** Closes the database and releases the lock. */
  async close(): Promise<void> {
    try {
      await this.#db.close();
    } finally {
      this.#release();
    }
  }

  /** Records the flow (its file and definition hash), creating or updating it. */
  async registerFlow(name: string, file: string | null, definitionHash: string): Promise<void> {
    const now = this.#iso();
    await this.#db.query(
      `INSERT INTO flows (name, file, definition_hash, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)
       ON CONFLICT (name) DO UPDATE SET file = $2, definition_hash = $3, updated_at = $4`,
      [name, file, definitionHash, now],
    );
  }

  /** Every flow known to the store. */
  async flows(): Promise<FlowRecord[]> {
    const { rows } = await this.#db.query<Row>("SELECT * FROM flows ORDER BY name");
    return rows.map((r) => ({
      name: String(r["name"]),
      file: str(r["file"]),
      definitionHash: String(r["definition_hash"]),
      createdAt: String(r["created_at"]),
      updatedAt: String(r["updated_at"]),
    }));
  }

  /**
   * Marks the flow's runs still `running` as `interrupted`: their process is gone (the lock is ours). Returns
   * their ids.
   */
  async markInterrupted(flow: string): Promise<number[]> {
    const { rows } = await this.#db.query<Row>(
      `UPDATE runs SET status = 'interrupted', ended_at = $2,
         message = coalesce(message, 'The runner stopped before the end (crash or kill); the next run resumes it')
       WHERE flow = $1 AND status = 'running' RETURNING id`,
      [flow, this.#iso()],
    );
    return rows.map((r) => num(r["id"]));
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
    const { rows } = await this.#db.query<Row>(
      // Ids are max + 1 rather than a sequence: a sequence skips 32 values after a crash, and ids are typed by
      // people (`connector flow show 3`). One process at a time holds the store, so this is safe.
      `INSERT INTO runs (id, flow, status, trigger, started_at, window_from, window_to, resumed_from, pid)
       VALUES ((SELECT coalesce(max(id), 0) + 1 FROM runs), $1, 'running', $2, $3, $4, $5, $6, $7) RETURNING *`,
      [
        input.flow,
        input.trigger,
        input.startedAt ?? this.#iso(),
        input.windowFrom,
        input.windowTo,
        input.resumedFrom,
        process.pid,
      ],
    );
    return runOf(rows[0]!);
  }

  /** Sets the run's error file path. */
  async setErrorFile(runId: number, file: string): Promise<void> {
    await this.#db.query("UPDATE runs SET error_file = $2 WHERE id = $1", [runId, file]);
  }

  async #writeCounts(tx: Transaction | PGlite, runId: number, counts: RunCounts): Promise<void> {
    await tx.query(
      `UPDATE runs SET ${COUNT_COLUMNS.map(([, c], i) => `${c} = $${i + 2}`).join(", ")} WHERE id = $1`,
      [runId, ...COUNT_COLUMNS.map(([k]) => counts[k])],
    );
  }

  /** Saves a checkpoint (and the run's counters) in one transaction: after the destination accepted a batch. */
  async saveCheckpoint(checkpoint: Omit<Checkpoint, "updatedAt">, counts: RunCounts): Promise<void> {
    await this.#db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO checkpoints (flow, run_id, definition_hash, window_from, window_to, next_token, pages, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (flow) DO UPDATE SET run_id = $2, definition_hash = $3, window_from = $4, window_to = $5,
           next_token = $6, pages = $7, updated_at = $8`,
        [
          checkpoint.flow,
          checkpoint.runId,
          checkpoint.definitionHash,
          checkpoint.windowFrom,
          checkpoint.windowTo,
          checkpoint.nextToken,
          checkpoint.pages,
          this.#iso(),
        ],
      );
      await this.#writeCounts(tx, checkpoint.runId, counts);
    });
  }

  /** Saves the run's counters only. */
  async saveCounts(runId: number, counts: RunCounts): Promise<void> {
    await this.#writeCounts(this.#db, runId, counts);
  }

  /** The checkpoint of the flow's unfinished run, or null. */
  async checkpoint(flow: string): Promise<Checkpoint | null> {
    const { rows } = await this.#db.query<Row>("SELECT * FROM checkpoints WHERE flow = $1", [flow]);
    const r = rows[0];
    if (!r) return null;
    return {
      flow,
      runId: num(r["run_id"]),
      definitionHash: String(r["definition_hash"]),
      windowFrom: str(r["window_from"]),
      windowTo: str(r["window_to"]),
      nextToken: str(r["next_token"]),
      pages: num(r["pages"]),
      updatedAt: String(r["updated_at"]),
    };
  }

  /** The flow's watermark, or null before its first completed incremental run. */
  async watermark(flow: string): Promise<Watermark | null> {
    const { rows } = await this.#db.query<Row>("SELECT * FROM watermarks WHERE flow = $1", [flow]);
    const r = rows[0];
    if (!r) return null;
    return {
      flow,
      field: String(r["field"]),
      value: String(r["value"]),
      runId: num(r["run_id"]),
      updatedAt: String(r["updated_at"]),
    };
  }

  /**
   * Ends a run in one transaction: its status, counters and message; when it completed, the checkpoint is
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
    return this.#db.transaction(async (tx) => {
      await this.#writeCounts(tx, runId, outcome.counts);
      if (outcome.completed) {
        await tx.query("DELETE FROM checkpoints WHERE flow = $1", [outcome.flow]);
        if (outcome.watermark) {
          await tx.query(
            `INSERT INTO watermarks (flow, field, value, run_id, updated_at) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (flow) DO UPDATE SET field = $2, value = $3, run_id = $4, updated_at = $5`,
            [outcome.flow, outcome.watermark.field, outcome.watermark.value, runId, this.#iso()],
          );
        }
      }
      const { rows } = await tx.query<Row>(
        "UPDATE runs SET status = $2, ended_at = $3, message = $4 WHERE id = $1 RETURNING *",
        [runId, outcome.status, this.#iso(), outcome.message],
      );
      return runOf(rows[0]!);
    });
  }

  /** Forgets the flow's checkpoint and watermark: the next run starts over (`--reset`). */
  async reset(flow: string): Promise<void> {
    await this.#db.transaction(async (tx) => {
      await tx.query("DELETE FROM checkpoints WHERE flow = $1", [flow]);
      await tx.query("DELETE FROM watermarks WHERE flow = $1", [flow]);
    });
  }

  /** Runs, newest first. Default: every flow, 20 runs. */
  async runs(options: { flow?: string | null; limit?: number } = {}): Promise<RunRecord[]> {
    const limit = options.limit ?? 20;
    const { rows } = options.flow
      ? await this.#db.query<Row>("SELECT * FROM runs WHERE flow = $1 ORDER BY id DESC LIMIT $2", [
          options.flow,
          limit,
        ])
      : await this.#db.query<Row>("SELECT * FROM runs ORDER BY id DESC LIMIT $1", [limit]);
    return rows.map(runOf);
  }

  /** One run, or null. */
  async run(id: number): Promise<RunRecord | null> {
    const { rows } = await this.#db.query<Row>("SELECT * FROM runs WHERE id = $1", [id]);
    return rows[0] ? runOf(rows[0]) : null;
  }

  /** The flow's most recent run, or null. */
  async lastRun(flow: string): Promise<RunRecord | null> {
    return (await this.runs({ flow, limit: 1 }))[0] ?? null;
  }
}
