import type { EncodedRecord } from "./batch-write.js";
import { excludedAssignments, returningKey } from "./batch-write.js";
import type { ColumnInfo, TableInfo } from "./catalog.js";
import type { Database, Queryable } from "./database.js";
import { sqlStateOf } from "./errors.js";
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
 *
 * A chunk of rows that do not exist yet (a first load, new orders) is copied straight into the target
 * instead, in a savepoint of its own: an INSERT and an UPSERT of new rows leave the same table, and this
 * skips the staging table and the conflict checks, about half the server's work. A key that exists already
 * stops that COPY with a unique violation; it is rolled back and the chunk goes through the staging table.
 * After such a miss the table's next chunks go through the staging table at once (see DIRECT_BACKOFF), so an
 * update-heavy run does not pay a failed COPY per chunk.
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

const COPY_ESCAPE = /[\\\t\n\r]/g;
const COPY_ESCAPES: Readonly<Record<string, string>> = {
  "\\": "\\\\",
  "\t": "\\t",
  "\n": "\\n",
  "\r": "\\r",
};

/** A value in COPY's text format: `\N` for null; backslash, tab, newline and carriage return escaped. */
export function copyField(value: string | null): string {
  if (value === null) return "\\N";
  return value.replace(COPY_ESCAPE, (c) => COPY_ESCAPES[c]!);
}

const TAB = 9;
const NEWLINE = 10;
const CARRIAGE_RETURN = 13;
const BACKSLASH = 92;

/**
 * COPY text being written straight into bytes: values are encoded field by field into one growing buffer, so
 * a chunk makes no string per line or field. Measured on 2,000 of the demo's orders: 0.19 µs a record, against
 * 0.72 µs for building the text as strings and encoding it at the end, and about 400 bytes a record less for
 * the garbage collector.
 */
class CopyText {
  #bytes: Buffer;
  #at = 0;

  /** `expected`: the bytes the text is likely to take (it grows past them if need be). */
  constructor(expected: number) {
    this.#bytes = Buffer.allocUnsafe(Math.max(expected, 1024));
  }

  #reserve(n: number): void {
    if (this.#at + n <= this.#bytes.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.#bytes.length * 2, this.#at + n));
    this.#bytes.copy(grown, 0, 0, this.#at);
    this.#bytes = grown;
  }

  byte(b: number): void {
    this.#reserve(1);
    this.#bytes[this.#at++] = b;
  }

  /** A field as `copyField` writes it, in UTF-8 (a lone surrogate as U+FFFD, as `Buffer.from` writes it). */
  field(value: string | null): void {
    if (value === null) {
      this.#reserve(2);
      this.#bytes[this.#at++] = BACKSLASH;
      this.#bytes[this.#at++] = 78; // N
      return;
    }
    // At most 3 bytes per UTF-16 unit, and an escape is 2.
    this.#reserve(value.length * 3);
    const bytes = this.#bytes;
    let at = this.#at;
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i);
      if (c >= 0x80) {
        // Past ASCII: the rest goes through the UTF-8 encoder, escapes first.
        at += bytes.write(copyField(value.slice(i)), at, "utf8");
        break;
      }
      if (c === BACKSLASH || c === TAB || c === NEWLINE || c === CARRIAGE_RETURN) {
        bytes[at++] = BACKSLASH;
        bytes[at++] = c === BACKSLASH ? BACKSLASH : c === TAB ? 116 : c === NEWLINE ? 110 : 114; // \\ \t \n \r
      } else bytes[at++] = c;
    }
    this.#at = at;
  }

  /** The text written so far (a view of the buffer, not a copy). */
  done(): Buffer {
    return this.#bytes.subarray(0, this.#at);
  }
}

/**
 * The rows of a chunk in COPY's text format, one line each: the record's number then its values, or (not
 * `numbered`) its values only. Default: numbered.
 */
