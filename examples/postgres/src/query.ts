import { ConnectorError, type DataRecord, type RecordPage } from "connector-kit";
import { parseFilter, postgresDialect, toSql, validateFilter } from "connector-kit/filter";
import { type ColumnInfo, entityDefinitionOf, type TableInfo } from "./catalog.js";
import type { Database } from "./database.js";
import { quoteIdent, quoteQualified } from "./sql-identifiers.js";
import { decodeValue, selectExpression } from "./type-mapping.js";

/**
 * Where a page starts: how many records the query returned before it (for LIMIT, and the OFFSET of a view) and
 * the paging key of the last record before it (null for the first page, empty when paging by offset). Encoded as
 * base64url JSON `[before, ...keyTexts]`.
 */
export interface KeysetPosition {
  before: number;
  after: string[] | null;
}

/** Encodes a position as a compact opaque token. */
export function encodeKeyset(position: KeysetPosition): string {
  return Buffer.from(JSON.stringify([position.before, ...(position.after ?? [])]), "utf8").toString(
    "base64url",
  );
}

/** Decodes a token from `encodeKeyset` for a key of `keyLength` columns; anything else is InvalidArgument. */
export function decodeKeyset(token: string, keyLength: number): KeysetPosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
  } catch {
    parsed = null;
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== keyLength + 1 ||
    !Number.isSafeInteger(parsed[0]) ||
    (parsed[0] as number) < 0 ||
    !parsed.slice(1).every((k) => typeof k === "string")
  ) {
    throw ConnectorError.invalidArgument("nextToken does not belong to this entity's query");
  }
  return { before: parsed[0] as number, after: parsed.slice(1) as string[] };
}

/** The columns of `names` (null = all), each checked against the catalog. */
export function projectedColumns(table: TableInfo, names: readonly string[] | null): ColumnInfo[] {
  if (names === null || names.length === 0) return table.columns;
  const unknown = names.filter((n) => !table.byName.has(n));
  if (unknown.length > 0) {
    throw ConnectorError.invalidArgument(
      `${table.entityIdentifier} has no field(s) ${unknown.map((n) => JSON.stringify(n)).join(", ")}`,
    );
  }
  return [...new Set(names)].map((n) => table.byName.get(n)!);
}

/** The SELECT list reading `columns` as aliases `c0…` (aliases never come from user text). */
export function selectList(columns: readonly ColumnInfo[]): string {
  return columns.map((c, i) => `${selectExpression(c.kind, quoteIdent(c.name))} AS c${i}`).join(", ");
}

/**
 * A decoder turning the texts of a row read as an array (in `selectList`'s order) into a record keyed by field
 * name. Each record is a copy of one template holding every field, so records are built with their final
 * shape, and a column named like an Object.prototype property (`__proto__`) is an own field.
 *
 * The copy is made by `Object.assign`, not by a spread: in V8 (Node 20) a spread copy that later gets a field
 * of its own (a Merge, an Arithmetic or a Map task adds one) no longer shares its shape with the other
 * records, and a flow writing such records measured 2.4 against 1.2 µs a record for those tasks and the JSON
 * text. `Object.assign` sets `__proto__` as the prototype, so a template holding that name is spread.
 */
function recordDecoder(columns: readonly ColumnInfo[]): (texts: readonly (string | null)[]) => DataRecord {
  const template: DataRecord = Object.fromEntries(columns.map((c) => [c.name, null]));
  const names = columns.map((c) => c.name);
  const kinds = columns.map((c) => c.kind);
  const copy: () => DataRecord = names.includes("__proto__")
    ? () => ({ ...template })
    : () => Object.assign({}, template);
  return (texts) => {
    const record = copy();
    for (let i = 0; i < names.length; i++) record[names[i]!] = decodeValue(kinds[i]!, texts[i]!);
    return record;
  };
}

