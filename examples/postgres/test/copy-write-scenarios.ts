import type { DataRecord, WriteOutcome } from "connector-kit";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadTable, type TableInfo } from "../src/catalog.js";
import { copyData, copyField, DIRECT_BACKOFF } from "../src/copy-write.js";
import { createPool, type Database, poolDatabase, type Queryable } from "../src/database.js";
import { quoteIdent } from "../src/sql-identifiers.js";
import { type WriteOptions, writeRecords } from "../src/write.js";
import { type Backend, type BackendFactory, DEFAULT_SETTINGS } from "./backends.js";

/**
 * A server's database with its COPYs and other statements counted: a spy over the real database (nothing is
 * faked) that passes COPY through, so writes take the COPY path. `reset` also gives a new database handle, so
 * what the writer remembers per handle (a missed direct COPY) starts afresh.
 */
function counting(db: Database) {
  const seen = { copies: 0, statements: 0, direct: 0, stages: 0, refused: 0 };
  const spy = (q: Queryable): Queryable => ({
    query: (sql, params) => {
      if (sql.startsWith("CREATE TEMPORARY")) seen.stages++;
      if (
        !/^(SAVEPOINT|RELEASE|ROLLBACK|CREATE TEMPORARY|TRUNCATE|SELECT has_database_privilege)/.test(sql)
      ) {
        seen.statements++;
      }
      return q.query(sql, params);
    },
    ...(q.copyFrom
      ? {
          copyFrom: (sql: string, data: Buffer) => {
            seen.copies++;
            if (!sql.includes("connector_stage")) seen.direct++;
            return q.copyFrom!(sql, data).catch((error: unknown) => {
              seen.refused++;
              throw error;
            });
          },
        }
      : {}),
  });
  const handle = (): Database => ({ ...db, transaction: (fn) => db.transaction((tx) => fn(spy(tx))) });
  const state = {
    db: handle(),
    seen,
    reset: () => {
      seen.copies = 0;
      seen.statements = 0;
      seen.direct = 0;
      seen.stages = 0;
      seen.refused = 0;
      state.db = handle();
    },
  };
  return state;
}

const TABLE = `CREATE TABLE copying.items (
  id bigint PRIMARY KEY,
  sku text NOT NULL UNIQUE,
  qty int NOT NULL CHECK (qty >= 0),
  note text
)`;

/** Text COPY must carry unchanged: its own escapes, its end marker, its null marker, and more. */
const TRICKY = ["tab\there", "line\nbreak", "cr\rhere", "back\\slash", "\\N", "\\.", "", "é ✓ 🐘", 'a,b;"c"'];

const item = (i: number, extra: Record<string, unknown> = {}): DataRecord => ({
  id: i,
  sku: `sku-${i}`,
  qty: i % 50,
  note: TRICKY[i % TRICKY.length]!,
  ...extra,
});