export function copyData(records: readonly EncodedRecord[], numbered = true): Buffer {
  // A guess of 32 bytes a field (the demo's orders take about 15) saves growing the buffer twice a chunk.
  const text = new CopyText(records.length * ((records[0]?.values.length ?? 0) + 1) * 32);
  for (let n = 0; n < records.length; n++) {
    const values = records[n]!.values;
    if (numbered) text.field(String(n));
    for (let i = 0; i < values.length; i++) {
      if (numbered || i > 0) text.byte(TAB);
      text.field(values[i]!);
    }
    text.byte(NEWLINE);
  }
  return text.done();
}

/** Chunks of a table that go through the staging table, without trying a direct COPY, after one missed. Default: 50. */
export const DIRECT_BACKOFF = 50;

/** Per database and target table: chunks still to write through the staging table before trying directly again. */
const directBackoff = new WeakMap<Database, Map<string, number>>();

/**
 * Whether `key` is still a unique key of the table as the database has it now. Asked after the direct COPY,
 * whose lock keeps any change to the table's indexes out until this transaction ends: the table's cached
 * description may be a few seconds old, and an UPSERT by a key that is no longer unique must be refused (as
 * `ON CONFLICT` refuses it), not quietly turned into inserts.
 */
async function stillUnique(tx: Queryable, target: string, key: readonly ColumnInfo[]): Promise<boolean> {
  const { rows } = await tx.query<{ ok: boolean }>(
    `SELECT EXISTS (
       SELECT 1 FROM pg_index i
       WHERE i.indrelid = $1::regclass AND i.indisunique AND i.indisvalid AND i.indpred IS NULL
         AND i.indexprs IS NULL AND i.indnkeyatts = cardinality($2::text[])
         AND (SELECT array_agg(a.attname::text ORDER BY a.attname::text COLLATE "C")
              FROM pg_attribute a WHERE a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey[0:i.indnkeyatts - 1]))
             = (SELECT array_agg(k ORDER BY k COLLATE "C") FROM unnest($2::text[]) AS k)) AS ok`,
    [target, key.map((k) => k.name)],
  );
  return rows[0]?.ok === true;
}

/**
 * Tries to COPY the chunk straight into the target (see the file's comment). True when every record was
 * copied; false when a row exists already or an UPSERT's key is no longer unique (rolled back to `savepoint`,
 * the caller's, taken just before: nothing kept). Any other refusal is the chunk's own (a bad value, a
 * constraint) and is thrown: the staging table would refuse it the same way.
 */
async function copyDirect(
  db: Database,
  tx: Queryable,
  target: string,
  names: string,
  key: readonly ColumnInfo[],
  records: readonly EncodedRecord[],
  savepoint: string,
): Promise<boolean> {
  let misses = directBackoff.get(db);
  if (misses === undefined) {
    misses = new Map();
    directBackoff.set(db, misses);
  }
  const skip = misses.get(target) ?? 0;
  if (skip > 0) {
    misses.set(target, skip - 1);
    return false;
  }
  // The caller's savepoint, not one of its own: two statements fewer per chunk, each a round trip.
  const rollBack = `ROLLBACK TO SAVEPOINT ${quoteIdent(savepoint)}`;
  try {
    const copied = await tx.copyFrom!(`COPY ${target} (${names}) FROM STDIN`, copyData(records, false));
    if (copied === records.length && (key.length === 0 || (await stillUnique(tx, target, key)))) return true;
    await tx.query(rollBack);
    return false;
  } catch (error) {
    if (sqlStateOf(error) !== UNIQUE_VIOLATION) throw error;
    await tx.query(rollBack);
    misses.set(target, DIRECT_BACKOFF);
    return false;
  }
}

const UNIQUE_VIOLATION = "23505";

/** An integer as PostgreSQL prints it: no sign on zero ("-0" is stored as 0), no leading zeros. */
const CANONICAL_INTEGER = /^(0|-?[1-9][0-9]*)$/;
/** A lone surrogate: UTF-8 has no form for it, and the row stores U+FFFD instead. */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Whether text `value` is stored unchanged in a `text`/`varchar(n)` column of at most `maxLength` characters
 * (null: no limit): no lone surrogate, and no more characters than the column takes (blanks beyond n are cut
 * off by the table, anything else beyond n is refused).
 */
