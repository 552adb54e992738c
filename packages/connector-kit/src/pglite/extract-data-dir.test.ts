import { closeSync, existsSync, openSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { describe, expect, it } from "vitest";
import { makeTempDir } from "../test-support/temp-dir.js";
import { dumpFile, extractDataDir } from "./extract-data-dir.js";

/** One ustar header block for a regular file (type "0") or a directory ("5"). */
function header(name: string, size: number, type: "0" | "5"): Uint8Array {
  const block = new Uint8Array(512);
  const put = (text: string, at: number) => block.set(Buffer.from(text, "utf8"), at);
  put(name, 0);
  put("0000600\0", 100);
  put(`${size.toString(8).padStart(11, "0")}\0`, 124);
  put(type, 156);
  put("ustar\0", 257);
  return block;
}

function tarOf(entries: { name: string; data?: Uint8Array }[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const e of entries) {
    parts.push(header(e.name, e.data?.length ?? 0, e.data ? "0" : "5"));
    if (e.data) {
      parts.push(e.data);
      parts.push(new Uint8Array((512 - (e.data.length % 512)) % 512));
    }
  }
  parts.push(new Uint8Array(1024));
  return Buffer.concat(parts);
}

describe("extractDataDir", () => {
  it("writes PGlite's dump as a data directory PGlite opens, with what was in it", async () => {
    const source = await PGlite.create("memory://");
    await source.exec("CREATE TABLE kept (id int); INSERT INTO kept VALUES (7), (8);");
    const dump = new Uint8Array(await (await source.dumpDataDir("none")).arrayBuffer());
    await source.close();
    const dir = join(makeTempDir("ck-extract-"), "db");
    extractDataDir(dump, dir);
    expect(statSync(join(dir, "pg_wal", "000000010000000000000001")).size).toBe(16 * 1024 * 1024);
    const db = await PGlite.create(dir);
    try {
      expect((await db.query("SELECT id FROM kept ORDER BY id")).rows).toEqual([{ id: 7 }, { id: 8 }]);
    } finally {
      await db.close();
    }
  }, 60_000);

  it("keeps contents exactly, zero pages included, and refuses entries that would leave the directory", () => {
    const data = new Uint8Array(3 * 8192);
    data[8192 + 5] = 42; // one non-zero byte in the middle page
    const dir = join(makeTempDir("ck-extract-"), "db");
    extractDataDir(tarOf([{ name: "/base" }, { name: "/base/1", data }]), dir);
    expect(new Uint8Array(readFileSync(join(dir, "base", "1")))).toEqual(data);
    for (const name of ["../evil", "/base/../../evil", "base/../../evil"]) {
      expect(() => extractDataDir(tarOf([{ name, data: new Uint8Array([1]) }]), join(dir, "other"))).toThrow(
        /Unexpected entry/,
      );
    }
    expect(existsSync(join(dir, "..", "evil"))).toBe(false);
  });
  it("reads a dump from its file a piece at a time, with the same result, and refuses one cut short", () => {
    // A file of three 1 MB chunks and a bit, with non-zero bytes on both sides of each chunk's edge.
    const data = new Uint8Array(3 * 1024 * 1024 + 100);
    for (const at of [0, 1024 * 1024 - 1, 1024 * 1024, 2 * 1024 * 1024 + 8191, data.length - 1]) data[at] = 7;
    const tar = tarOf([
      { name: "/base" },
      { name: "/base/1", data },
      { name: "/base/2", data: data.subarray(0, 9) },
    ]);
    const root = makeTempDir("ck-extract-file-");
    const withFile = (bytes: Uint8Array, dir: string) => {
      writeFileSync(join(root, "dump.tar"), bytes);
      const fd = openSync(join(root, "dump.tar"), "r");
      try {
        extractDataDir(dumpFile(fd), join(root, dir));
      } finally {
        closeSync(fd);
      }
    };
    withFile(tar, "db");
    expect(readFileSync(join(root, "db", "base", "1")).equals(data)).toBe(true); // toEqual walks 3 MB slowly
    expect(new Uint8Array(readFileSync(join(root, "db", "base", "2")))).toEqual(data.subarray(0, 9));
    expect(() => withFile(tar.subarray(0, 512 * 2 + 2 * 1024 * 1024), "cut")).toThrow(/ends inside base\/1/);
  });
});
