import { ConnectorError, type DataRecord, type WriteOperationType, type WriteOutcome } from "connector-kit";
import type { ColumnInfo, TableInfo } from "./catalog.js";
import type { Database, Queryable } from "./database.js";
import { recordErrorMessage } from "./errors.js";
import { quoteIdent, quoteQualified } from "./sql-identifiers.js";
import { encodeValue, writeExpression } from "./type-mapping.js";

/** One statement for one record. */
interface Statement {
  sql: string;
  params: (string | null)[];
}

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

/** `RETURNING` the primary key as text (`recordId`), its columns qualified by `alias` when given. */
function returningKey(table: TableInfo, alias?: string): string {
  const key = table.primaryKey.length > 0 ? table.primaryKey : null;
  const col = (k: string) => `(${alias ? `${alias}.` : ""}${quoteIdent(k)})::text`;
  if (!key) return "RETURNING NULL::text AS id";
  if (key.length === 1) return `RETURNING ${col(key[0]!)} AS id`;
  return `RETURNING json_build_array(${key.map(col).join(", ")})::text AS id`;
}

/** `a = EXCLUDED.a, …` over the record's non-key columns (the key itself when there are none). */
function excludedAssignments(
  columns: readonly ColumnInfo[],
  keyNames: ReadonlySet<string>,
  key: ColumnInfo[],
) {
  const updates = columns.filter((c) => !keyNames.has(c.name));
  // With nothing but the key to set, "update" the key to itself so RETURNING still reports the row.
  return (updates.length > 0 ? updates : key)
    .map((c) => `${quoteIdent(c.name)} = EXCLUDED.${quoteIdent(c.name)}`)
    .join(", ");
}

/** Builds the parameterized statement writing one record; throws InvalidArgument for a bad field or value. */
export function statementFor(
  table: TableInfo,
  options: WriteOptions,
  key: ColumnInfo[],
  record: DataRecord,
): Statement {
  const params: (string | null)[] = [];
  const param = (c: ColumnInfo): string => {
    params.push(encodeValue(c.name, c.kind, record[c.name]));
    return writeExpression(c.kind, `$${params.length}`, c.castType);
  };
  const target = quoteQualified(table.schema, table.name);
  const keyNames = new Set(key.map((k) => k.name));
  for (const k of key) {
    if (record[k.name] === undefined || record[k.name] === null) {
      throw ConnectorError.invalidArgument(`The record has no value for id field ${JSON.stringify(k.name)}`);
    }
  }
  const where = () => key.map((k) => `${quoteIdent(k.name)} = ${param(k)}`).join(" AND ");
  const returning = returningKey(table);
  switch (options.operation) {
    case "DELETE":
      return { sql: `DELETE FROM ${target} WHERE ${where()} ${returning}`, params };
    case "UPDATE": {
      const set = columnsOfRecord(table, record).filter((c) => !keyNames.has(c.name));
      if (set.length === 0) throw ConnectorError.invalidArgument("The record has no field to update");
      const assignments = set.map((c) => `${quoteIdent(c.name)} = ${param(c)}`).join(", ");
      return { sql: `UPDATE ${target} SET ${assignments} WHERE ${where()} ${returning}`, params };
    }
    case "INSERT": {
      const columns = columnsOfRecord(table, record);
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
      const columns = columnsOfRecord(table, record);
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
        `DO UPDATE SET ${excludedAssignments(columns, keyNames, key)} ${returningKey(table, "t")}) ` +
        "SELECT id FROM upd UNION ALL SELECT id FROM ins";
      return { sql, params };
    }
  }
}

/**
 * INSERT or UPSERT of a batch whose records all have the same fields, as one statement over `unnest` of text
 * arrays: one round trip for the whole batch. Returns null when the batch does not qualify.
 */
