import { emptyClusterDump, openPGlite } from "./pglite-template.js";

// In a file of its own so that the public declarations never reference PGlite's types, which do not type-check
// without `skipLibCheck`.

/**
 * Creates an empty PGlite data directory at `dataDir` from the cached template (no initdb), or leaves an
 * existing one as it is.
 */
export async function createPGliteDataDir(dataDir: string): Promise<void> {
  await (await openPGlite(dataDir)).close();
}

/**
 * An empty PGlite cluster to start an in-memory database from, instead of running initdb in each process:
 * `await PGlite.create({ loadDataDir: await emptyPGliteCluster() })` started in 1.7 s (median, in a fresh
 * process on a 2-core machine; `npm run bench -- pglite-start`) where `new PGlite()` took 3.6 s. It is read
 * from the per-user cache (`$CONNECTOR_KIT_CACHE_DIR`, else `$XDG_CACHE_HOME/connector-kit`, else
 * `~/.cache/connector-kit`) when the file is this user's, nobody else can write it and it matches its SHA-256
 * file; otherwise it is made by one initdb and cached for the next process. Where the cache cannot be written
 * (Lambda) or PGlite's version cannot be told (inside a bundle), each process makes its own, no slower than
 * `new PGlite()`. Unlike the directories of `createPGliteDataDir`, a database started from it is not then
 * checked for tables: code whose decisions rest on starting empty (as a flow's saved state does) should check,
 * or use a data directory.
 */
export async function emptyPGliteCluster(): Promise<Blob> {
  return new Blob([await emptyClusterDump()]);
}
