import type { WriteOperationType } from "connector-kit";
import type { ColumnInfo, TableInfo } from "./catalog.js";
import { quoteIdent, quoteQualified } from "./sql-identifiers.js";
import { writeExpression } from "./type-mapping.js";

/** A parameterized statement: SQL text built from the catalog only, values as bind parameters. */
export interface Statement {
  sql: string;
  params: (string | null)[];
}

/** One record's fields checked against the catalog and encoded as text parameters (null stays null). */
export interface EncodedRecord {
  /** The record's columns, in the record's field order. */
  columns: ColumnInfo[];
  /** One text parameter (or null) per column. */
  values: (string | null)[];
  /** The column names joined: records with equal shapes can share one statement. */
  shape: string;
}

/** A run of records written by one multi-row statement: `start` is the index of its first record. */
export interface Chunk {
  start: number;
  records: EncodedRecord[];
}

/** Most records in one multi-row statement. Default: 5,000 (a failed chunk falls back alone). */
export const CHUNK_RECORDS = 5_000;
/** Most parameter text in one multi-row statement, in UTF-16 code units. Default: 16 M (PostgreSQL's limit is 1 GB). */
export const CHUNK_TEXT = 16 * 1024 * 1024;

/** `RETURNING` the primary key as text (`recordId`), its columns qualified by `alias` when given. */
export function returningKey(table: TableInfo, alias?: string): string {
  const key = table.primaryKey.length > 0 ? table.primaryKey : null;
  const col = (k: string) => `(${alias ? `${alias}.` : ""}${quoteIdent(k)})::text`;
  if (!key) return "RETURNING NULL::text AS id";
  if (key.length === 1) return `RETURNING ${col(key[0]!)} AS id`;
  return `RETURNING json_build_array(${key.map(col).join(", ")})::text AS id`;
}

/** `a = EXCLUDED.a, …` over the record's non-key columns (the key itself when there are none). */
export function excludedAssignments(columns: readonly ColumnInfo[], key: readonly ColumnInfo[]): string {
  const keyNames = new Set(key.map((k) => k.name));
  const updates = columns.filter((c) => !keyNames.has(c.name));
  // With nothing but the key to set, "update" the key to itself so RETURNING still reports the row.
  return (updates.length > 0 ? updates : key)
    .map((c) => `${quoteIdent(c.name)} = EXCLUDED.${quoteIdent(c.name)}`)
    .join(", ");
}

/**
 * Splits the records of an INSERT or UPSERT into chunks for multi-row statements: runs of consecutive valid
 * records with the same fields, at most {@link CHUNK_RECORDS} records and {@link CHUNK_TEXT} of parameter
 * text each. An UPSERT chunk also ends before a record whose key repeats one in the chunk (one statement
 * cannot touch a row twice), so the later record still wins. A run of one record is no chunk: it is written
 * by its own statement. `encoded[i]` is null for a record that failed encoding.
 */
export function chunksOf(
  operation: WriteOperationType,
  key: readonly ColumnInfo[],
  encoded: readonly (EncodedRecord | null)[],
): Chunk[] {
  if (operation !== "INSERT" && operation !== "UPSERT") return [];
  const chunks: Chunk[] = [];
  let current: Chunk | null = null;
  let text = 0;
  let keys = new Set<string>();
  const close = () => {
    if (current && current.records.length > 1) chunks.push(current);
    current = null;
  };
  // The position of each key column in the records of the current shape (looked up once per shape).
  let keyAt: number[] = [];
  let keyShape: string | null = null;
  encoded.forEach((record, i) => {
    if (record === null || record.columns.length === 0) {
      close();
      return;
    }
    let size = 0;
    for (const v of record.values) size += v === null ? 4 : v.length + 3;
    let id = "";
    if (operation === "UPSERT") {
      if (record.shape !== keyShape) {
        keyAt = key.map((k) => record.columns.indexOf(k));
        keyShape = record.shape;
      }
      id =
        keyAt.length === 1
          ? `${record.values[keyAt[0]!]}`
          : keyAt.map((at) => record.values[at]).join("\u0000");
    }
    if (
      current === null ||
      current.records[0]!.shape !== record.shape ||
      current.records.length >= CHUNK_RECORDS ||
      text + size > CHUNK_TEXT ||
      keys.has(id)
    ) {
      close();
      current = { start: i, records: [] };
      text = 0;
      keys = new Set();
    }
    current.records.push(record);
    text += size;
    if (operation === "UPSERT") keys.add(id);
  });
  close();
  return chunks;
}

