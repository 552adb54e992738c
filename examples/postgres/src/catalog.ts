import {
  ConnectorError,
  type ConnectorOperator,
  DEFAULT_FILTER_OPERATORS,
  type Entity,
  type EntityDefinition,
  type EntityPage,
  type FieldDefinition,
  type WriteOperationType,
} from "connector-kit";
import type { Database } from "./database.js";
import { type Settings, schemaCondition } from "./settings.js";
import {
  entityIdentifierOf,
  identifierPart,
  parseEntitiesPath,
  parseEntityIdentifier,
} from "./sql-identifiers.js";
import { DATA_TYPE_OF, kindOf, type ValueKind } from "./type-mapping.js";

/** One column, as the catalog describes it. */
export interface ColumnInfo {
  name: string;
  kind: ValueKind;
  /**
   * The type values are cast to, from `format_type(type, -1)` (catalog text, safe to splice): the column's (base)
   * type *without* its modifier, e.g. `bpchar` for `character(2)`, `numeric` for `numeric(12,2)`. An explicit
   * cast to `character(2)` would silently cut `'TOOLONG'` to `'TO'` (and `::character` is `char(1)`); cast to the
   * unconstrained type, the value meets the column's modifier in the assignment, which refuses what is too long.
   */
  castType: string;
  /** `format_type(atttypid, atttypmod)`, e.g. `character varying(40)`. */
  typeLabel: string;
  notNull: boolean;
  defaultExpr: string | null;
  /** Identity ALWAYS or generated: the database sets it. */
  generated: boolean;
  /** varchar/char length or numeric precision/scale, from the type modifier. */
  maxLength: number | null;
  precision: number | null;
  scale: number | null;
  description: string | null;
  /** text, varchar or char: CONTAINS applies. */
  textual: boolean;
}

/** A table or view the settings expose, with what queries and writes need. */
export interface TableInfo {
  schema: string;
  name: string;
  entityIdentifier: string;
  /** r, p (tables), v (view), m (materialized view), f (foreign table). */
  relkind: string;
  writable: boolean;
  columns: ColumnInfo[];
  byName: ReadonlyMap<string, ColumnInfo>;
  primaryKey: string[];
  /** Column sets of every unique constraint or index (primary key first), usable as write keys. */
  uniqueKeys: string[][];
  /** How a query pages through it (see {@link Paging}). */
  paging: Paging;
  description: string | null;
}

/**
 * How a query pages through a relation:
 * - `key`: keyset on the primary key, else on the first unique index whose columns are all NOT NULL;
 * - `ctid`: keyset on the row's physical address, for a plain table or materialized view without such a key;
 * - `offset`: OFFSET in the order of the whole row's text, for views, foreign tables and partitioned tables
 *   without such a key (they have no `ctid`, or one that is not unique across partitions).
 */
export type Paging = { by: "key"; columns: string[] } | { by: "ctid" } | { by: "offset" };

const TEXTUAL = new Set(["text", "varchar", "bpchar", "name", "citext"]);
const RELKINDS = "('r','p','v','m','f')";
const WRITABLE = new Set(["r", "p"]);
/** Relations whose `ctid` identifies a row: plain tables and materialized views. */
const CTID_UNIQUE = new Set(["r", "m"]);

/**
 * One level of the entity tree, keyset-paged by name: schemas at the top, then the tables and views of a schema.
 * A table's own identifier as the path (AppFlow's test runner lists the entity under test that way) answers that
 * table alone, as a leaf.
 */
export async function listEntities(
  db: Database,
  s: Settings,
  path: string | null,
  nextToken: string | null,
  maxResults: number,
): Promise<EntityPage> {
  const cond = schemaCondition(s, "$1");
  const params: unknown[] = [cond.value, nextToken ?? "", maxResults + 1];
  if (path === null) {
    const { rows } = await db.query<{ nspname: string; description: string | null }>(
      `SELECT n.nspname, obj_description(n.oid, 'pg_namespace') AS description FROM pg_namespace n
       WHERE (${cond.sql}) AND ($1::text[] IS NULL OR TRUE) AND n.nspname COLLATE "C" > $2::text
       ORDER BY n.nspname COLLATE "C" LIMIT $3::int`,
      params,
    );
    const page = rows.slice(0, maxResults);
    return {
      entities: page.map((r) => ({
        entityIdentifier: identifierPart(r.nspname),
        hasNestedEntities: true,
        isWritable: false,
        label: r.nspname,
        description: r.description ?? `Schema ${r.nspname}`,
      })),
      nextToken: rows.length > maxResults ? page[page.length - 1]!.nspname : null,
    };
  }
  const { schema, table } = parseEntitiesPath(path);
  const { rows } = await db.query<{ relname: string; relkind: string; description: string | null }>(
    `SELECT c.relname, c.relkind, obj_description(c.oid, 'pg_class') AS description
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE (${cond.sql}) AND ($1::text[] IS NULL OR TRUE) AND n.nspname = $4 AND c.relkind IN ${RELKINDS}
       AND c.relname COLLATE "C" > $2::text AND ($5::text IS NULL OR c.relname = $5::text)
     ORDER BY c.relname COLLATE "C" LIMIT $3::int`,
    [...params, schema, table],
  );
  if (table !== null && rows.length === 0 && nextToken === null) {
    throw new ConnectorError("ResourceNotFoundError", `No table or view ${path} in the exposed schemas`);
  }
  const page = rows.slice(0, maxResults);
  const entities: Entity[] = page.map((r) => ({
    entityIdentifier: entityIdentifierOf(schema, r.relname),
    hasNestedEntities: false,
    isWritable: WRITABLE.has(r.relkind),
    label: r.relname,
    description:
      r.description ?? `${r.relkind === "v" || r.relkind === "m" ? "View" : "Table"} ${schema}.${r.relname}`,
  }));
  return { entities, nextToken: rows.length > maxResults ? page[page.length - 1]!.relname : null };
}

