import { isConnectorError } from "connector-kit";
import { loadTable, type TableInfo } from "./catalog.js";
import type { Database } from "./database.js";
import { sqlStateOf } from "./errors.js";
import { type Settings, schemaFilterOf } from "./settings.js";

/**
 * How long queries and writes reuse a table's catalog description, in milliseconds. Default: 5,000. A flow calls
 * page after page and batch after batch; reading the catalog for each call (three statements) cost a
 * PostgreSQL → PostgreSQL flow a third of its time.
 */
export const TABLE_CACHE_MS = 5_000;

interface Entry {
  table: Promise<TableInfo>;
  at: number;
}

/** Per database handle (one per configuration, see `openDatabase`): entity and schema filter → description. */
const caches = new WeakMap<Database, Map<string, Entry>>();

function keyOf(settings: Settings, entityIdentifier: string): string {
  return JSON.stringify([schemaFilterOf(settings), entityIdentifier]);
}

function cacheOf(db: Database): Map<string, Entry> {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  return cache;
}

/** Reads a table's description from the catalog and keeps it for {@link TABLE_CACHE_MS}. */
export function freshTable(db: Database, settings: Settings, entityIdentifier: string): Promise<TableInfo> {
  const cache = cacheOf(db);
  const key = keyOf(settings, entityIdentifier);
  const table = loadTable(db, settings, entityIdentifier);
  const entry = { table, at: Date.now() };
  cache.set(key, entry);
  // A failed read (no such table) is not kept.
  table.catch(() => {
    if (cache.get(key) === entry) cache.delete(key);
  });
  return table;
}

/**
 * A failure that may come from a description older than a change to the table (DDL within the cache's
 * lifetime): an error in the SQL built from it (SQLSTATE class 42 but a missing privilege: an undefined
 * column or table, no unique index for ON CONFLICT…), a cached plan whose result type changed (0A000), or a
 * request the description refused (InvalidArgument: an unknown field, a key that is not unique).
 */
export function mayBeStale(error: unknown): boolean {
  if (isConnectorError(error)) return error.code === "InvalidArgument";
  const state = sqlStateOf(error);
  return state !== undefined && ((state.startsWith("42") && state !== "42501") || state === "0A000");
}

/**
 * A table's description: from the cache when it is younger than {@link TABLE_CACHE_MS} and `fits` it (a
 * field the request names that it lacks may be a column added since), else read now. `cached` says which.
 */
export async function cachedTable(
  db: Database,
  settings: Settings,
  entityIdentifier: string,
  fits: (table: TableInfo) => boolean = () => true,
): Promise<{ table: TableInfo; cached: boolean }> {
  const entry = cacheOf(db).get(keyOf(settings, entityIdentifier));
  if (entry && Date.now() - entry.at <= TABLE_CACHE_MS) {
    const table = await entry.table.catch(() => null);
    if (table && fits(table)) return { table, cached: true };
  }
  return { table: await freshTable(db, settings, entityIdentifier), cached: false };
}

/**
 * Runs `fn` with a table's description (see {@link cachedTable}). When `fn` fails in a way a stale description
 * explains (see {@link mayBeStale}) and the description came from the cache, it is read again and `fn` runs
 * once more; `fn` must be safe to run again after it failed (a write is one transaction, rolled back when it
 * throws).
 */
export async function withTable<T>(
  db: Database,
  settings: Settings,
  entityIdentifier: string,
  fn: (table: TableInfo) => Promise<T>,
  fits?: (table: TableInfo) => boolean,
): Promise<T> {
  const { table, cached } = await cachedTable(db, settings, entityIdentifier, fits);
  try {
    return await fn(table);
  } catch (error) {
    if (!cached || !mayBeStale(error)) throw error;
    return fn(await freshTable(db, settings, entityIdentifier));
  }
}
