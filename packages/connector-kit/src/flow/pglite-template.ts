import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { PGlite } from "@electric-sql/pglite";

function pgliteVersion(): string {
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

/** Where the empty-cluster template is cached. Default: `<os tmp>/connector-kit/pglite-<version>-empty.tar`. */
export function pgliteTemplatePath(cacheDir: string = join(tmpdir(), "connector-kit")): string {
  return join(cacheDir, `pglite-${pgliteVersion()}-empty.tar`);
}

/**
 * Opens (creating when needed) a PGlite database in `dataDir`. A new one is made from a cached dump of an
 * empty cluster instead of running `initdb` each time: initdb costs 4–15 s of WebAssembly, loading the dump
 * about one. The first creation on a machine makes the dump (`pgliteTemplatePath()`).
 */
export async function openPGlite(
  dataDir: string,
  templatePath: string = pgliteTemplatePath(),
): Promise<PGlite> {
  const { PGlite } = await import("@electric-sql/pglite");
  if (existsSync(join(dataDir, "PG_VERSION"))) return PGlite.create(dataDir);
  if (!existsSync(templatePath)) {
    const fresh = await PGlite.create("memory://");
    const dump = await fresh.dumpDataDir("none");
    await fresh.close();
    mkdirSync(dirname(templatePath), { recursive: true });
    const temporary = `${templatePath}.${process.pid}.tmp`;
    writeFileSync(temporary, Buffer.from(await dump.arrayBuffer()));
    renameSync(temporary, templatePath);
  }
  mkdirSync(dataDir, { recursive: true });
  return PGlite.create(dataDir, { loadDataDir: new Blob([readFileSync(templatePath)]) });
}
