import {
  ConnectorError,
  type DataRecord,
  type ErrorCode,
  type WriteOperationType,
  type WriteOutcome,
} from "connector-kit";
import {
  type Chunk,
  chunkStatement,
  chunksOf,
  type EncodedRecord,
  excludedAssignments,
  returningKey,
  type Statement,
} from "./batch-write.js";
import type { ColumnInfo, TableInfo } from "./catalog.js";
import { canCopy, copyAllowed, copyChunk } from "./copy-write.js";
import type { Database, Queryable } from "./database.js";
import { errorCodeOf, recordErrorMessage, sqlStateOf } from "./errors.js";
import { quoteIdent, quoteQualified } from "./sql-identifiers.js";
import { encodeValue, writeExpression } from "./type-mapping.js";

export interface WriteOptions {
  operation: WriteOperationType;
  idFieldNames: readonly string[];
  allOrNone: boolean;
}

/**
 * The key columns of a write: `idFieldNames` must be exactly the columns of the primary key or of a unique
 * index (in any order), so one record always addresses at most one row. INSERT needs none.
 */
export function writeKey(
  table: TableInfo,
  operation: WriteOperationType,
  idFieldNames: readonly string[],
): ColumnInfo[] {
  if (operation === "INSERT") return [];
  const names = idFieldNames.length > 0 ? [...new Set(idFieldNames)] : table.primaryKey;
  if (names.length === 0) {
    throw ConnectorError.invalidArgument(
      `${operation} on ${table.entityIdentifier} needs idFieldNames (it has no primary key)`,
    );
  }
  const sorted = [...names].sort().join("\u0000");
  if (!table.uniqueKeys.some((k) => [...k].sort().join("\u0000") === sorted)) {
    throw ConnectorError.invalidArgument(
      `idFieldNames of a ${operation} must be the primary key or a unique key of ${table.entityIdentifier}`,
    );
  }
  return names.map((n) => table.byName.get(n)!);
}

function columnsOfRecord(table: TableInfo, record: DataRecord): ColumnInfo[] {
  return Object.keys(record).map((name) => {
    const column = table.byName.get(name);
    if (!column)
      throw ConnectorError.invalidArgument(`${table.entityIdentifier} has no field ${JSON.stringify(name)}`);
    if (column.generated)
      throw ConnectorError.invalidArgument(`Field ${JSON.stringify(name)} is set by the database`);
    return column;
  });
}

/**
 * Checks a record's fields against the catalog and encodes each value as a text parameter; throws
 * InvalidArgument for an unknown or generated field, a value JSON alone shows wrong, a missing id field, or an
 * UPDATE with nothing to set. `like` (default: none) is the record encoded before it: when this one has the
 * same fields in the same order, its columns and shape are shared instead of looked up again.
 */
export function encodeRecord(
  table: TableInfo,
  operation: WriteOperationType,
  key: readonly ColumnInfo[],
  record: DataRecord,
  like: EncodedRecord | null = null,
): EncodedRecord {
  for (const k of key) {
    if (record[k.name] === undefined || record[k.name] === null) {
      throw ConnectorError.invalidArgument(`The record has no value for id field ${JSON.stringify(k.name)}`);
    }
  }
  let columns: ColumnInfo[];
  let shape: string;
  if (operation !== "DELETE" && like !== null && sameFields(record, like.columns)) {
    ({ columns, shape } = like);
  } else {
    // DELETE reads the key only: other fields are ignored, as before (they are neither checked nor sent).
    columns = operation === "DELETE" ? [...key] : columnsOfRecord(table, record);
    for (const k of key) if (!columns.includes(k)) columns.push(k);
    if (operation === "UPDATE" && columns.length === key.length) {
      throw ConnectorError.invalidArgument("The record has no field to update");
    }
    shape = columns.map((c) => c.name).join("\u0000");
  }
  const values = new Array<string | null>(columns.length);
  for (let i = 0; i < columns.length; i++) {
    const c = columns[i]!;
    values[i] = encodeValue(c.name, c.kind, record[c.name]);
  }
  return { columns, values, shape };
}

