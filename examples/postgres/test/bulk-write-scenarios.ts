import type { DataRecord, WriteOutcome } from "connector-kit";
import type { AppFlowHost } from "connector-kit/appflow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadTable, type TableInfo } from "../src/catalog.js";
import type { Database, Queryable } from "../src/database.js";
import { type WriteOptions, writeRecords } from "../src/write.js";
import {
  type Backend,
  type BackendFactory,
  DEFAULT_SETTINGS,
  events,
  hostFor,
  type Json,
} from "./backends.js";

/**
 * The database of a backend with every statement counted: a spy over the real database (nothing is faked), to
 * show how many statements a write took.
 */
function counting(db: Database): { db: Database; statements: () => number; reset: () => void } {
  let count = 0;
  const spy = (q: Queryable): Queryable => ({
    query: (sql, params) => {
      if (!/^(SAVEPOINT|RELEASE|ROLLBACK)/.test(sql)) count++;
      return q.query(sql, params);
    },
  });
  return {
    db: { ...db, query: spy(db).query, transaction: (fn) => db.transaction((tx) => fn(spy(tx))) },
    statements: () => count,
    reset: () => {
      count = 0;
    },
  };
}

const TABLE = `CREATE TABLE bulk.items (
  id int PRIMARY KEY,
  sku text NOT NULL UNIQUE,
  code char(3),
  qty int NOT NULL CHECK (qty >= 0),
  note text
)`;

const item = (i: number, extra: Partial<Json> = {}): DataRecord => ({
  id: i,
  sku: `sku-${i}`,
  code: `c${i % 10}`,
  qty: i % 50,
  note: `item "${i}" \\ ,{}`,
  ...extra,
});

/**
 * Bulk writes: INSERT and UPSERT in multi-row statements, with each bad record failing alone. Runs against any
 * backend (PGlite, a real server) through `writeRecords` and through the AppFlow host.
 */