function storedAsIs(value: string, maxLength: number | null): boolean {
  if (LONE_SURROGATE.test(value)) return false;
  if (maxLength === null || value.length <= maxLength) return true;
  let characters = 0;
  for (const _ of value) if (++characters > maxLength) return false;
  return true;
}

/**
 * The ids `RETURNING` would give for these records (the primary key as text), when the records alone tell
 * them: a one-column primary key of an integer type given in canonical form, or of `text`/`varchar` given as
 * it is stored; null values for a table without a primary key. Null when the database must say (another type,
 * a composite key, a key the records do not carry, a key the table would store otherwise): the statement
 * then returns them.
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
    if (value === null) return null;
    if (integer ? !CANONICAL_INTEGER.test(value) : !storedAsIs(value, pk.maxLength)) return null;
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
 * The staging table for `columns` columns, made sure of in this transaction when a chunk first needs one (a
 * chunk of new rows copied straight into its table needs none: no statement for it then). The caller has just
 * taken `savepoint` and nothing since is kept (a missed direct COPY was rolled back to it), so the savepoint is
 * released, the table made outside it and the savepoint taken again: a chunk rolled back later never takes the
 * table with it. The table lives as long as the session and is emptied at each commit; each transaction asks
 * for it again (`IF NOT EXISTS`), since behind a pooler that hands each transaction another server session
 * (PgBouncer in transaction mode) an earlier transaction's table may not be there.
 */
async function stageFor(
  tx: Queryable,
  columns: number,
  savepoint: string,
): Promise<{ ready: Set<number>; used: Set<number> }> {
  let state = staged.get(tx);
  if (state === undefined) {
    state = { ready: new Set(), used: new Set() };
    staged.set(tx, state);
  }
  if (!state.ready.has(columns)) {
    const texts = Array.from({ length: columns }, (_, i) => `c${i} text`).join(", ");
    await tx.query(`RELEASE SAVEPOINT ${quoteIdent(savepoint)}`);
    await tx.query(
      `CREATE TEMPORARY TABLE IF NOT EXISTS ${stagingTable(columns)} (n integer, ${texts}) ON COMMIT DELETE ROWS`,
    );
    await tx.query(`SAVEPOINT ${quoteIdent(savepoint)}`);
    state.ready.add(columns);
  }
  return state;
}

/**
 * Writes a chunk (records of one shape, see `chunksOf`) by COPY straight into the target when its rows are
 * new, else by COPY into the staging table (see `stageFor`) and one `INSERT … SELECT`, inside
 * the caller's transaction, just after the caller took `savepoint` (a missed direct COPY rolls back to it).
 * Returns one id per record, in order, or null when the statement did not write every record; throws what the
 * database refused.
 */
export async function copyChunk(
  db: Database,
  tx: Queryable,
  table: TableInfo,
  operation: "INSERT" | "UPSERT",
  key: readonly ColumnInfo[],
  records: readonly EncodedRecord[],
  savepoint: string,
): Promise<(string | null)[] | null> {
  const columns = records[0]!.columns;
  const count = columns.length;
  const stage = stagingTable(count);
  if (tx.copyFrom === undefined) throw new Error("copyChunk: this session has no COPY");
  const ids = knownIds(table, records);
  const target = quoteQualified(table.schema, table.name);
  const names = columns.map((c) => quoteIdent(c.name)).join(", ");
  // Straight in only when the ids need no RETURNING, and no value needs the cast COPY cannot do (base64 bytes).
  if (
    ids !== null &&
    columns.every((c) => c.kind !== "bytes") &&
    (await copyDirect(db, tx, target, names, operation === "UPSERT" ? key : [], records, savepoint))
  ) {
    return ids;
  }
  const state = await stageFor(tx, count, savepoint);
  // An earlier chunk of this transaction left its rows.
  if (state.used.has(count)) await tx.query(`TRUNCATE ${stage}`);
  const copied = await tx.copyFrom(`COPY ${stage} FROM STDIN`, copyData(records));
  if (copied !== records.length) return null;
  const values = columns.map((c, i) => writeExpression(c.kind, `s.c${i}`, c.castType)).join(", ");
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