/**
 * True when the record's fields are exactly `columns`, in order (columns a record of the same table was
 * checked against, its key fields included: a record missing one is refused before this).
 */
function sameFields(record: DataRecord, columns: readonly ColumnInfo[]): boolean {
  let i = 0;
  for (const name in record) {
    if (!Object.hasOwn(record, name)) continue;
    if (i >= columns.length || columns[i]!.name !== name) return false;
    i++;
  }
  return i === columns.length;
}

/** The parameterized statement writing one encoded record. */
export function recordStatement(
  table: TableInfo,
  operation: WriteOperationType,
  key: readonly ColumnInfo[],
  record: EncodedRecord,
): Statement {
  const params: (string | null)[] = [];
  const placeholders = new Map<ColumnInfo, string>();
  const param = (c: ColumnInfo): string => {
    let placeholder = placeholders.get(c);
    if (placeholder === undefined) {
      params.push(record.values[record.columns.indexOf(c)]!);
      placeholder = writeExpression(c.kind, `$${params.length}`, c.castType);
      placeholders.set(c, placeholder);
    }
    return placeholder;
  };
  const target = quoteQualified(table.schema, table.name);
  const keyNames = new Set(key.map((k) => k.name));
  const where = () => key.map((k) => `${quoteIdent(k.name)} = ${param(k)}`).join(" AND ");
  const returning = returningKey(table);
  switch (operation) {
    case "DELETE":
      return { sql: `DELETE FROM ${target} WHERE ${where()} ${returning}`, params };
    case "UPDATE": {
      const set = record.columns.filter((c) => !keyNames.has(c.name));
      const assignments = set.map((c) => `${quoteIdent(c.name)} = ${param(c)}`).join(", ");
      return { sql: `UPDATE ${target} SET ${assignments} WHERE ${where()} ${returning}`, params };
    }
    case "INSERT": {
      const columns = record.columns;
      const names = columns.map((c) => quoteIdent(c.name)).join(", ");
      const values = columns.map(param).join(", ");
      const insert =
        columns.length === 0
          ? `INSERT INTO ${target} DEFAULT VALUES`
          : `INSERT INTO ${target} (${names}) VALUES (${values})`;
      return { sql: `${insert} ${returning}`, params };
    }
    case "UPSERT": {
      // UPDATE the row the key finds; INSERT only when there is none. A plain INSERT … ON CONFLICT would build
      // the whole new row first, and fail NOT NULL for an existing row the record updates only in part (a record
      // upserted by `email` has no `id`). ON CONFLICT stays for a row another session inserts meanwhile.
      const columns = record.columns;
      const value = new Map(columns.map((c) => [c.name, param(c)]));
      const set = columns.filter((c) => !keyNames.has(c.name));
      const assignments = (set.length > 0 ? set : key)
        .map((c) => `${quoteIdent(c.name)} = ${value.get(c.name)}`)
        .join(", ");
      const match = key.map((k) => `t.${quoteIdent(k.name)} = ${value.get(k.name)}`).join(" AND ");
      const sql =
        `WITH upd AS (UPDATE ${target} AS t SET ${assignments} WHERE ${match} ${returningKey(table, "t")}), ` +
        `ins AS (INSERT INTO ${target} AS t (${columns.map((c) => quoteIdent(c.name)).join(", ")}) ` +
        `SELECT ${[...value.values()].join(", ")} WHERE NOT EXISTS (SELECT 1 FROM upd) ` +
        `ON CONFLICT (${key.map((k) => quoteIdent(k.name)).join(", ")}) ` +
        `DO UPDATE SET ${excludedAssignments(columns, key)} ${returningKey(table, "t")}) ` +
        "SELECT id FROM upd UNION ALL SELECT id FROM ins";
      return { sql, params };
    }
  }
}