const NEEDS_ESCAPE = /["\\]/;

/** A `text[]` literal of nullable strings (every element quoted, so any text round-trips). */
export function textArrayLiteral(values: readonly (string | null)[]): string {
  let out = "{";
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? null;
    if (i > 0) out += ",";
    if (v === null) out += "NULL";
    // Most values have neither a quote nor a backslash: no scan for replacements then.
    else if (!NEEDS_ESCAPE.test(v)) out += `"${v}"`;
    else out += `"${v.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;
  }
  return `${out}}`;
}

/**
 * One statement writing every record of a chunk, over `unnest` of one `text[]` parameter per column: the
 * parameter count is the column count whatever the record count, far below PostgreSQL's 65,535, and the
 * statement text is the same for every chunk of a shape. (Measured on PostgreSQL 15: 2.5–3× the throughput of
 * a multi-row `VALUES` list with one parameter per value.) Rows are inserted in the records' order, so
 * `RETURNING` gives one id per record, in order.
 *
 * UPSERT: when the records carry every NOT NULL column that has no default, a plain `INSERT … ON CONFLICT (key)
 * DO UPDATE SET` the records' other fields; else the form that updates existing rows in part (an UPDATE of the
 * rows the key finds, then an INSERT of the others), as for one record.
 */
export function chunkStatement(
  table: TableInfo,
  operation: "INSERT" | "UPSERT",
  key: readonly ColumnInfo[],
  records: readonly EncodedRecord[],
): Statement {
  const columns = records[0]!.columns;
  const params = columns.map((_, i) => textArrayLiteral(records.map((r) => r.values[i]!)));
  const target = quoteQualified(table.schema, table.name);
  const names = columns.map((c) => quoteIdent(c.name)).join(", ");
  const unnest = columns.map((_, i) => `$${i + 1}::text[]`).join(", ");
  const aliases = columns.map((_, i) => `u${i}`).join(", ");
  const values = columns.map((c, i) => writeExpression(c.kind, `u.u${i}`, c.castType));
  const rows = `unnest(${unnest}) WITH ORDINALITY AS u(${aliases}, n)`;
  const keyList = key.map((k) => quoteIdent(k.name)).join(", ");
  const insert = `INSERT INTO ${target} AS t (${names}) SELECT ${values.join(", ")} FROM ${rows} ORDER BY u.n`;
  if (operation === "INSERT") return { sql: `${insert} ${returningKey(table, "t")}`, params };
  const present = new Set(columns.map((c) => c.name));
  const whole = table.columns.every(
    (c) => present.has(c.name) || !c.notNull || c.defaultExpr !== null || c.generated,
  );
  if (whole) {
    return {
      sql: `${insert} ON CONFLICT (${keyList}) DO UPDATE SET ${excludedAssignments(columns, key)} ${returningKey(table, "t")}`,
      params,
    };
  }
  // As statementFor's UPSERT, for every record at once: `src` holds the typed values and each record's number
  // n; rows the UPDATE finds are not inserted, and the ids come back in the records' order.
  const keyNames = new Set(key.map((k) => k.name));
  const srcOf = (c: ColumnInfo) => `src.u${columns.indexOf(c)}`;
  const set = columns.filter((c) => !keyNames.has(c.name));
  const assignments = (set.length > 0 ? set : key)
    .map((c) => `${quoteIdent(c.name)} = ${srcOf(c)}`)
    .join(", ");
  const sql =
    `WITH src AS (SELECT ${values.map((v, i) => `${v} AS u${i}`).join(", ")}, u.n FROM ${rows}), ` +
    `upd AS (UPDATE ${target} AS t SET ${assignments} FROM src ` +
    `WHERE ${key.map((k) => `t.${quoteIdent(k.name)} = ${srcOf(k)}`).join(" AND ")} ` +
    `${returningKey(table, "t")}, src.n), ` +
    `ins AS (INSERT INTO ${target} AS t (${names}) SELECT ${columns.map(srcOf).join(", ")} FROM src ` +
    "WHERE NOT EXISTS (SELECT 1 FROM upd WHERE upd.n = src.n) ORDER BY src.n " +
    `ON CONFLICT (${keyList}) DO UPDATE SET ${excludedAssignments(columns, key)} ` +
    `${returningKey(table, "t")}, ${key.map((k, i) => `t.${quoteIdent(k.name)} AS k${i}`).join(", ")}) ` +
    "SELECT coalesce(upd.id, ins.id) AS id FROM src LEFT JOIN upd ON upd.n = src.n " +
    `LEFT JOIN ins ON ${key.map((k, i) => `ins.k${i} = ${srcOf(k)}`).join(" AND ")} ORDER BY src.n`;
  return { sql, params };
}
