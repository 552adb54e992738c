import { renameSync } from "node:fs";
import { join } from "node:path";
import { openPGlite } from "../pglite/pglite-template.js";
import { writeJournal } from "./state-journal.js";
import { type ColumnKind, STATE_COLUMNS, type StateChange } from "./state-store.js";

type Row = Record<string, unknown>;

/** The old database's columns are the journal's in snake case: `definitionHash` was `definition_hash`. */
const snakeCase = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** A value of the old database as the journal holds a column of `kind` (a count or id it lacks is 0). */
function journalValue(value: unknown, kind: ColumnKind): string | number | null {
  const absent = value === null || value === undefined;
  if (kind.startsWith("number")) return absent ? (kind === "number?" ? null : 0) : Number(value);
  return absent && kind === "string?" ? null : String(value);
}

/** Each table's rows in the order the old store listed them. */
const ORDER_BY: Record<keyof typeof STATE_COLUMNS, string> = {
  flows: "name",
  runs: "id",
  checkpoints: "flow",
  watermarks: "flow",
};

/**
 * Imports the state of an earlier connector-kit (a PGlite database in `<dir>/db`, tables `flows`, `runs`,
 * `checkpoints`, `watermarks`) into a new journal at `journalFile`, then renames the database to
 * `<dir>/db-imported` so it is not imported twice and can be deleted by hand. The journal is written whole
 * before the rename: an import cut short is simply done again. Its rows are checked like any journal's when
 * the store opens it.
 */
export async function importPGliteState(dir: string, journalFile: string): Promise<void> {
  const db = await openPGlite(join(dir, "db"));
  const entries: StateChange[][] = [];
  try {
    for (const table of Object.keys(ORDER_BY) as (keyof typeof ORDER_BY)[]) {
      // Table and column names are this module's constants, never input.
      for (const r of (await db.query<Row>(`SELECT * FROM ${table} ORDER BY ${ORDER_BY[table]}`)).rows) {
        const row: Row = {};
        for (const [column, kind] of Object.entries(STATE_COLUMNS[table]) as [string, ColumnKind][]) {
          row[column] = journalValue(r[snakeCase(column)], kind);
        }
        entries.push([{ table, row } as unknown as StateChange]);
      }
    }
  } finally {
    await db.close();
  }
  await writeJournal(journalFile, entries);
  renameSync(join(dir, "db"), join(dir, "db-imported"));
}
