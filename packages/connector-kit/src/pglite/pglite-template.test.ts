/**
 * The empty-cluster template is trusted only when it is the user's own, private and intact: a template planted
 * with a state (a 2099 watermark) or kept in a directory another user owns is never loaded.
 */
import { chownSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeTempDir as tempDir } from "../test-support/temp-dir.js";
import {
  connectorKitCacheDir,
  defaultTemplatePath,
  openPGlite,
  pgliteTemplatePath,
} from "./pglite-template.js";

const tables = async (dataDir: string) => {
  const db = await openPGlite(dataDir, null);
  try {
    const { rows } = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')",
    );
    return rows[0]!.n;
  } finally {
    await db.close();
  }
};

/** A dump of a cluster holding a `watermarks` table with a 2099 watermark: what an attacker would plant. */
async function plantedDump(): Promise<Uint8Array> {
  const db = await openPGlite(join(tempDir("ck-template-src-"), "db"));
  try {
    await db.exec(
      "CREATE TABLE watermarks (flow text PRIMARY KEY, value text); INSERT INTO watermarks VALUES ('f', '2099-01-01T00:00:00.000Z')",
    );
    return new Uint8Array(await (await db.dumpDataDir("none")).arrayBuffer());
  } finally {
    await db.close();
  }
}

describe("the PGlite template", () => {
  it("lives in the per-user cache, never the shared temp directory", () => {
    expect(connectorKitCacheDir({ XDG_CACHE_HOME: "/home/u/.cache" })).toBe("/home/u/.cache/connector-kit");
    expect(connectorKitCacheDir({ CONNECTOR_KIT_CACHE_DIR: "/x" })).toBe("/x");
    expect(pgliteTemplatePath("/x")).toMatch(/^\/x\/pglite-.+-empty\.tar$/);
  });

  it("is not cached when PGlite's version cannot be told (a bundle): versions must never share one", () => {
    expect(defaultTemplatePath("unknown")).toBeNull();
    expect(defaultTemplatePath("0.5.16")).toBe(join(connectorKitCacheDir(), "pglite-0.5.16-empty.tar"));
    // Installed here, the version is known.
    expect(defaultTemplatePath()).toMatch(/pglite-\d+\.\d+\.\d+-empty\.tar$/);
  });

  it("refuses a planted template (even with a matching checksum) and a foreign cache directory", async () => {
    const planted = await plantedDump();
    const { createHash } = await import("node:crypto");
    const cache = join(tempDir("ck-template-cache-"), "cache");
    mkdirSync(cache, { mode: 0o700 });
    const template = pgliteTemplatePath(cache);
    writeFileSync(template, planted, { mode: 0o600 });
    writeFileSync(`${template}.sha256`, createHash("sha256").update(planted).digest("hex"), { mode: 0o600 });

    const fresh = join(tempDir("ck-template-db-"), "db");
    await (await openPGlite(fresh, template)).close();
    expect(await tables(fresh)).toBe(0); // the planted state never reached the new database
    // The cache now holds an honest template, private to this user.
    expect(readFileSync(template).length).not.toBe(planted.length);
    expect(statSync(template).mode & 0o077).toBe(0);

    if (process.getuid?.() === 0) {
      // A cache directory someone else owns is not used at all: not read, not written.
      const foreign = join(tempDir("ck-template-foreign-"), "cache");
      mkdirSync(foreign, { mode: 0o755 });
      const foreignTemplate = pgliteTemplatePath(foreign);
      writeFileSync(foreignTemplate, planted);
      writeFileSync(`${foreignTemplate}.sha256`, createHash("sha256").update(planted).digest("hex"));
      chownSync(foreign, 4242, 4242);
      chownSync(foreignTemplate, 4242, 4242);
      chownSync(`${foreignTemplate}.sha256`, 4242, 4242);
      const other = join(tempDir("ck-template-db-"), "db");
      await (await openPGlite(other, foreignTemplate)).close();
      expect(await tables(other)).toBe(0);
      expect(readFileSync(foreignTemplate).length).toBe(planted.length); // left as it was
      expect(existsSync(`${foreignTemplate}.${process.pid}.tmp`)).toBe(false);
    }
  }, 180_000);
  it("starts the database with the settings asked for, a new one and an existing one alike", async () => {
    const dataDir = join(tempDir("ck-template-settings-"), "db");
    const shown = async () => {
      const db = await openPGlite(dataDir, pgliteTemplatePath(), ["shared_buffers=1MB"]);
      try {
        return (await db.query<{ shared_buffers: string }>("SHOW shared_buffers")).rows[0]!.shared_buffers;
      } finally {
        await db.close();
      }
    };
    expect(await shown()).toBe("1MB"); // made from the template
    expect(await shown()).toBe("1MB"); // opened again
  });
});