/** Writes by COPY on a real server: same outcomes as the statements, and a bad record still fails alone. */
export function defineCopyWriteScenarios(label: string, factory: BackendFactory): void {
  describe(`PostgreSQL connector writes by COPY on ${label}`, () => {
    let backend: Backend;
    let table: TableInfo;
    let spy: ReturnType<typeof counting>;

    const write = (records: DataRecord[], options: Partial<WriteOptions> = {}): Promise<WriteOutcome[]> =>
      writeRecords(
        spy.db,
        table,
        { operation: "UPSERT", idFieldNames: ["id"], allOrNone: false, ...options },
        records,
      );
    const rows = async () =>
      (
        await backend.admin.query<{ id: string; sku: string; qty: number; note: string | null }>(
          // `t.id`: a bare `id` in ORDER BY would name the output column, the id as text.
          "SELECT t.id::text AS id, t.sku, t.qty, t.note FROM copying.items AS t ORDER BY t.id",
        )
      ).rows;

    beforeAll(async () => {
      backend = await factory();
      await backend.admin.query("CREATE SCHEMA copying");
      await backend.admin.query(TABLE);
      table = await loadTable(backend.admin, DEFAULT_SETTINGS, "copying.items");
      spy = counting(backend.admin);
    });
    afterAll(async () => {
      await backend?.close();
    });

    it("encodes values in COPY's text format, escapes and null marker included", () => {
      expect(TRICKY.map(copyField)).toEqual([
        "tab\\there",
        "line\\nbreak",
        "cr\\rhere",
        "back\\\\slash",
        "\\\\N",
        "\\\\.",
        "",
        "é ✓ 🐘",
        'a,b;"c"',
      ]);
      expect(copyField(null)).toBe("\\N");
      const column = table.byName.get("note")!;
      expect(copyData([{ columns: [column], values: ["x\ty"], shape: "note" }]).toString()).toBe(
        "0\tx\\ty\n",
      );
      // The byte writer against the text it encodes: any UTF-16 (lone surrogates too), escapes, nulls, both forms.
      const unit = fc.oneof(
        fc.constantFrom("\\", "\t", "\n", "\r", "N", "é", "a"),
        fc.string({ unit: "binary", minLength: 1, maxLength: 1 }),
      );
      const value = fc.option(fc.string({ unit, maxLength: 8 }));
      fc.assert(
        fc.property(
          fc.array(fc.array(value, { minLength: 1, maxLength: 4 }), { maxLength: 5 }),
          fc.boolean(),
          (rows, numbered) => {
            const records = rows.map((values) => ({ columns: values.map(() => column), values, shape: "x" }));
            const text = rows
              .map(
                (values, n) => [...(numbered ? [String(n)] : []), ...values.map(copyField)].join("\t") + "\n",
              )
              .join("");
            expect(copyData(records, numbered).equals(Buffer.from(text, "utf8"))).toBe(true);
          },
        ),
        { numRuns: 500 },
      );
    });

    it("UPSERTs thousands of new records by one COPY straight into the table, every value unchanged", async () => {
      await backend.admin.query("TRUNCATE copying.items");
      const records = Array.from({ length: 3000 }, (_, i) => item(i + 1));
      records[7] = item(8, { note: null });
      spy.reset();
      const outcomes = await write(records);
      expect(outcomes.every((o) => o.isSuccess)).toBe(true);
      expect(outcomes.map((o) => o.recordId)).toEqual(records.map((r) => String(r["id"])));
      // One COPY into copying.items, then the check that the key is still unique: no staging table, made or used.
      expect(spy.seen).toEqual({ copies: 1, direct: 1, statements: 1, stages: 0, refused: 0 });
      expect(await rows()).toEqual(
        records.map((r) => ({ id: String(r["id"]), sku: r["sku"], qty: r["qty"], note: r["note"] })),
      );
    });

    it("updates existing rows and inserts new ones; a key repeated in the batch is written after, and wins", async () => {
      await backend.admin.query("TRUNCATE copying.items");
      await write(Array.from({ length: 100 }, (_, i) => item(i + 1)));
      const records = [
        ...Array.from({ length: 150 }, (_, i) => item(51 + i, { note: `v2 ${51 + i}` })),
        item(60, { note: "v3 60" }),
      ];
      spy.reset();
      const outcomes = await write(records);
      expect(outcomes.every((o) => o.isSuccess)).toBe(true);
      // The chunk of 150: a direct COPY stopped by an existing key and rolled back, then the staging table's
      // COPY and UPSERT. The repeated key goes alone, by a statement.
      expect(spy.seen).toMatchObject({ copies: 2, direct: 1, stages: 1 });
      const all = await rows();
      expect(all).toHaveLength(200);
      expect(all.find((r) => r.id === "50")!.note).toBe(item(50)["note"]);
      expect(all.find((r) => r.id === "51")!.note).toBe("v2 51");
      expect(all.find((r) => r.id === "60")!.note).toBe("v3 60");
      // After that miss, the table's next chunks go through the staging table without trying.
      spy.seen.copies = 0;
      spy.seen.direct = 0;
      await write(Array.from({ length: 20 }, (_, i) => item(301 + i)));
      expect(spy.seen).toMatchObject({ copies: 1, direct: 0 });
      // The back-off ends: after DIRECT_BACKOFF chunks in all, new rows are copied straight in again.
      for (let n = 1; n < DIRECT_BACKOFF; n++) await write([item(1000 + 2 * n), item(1001 + 2 * n)]);
      spy.seen.direct = 0;
      await write([item(5000), item(5001)]);
      expect(spy.seen.direct).toBe(1);
      expect((await rows()).find((r) => r.id === "5001")).toBeDefined();
    });

    it("never lets a direct COPY turn an UPSERT by a key that is no longer unique into inserts", async () => {
      await backend.admin.query(
        "CREATE TABLE copying.coded (id int PRIMARY KEY, code text, CONSTRAINT coded_code UNIQUE (code))",
      );
      try {
        const coded = await loadTable(backend.admin, DEFAULT_SETTINGS, "copying.coded");
        // The description above is kept by the caller; the key stops being unique after it was read.
        await backend.admin.query("ALTER TABLE copying.coded DROP CONSTRAINT coded_code");
        spy.reset();
        const records = Array.from({ length: 50 }, (_, i) => ({ id: i + 1, code: `c${i + 1}` }));
        const written = writeRecords(
          spy.db,
          coded,
          { operation: "UPSERT", idFieldNames: ["code"], allOrNone: false },
          records,
        );
        await expect(written).rejects.toMatchObject({ code: "42P10" }); // ON CONFLICT's own refusal
        expect(spy.seen.direct).toBe(1); // tried, found the key gone, rolled back
        expect((await backend.admin.query("SELECT count(*)::int AS n FROM copying.coded")).rows).toEqual([
          { n: 0 },
        ]);
      } finally {
        await backend.admin.query("DROP TABLE copying.coded");
      }
    });

    it("fails exactly the bad record of a COPY chunk, by halves of statements, and writes the others", async () => {
      await backend.admin.query("TRUNCATE copying.items");
      const records = Array.from({ length: 2001 }, (_, i) => item(i + 1));
      records[1000] = item(1001, { qty: -5 }); // CHECK violation, only PostgreSQL can tell
      records[1500] = item(1501, { note: "nul \u0000 inside" }); // text PostgreSQL cannot hold
      spy.reset();
      const outcomes = await write(records);
      expect(outcomes.flatMap((o, i) => (o.isSuccess ? [] : [i]))).toEqual([1000, 1500]);
      expect(outcomes[1000]!.errorMessage).toMatch(/check constraint.*23514/s); // the row shown has a CR
      expect(outcomes[1500]!.errorMessage).toMatch(/22021|0x00/);
      expect(outcomes[999]).toEqual({ isSuccess: true, recordId: "1000", errorMessage: null });
      const ids = (await rows()).map((r) => Number(r.id));
      expect(ids).toHaveLength(1999);
      expect(ids).not.toContain(1001);
      expect(ids).not.toContain(1501);
      expect(spy.seen.copies).toBe(1); // tried once; the halves are statements
      expect(spy.seen.statements).toBeLessThan(80);
    });

    it("writes nothing when allOrNone and a record of a COPY chunk fails, naming the culprit", async () => {
      await backend.admin.query("TRUNCATE copying.items");
      const records = Array.from({ length: 500 }, (_, i) => item(i + 1));
      records[321] = item(322, { sku: "sku-1" }); // a unique violation inside the batch
      const outcomes = await write(records, { allOrNone: true });
      expect(outcomes.every((o) => !o.isSuccess)).toBe(true);
      expect(outcomes[321]!.errorMessage).toMatch(/duplicate key.*23505/);
      expect(outcomes[0]!.errorMessage).toMatch(/allOrNone and record 321 failed/);
      expect(await rows()).toEqual([]);
    });

    it("sends a COPY with its data at once: counts its rows, and a refused COPY or row leaves the session usable", async () => {
      await backend.admin.query("TRUNCATE copying.items");
      const copy = (sql: string, text: string) =>
        backend.admin.transaction(async (tx) => {
          const copied = await tx.copyFrom!(sql, Buffer.from(text));
          // The same session, after the COPY: still in step with the server.
          const { rows } = await tx.query<{ n: number }>("SELECT count(*)::int AS n FROM copying.items");
          return { copied, seen: rows[0]!.n };
        });
      const into = "COPY copying.items (id, sku, qty, note) FROM STDIN";
      expect(await copy(into, "1\ta\t1\t\\N\n2\tb\t2\tx\n")).toEqual({ copied: 2, seen: 2 });
      expect(await copy(into, "")).toEqual({ copied: 0, seen: 2 });
      // Refused before it starts (no such table): its data is ignored, the error is the server's.
      await expect(copy("COPY copying.nothing_here (id) FROM STDIN", "3\n")).rejects.toMatchObject({
        code: "42P01",
      });
      // Refused at a row: nothing of the COPY is kept.
      await expect(copy(into, "3\tc\t3\tx\nfour\td\t4\tx\n")).rejects.toMatchObject({ code: "22P02" });
      // Megabytes in one message, and the pooled sessions still answer.
      const many = Array.from(
        { length: 20_000 },
        (_, i) => `${i + 10}\tsku-${i}\t${i % 7}\t${"n".repeat(80)}\n`,
      );
      expect(await copy(into, many.join(""))).toEqual({ copied: 20_000, seen: 20_002 });
      expect((await rows()).length).toBe(20_002);
    });

    it("keeps the staging table it made for a chunk that then failed, for the transaction's next chunk", async () => {
      await backend.admin.query("TRUNCATE copying.items");
      await write(Array.from({ length: 40 }, (_, i) => item(i + 1)));
      // Records of three fields, a staging table no earlier test made in these sessions. Two chunks of existing
      // rows (the second with its fields in another order): the first misses the direct COPY, makes the staging
      // table, and fails in its UPSERT (a record takes another row's sku), rolled back to its savepoint; the
      // second needs the table. (A value the column refuses would stop the direct COPY itself, first.)
      const first = Array.from(
        { length: 20 },
        (_, i): DataRecord => ({
          id: i + 1,
          sku: i === 5 ? "sku-7" : `sku-${i + 1}`,
          qty: 3,
        }),
      );
      const second = Array.from(
        { length: 20 },
        (_, i): DataRecord => ({ qty: 4, id: i + 21, sku: `sku-${i + 21}` }),
      );
      spy.reset();
      const outcomes = await write([...first, ...second]);
      expect(outcomes.map((o, i) => (o.isSuccess ? "ok" : i))).toEqual(
        Array.from({ length: 40 }, (_, i) => (i === 5 ? 5 : "ok")),
      );
      expect(outcomes[5]!.errorMessage).toMatch(/duplicate key/);
      // Made once, outside the failed chunk's savepoint: the second chunk found it. The one COPY refused is the
      // first chunk's direct one; each chunk's COPY into the staging table went through.
      expect(spy.seen).toMatchObject({ stages: 1, copies: 3, refused: 1 });
      const all = await rows();
      expect(all.map((r) => r.qty)).toEqual([
        ...Array.from({ length: 20 }, (_, i) => (i === 5 ? item(6)["qty"] : 3)),
        ...Array.from({ length: 20 }, () => 4),
      ]);
    });

    it("reuses the staging table for chunks of one transaction without leaking rows between them", async () => {
      await backend.admin.query("TRUNCATE copying.items");
      // Three chunks of four fields each, two shapes: the same staging table serves all three.
      const bare = (i: number): DataRecord => ({ id: i, sku: `sku-${i}`, qty: 1, note: null });
      const reordered = (i: number): DataRecord => ({ sku: `sku-${i}`, id: i, note: "r", qty: 2 });
      const records = [
        ...Array.from({ length: 10 }, (_, i) => bare(i + 1)),
        ...Array.from({ length: 10 }, (_, i) => reordered(i + 11)),
        ...Array.from({ length: 10 }, (_, i) => bare(i + 21)),
      ];
      spy.reset();
      const outcomes = await write(records, { operation: "INSERT", idFieldNames: [] });
      expect(outcomes.every((o) => o.isSuccess)).toBe(true);
      expect(spy.seen.copies).toBe(3);
      const all = await rows();
      expect(all.map((r) => Number(r.id))).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
      expect(all.filter((r) => r.note === "r").map((r) => Number(r.id))).toEqual(
        Array.from({ length: 10 }, (_, i) => i + 11),
      );
    });

    it("asks the database for the ids the records do not tell (a key in another spelling)", async () => {
      await backend.admin.query("TRUNCATE copying.items");
      const records = [item(7, { id: "007" }), item(8, { id: " 8" }), item(9)];
      spy.reset();
      const outcomes = await write(records);
      expect(outcomes.map((o) => o.recordId)).toEqual(["7", "8", "9"]);
      expect(spy.seen.copies).toBe(1);
    });
    it("keeps to statements when the user may not create temporary tables", async () => {
      const database = backend.settings["database"]!;
      const role = `ck_no_temp_${Date.now()}`;
      // Test-only role on the test server; the password is a constant, not a secret.
      await backend.admin.query(`CREATE ROLE ${role} LOGIN PASSWORD 'no-temp-test'`);
      await backend.admin.query(`REVOKE TEMPORARY ON DATABASE ${quoteIdent(database)} FROM PUBLIC`);
      await backend.admin.query(`GRANT USAGE ON SCHEMA copying TO ${role}`);
      await backend.admin.query(`GRANT SELECT, INSERT, UPDATE ON copying.items TO ${role}`);
      await backend.admin.query("TRUNCATE copying.items");
      const pool = createPool({
        kind: "server",
        host: backend.settings["host"]!,
        port: Number(backend.settings["port"]),
        database,
        user: role,
        password: "no-temp-test",
        sslMode: "disable",
        connectTimeoutMs: 5000,
      });
      try {
        const limited = counting(poolDatabase(pool));
        const records = Array.from({ length: 100 }, (_, i) => item(i + 1));
        const outcomes = await writeRecords(
          limited.db,
          table,
          { operation: "UPSERT", idFieldNames: ["id"], allOrNone: false },
          records,
        );
        expect(outcomes.every((o) => o.isSuccess)).toBe(true);
        expect(limited.seen).toEqual({ copies: 0, direct: 0, statements: 1, stages: 0, refused: 0 });
        expect(await rows()).toHaveLength(100);
      } finally {
        await pool.end();
      }
    });
  });
}