interface ColumnRow {
  name: string;
  typname: string;
  typcategory: string;
  cast_type: string;
  type_label: string;
  typmod: number;
  notnull: boolean;
  default_expr: string | null;
  identity: string;
  generated: string;
  description: string | null;
}

function modifiers(kind: ValueKind, typname: string, typmod: number) {
  if (typmod < 0) return { maxLength: null, precision: null, scale: null };
  if (typname === "varchar" || typname === "bpchar")
    return { maxLength: typmod - 4, precision: null, scale: null };
  if (kind === "decimal") {
    return { maxLength: null, precision: ((typmod - 4) >> 16) & 0xffff, scale: (typmod - 4) & 0xffff };
  }
  return { maxLength: null, precision: null, scale: null };
}

/**
 * Loads a table or view from the catalog: its identifier must name a relation in an exposed schema, else
 * ResourceNotFoundError. Everything later spliced into SQL (names, cast types) comes from here.
 */
export async function loadTable(db: Database, s: Settings, entityIdentifier: string): Promise<TableInfo> {
  const { schema, table } = parseEntityIdentifier(entityIdentifier);
  const cond = schemaCondition(s, "$1");
  const { rows: rels } = await db.query<{ oid: number; relkind: string; description: string | null }>(
    `SELECT c.oid::int8 AS oid, c.relkind, obj_description(c.oid, 'pg_class') AS description
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE (${cond.sql}) AND ($1::text[] IS NULL OR TRUE) AND n.nspname = $2 AND c.relname = $3 AND c.relkind IN ${RELKINDS}`,
    [cond.value, schema, table],
  );
  const rel = rels[0];
  if (!rel)
    throw new ConnectorError(
      "ResourceNotFoundError",
      `No table or view ${entityIdentifier} in the exposed schemas`,
    );
  const oid = String(rel.oid);
  const { rows } = await db.query<ColumnRow>(
    `SELECT a.attname AS name, bt.typname, bt.typcategory,
            format_type(CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE a.atttypid END, -1) AS cast_type,
            format_type(a.atttypid, a.atttypmod) AS type_label,
            (CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END) AS typmod,
            (a.attnotnull OR (t.typtype = 'd' AND t.typnotnull)) AS notnull,
            pg_get_expr(d.adbin, d.adrelid) AS default_expr, a.attidentity::text AS identity,
            a.attgenerated::text AS generated, col_description(a.attrelid, a.attnum) AS description
     FROM pg_attribute a
     JOIN pg_type t ON t.oid = a.atttypid
     JOIN pg_type bt ON bt.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE a.atttypid END
     LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
     WHERE a.attrelid = $1::oid AND a.attnum > 0 AND NOT a.attisdropped
     ORDER BY a.attnum`,
    [oid],
  );
  const columns: ColumnInfo[] = rows.map((r) => {
    const kind = kindOf(r.typname, r.typcategory);
    return {
      name: r.name,
      kind,
      castType: r.cast_type,
      typeLabel: r.type_label,
      notNull: r.notnull,
      defaultExpr: r.default_expr,
      generated: r.identity === "a" || (r.generated !== "" && r.generated !== "\u0000"),
      ...modifiers(kind, r.typname, Number(r.typmod)),
      description: r.description,
      textual: TEXTUAL.has(r.typname),
    };
  });
  const { rows: keys } = await db.query<{ cols: string[] | string; primary: boolean; all_not_null: boolean }>(
    `SELECT to_json(array_agg(a.attname ORDER BY k.ord))::text AS cols, i.indisprimary AS primary,
            bool_and(a.attnotnull) AS all_not_null
     FROM pg_index i
     CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
     JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
     WHERE i.indrelid = $1::oid AND i.indisunique AND i.indpred IS NULL AND i.indexprs IS NULL AND i.indisvalid
     GROUP BY i.indexrelid, i.indisprimary
     ORDER BY i.indisprimary DESC, i.indexrelid`,
    [oid],
  );
  const parsedKeys = keys.map((k) => ({
    cols: (typeof k.cols === "string" ? JSON.parse(k.cols) : k.cols) as string[],
    primary: k.primary,
    allNotNull: k.all_not_null,
  }));
  const primaryKey = parsedKeys.find((k) => k.primary)?.cols ?? [];
  const pagingKey = primaryKey.length > 0 ? primaryKey : parsedKeys.find((k) => k.allNotNull)?.cols;
  const paging: Paging = pagingKey
    ? { by: "key", columns: pagingKey }
    : { by: CTID_UNIQUE.has(rel.relkind) ? "ctid" : "offset" };
  return {
    schema,
    name: table,
    entityIdentifier: entityIdentifierOf(schema, table),
    relkind: rel.relkind,
    writable: WRITABLE.has(rel.relkind),
    columns,
    byName: new Map(columns.map((c) => [c.name, c])),
    primaryKey,
    uniqueKeys: parsedKeys.map((k) => k.cols),
    paging,
    description: rel.description,
  };
}

