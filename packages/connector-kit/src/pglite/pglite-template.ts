import { createHash } from "node:crypto";
import {
  chmodSync,
  closeSync,
  existsSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { type DumpSource, dumpFile, extractDataDir } from "./extract-data-dir.js";

let knownVersion: string | undefined;

/** The installed PGlite's version (read once), or "unknown" when its package.json cannot be found. */
function pgliteVersion(): string {
  knownVersion ??= readPGliteVersion();
  return knownVersion;
}

function readPGliteVersion(): string {
  try {
    const entry = createRequire(import.meta.url).resolve("@electric-sql/pglite");
    let dir = dirname(entry);
    for (let i = 0; i < 4; i++) {
      const file = join(dir, "package.json");
      if (existsSync(file)) {
        const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
        if (pkg.name === "@electric-sql/pglite") return pkg.version ?? "unknown";
      }
      dir = dirname(dir);
    }
  } catch {}
  return "unknown";
}

/**
 * The per-user cache directory of connector-kit: `$CONNECTOR_KIT_CACHE_DIR`, else `$XDG_CACHE_HOME/connector-kit`,
 * else `%LOCALAPPDATA%\connector-kit` on Windows, else `~/.cache/connector-kit`. Never the shared temp
 * directory, where another user could plant a file first.
 */
export function connectorKitCacheDir(
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  if (env["CONNECTOR_KIT_CACHE_DIR"]) return env["CONNECTOR_KIT_CACHE_DIR"];
  if (env["XDG_CACHE_HOME"]) return join(env["XDG_CACHE_HOME"], "connector-kit");
  if (process.platform === "win32" && env["LOCALAPPDATA"]) return join(env["LOCALAPPDATA"], "connector-kit");
  return join(homedir(), ".cache", "connector-kit");
}

/**
 * Where the empty-cluster template is cached. Default: `<connectorKitCacheDir()>/pglite-<version>-empty.tar`,
 * `version` defaulting to the installed PGlite's.
 */
export function pgliteTemplatePath(
  cacheDir: string = connectorKitCacheDir(),
  version: string = pgliteVersion(),
): string {
  return join(cacheDir, `pglite-${version}-empty.tar`);
}

/**
 * The cached template's path, or null (no cache) when PGlite's version cannot be told, as inside a bundle:
 * bundles of different PGlite versions would otherwise share one template, and a cluster an older version
 * made does not start on a newer one. `version`: default, the installed PGlite's.
 */
export function defaultTemplatePath(version: string = pgliteVersion()): string | null {
  return version === "unknown" ? null : pgliteTemplatePath(connectorKitCacheDir(), version);
}

const uid = () => process.getuid?.() ?? null;

/** True when `path` is ours and nobody else can write it (POSIX; elsewhere the OS's ACLs decide). */
function isPrivate(path: string, kind: "dir" | "file"): boolean {
  const info = lstatSync(path);
  if (kind === "dir" ? !info.isDirectory() : !info.isFile()) return false; // a symlink is refused too
  const me = uid();
  if (me === null) return true;
  return info.uid === me && (info.mode & 0o022) === 0;
}

/** Creates the cache directory (0700) or checks an existing one; false when it must not be trusted. */
function usableCacheDir(dir: string): boolean {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const info = lstatSync(dir);
    const me = uid();
    if (!info.isDirectory() || (me !== null && info.uid !== me)) return false;
    if (me !== null && (info.mode & 0o077) !== 0) chmodSync(dir, 0o700); // ours, but readable by others
    return isPrivate(dir, "dir");
  } catch {
    return false;
  }
}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** The checksum recorded beside the template, when the template and its checksum file are ours and private. */
function recordedHash(templatePath: string): string | null {
  if (!isPrivate(templatePath, "file") || !isPrivate(`${templatePath}.sha256`, "file")) return null;
  return readFileSync(`${templatePath}.sha256`, "utf8").trim();
}

/**
 * The cached template, open, if it is ours, private and matches its checksum (read a piece at a time, as it
 * is extracted after: never held whole in memory); else null. The caller closes `fd`.
 */
function openTemplate(templatePath: string): { fd: number; dump: DumpSource } | null {
  let fd: number | null = null;
  try {
    const expected = recordedHash(templatePath);
    if (expected === null) return null;
    fd = openSync(templatePath, "r");
    const dump = dumpFile(fd);
    const hash = createHash("sha256");
    for (let at = 0; at < dump.size; at += HASH_CHUNK) hash.update(dump.read(at, HASH_CHUNK));
    if (hash.digest("hex") === expected) return { fd, dump };
  } catch {}
  if (fd !== null) closeSync(fd);
  return null;
}

/** Bytes hashed at once while checking the template. */
const HASH_CHUNK = 1024 * 1024;

