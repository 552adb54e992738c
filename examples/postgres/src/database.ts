import { createHash } from "node:crypto";
import { PGlite, types } from "@electric-sql/pglite";
import pg from "pg";
import { copyIn } from "./copy-in.js";
import type { ConnectionConfig } from "./settings.js";

/** A row as both drivers return it: column alias → value. */
export type Row = Record<string, unknown>;

/** Runs one parameterized statement. Parameters are always values, never SQL text. */
export interface Queryable {
  query<R extends object = Row>(
    sql: string,
    params?: readonly unknown[],
  ): Promise<{ rows: R[]; rowCount: number }>;
  /**
   * Runs `sql`, a `COPY … FROM STDIN` statement, with `data` as its input (COPY's text format) and resolves
   * with the rows copied. Only a server session inside a transaction has it (PGlite has no COPY from a
   * client's stream); writers fall back to statements without it.
   */
  copyFrom?(sql: string, data: Buffer): Promise<number>;
}

/** The connector's whole view of PostgreSQL: statements and transactions, on PGlite or a pg pool. */
export interface Database extends Queryable {
  /** `embedded` (PGlite in this process) or `server` (node-postgres pool). */
  readonly backend: "embedded" | "server";
  /**
   * Runs one statement and resolves with its rows as arrays of values in the select list's order: no object
   * per row keyed by column name, for reads of many rows.
   */
  queryArrays(sql: string, params?: readonly unknown[]): Promise<unknown[][]>;
  /** Runs `fn` in one transaction: committed when it returns, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Every session runs in UTC with ISO dates, so both backends read and write date-times alike. */
const SESSION_SETUP = "SET TimeZone TO 'UTC'; SET DateStyle TO 'ISO, YMD'; SET IntervalStyle TO 'iso_8601'";

/** Statements are cancelled after this long, below AppFlow's 30 s limit. */
export const STATEMENT_TIMEOUT_MS = 25_000;

/**
 * PGlite turns a parameter into text in JavaScript, by its type; its boolean serializer refuses spellings
 * PostgreSQL takes (`tru`, `ye`, `of`: unique prefixes) and fails without a SQLSTATE. Booleans go as text
 * here, for PostgreSQL to parse, as node-postgres sends them and as a `text[]` of a bulk write carries them.
 */
const PGLITE_SERIALIZERS = {
  [types.BOOL]: (value: unknown) => (typeof value === "boolean" ? (value ? "t" : "f") : String(value)),
};

/** `String.prototype.isWellFormed`/`toWellFormed` (Node 20; ES2024, past this project's `lib`). */
type WellFormed = { isWellFormed(): boolean; toWellFormed(): string };

/**
 * A parameter as PGlite must get it: text with no lone surrogate (also inside arrays). PGlite writes a lone
 * surrogate that follows other non-ASCII text as a cut UTF-8 sequence, which PostgreSQL refuses (22021), where
 * node-postgres writes U+FFFD and a server stores that: the differential test of the two backends found it.
 * Text goes to PGlite well-formed, so both backends store the same.
 */
function wellFormed(value: unknown): unknown {
  if (typeof value === "string") {
    const text = value as string & WellFormed;
    return text.isWellFormed() ? value : text.toWellFormed();
  }
  return Array.isArray(value) ? value.map(wellFormed) : value;
}

/** Wraps a PGlite instance (its session set to UTC first). */
export async function pgliteDatabase(db: PGlite): Promise<Database> {
  await db.exec(SESSION_SETUP);
  const run =
    (q: Pick<PGlite, "query">): Queryable["query"] =>
    async <R extends object>(sql: string, params: readonly unknown[] = []) => {
      const result = await q.query<R>(sql, params.map(wellFormed), { serializers: PGLITE_SERIALIZERS });
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    };
  return {
    backend: "embedded",
    query: run(db),
    queryArrays: async (sql, params = []) =>
      (
        await db.query<unknown[]>(sql, params.map(wellFormed), {
          rowMode: "array",
          serializers: PGLITE_SERIALIZERS,
        })
      ).rows,
    transaction: (fn) => db.transaction((tx) => fn({ query: run(tx) })),
    close: () => db.close(),
  };
}

/** Wraps a node-postgres pool. */
export function poolDatabase(pool: pg.Pool): Database {
  const run =
    (q: pg.Pool | pg.PoolClient): Queryable["query"] =>
    async <R extends object>(sql: string, params: readonly unknown[] = []) => {
      const result = await q.query<R>(sql, [...params]);
      return { rows: result.rows, rowCount: result.rowCount ?? result.rows.length };
    };
  return {
    backend: "server",
    query: run(pool),
    queryArrays: async (sql, params = []) =>
      (await pool.query<unknown[]>({ text: sql, values: [...params], rowMode: "array" })).rows,
    async transaction(fn) {
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query("BEGIN");
        const result = await fn({
          query: run(client),
          copyFrom: (sql, data) => copyIn(client, sql, data),
        });
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {
          broken = true;
        });
        throw error;
      } finally {
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}

/** Connection options shared by pools and one-off clients: address, login, TLS per `sslMode`, timeouts. */
function clientConfig(config: Extract<ConnectionConfig, { kind: "server" }>): pg.ClientConfig {
  return {
    host: config.host,
    port: config.port,
    database: config.database,
    user: config.user,
    password: config.password,
    ssl:
      config.sslMode === "disable"
        ? false
        : config.sslMode === "require"
          ? { rejectUnauthorized: false }
          : true,
    connectionTimeoutMillis: config.connectTimeoutMs,
    statement_timeout: STATEMENT_TIMEOUT_MS,
  };
}

/** A node-postgres pool for a server configuration: UTC sessions, statement timeout, TLS per `sslMode`. */
export function createPool(config: Extract<ConnectionConfig, { kind: "server" }>): pg.Pool {
  const pool = new pg.Pool({
    ...clientConfig(config),
    options: "-c TimeZone=UTC -c DateStyle=ISO,YMD -c IntervalStyle=iso_8601",
    max: 4,
    idleTimeoutMillis: 60_000,
    // Idle connections do not keep a process alive (a CLI run ends at once, not 60 s later); a warm Lambda
    // container keeps its pool all the same, as the event loop is frozen, not drained, between events.
    allowExitOnIdle: true,
    application_name: "connector-kit-postgres",
  });
  pool.on("error", () => {}); // an idle client's socket closing must not crash the process
  return pool;
}

/** At most this many databases stay open; the least recently used is closed beyond it. */
const MAX_OPEN = 8;
const open = new Map<string, Promise<Database>>();
/** Closes in progress, by key: a data directory is opened again only once its last instance has closed. */
const closing = new Map<string, Promise<void>>();
/** One handle per open configuration, so callers keep the same object across re-opens. */
const handles = new Map<string, Database>();

function keyOf(config: ConnectionConfig): string {
  return createHash("sha256").update(JSON.stringify(config)).digest("base64url");
}

function closeEntry(key: string, db: Promise<Database>): Promise<void> {
  const done = db
    .then((d) => d.close())
    .catch(() => {})
    .finally(() => {
      if (closing.get(key) === done) closing.delete(key);
    });
  closing.set(key, done);
  return done;
}

/** The open database of `key`, opening it (after any close in progress) when needed. */
function connection(key: string, config: ConnectionConfig): Promise<Database> {
  const existing = open.get(key);
  if (existing) {
    open.delete(key);
    open.set(key, existing);
    return existing;
  }
  const previous = closing.get(key) ?? Promise.resolve();
  const opening = previous.then(() =>
    config.kind === "embedded"
      ? PGlite.create(config.dataDir).then(pgliteDatabase)
      : poolDatabase(createPool(config)),
  );
  open.set(key, opening);
  opening.catch(() => {
    if (open.get(key) === opening) open.delete(key);
  });
  while (open.size > MAX_OPEN) {
    const [oldest, db] = open.entries().next().value as [string, Promise<Database>];
    open.delete(oldest);
    handles.delete(oldest);
    void closeEntry(oldest, db);
  }
  return opening;
}

/**
 * The database for a configuration, opened once and kept for the life of the process (a warm Lambda
 * container reuses its pool or its PGlite instance). The key is a hash: passwords are never kept in clear.
 * The handle stays usable after `closeAllDatabases` (or the module's `dispose`): its next statement opens
 * the database again, so code sharing a database with the connector is not left with a closed one.
 */
export async function openDatabase(config: ConnectionConfig): Promise<Database> {
  const key = keyOf(config);
  const first = await connection(key, config);
  let handle = handles.get(key);
  if (!handle) {
    const current = () => connection(key, config);
    handle = {
      backend: first.backend,
      query: async <R extends object = Row>(sql: string, params?: readonly unknown[]) =>
        (await current()).query<R>(sql, params),
      queryArrays: async (sql, params) => (await current()).queryArrays(sql, params),
      transaction: async (fn) => (await current()).transaction(fn),
      async close() {
        const db = open.get(key);
        open.delete(key);
        if (db) await closeEntry(key, db);
      },
    };
    handles.set(key, handle);
  }
  return handle;
}

/**
 * Closes every database `openDatabase` opened (tests, graceful shutdown, and the module's `dispose`, which
 * the CLI and the flow runner call after their last call): PGlite instances are closed cleanly, pools ended.
 */
export async function closeAllDatabases(): Promise<void> {
  const all = [...open.entries()];
  open.clear();
  handles.clear();
  await Promise.all([...all.map(([key, db]) => closeEntry(key, db)), ...closing.values()]);
}

/** Opens a one-off server connection (no pool), runs `SELECT 1` and closes it: for validation. */
export async function probeServer(config: Extract<ConnectionConfig, { kind: "server" }>): Promise<void> {
  const client = new pg.Client(clientConfig(config));
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query("SELECT 1");
  } finally {
    await client.end().catch(() => {});
  }
}
