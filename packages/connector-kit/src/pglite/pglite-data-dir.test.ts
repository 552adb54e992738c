import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { afterEach, describe, expect, it } from "vitest";
import { makeTempDir } from "../test-support/temp-dir.js";
import { emptyPGliteCluster } from "./pglite-data-dir.js";
import { pgliteTemplatePath } from "./pglite-template.js";

const userTables = async (db: PGlite) =>
  (
    await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')",
    )
  ).rows[0]!.n;

const saved = process.env["CONNECTOR_KIT_CACHE_DIR"];
afterEach(() => {
  if (saved === undefined) delete process.env["CONNECTOR_KIT_CACHE_DIR"];
  else process.env["CONNECTOR_KIT_CACHE_DIR"] = saved;
});

describe("emptyPGliteCluster", () => {
  it("starts an empty in-memory database that works, each process from the cache", async () => {
    const first = await PGlite.create({ loadDataDir: await emptyPGliteCluster() });
    try {
      expect(await userTables(first)).toBe(0);
      await first.exec("CREATE TABLE t (id int PRIMARY KEY, name text); INSERT INTO t VALUES (1, 'a')");
      expect((await first.query<{ name: string }>("SELECT name FROM t WHERE id = $1", [1])).rows).toEqual([
        { name: "a" },
      ]);
    } finally {
      await first.close();
    }
    // What one database did stays in it: the next starts empty again (the cache is read, never written back).
    const second = await PGlite.create({ loadDataDir: await emptyPGliteCluster() });
    try {
      expect(await userTables(second)).toBe(0);
    } finally {
      await second.close();
    }
  }, 180_000);

  it("does not use a cached cluster that fails its checksum: it makes one and caches that instead", async () => {
    const cache = join(makeTempDir("ck-pglite-cache-"), "cache");
    mkdirSync(cache, { mode: 0o700 });
    process.env["CONNECTOR_KIT_CACHE_DIR"] = cache;
    const template = pgliteTemplatePath();
    expect(template.startsWith(cache)).toBe(true);
    writeFileSync(template, "not a dump", { mode: 0o600 });
    writeFileSync(`${template}.sha256`, "0".repeat(64), { mode: 0o600 });

    const db = await PGlite.create({ loadDataDir: await emptyPGliteCluster() });
    try {
      expect(await userTables(db)).toBe(0);
    } finally {
      await db.close();
    }
    const bytes = readFileSync(template);
    expect(bytes.length).toBeGreaterThan(1_000_000);
    expect(readFileSync(`${template}.sha256`, "utf8").trim()).toBe(
      createHash("sha256").update(bytes).digest("hex"),
    );
    expect(statSync(template).mode & 0o077).toBe(0);
  }, 180_000);
});
