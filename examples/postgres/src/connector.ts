import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import {
  type ConnectorContext,
  ConnectorError,
  type DataRecord,
  defineConnector,
  type RecordPage,
} from "connector-kit";
import { entityDefinitionOf, listEntities, loadTable, type TableInfo } from "./catalog.js";
import { type Database, openDatabase, probeServer } from "./database.js";
import { seedDemo } from "./demo-data.js";
import { errorCodeOf, sqlStateOf, toConnectorError } from "./errors.js";
import { queryPages, retrieveRecords } from "./query.js";
import {
  CONNECTION_URL_AUTH,
  type ConnectionConfig,
  connectionConfig,
  dataDirProblem,
  schemaFilterOf,
  settings,
} from "./settings.js";
import { cachedTable, freshTable, mayBeStale, withTable } from "./table-cache.js";
import { writeRecords } from "./write.js";

type Ctx = ConnectorContext<typeof settings>;

/** Runs `fn`, turning driver errors (pg, PGlite, sockets) into ConnectorErrors with the right code. */
async function mapped<T>(doing: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw toConnectorError(error, doing);
  }
}

/** Embedded data directories checked by `open` in this process. */
const checkedDataDirs = new Set<string>();

/**
 * Opens the database of a configuration. An embedded data directory (already confined to the data root) gets its
 * parents made (PGlite makes only the last level), and must be new, empty or a PostgreSQL data directory:
 * PGlite would create a cluster inside any other directory of the root.
 */
function open(config: ConnectionConfig): Promise<Database> {
  const dir = config.kind === "embedded" ? config.dataDir : "memory://";
  if (!dir.startsWith("memory://") && !checkedDataDirs.has(dir)) {
    mkdirSync(dirname(dir), { recursive: true });
    if (existsSync(dir) && !existsSync(join(dir, "PG_VERSION")) && readdirSync(dir).length > 0) {
      throw ConnectorError.invalidArgument(
        "dataDir names a directory that holds something other than a PostgreSQL database",
      );
    }
    checkedDataDirs.add(dir);
  }
  return openDatabase(config);
}

/** Databases the demo tables were made in (or found in), so the check runs once per database and process. */
const seeded = new WeakMap<Database, Promise<void>>();

/** Creates the demo tables in an embedded database that has no `public.customers` (the `demoData` setting). */
function ensureDemoData(db: Database): Promise<void> {
  let done = seeded.get(db);
  if (!done) {
    done = db
      .query<{ t: string | null }>("SELECT to_regclass('public.customers')::text AS t")
      .then(({ rows }) =>
        rows[0]?.t ? undefined : db.transaction((tx) => seedDemo(tx, { replace: false })),
      );
    seeded.set(db, done);
    done.catch(() => seeded.delete(db));
  }
  return done;
}

/** The database of this call's settings and credentials (opened once per process and configuration). */
function databaseOf(ctx: Ctx): Promise<Database> {
  return mapped("connect to PostgreSQL", async () => {
    const config = connectionConfig(ctx.settings, ctx.credentials);
    const db = await open(config);
    if (config.kind === "embedded" && ctx.settings.demoData === true) await ensureDemoData(db);
    return db;
  });
}

async function* mappedPages(pages: AsyncGenerator<RecordPage>): AsyncGenerator<RecordPage> {
  try {
    yield* pages;
  } catch (error) {
    throw toConnectorError(error, "query PostgreSQL");
  }
}

async function missingSchemas(db: Database, names: string[] | null): Promise<string[]> {
  if (names === null) return [];
  const { rows } = await db.query<{ nspname: string }>(
    "SELECT nspname FROM pg_namespace WHERE nspname = ANY($1::text[])",
    [names],
  );
  const found = new Set(rows.map((r) => r.nspname));
  return names.filter((n) => !found.has(n));
}

/**
 * The PostgreSQL connector: tables and views of the exposed schemas as entities, keyset-paged queries with
 * AppFlow filters as parameterized SQL, retrieve by ids, INSERT/UPDATE/UPSERT/DELETE with per-record results.
 * Embedded PGlite by default; a server with basic auth or a connection URL.
 */
