import { renameSync } from "node:fs";
import { join } from "node:path";
import { openPGlite } from "./pglite-template.js";
import { writeJournal } from "./state-journal.js";
import type { RunStatus, StateChange } from "./state-store.js";

type Row = Record<string, unknown>;

const text = (v: unknown): string => String(v);
const maybeText = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const num = (v: unknown): number => Number(v ?? 0);
const maybeNum = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/**
 * Imports the state of an earlier connector-kit (a PGlite database in `<dir>/db`, tables `flows`, `runs`,
 * `checkpoints`, `watermarks`) into a new journal at `journalFile`, then renames the database to
 * `<dir>/db-imported` so it is not imported twice and can be deleted by hand. The journal is written whole
 * before the rename: an import cut short is simply done again.
 */
export async function importPGliteState(dir: string, journalFile: string): Promise<void> {
  const db = await openPGlite(join(dir, "db"));
  const entries: StateChange[][] = [];
  try {
    const rows = async (sql: string) => (await db.query<Row>(sql)).rows;
    for (const r of await rows("SELECT * FROM flows ORDER BY name")) {
      entries.push([
        {
          table: "flows",
          row: {
            name: text(r["name"]),
            file: maybeText(r["file"]),
            definitionHash: text(r["definition_hash"]),
            createdAt: text(r["created_at"]),
            updatedAt: text(r["updated_at"]),
          },
        },
      ]);
    }
    for (const r of await rows("SELECT * FROM runs ORDER BY id")) {
      entries.push([
        {
          table: "runs",
          row: {
            id: num(r["id"]),
            flow: text(r["flow"]),
            status: text(r["status"]) as RunStatus,
            trigger: text(r["trigger"]),
            startedAt: text(r["started_at"]),
            endedAt: maybeText(r["ended_at"]),
            windowFrom: maybeText(r["window_from"]),
            windowTo: maybeText(r["window_to"]),
            resumedFrom: maybeNum(r["resumed_from"]),
            recordsRead: num(r["records_read"]),
            recordsWritten: num(r["records_written"]),
            recordsSkipped: num(r["records_skipped"]),
            recordsFailed: num(r["records_failed"]),
            pages: num(r["pages"]),
            batches: num(r["batches"]),
            bytesRead: num(r["bytes_read"]),
            bytesWritten: num(r["bytes_written"]),
            errorFile: maybeText(r["error_file"]),
            message: maybeText(r["message"]),
            pid: num(r["pid"]),
          },
        },
      ]);
    }
    for (const r of await rows("SELECT * FROM checkpoints ORDER BY flow")) {
      entries.push([
        {
          table: "checkpoints",
          row: {
            flow: text(r["flow"]),
            runId: num(r["run_id"]),
            definitionHash: text(r["definition_hash"]),
            windowFrom: maybeText(r["window_from"]),
            windowTo: maybeText(r["window_to"]),
            nextToken: maybeText(r["next_token"]),
            pages: num(r["pages"]),
            updatedAt: text(r["updated_at"]),
          },
        },
      ]);
    }
    for (const r of await rows("SELECT * FROM watermarks ORDER BY flow")) {
      entries.push([
        {
          table: "watermarks",
          row: {
            flow: text(r["flow"]),
            field: text(r["field"]),
            value: text(r["value"]),
            runId: num(r["run_id"]),
            updatedAt: text(r["updated_at"]),
          },
        },
      ]);
    }
  } finally {
    await db.close();
  }
  writeJournal(journalFile, entries);
  renameSync(join(dir, "db"), join(dir, "db-imported"));
}