/** Builds the parameterized statement writing one record; throws InvalidArgument for a bad field or value. */
export function statementFor(
  table: TableInfo,
  options: WriteOptions,
  key: ColumnInfo[],
  record: DataRecord,
): Statement {
  return recordStatement(table, options.operation, key, encodeRecord(table, options.operation, key, record));
}

async function runOne(
  tx: Queryable,
  statement: Statement,
  operation: WriteOperationType,
): Promise<WriteOutcome> {
  const { rows } = await tx.query<{ id: string | null }>(statement.sql, statement.params);
  if (rows.length === 0) {
    return {
      isSuccess: false,
      recordId: null,
      errorMessage: `No row matched the id field values (${operation})`,
    };
  }
  return { isSuccess: true, recordId: rows[0]!.id ?? null, errorMessage: null };
}

/** A chunk that failed is split in two and each half tried again, down to this many records. Default: 16. */
const SPLIT_DOWN_TO = 16;

const TRANSIENT = new Set<ErrorCode>(["ServiceUnavailable", "RequestTimeout", "RateLimitExceeded"]);

/**
 * A failure that says nothing about the records: a lost connection, a timeout, a server shutting down, or an
 * error in the SQL built from the catalog (SQLSTATE class 42: a table changed since it was described, a missing
 * privilege; 0A000: a cached plan's result type changed). The whole write fails with it (and may be retried)
 * instead of every record failing alone with it.
 */
function notARecordProblem(error: unknown): boolean {
  const state = sqlStateOf(error);
  if (state !== undefined && (state.startsWith("42") || state === "0A000")) return true;
  return TRANSIENT.has(errorCodeOf(error));
}