/** A parsed filter as a WHERE condition over the table's columns, checked against the catalog's definition. */
export function filterSql(
  table: TableInfo,
  expression: string | null,
  paramOffset: number,
): { where: string | null; params: unknown[]; limit: number | null } {
  if (expression === null || expression.trim() === "") return { where: null, params: [], limit: null };
  const parsed = parseFilter(expression);
  const definition = entityDefinitionOf(table);
  validateFilter(parsed, definition);
  return toSql(parsed, { dialect: postgresDialect, entityDefinition: definition, paramOffset });
}

export interface QueryOptions {
  fields: readonly string[] | null;
  filterExpression: string | null;
  pageSize: number;
  /** The LIMIT the SDK parsed, when it did; the filter's own LIMIT is applied in any case. */
  limit: number | null;
}

/**
 * Reads a table page by page from `token`. Tables page in keyset order, `WHERE (key) > (last key) ORDER BY key
 * LIMIT n`, on the primary key (or a unique NOT NULL index, else `ctid`): a page is the same for the same token
 * as long as the rows do not change, and rows inserted meanwhile never shift later pages, so the SDK's page
 * guard can stop inside a page and resume it. Views (and foreign or partitioned tables without such a key) have
 * no row address to page on: they page by `OFFSET` in the order of the whole row's text, which is total (rows
 * that tie are identical), so the same token gives the same page while the data does not change. The filter
 * becomes parameters; LIMIT is carried in the token.
 */
export async function* queryPages(
  db: Database,
  table: TableInfo,
  options: QueryOptions,
  token: string | null,
): AsyncGenerator<RecordPage> {
  const columns = projectedColumns(table, options.fields);
  const paging = table.paging;
  const keyColumns = paging.by === "key" ? paging.columns.map((n) => table.byName.get(n)!) : null;
  const keyExprs = keyColumns
    ? keyColumns.map((c) => quoteIdent(c.name))
    : paging.by === "ctid"
      ? ["ctid"]
      : [];
  const keyTypes = keyColumns ? keyColumns.map((c) => c.castType) : ["tid"];
  const filter = filterSql(table, options.filterExpression, 0);
  const limit =
    filter.limit === null
      ? options.limit
      : options.limit === null
        ? filter.limit
        : Math.min(filter.limit, options.limit);
  let position: KeysetPosition =
    token === null ? { before: 0, after: null } : decodeKeyset(token, keyExprs.length);

  // Each key's text in a row: a selected column's when that column is read as the key's own text (an integer
  // or text key among the fields: one value fewer per row to send and decode), else a column `k<n>` of its own.
  const reused = keyExprs.map((k, i) => {
    const c = keyColumns?.[i];
    const at = c === undefined ? -1 : columns.indexOf(c);
    return at !== -1 && selectExpression(c!.kind, k) === `(${k})::text` ? at : -1;
  });
  const ownKeys = keyExprs.filter((_, i) => reused[i] === -1);
  let own = 0;
  const keyAt = reused.map((at) => (at !== -1 ? at : columns.length + own++));
  const selected = [
    ...(columns.length > 0 ? [selectList(columns)] : []),
    ...ownKeys.map((k, i) => `(${k})::text AS k${i}`),
  ];
  // The alias is only ever used as `r.*`, which no column name can shadow.
  const from = `${quoteQualified(table.schema, table.name)} AS r`;
  const orderExprs = paging.by === "offset" ? [`(r.*)::text COLLATE "C"`] : keyExprs;
  const orderBy = orderExprs.join(", ");
  // PGlite decodes every field of every row in JavaScript; a page read as one JSON text (each row an array of
  // the same texts) is about twice as fast there. A server's driver decodes rows faster than the server builds
  // JSON, so server pages stay rows. The aggregate orders by the page's own keys, not by its input's order.
  const asOneText = db.backend === "embedded";
  const texts = [...columns.map((_, i) => `c${i}`), ...ownKeys.map((_, i) => `k${i}`)];
  const aggregate =
    `coalesce(json_agg(${texts.length > 0 ? `ARRAY[${texts.join(", ")}]` : "ARRAY[]::text[]"}` +
    ` ORDER BY ${orderExprs.map((_, i) => `o${i}`).join(", ")}), '[]')::text AS page`;
  if (asOneText) selected.push(...orderExprs.map((e, i) => `${e} AS o${i}`));
  const decode = recordDecoder(columns);

  for (;;) {
    const wanted = limit === null ? options.pageSize : Math.min(options.pageSize, limit - position.before);
    if (wanted <= 0) return;
    const params: unknown[] = [...filter.params];
    const conditions: string[] = filter.where === null ? [] : [`(${filter.where})`];
    if (position.after !== null && keyExprs.length > 0) {
      const placeholders = position.after.map((value, i) => {
        params.push(value);
        return `$${params.length}::${keyTypes[i]}`;
      });
      conditions.push(
        keyExprs.length === 1
          ? `${keyExprs[0]} > ${placeholders[0]}`
          : `(${keyExprs.join(", ")}) > (${placeholders.join(", ")})`,
      );
    }
    const sql =
      `SELECT ${selected.length > 0 ? selected.join(", ") : "NULL AS c"} FROM ${from}` +
      (conditions.length > 0 ? ` WHERE ${conditions.join(" AND ")}` : "") +
      ` ORDER BY ${orderBy}` +
      (paging.by === "offset" && position.before > 0 ? ` OFFSET ${position.before}` : "") +
      ` LIMIT ${wanted}`;
    let records: DataRecord[];
    let lastKeys: () => string[];
    if (asOneText) {
      const { rows } = await db.query<{ page: string }>(`SELECT ${aggregate} FROM (${sql}) AS p`, params);
      const page = JSON.parse(rows[0]!.page) as (string | null)[][];
      records = page.map(decode);
      lastKeys = () => keyAt.map((at) => page[page.length - 1]![at]!);
    } else {
      const rows = (await db.queryArrays(sql, params)) as (string | null)[][];
      records = rows.map(decode);
      lastKeys = () => keyAt.map((at) => rows[rows.length - 1]![at]!);
    }
    const before = position.before + records.length;
    const more = records.length === wanted && records.length > 0 && (limit === null || before < limit);
    if (!more) {
      yield { records, nextToken: null };
      return;
    }
    position = { before, after: lastKeys() };
    yield { records, nextToken: encodeKeyset(position) };
  }
}