function batchStatement(
  table: TableInfo,
  options: WriteOptions,
  key: ColumnInfo[],
  records: DataRecord[],
): Statement | null {
  if (records.length < 2 || (options.operation !== "INSERT" && options.operation !== "UPSERT")) return null;
  const fieldSet = Object.keys(records[0]!).sort().join("\u0000");
  if (fieldSet === "" || !records.every((r) => Object.keys(r).sort().join("\u0000") === fieldSet))
    return null;
  const columns = columnsOfRecord(table, records[0]!);
  const arrays = columns.map((c) => records.map((r) => encodeValue(c.name, c.kind, r[c.name])));
  if (options.operation === "UPSERT") {
    for (const k of key) if (arrays[columns.indexOf(k)] === undefined) return null;
    const seen = new Set<string>();
    for (const r of records) {
      const id = JSON.stringify(key.map((k) => r[k.name]));
      if (seen.has(id)) return null; // ON CONFLICT cannot touch one row twice in a statement
      seen.add(id);
    }
  }
  const target = quoteQualified(table.schema, table.name);
  const names = columns.map((c) => quoteIdent(c.name)).join(", ");
  const unnest = columns.map((_, i) => `$${i + 1}::text[]`).join(", ");
  const aliases = columns.map((_, i) => `u${i}`).join(", ");
  const values = columns.map((c, i) => writeExpression(c.kind, `u.u${i}`, c.castType));
  const params = arrays.map((a) => arrayParam(a));
  const rows = `unnest(${unnest}) WITH ORDINALITY AS u(${aliases}, n)`;
  if (options.operation === "INSERT") {
    const sql = `INSERT INTO ${target} (${names}) SELECT ${values.join(", ")} FROM ${rows} ORDER BY u.n`;
    return { sql: `${sql} ${returningKey(table)}`, params };
  }
  // UPSERT as in statementFor, for every record at once: `src` holds the typed values and each record's number
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
    `ON CONFLICT (${key.map((k) => quoteIdent(k.name)).join(", ")}) ` +
    `DO UPDATE SET ${excludedAssignments(columns, keyNames, key)} ` +
    `${returningKey(table, "t")}, ${key.map((k, i) => `t.${quoteIdent(k.name)} AS k${i}`).join(", ")}) ` +
    "SELECT coalesce(upd.id, ins.id) AS id FROM src LEFT JOIN upd ON upd.n = src.n " +
    `LEFT JOIN ins ON ${key.map((k, i) => `ins.k${i} = ${srcOf(k)}`).join(" AND ")} ORDER BY src.n`;
  return { sql, params };
}

/** A text[] literal of nullable strings. */
function arrayParam(values: (string | null)[]): string {
  return `{${values.map((v) => (v === null ? "NULL" : `"${v.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`)).join(",")}}`;
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

/**
 * Writes records in one transaction. Not allOrNone: each record runs inside its own savepoint, so a bad record
 * (bad value, constraint violation, no matching row) fails alone and the others are committed. allOrNone: the
 * first failure rolls everything back and every record is reported failed. A batch of INSERTs or UPSERTs with
 * the same fields first tries a single statement, falling back to one statement per record if it fails.
 */
export async function writeRecords(
  db: Database,
  table: TableInfo,
  options: WriteOptions,
  records: DataRecord[],
): Promise<WriteOutcome[]> {
  if (!table.writable)
    throw ConnectorError.invalidArgument(`${table.entityIdentifier} is a view and cannot be written`);
  const key = writeKey(table, options.operation, options.idFieldNames);
  const prepared = records.map((record) => {
    try {
      return statementFor(table, options, key, record);
    } catch (error) {
      return recordErrorMessage(error);
    }
  });
  const firstBad = prepared.findIndex((p) => typeof p === "string");
  if (options.allOrNone && firstBad !== -1)
    return allFailed(records.length, firstBad, prepared[firstBad] as string);

  let batch: Statement | null = null;
  try {
    batch = firstBad === -1 ? batchStatement(table, options, key, records) : null;
  } catch {
    batch = null;
  }
  class Rollback extends Error {
    constructor(
      readonly index: number,
      readonly reason: string,
    ) {
      super(reason);
    }
  }
  try {
    return await db.transaction(async (tx) => {
      if (batch) {
        await tx.query("SAVEPOINT connector_batch");
        try {
          const { rows } = await tx.query<{ id: string | null }>(batch.sql, batch.params);
          await tx.query("RELEASE SAVEPOINT connector_batch");
          if (rows.length === records.length) {
            return rows.map((r) => ({ isSuccess: true, recordId: r.id ?? null, errorMessage: null }));
          }
          throw new Error("batch row count mismatch");
        } catch {
          await tx.query("ROLLBACK TO SAVEPOINT connector_batch");
        }
      }
      const outcomes: WriteOutcome[] = [];
      for (let i = 0; i < prepared.length; i++) {
        const statement = prepared[i]!;
        if (typeof statement === "string") {
          outcomes.push({ isSuccess: false, recordId: null, errorMessage: statement });
          continue;
        }
        if (options.allOrNone) {
          let outcome: WriteOutcome;
          try {
            outcome = await runOne(tx, statement, options.operation);
          } catch (error) {
            throw new Rollback(i, recordErrorMessage(error));
          }
          if (!outcome.isSuccess) throw new Rollback(i, outcome.errorMessage ?? "failed");
          outcomes.push(outcome);
          continue;
        }
        await tx.query("SAVEPOINT connector_record");
        try {
          outcomes.push(await runOne(tx, statement, options.operation));
          await tx.query("RELEASE SAVEPOINT connector_record");
        } catch (error) {
          await tx.query("ROLLBACK TO SAVEPOINT connector_record");
          outcomes.push({ isSuccess: false, recordId: null, errorMessage: recordErrorMessage(error) });
        }
      }
      return outcomes;
    });
  } catch (error) {
    if (error instanceof Rollback) return allFailed(records.length, error.index, error.reason);
    throw error;
  }
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