/** A dump of a fresh empty cluster (runs initdb: 4–15 s), cached at `templatePath` when that is safe. */
async function makeTemplate(templatePath: string | null): Promise<Uint8Array> {
  const { PGlite } = await import("@electric-sql/pglite");
  const fresh = await PGlite.create("memory://");
  const dump = await fresh.dumpDataDir("none");
  await fresh.close();
  const bytes = new Uint8Array(await dump.arrayBuffer());
  if (templatePath !== null && usableCacheDir(dirname(templatePath))) {
    try {
      const suffix = `${process.pid}.${Date.now()}.tmp`;
      writeFileSync(`${templatePath}.${suffix}`, bytes, { mode: 0o600 });
      writeFileSync(`${templatePath}.sha256.${suffix}`, `${sha256(bytes)}\n`, { mode: 0o600 });
      renameSync(`${templatePath}.${suffix}`, templatePath);
      renameSync(`${templatePath}.sha256.${suffix}`, `${templatePath}.sha256`);
    } catch {
      // A cache that cannot be written only costs time.
    }
  }
  return bytes;
}

/** Relations outside the system schemas: an empty cluster has none. */
async function userRelations(db: PGlite): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
     WHERE s.nspname NOT IN ('pg_catalog', 'information_schema') AND s.nspname NOT LIKE 'pg\\_toast%'
       AND s.nspname NOT LIKE 'pg\\_temp%'`,
  );
  return rows[0]?.n ?? 0;
}

/**
 * The tar dump of an empty PGlite cluster, as the per-user cache holds it (made by one initdb and cached when
 * missing, on the terms of `openPGlite`). `templatePath: null` never caches.
 */
export async function emptyClusterDump(
  templatePath: string | null = defaultTemplatePath(),
): Promise<Uint8Array> {
  return (templatePath === null ? null : readTemplate(templatePath)) ?? makeTemplate(templatePath);
}

/**
 * The cached template, whole, on the terms of `openTemplate`: read once and hashed in memory (each read of
 * the 40 MB file cost about 0.15 s on a 2-core VM), for a caller that needs it whole anyway.
 */
function readTemplate(templatePath: string): Uint8Array | null {
  try {
    const expected = recordedHash(templatePath);
    if (expected === null) return null;
    const bytes = readFileSync(templatePath);
    return sha256(bytes) === expected ? bytes : null;
  } catch {
    return null;
  }
}

/**
 * Opens (creating when needed) a PGlite database in `dataDir`. A new one is made from a cached dump of an
 * empty cluster instead of running `initdb` each time: initdb costs 4–15 s of WebAssembly; the dump is written
 * out with Node's file calls (`extractDataDir`, all-zero pages left as holes) and opened in well under a
 * second. The dump lives in the per-user cache (`defaultTemplatePath()`, directory 0700): it is used only when
 * it and its directory belong to this user and nobody else can write them, and when it matches its SHA-256
 * file; a database loaded from it must hold no table. Anything else is made afresh (and re-cached).
 * `templatePath: null` never caches. `serverSettings` (default: none) are PostgreSQL settings (`name=value`)
 * the database starts with, after PGlite's own.
 */
export async function openPGlite(
  dataDir: string,
  templatePath: string | null = defaultTemplatePath(),
  serverSettings: readonly string[] = [],
): Promise<PGlite> {
  const { PGlite } = await import("@electric-sql/pglite");
  const startParams = [...PGlite.defaultStartParams, ...serverSettings.flatMap((s) => ["-c", s])];
  if (existsSync(join(dataDir, "PG_VERSION"))) return PGlite.create(dataDir, { startParams });
  mkdirSync(dataDir, { recursive: true });
  const before = new Set(readdirSync(dataDir));
  const discardNew = () => {
    for (const name of readdirSync(dataDir)) {
      if (!before.has(name)) rmSync(join(dataDir, name), { recursive: true, force: true });
    }
  };
  const open = async (dump: Uint8Array | DumpSource) => {
    try {
      extractDataDir(dump, dataDir);
    } catch {
      // Not a dump this reader takes: PGlite loads it itself (slower).
      discardNew();
      const bytes = dump instanceof Uint8Array ? dump : dump.read(0, dump.size);
      return PGlite.create(dataDir, { loadDataDir: new Blob([bytes]), startParams });
    }
    return PGlite.create(dataDir, { startParams });
  };
  const cached = templatePath === null ? null : openTemplate(templatePath);
  if (cached) {
    let db: PGlite;
    try {
      db = await open(cached.dump);
    } finally {
      closeSync(cached.fd);
    }
    if ((await userRelations(db)) === 0) return db;
    // Not an empty cluster: discard what it wrote and start from a dump made here.
    await db.close();
    discardNew();
  }
  return open(await makeTemplate(templatePath));
}