/** allOrNone: record `index` failed; everything is rolled back. */
class Rollback extends Error {
  constructor(
    readonly index: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/**
 * Writes records in one transaction. INSERTs and UPSERTs go in chunks (consecutive records with the same
 * fields, see `chunksOf`), each one multi-row statement (on a server, a COPY into a staging table and one
 * `INSERT … SELECT`: see copy-write.ts); other operations, lone records and the records of a
 * chunk that failed go one statement per record. Not allOrNone: every chunk and every record runs inside its
 * own savepoint, so a bad record (bad value, constraint violation, no matching row) fails alone with its
 * message and the others are committed; a failed chunk is split in halves, retried, and below 16 records
 * written record by record, so one bad record in thousands costs a few statements, not thousands. allOrNone:
 * the first failure rolls everything back and every record is reported failed (the culprit with its reason).
 */
export async function writeRecords(
  db: Database,
  table: TableInfo,
  options: WriteOptions,
  records: DataRecord[],
): Promise<WriteOutcome[]> {
  if (!table.writable)
    throw ConnectorError.invalidArgument(`${table.entityIdentifier} is a view and cannot be written`);
  const { operation, allOrNone } = options;
  const key = writeKey(table, operation, options.idFieldNames);
  const outcomes: (WriteOutcome | undefined)[] = new Array(records.length);
  let like: EncodedRecord | null = null;
  const encoded = records.map((record, i) => {
    try {
      like = encodeRecord(table, operation, key, record, like);
      return like;
    } catch (error) {
      outcomes[i] = { isSuccess: false, recordId: null, errorMessage: recordErrorMessage(error) };
      return null;
    }
  });
  const firstBad = outcomes.findIndex((o) => o !== undefined);
  if (allOrNone && firstBad !== -1)
    return allFailed(records.length, firstBad, outcomes[firstBad]!.errorMessage!);
  const chunks = chunksOf(operation, key, encoded);

  /** Writes records start…end-1 one statement each (each in a savepoint unless allOrNone). */
  const oneByOne = async (tx: Queryable, start: number, end: number) => {
    for (let i = start; i < end; i++) {
      const record = encoded[i];
      if (record === null || record === undefined) continue;
      const statement = recordStatement(table, operation, key, record);
      if (allOrNone) {
        let outcome: WriteOutcome;
        try {
          outcome = await runOne(tx, statement, operation);
        } catch (error) {
          if (notARecordProblem(error)) throw error;
          throw new Rollback(i, recordErrorMessage(error));
        }
        if (!outcome.isSuccess) throw new Rollback(i, outcome.errorMessage ?? "failed");
        outcomes[i] = outcome;
        continue;
      }
      await tx.query("SAVEPOINT connector_record");
      try {
        outcomes[i] = await runOne(tx, statement, operation);
        await tx.query("RELEASE SAVEPOINT connector_record");
      } catch (error) {
        if (notARecordProblem(error)) throw error;
        await tx.query("ROLLBACK TO SAVEPOINT connector_record");
        outcomes[i] = { isSuccess: false, recordId: null, errorMessage: recordErrorMessage(error) };
      }
    }
  };

  const bulk = operation as "INSERT" | "UPSERT";
  /**
   * Writes a chunk in one statement (by COPY when `copy` and the session can, see copy-write.ts); when it
   * fails, its halves by `unnest` statements, and so on down to record by record. `last`: nothing follows it
   * in the transaction but COMMIT, so its savepoint is not released (a round trip that changes nothing).
   */
  const writeChunk = async (tx: Queryable, chunk: Chunk, copy: boolean, last = false): Promise<void> => {
    const byCopy = copy && canCopy(tx, table, bulk, chunk.records) && (await copyAllowed(db, tx));
    await tx.query("SAVEPOINT connector_batch");
    let ids: (string | null)[] | null = null;
    try {
      if (byCopy) {
        ids = await copyChunk(db, tx, table, bulk, key, chunk.records, "connector_batch");
      } else {
        const statement = chunkStatement(table, bulk, key, chunk.records);
        const { rows } = await tx.query<{ id: string | null }>(statement.sql, statement.params);
        if (rows.length === chunk.records.length) ids = rows.map((r) => r.id ?? null);
      }
    } catch (error) {
      // No record is to blame, and retrying halves would only repeat it; data errors split.
      if (notARecordProblem(error)) throw error;
      ids = null;
    }
    if (ids !== null) {
      if (!last) await tx.query("RELEASE SAVEPOINT connector_batch");
      ids.forEach((id, j) => {
        outcomes[chunk.start + j] = { isSuccess: true, recordId: id, errorMessage: null };
      });
      return;
    }
    await tx.query("ROLLBACK TO SAVEPOINT connector_batch");
    const count = chunk.records.length;
    if (count <= SPLIT_DOWN_TO) return oneByOne(tx, chunk.start, chunk.start + count);
    const half = Math.ceil(count / 2);
    await writeChunk(tx, { start: chunk.start, records: chunk.records.slice(0, half) }, false);
    await writeChunk(tx, { start: chunk.start + half, records: chunk.records.slice(half) }, false);
  };

  try {
    await db.transaction(async (tx) => {
      let next = 0;
      for (const chunk of chunks) {
        await oneByOne(tx, next, chunk.start);
        await writeChunk(tx, chunk, true, chunk.start + chunk.records.length === records.length);
        next = chunk.start + chunk.records.length;
      }
      await oneByOne(tx, next, records.length);
    });
  } catch (error) {
    if (error instanceof Rollback) return allFailed(records.length, error.index, error.reason);
    throw error;
  }
  return outcomes.map((o) => o ?? { isSuccess: false, recordId: null, errorMessage: "Not written" });
}

function allFailed(count: number, index: number, reason: string): WriteOutcome[] {
  return Array.from({ length: count }, (_, i) => ({
    isSuccess: false,
    recordId: null,
    errorMessage:
      i === index
        ? reason
        : `Not written: allOrNone and record ${index} failed (${reason.slice(0, 200)}); nothing was kept`,
  }));
}
