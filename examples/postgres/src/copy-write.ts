import type { EncodedRecord } from "./batch-write.js";
import { excludedAssignments, returningKey } from "./batch-write.js";
import type { ColumnInfo, TableInfo } from "./catalog.js";
import type { Database, Queryable } from "./database.js";
import { quoteIdent, quoteQualified } from "./sql-identifiers.js";
import { writeExpression } from "./type-mapping.js";

/**
 * Bulk INSERT and UPSERT through `COPY`, on a server: a chunk's encoded values are copied into a temporary
 * staging table of text columns (a COPY of text into text refuses no value a record can hold), then one
 * `INSERT … SELECT` casts them into the target, `ON CONFLICT (key) DO UPDATE` for an UPSERT. Casts,
 * constraints and conflicts are checked by that one statement, exactly as by the `unnest` statement of
 * `chunkStatement`, so a chunk that fails here fails there too, and the caller isolates its bad records the
 * same way. Measured on PostgreSQL 15 (2,000-record chunks of the demo's orders): about half the client's CPU
 * time of the `unnest` statement, whose `text[]` literals are built, sent and parsed instead.
 */

/** The staging table of `columns` text columns (and the record number `n`), in this session's temp schema. */
function stagingTable(columns: number): string {
  return `pg_temp.connector_stage_${columns}`;
}

/** Per database: whether its user may create temporary tables (asked once per process). */
const tempAllowed = new WeakMap<Database, Promise<boolean>>();

/**
 * Whether writes to `db` may go by COPY: its user may create temporary tables (without the TEMPORARY
 * privilege, a CREATE TEMPORARY TABLE would abort the write's transaction; such writes keep to the
 * statements). Asked once per database handle, through `tx` (a plain SELECT, which aborts nothing); a failed
 * question is asked again next time.
 */
export function copyAllowed(db: Database, tx: Queryable): Promise<boolean> {
  let allowed = tempAllowed.get(db);
  if (allowed === undefined) {
    allowed = tx
      .query<{ ok: boolean }>("SELECT has_database_privilege(current_database(), 'TEMPORARY') AS ok")
      .then(({ rows }) => rows[0]?.ok === true);
    tempAllowed.set(db, allowed);
    allowed.catch(() => tempAllowed.delete(db));
  }
  return allowed;
}

/** Per transaction: the staging tables it created or found, and those holding rows of an earlier chunk. */
const staged = new WeakMap<Queryable, { ready: Set<number>; used: Set<number> }>();

const COPY_ESCAPE = /[\\\t\n\r]/;
const COPY_ESCAPES: Readonly<Record<string, string>> = {
  "\\": "\\\\",
  "\t": "\\t",
  "\n": "\\n",
  "\r": "\\r",
};

/** A value in COPY's text format: `\N` for null; backslash, tab, newline and carriage return escaped. */
export function copyField(value: string | null): string {
  if (value === null) return "\\N";
  // Most values have nothing to escape: no replacement pass then.
  if (!COPY_ESCAPE.test(value)) return value;
  return value.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]!);
}

/** The rows of a chunk in COPY's text format: the record's number, then its values, one line each. */
export function copyData(records: readonly EncodedRecord[]): string {
  let data = "";
  for (let n = 0; n < records.length; n++) {
    let line = String(n);
    for (const value of records[n]!.values) line += `\t${copyField(value)}`;
    data += `${line}\n`;
  }
  return data;
}

const CANONICAL_INTEGER = /^-?(0|[1-9][0-9]*)$/;

/**
 * The ids `RETURNING` would give for these records (the primary key as text), when the records alone tell
 * them: a one-column primary key of an integer type given in canonical form, or of `text`/`varchar`; null
 * values for a table without a primary key. Null when the database must say (another type, a composite key,
 * a key the records do not carry): the statement then returns them.
 */