export const postgresConnector = defineConnector({
  name: "PostgreSQL",
  owner: "connector-kit",
  version: "1.0.0",
  description: "Tables and views of a PostgreSQL database (or an embedded PGlite one)",
  auth: {
    basic: true,
    custom: [
      {
        authenticationType: CONNECTION_URL_AUTH,
        authParameters: [
          {
            key: "connectionUrl",
            required: true,
            label: "Connection URL",
            description: "postgres://user:password@host:5432/database?sslmode=verify-full",
            sensitiveField: true,
          },
        ],
      },
    ],
  },
  settings,
  metadataCacheSeconds: 600,

  async validateCredentials(ctx) {
    const config = connectionConfig(ctx.settings, ctx.credentials);
    if (config.kind === "embedded") {
      const db = await databaseOf(ctx);
      await mapped("query the embedded database", () => db.query("SELECT 1"));
      return;
    }
    await mapped("connect to PostgreSQL", () => probeServer(config));
  },

  async validateSettings(ctx, scope): Promise<Record<string, string> | undefined> {
    if (scope !== "CONNECTOR_PROFILE") return undefined;
    if ((ctx.settings.mode ?? "embedded") === "embedded") {
      const problem = dataDirProblem(ctx.settings.dataDir || "memory://");
      if (problem !== null) return { dataDir: problem };
    }
    const config = connectionConfig(ctx.settings, null);
    const schemas = schemaFilterOf(ctx.settings);
    if (config.kind === "embedded") {
      let db: Database;
      try {
        db = await open(config);
      } catch (error) {
        return {
          dataDir: `The data directory cannot be opened: ${error instanceof Error ? error.message : error}`,
        };
      }
      const missing = await missingSchemas(db, schemas);
      return missing.length > 0 ? { schemaFilter: `No schema named ${missing.join(", ")}` } : undefined;
    }
    // No credentials travel with this request: connect without a password to prove the server is there
    // (reachable, speaking PostgreSQL, TLS as configured). Refused authentication is the expected outcome.
    try {
      await probeServer({ ...config, user: "appflow_settings_probe", password: "" });
    } catch (error) {
      const code = errorCodeOf(error);
      const message = error instanceof Error ? error.message : String(error);
      if (sqlStateOf(error) === "3D000") return { database: "No such database" };
      if (code === "InvalidCredentials" || /password/i.test(message)) return undefined;
      if (code === "InvalidArgument" && /SSL|certificate/i.test(message)) return { sslMode: message };
      throw toConnectorError(error, "reach the PostgreSQL server");
    }
    return undefined;
  },

  async listEntities(ctx, input) {
    const db = await databaseOf(ctx);
    return mapped("list entities", () =>
      listEntities(db, ctx.settings, input.path, input.nextToken, input.maxResults),
    );
  },

  async describeEntity(ctx, entityIdentifier) {
    const db = await databaseOf(ctx);
    // Always read from the catalog (the SDK caches definitions for metadataCacheSeconds); kept for queries.
    return entityDefinitionOf(
      await mapped("describe the entity", () => freshTable(db, ctx.settings, entityIdentifier)),
    );
  },

  async *query(ctx, input, upstreamToken) {
    const db = await databaseOf(ctx);
    const options = {
      fields: input.fields,
      filterExpression: input.filterExpression,
      pageSize: input.pageSize,
      limit: input.limit,
    };
    const { table, cached } = await mapped("describe the entity", () =>
      cachedTable(db, ctx.settings, input.entityIdentifier, (t) =>
        (input.fields ?? []).every((f) => t.byName.has(f)),
      ),
    );
    async function* pages(): AsyncGenerator<RecordPage> {
      let yielded = false;
      try {
        for await (const page of queryPages(db, table, options, upstreamToken)) {
          yielded = true;
          yield page;
        }
      } catch (error) {
        // A description from the cache, older than a change to the table: read it again, once, if nothing
        // was returned yet.
        if (!cached || yielded || !mayBeStale(error)) throw error;
        yield* queryPages(
          db,
          await freshTable(db, ctx.settings, input.entityIdentifier),
          options,
          upstreamToken,
        );
      }
    }
    yield* mappedPages(pages());
  },

  async retrieve(ctx, input) {
    const db = await databaseOf(ctx);
    return mapped("retrieve records", async () => {
      const table = await loadTable(db, ctx.settings, input.entityIdentifier);
      return retrieveRecords(db, table, input.fields, input.idFieldName, input.ids);
    });
  },

  async write(ctx, input) {
    const db = await databaseOf(ctx);
    return mapped("write records", async () => {
      const options = {
        operation: input.operation,
        idFieldNames: input.idFieldNames,
        allOrNone: input.allOrNone,
      };
      return withTable(
        db,
        ctx.settings,
        input.entityIdentifier,
        (table) => writeRecords(db, table, options, input.records),
        (table) => input.records.every((r) => fieldsKnown(table, r)),
      );
    });
  },
});

/** Whether every field of `record` is a column of `table` (a loop over its keys, without a list of them). */
function fieldsKnown(table: TableInfo, record: DataRecord): boolean {
  for (const field in record) if (Object.hasOwn(record, field) && !table.byName.has(field)) return false;
  return true;
}