/** The records whose `idField` is one of `ids` (compared after casting each id to the column's type). */
export async function retrieveRecords(
  db: Database,
  table: TableInfo,
  fields: readonly string[] | null,
  idField: string | null,
  ids: readonly string[],
): Promise<DataRecord[]> {
  const columns = projectedColumns(table, fields);
  let idName = idField;
  if (idName === null) {
    if (table.primaryKey.length !== 1) {
      throw ConnectorError.invalidArgument(
        `${table.entityIdentifier} has no single-column primary key; name idFieldName`,
      );
    }
    idName = table.primaryKey[0]!;
  }
  const id = table.byName.get(idName);
  if (!id)
    throw ConnectorError.invalidArgument(`${table.entityIdentifier} has no field ${JSON.stringify(idName)}`);
  if (id.kind === "array" || id.kind === "json" || id.kind === "bytes") {
    throw ConnectorError.invalidArgument(
      `Field ${JSON.stringify(idName)} cannot be used to retrieve records`,
    );
  }
  if (ids.length === 0) return [];
  const rows = (await db.queryArrays(
    `SELECT ${selectList(columns)} FROM ${quoteQualified(table.schema, table.name)} ` +
      `WHERE ${quoteIdent(id.name)} = ANY($1::text[]::${id.castType}[])`,
    [ids],
  )) as (string | null)[][];
  return rows.map(recordDecoder(columns));
}