export function knownIds(table: TableInfo, records: readonly EncodedRecord[]): (string | null)[] | null {
  if (table.primaryKey.length === 0) return records.map(() => null);
  if (table.primaryKey.length !== 1) return null;
  const pk = table.byName.get(table.primaryKey[0]!)!;
  const integer = pk.kind === "short" || pk.kind === "integer" || pk.kind === "long";
  const text = pk.kind === "text" && (pk.castType === "text" || pk.castType === "character varying");
  if (!integer && !text) return null;
  const ids: string[] = [];
  for (const record of records) {
    const at = record.columns.indexOf(pk);
    const value = at === -1 ? null : record.values[at]!;
    if (value === null || (integer && !CANONICAL_INTEGER.test(value))) return null;
    ids.push(value);
  }
  return ids;
}

/**
 * Whether `copyChunk` can write these records: the session copies, and an UPSERT's records carry every NOT
 * NULL column that has no default (else the UPSERT must update existing rows in part, which `chunkStatement`
 * does).
 */
export function canCopy(
  tx: Queryable,
  table: TableInfo,
  operation: "INSERT" | "UPSERT",
  records: readonly EncodedRecord[],
): boolean {
  if (tx.copyFrom === undefined || records.length === 0) return false;
  if (operation === "INSERT") return true;
  const present = new Set(records[0]!.columns.map((c) => c.name));
  return table.columns.every(
    (c) => present.has(c.name) || !c.notNull || c.defaultExpr !== null || c.generated,
  );
}

/**
 * Makes sure the staging table for `columns` columns exists in this transaction's session. Call it outside
 * any savepoint, before the chunk's own: a rolled-back chunk then never takes the table with it. The table
 * lives as long as the session and is emptied at each commit.
 */
export async function prepareStage(tx: Queryable, columns: number): Promise<void> {
  let state = staged.get(tx);
  if (state === undefined) {
    state = { ready: new Set(), used: new Set() };
    staged.set(tx, state);
  }
  if (state.ready.has(columns)) return;
  const texts = Array.from({ length: columns }, (_, i) => `c${i} text`).join(", ");
  await tx.query(
    `CREATE TEMPORARY TABLE IF NOT EXISTS ${stagingTable(columns)} (n integer, ${texts}) ON COMMIT DELETE ROWS`,
  );
  state.ready.add(columns);
}

/**
 * Writes a chunk (records of one shape, see `chunksOf`) by COPY into the staging table (made by
 * {@link prepareStage}) and one `INSERT … SELECT`, inside the caller's transaction and savepoint. Returns one
 * id per record, in order, or null when the statement did not write every record; throws what the database
 * refused.
 */
export async function copyChunk(
  tx: Queryable,
  table: TableInfo,
  operation: "INSERT" | "UPSERT",
  key: readonly ColumnInfo[],
  records: readonly EncodedRecord[],
): Promise<(string | null)[] | null> {
  const columns = records[0]!.columns;
  const count = columns.length;
  const stage = stagingTable(count);
  const state = staged.get(tx);
  if (tx.copyFrom === undefined || state === undefined || !state.ready.has(count)) {
    throw new Error(`copyChunk: no staging table of ${count} columns in this transaction`);
  }
  // An earlier chunk of this transaction left its rows.
  if (state.used.has(count)) await tx.query(`TRUNCATE ${stage}`);
  const copied = await tx.copyFrom(`COPY ${stage} FROM STDIN`, copyData(records));
  if (copied !== records.length) return null;
  const target = quoteQualified(table.schema, table.name);
  const names = columns.map((c) => quoteIdent(c.name)).join(", ");
  const values = columns.map((c, i) => writeExpression(c.kind, `s.c${i}`, c.castType)).join(", ");
  const ids = knownIds(table, records);
  const conflict =
    operation === "UPSERT"
      ? ` ON CONFLICT (${key.map((k) => quoteIdent(k.name)).join(", ")}) DO UPDATE SET ${excludedAssignments(columns, key)}`
      : "";
  const sql =
    `INSERT INTO ${target} AS t (${names}) SELECT ${values} FROM ${stage} AS s ORDER BY s.n${conflict}` +
    (ids === null ? ` ${returningKey(table, "t")}` : "");
  const { rows, rowCount } = await tx.query<{ id: string | null }>(sql);
  state.used.add(count);
  if (ids !== null) return rowCount === records.length ? ids : null;
  return rows.length === records.length ? rows.map((r) => r.id ?? null) : null;
}