export function defineBulkWriteScenarios(label: string, factory: BackendFactory): void {
  describe(`PostgreSQL connector bulk writes on ${label}`, () => {
    let backend: Backend;
    let host: AppFlowHost;
    let ev: ReturnType<typeof events>;
    let table: TableInfo;
    let spy: ReturnType<typeof counting>;

    const write = (records: DataRecord[], options: Partial<WriteOptions> = {}): Promise<WriteOutcome[]> =>
      writeRecords(
        spy.db,
        table,
        { operation: "INSERT", idFieldNames: [], allOrNone: false, ...options },
        records,
      );
    const ids = async () =>
      (await backend.admin.query<{ id: number }>("SELECT id FROM bulk.items ORDER BY id")).rows.map((r) =>
        Number(r.id),
      );

    beforeAll(async () => {
      backend = await factory();
      host = hostFor(backend);
      ev = events(backend);
      await backend.admin.query("CREATE SCHEMA bulk");
      await backend.admin.query(TABLE);
      table = await loadTable(backend.admin, DEFAULT_SETTINGS, "bulk.items");
      spy = counting(backend.admin);
    });
    afterAll(async () => {
      await backend?.close();
    });

    it("inserts thousands of records in one statement, far beyond 65,535 values", async () => {
      await backend.admin.query("TRUNCATE bulk.items");
      const records = Array.from({ length: 14_000 }, (_, i) => item(i + 1));
      spy.reset();
      const outcomes = await write(records);
      expect(outcomes.every((o) => o.isSuccess)).toBe(true);
      expect(outcomes.map((o) => o.recordId)).toEqual(records.map((r) => String(r["id"])));
      // 14,000 records × 5 fields = 70,000 values: 3 chunks of at most 5,000 records, one statement each.
      expect(spy.statements()).toBe(3);
      const { rows } = await backend.admin.query<{ n: string; h: string }>(
        "SELECT count(*)::text AS n, md5(string_agg(note, '|' ORDER BY id)) AS h FROM bulk.items",
      );
      const expected = records.map((r) => String(r["note"])).join("|");
      const { rows: md5 } = await backend.admin.query<{ h: string }>("SELECT md5($1::text) AS h", [expected]);
      expect(rows[0]).toEqual({ n: "14000", h: md5[0]!.h });
    });

    it("fails exactly the bad record in the middle of a batch and writes the others, in few statements", async () => {
      await backend.admin.query("TRUNCATE bulk.items");
      const records = Array.from({ length: 2001 }, (_, i) => item(i + 1));
      records[1000] = item(1001, { qty: -5 }); // CHECK violation, only PostgreSQL can tell
      spy.reset();
      const outcomes = await write(records);
      const failed = outcomes.flatMap((o, i) => (o.isSuccess ? [] : [i]));
      expect(failed).toEqual([1000]);
      expect(outcomes[1000]!.errorMessage).toMatch(/check constraint.*23514/);
      expect(outcomes[999]).toEqual({ isSuccess: true, recordId: "1000", errorMessage: null });
      expect(outcomes[1001]).toEqual({ isSuccess: true, recordId: "1002", errorMessage: null });
      const written = await ids();
      expect(written).toHaveLength(2000);
      expect(written).not.toContain(1001);
      // Halving the failed chunk: a few dozen statements, not one per record.
      expect(spy.statements()).toBeLessThan(60);
    });

    it("keeps every good record of a batch with bad ones of every kind, reporting each bad one's reason", async () => {
      await backend.admin.query("TRUNCATE bulk.items");
      await write([item(1)]);
      const records = Array.from({ length: 40 }, (_, i) => item(100 + i));
      records[3] = item(103, { code: "TOOLONG" }); // char(3) overflow: fails, never cut to "TOO"
      records[10] = item(110, { sku: "sku-1" }); // unique violation against an existing row
      records[17] = item(117, { qty: "many" }); // not an integer (PostgreSQL's cast)
      records[25] = item(125, { qty: { n: 1 } }); // not an integer (JSON alone shows it)
      records[33] = item(133, { sku: null }); // NOT NULL
      const outcomes = await write(records);
      expect(outcomes.flatMap((o, i) => (o.isSuccess ? [] : [i]))).toEqual([3, 10, 17, 25, 33]);
      expect(outcomes[3]!.errorMessage).toMatch(/too long.*22001/);
      expect(outcomes[10]!.errorMessage).toMatch(/duplicate key.*23505/);
      expect(outcomes[17]!.errorMessage).toMatch(/integer.*22P02/);
      expect(outcomes[25]!.errorMessage).toMatch(/"qty".*not a valid Integer/);
      expect(outcomes[33]!.errorMessage).toMatch(/null.*23502/);
      expect(await ids()).toHaveLength(1 + 35);
      const { rows } = await backend.admin.query("SELECT 1 FROM bulk.items WHERE code = 'TOO'");
      expect(rows).toHaveLength(0);
    });

    it("writes nothing when allOrNone and a record in a batch fails, naming the culprit", async () => {
      await backend.admin.query("TRUNCATE bulk.items");
      const records = Array.from({ length: 500 }, (_, i) => item(i + 1));
      records[321] = item(322, { code: "WAYTOOLONG" });
      const outcomes = await write(records, { allOrNone: true });
      expect(outcomes.every((o) => !o.isSuccess)).toBe(true);
      expect(outcomes[321]!.errorMessage).toMatch(/too long.*22001/);
      expect(outcomes[0]!.errorMessage).toMatch(/allOrNone and record 321 failed/);
      expect(await ids()).toEqual([]);
    });

    it("UPSERTs a batch by the primary key: updates existing rows, inserts new ones, the last duplicate wins", async () => {
      await backend.admin.query("TRUNCATE bulk.items");
      await write(Array.from({ length: 100 }, (_, i) => item(i + 1)));
      const records = [
        ...Array.from({ length: 150 }, (_, i) => item(51 + i, { note: `v2 ${51 + i}` })),
        item(60, { note: "v3 60" }), // a key the batch already has: a second statement, after the first
      ];
      spy.reset();
      const outcomes = await write(records, { operation: "UPSERT", idFieldNames: ["id"] });
      expect(outcomes.every((o) => o.isSuccess)).toBe(true);
      expect(outcomes.map((o) => o.recordId)).toEqual(records.map((r) => String(r["id"])));
      expect(spy.statements()).toBe(1 + 1); // one chunk of 150, then the repeated key on its own
      const { rows } = await backend.admin.query<{ id: number; note: string }>(
        "SELECT id, note FROM bulk.items WHERE id IN (1, 50, 51, 60, 200) ORDER BY id",
      );
      expect(rows.map((r) => [Number(r.id), r.note])).toEqual([
        [1, item(1)["note"]],
        [50, item(50)["note"]],
        [51, "v2 51"],
        [60, "v3 60"],
        [200, "v2 200"],
      ]);
      expect(await ids()).toHaveLength(200);
    });

    it("UPSERTs a batch by a unique key that is not the primary key, in part for existing rows", async () => {
      await backend.admin.query("TRUNCATE bulk.items");
      await write(Array.from({ length: 20 }, (_, i) => item(i + 1)));
      // Existing rows by sku, without the NOT NULL id and qty: updated in part.
      const partial = Array.from({ length: 10 }, (_, i) => ({ sku: `sku-${i + 1}`, note: "by sku" }));
      const res = await host.invoke(ev.write("bulk.items", "UPSERT", partial, { idFieldNames: ["sku"] }));
      expect(res["isSuccess"]).toBe(true);
      expect((res["writeRecordResults"] as Json[]).map((r) => r["recordId"])).toEqual(
        partial.map((_, i) => String(i + 1)),
      );
      // Whole records by sku: existing ones updated, new ones inserted; one new record misses qty and fails alone.
      const whole = [
        item(11, { note: "whole 11" }),
        item(12, { note: "whole 12" }),
        item(500, { note: "new 500" }),
        { id: 501, sku: "sku-501", note: "no qty" },
        item(502, { note: "new 502" }),
      ];
      const res2 = await host.invoke(ev.write("bulk.items", "UPSERT", whole, { idFieldNames: ["sku"] }));
      const results = res2["writeRecordResults"] as Json[];
      expect(results.map((r) => r["isSuccess"])).toEqual([true, true, true, false, true]);
      expect(String(results[3]!["errorMessage"])).toMatch(/23502/);
      const { rows } = await backend.admin.query<{ id: number; qty: number; note: string }>(
        "SELECT id, qty, note FROM bulk.items WHERE id IN (1, 10, 11, 12, 20, 500, 501, 502) ORDER BY id",
      );
      expect(rows.map((r) => [Number(r.id), Number(r.qty), r.note])).toEqual([
        [1, 1, "by sku"],
        [10, 10, "by sku"],
        [11, 11, "whole 11"],
        [12, 12, "whole 12"],
        [20, 20, item(20)["note"]],
        [500, 0, "new 500"],
        [502, 2, "new 502"],
      ]);
    });

    it("fails the whole write, without splitting the chunk, when the database rather than a record is the problem", async (ctx) => {
      // Another session holding a lock takes a second connection, which PGlite does not have.
      if (backend.name !== "server") ctx.skip();
      await backend.admin.query("TRUNCATE bulk.items");
      const impatient: Database = {
        ...spy.db,
        transaction: (fn) =>
          spy.db.transaction(async (tx) => {
            await tx.query("SET LOCAL lock_timeout = '300ms'");
            return fn(tx);
          }),
      };
      const records = Array.from({ length: 1000 }, (_, i) => item(i + 1));
      await backend.admin.transaction(async (locker) => {
        await locker.query("LOCK TABLE bulk.items IN ACCESS EXCLUSIVE MODE");
        spy.reset();
        await expect(
          writeRecords(
            impatient,
            table,
            { operation: "INSERT", idFieldNames: [], allOrNone: false },
            records,
          ),
        ).rejects.toMatchObject({ code: "55P03" }); // lock_not_available: the connector answers RequestTimeout
        expect(spy.statements()).toBe(2); // SET LOCAL, then the chunk once: no halves, no record by record
      });
      expect(await ids()).toEqual([]);
    });

    it("sees a table changed right after a call (its description is reused for a few seconds)", async () => {
      await backend.admin.query(
        "CREATE TABLE bulk.changing (id int PRIMARY KEY, code text UNIQUE, note text)",
      );
      const write = (records: Json[], operation = "INSERT", idFieldNames: string[] = []) =>
        host.invoke(ev.write("bulk.changing", operation, records, { idFieldNames }));
      const query = async () => {
        const res = await host.invoke(ev.query("bulk.changing"));
        expect(res["isSuccess"], JSON.stringify(res)).toBe(true);
        return (res["records"] as string[]).map((r) => JSON.parse(r) as Json);
      };
      expect((await write([{ id: 1, code: "a", note: "x" }]))["isSuccess"]).toBe(true);
      expect(await query()).toEqual([{ id: 1, code: "a", note: "x" }]);
      // A column added: a record naming it is written, and queries return it.
      await backend.admin.query("ALTER TABLE bulk.changing ADD COLUMN extra int");
      const added = await write([
        { id: 2, code: "b", note: "y", extra: 7 },
        { id: 3, code: "c", note: "z", extra: 8 },
      ]);
      expect(added["isSuccess"], JSON.stringify(added)).toBe(true);
      expect(await query()).toEqual([
        { id: 1, code: "a", note: "x", extra: null },
        { id: 2, code: "b", note: "y", extra: 7 },
        { id: 3, code: "c", note: "z", extra: 8 },
      ]);
      // A column dropped: queries stop selecting it.
      await backend.admin.query("ALTER TABLE bulk.changing DROP COLUMN note");
      expect((await query())[0]).toEqual({ id: 1, code: "a", extra: null });
      // A unique key dropped: an UPSERT by it is refused as a whole, not record by record.
      await backend.admin.query("ALTER TABLE bulk.changing DROP CONSTRAINT changing_code_key");
      const upsert = await write(
        [
          { id: 4, code: "b", extra: 1 },
          { id: 5, code: "e", extra: 2 },
        ],
        "UPSERT",
        ["code"],
      );
      expect(upsert["isSuccess"]).toBe(false);
      expect((upsert["errorDetails"] as Json)["errorCode"]).toBe("InvalidArgument");
      expect(String((upsert["errorDetails"] as Json)["errorMessage"])).toMatch(/primary key or a unique key/);
    });

    it("writes a batch of mixed shapes in runs of equal shapes, in order", async () => {
      await backend.admin.query("TRUNCATE bulk.items");
      const records = [
        ...Array.from({ length: 5 }, (_, i) => item(i + 1)),
        { id: 6, sku: "sku-6", qty: 6 },
        { id: 7, sku: "sku-7", qty: 7 },
        item(8),
      ];
      spy.reset();
      const outcomes = await write(records);
      expect(outcomes.map((o) => o.recordId)).toEqual(["1", "2", "3", "4", "5", "6", "7", "8"]);
      expect(spy.statements()).toBe(3); // 1–5, 6–7, then 8 alone
      const { rows } = await backend.admin.query<{ n: string }>(
        "SELECT count(*)::text AS n FROM bulk.items WHERE note IS NULL",
      );
      expect(rows[0]!.n).toBe("2");
    });
  });
}