const NUMBER_KINDS = new Set<ValueKind>(["short", "integer", "long", "decimal", "float", "double"]);

const INT_RANGES: Partial<Record<ValueKind, [number, number]>> = {
  short: [-32768, 32767],
  integer: [-2147483648, 2147483647],
};

function fieldOf(table: TableInfo, c: ColumnInfo): FieldDefinition {
  const inPk = table.primaryKey.includes(c.name);
  const keyColumn = table.uniqueKeys.some((k) => k.includes(c.name));
  const timestamp = c.kind === "date" || c.kind === "datetime";
  const queryable = c.kind !== "bytes" && c.kind !== "json";
  const range = INT_RANGES[c.kind];
  const decimalMax =
    c.precision !== null && c.scale !== null ? 10 ** (c.precision - c.scale) - 10 ** -c.scale : null;
  const customProperties: Record<string, string> = { postgresType: c.typeLabel };
  if (c.precision !== null) customProperties["precision"] = String(c.precision);
  if (c.scale !== null) customProperties["scale"] = String(c.scale);
  const filterOperators: ConnectorOperator[] | null = NUMBER_KINDS.has(c.kind)
    ? [...DEFAULT_FILTER_OPERATORS[DATA_TYPE_OF[c.kind]], "BETWEEN"]
    : c.kind === "text" && !c.textual
      ? ["EQUAL_TO", "NOT_EQUAL_TO"]
      : null;
  const writeOps: WriteOperationType[] = keyColumn ? ["UPDATE", "UPSERT", "DELETE"] : [];
  return {
    fieldName: c.name,
    dataType: DATA_TYPE_OF[c.kind],
    dataTypeLabel: c.typeLabel,
    label: c.name,
    description: c.description ?? `${c.typeLabel}${inPk ? ", primary key" : ""}`,
    isPrimaryKey: inPk,
    defaultValue: c.defaultExpr,
    constraints: {
      allowedLengthRange: c.maxLength !== null ? { minRange: 0, maxRange: c.maxLength } : null,
      allowedValueRange: range
        ? { minRange: range[0], maxRange: range[1] }
        : decimalMax !== null
          ? { minRange: -decimalMax, maxRange: decimalMax }
          : null,
    },
    readProperties: {
      isRetrievable: true,
      isNullable: !c.notNull,
      isQueryable: queryable,
      isTimestampFieldForIncrementalQueries: timestamp,
    },
    writeProperties: table.writable
      ? {
          isCreatable: !c.generated,
          isUpdatable: !c.generated && !inPk,
          isNullable: !c.notNull,
          isUpsertable: !c.generated,
          isDefaultedOnCreate: c.defaultExpr !== null || c.generated,
          supportedWriteOperations: writeOps,
        }
      : null,
    filterOperators,
    customProperties,
  };
}

/** The entity definition of a table or view, read from the catalog. Views are not writable. */
export function entityDefinitionOf(table: TableInfo): EntityDefinition {
  return {
    entity: {
      entityIdentifier: table.entityIdentifier,
      hasNestedEntities: false,
      isWritable: table.writable,
      label: table.name,
      description: table.description ?? `${table.writable ? "Table" : "View"} ${table.schema}.${table.name}`,
    },
    fields: table.columns.map((c) => fieldOf(table, c)),
    customProperties: {
      schema: table.schema,
      relkind: table.relkind,
      primaryKey: JSON.stringify(table.primaryKey),
      pagingKey: table.paging.by === "key" ? JSON.stringify(table.paging.columns) : table.paging.by,
    },
  };
}
