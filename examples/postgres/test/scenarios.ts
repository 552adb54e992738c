import type { AppFlowHost } from "connector-kit/appflow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../src/demo-data.js";
import {
  type Backend,
  type BackendFactory,
  events,
  fingerprint,
  hostFor,
  type Json,
  queryAll,
} from "./backends.js";

const TYPES_TABLE = `CREATE TABLE public.types_zoo (
  id int4 PRIMARY KEY,
  c_short int2, c_long int8, c_numeric numeric(8,3), c_float4 float4, c_float8 float8, c_bool bool,
  c_date date, c_ts timestamp, c_tstz timestamptz, c_text text, c_varchar varchar(12), c_uuid uuid,
  c_bytea bytea, c_json json, c_jsonb jsonb, c_int_array int4[], c_text_array text[], c_inet inet,
  c_interval interval, c_generated int4 GENERATED ALWAYS AS (id * 2) STORED
)`;

/** Expected AppFlow data type and PostgreSQL label of each types_zoo column. */
const EXPECTED_TYPES: Record<string, [string, string]> = {
  id: ["Integer", "integer"],
  c_short: ["Short", "smallint"],
  c_long: ["Long", "bigint"],
  c_numeric: ["BigDecimal", "numeric(8,3)"],
  c_float4: ["Float", "real"],
  c_float8: ["Double", "double precision"],
  c_bool: ["Boolean", "boolean"],
  c_date: ["Date", "date"],
  c_ts: ["DateTime", "timestamp without time zone"],
  c_tstz: ["DateTime", "timestamp with time zone"],
  c_text: ["String", "text"],
  c_varchar: ["String", "character varying(12)"],
  c_uuid: ["String", "uuid"],
  c_bytea: ["ByteArray", "bytea"],
  c_json: ["Struct", "json"],
  c_jsonb: ["Struct", "jsonb"],
  c_int_array: ["List", "integer[]"],
  c_text_array: ["List", "text[]"],
  c_inet: ["String", "inet"],
  c_interval: ["String", "interval"],
  c_generated: ["Integer", "integer"],
};

const ZOO_RECORD = {
  id: 1,
  c_short: -32768,
  c_long: "9007199254740993", // beyond 2^53: written and read as exact text
  c_numeric: "12345.678",
  c_float4: 1.5,
  c_float8: 2.25,
  c_bool: true,
  c_date: "2026-11-23",
  c_ts: "2026-11-23T10:11:12.345",
  c_tstz: "2026-11-23T10:11:12.345+02:00",
  c_text: 'héllo "world" \\ \';--',
  c_varchar: "short",
  c_uuid: "0e7f4a43-7f7c-4e0c-9d0a-1d2b3c4d5e6f",
  c_bytea: Buffer.from([0, 1, 2, 254, 255]).toString("base64"),
  c_json: { a: [1, 2, { b: null }] },
  c_jsonb: { nested: { ok: true } },
  c_int_array: [1, null, 3],
  c_text_array: ["a", 'b"c', "d,e", "{f}", null],
  c_inet: "192.168.0.1",
  c_interval: "P1DT2H",
};

function ok(response: Json): Json {
  if (response["isSuccess"] !== true) throw new Error(`expected success: ${JSON.stringify(response)}`);
  return response;
}

function errorCode(response: Json): string | undefined {
  return (response["errorDetails"] as { errorCode?: string } | null)?.errorCode;
}

/**
 * The scenarios every backend must pass, driven through the AppFlow host with JSON events as AppFlow sends
 * them. `factory` makes a fresh database; the suite seeds it with the demo data and a table of every type.
 */
export function defineScenarios(label: string, factory: BackendFactory): void {
  describe(`PostgreSQL connector scenarios on ${label}`, () => {
    let backend: Backend;
    let host: AppFlowHost;
    let ev: ReturnType<typeof events>;

    beforeAll(async () => {
      backend = await factory();
      host = hostFor(backend);
      ev = events(backend);
      await seedDemo(backend.admin, { customers: 60, orders: 200 });
      await backend.admin.query(TYPES_TABLE);
      await backend.admin.query("CREATE SCHEMA sales");
      await backend.admin.query("CREATE TABLE sales.no_pk (label text, n int)");
      await backend.admin.query(
        "INSERT INTO sales.no_pk SELECT 'row ' || i, i FROM generate_series(1, 25) i",
      );
      await backend.admin.query(
        "CREATE TABLE sales.lines (order_id int, line int, sku text, PRIMARY KEY (order_id, line))",
      );
      await backend.admin.query(
        "INSERT INTO sales.lines SELECT o, l, 'sku-' || o || '-' || l FROM generate_series(1, 6) o, generate_series(1, 4) l",
      );
    });
    afterAll(async () => {
      await backend?.close();
    });

    describe("configuration", () => {
      it("validates credentials by connecting", async () => {
        ok(await host.invoke(ev.validateCredentials()));
      });

      it("validates settings by connecting, reporting an unknown schema", async () => {
        ok(await host.invoke(ev.validateSettings()));
        if (backend.name === "pglite") {
          const bad = await host.invoke(events(backend, { schemaFilter: "public,nope" }).validateSettings());
          expect(bad["isSuccess"]).toBe(false);
          expect(bad["errorsByInputField"]).toEqual({ schemaFilter: "No schema named nope" });
        }
      });
    });

    describe("metadata", () => {
      it("lists schemas, then the tables and views of a schema", async () => {
        const top = ok(await host.invoke(ev.listEntities(null)));
        const schemas = (top["entities"] as Json[]).map((e) => e["entityIdentifier"]);
        expect(schemas).toEqual(expect.arrayContaining(["public", "sales"]));
        expect(schemas).not.toContain("pg_catalog");
        const pub = ok(await host.invoke(ev.listEntities("public")));
        const entities = pub["entities"] as Json[];
        const byId = Object.fromEntries(entities.map((e) => [e["entityIdentifier"], e]));
        expect(Object.keys(byId)).toEqual(
          expect.arrayContaining([
            "public.customers",
            "public.orders",
            "public.customer_order_totals",
            "public.types_zoo",
          ]),
        );
        expect(byId["public.customers"]).toMatchObject({ hasNestedEntities: false, isWritable: true });
        expect(byId["public.customer_order_totals"]).toMatchObject({ isWritable: false });
      });

      it("pages the listing with maxResult and nextToken", async () => {
        const all = ok(await host.invoke(ev.listEntities("public")))["entities"] as Json[];
        const seen: unknown[] = [];
        let token: string | null = null;
        do {
          const page = ok(await host.invoke(ev.listEntities("public", 1, token)));
          expect((page["entities"] as Json[]).length).toBeLessThanOrEqual(1);
          seen.push(...(page["entities"] as Json[]).map((e) => e["entityIdentifier"]));
          token = page["nextToken"] as string | null;
        } while (token);
        expect(seen).toEqual(all.map((e) => e["entityIdentifier"]));
      });

      it("describes every column type from the catalog", async () => {
        const res = ok(await host.invoke(ev.describeEntity("public.types_zoo")));
        const def = res["entityDefinition"] as { fields: Json[]; entity: Json };
        const types = Object.fromEntries(
          def.fields.map((f) => [f["fieldName"], [f["dataType"], f["dataTypeLabel"]]]),
        );
        expect(types).toEqual(EXPECTED_TYPES);
        const f = Object.fromEntries(def.fields.map((x) => [x["fieldName"], x]));
        expect(f["id"]).toMatchObject({ isPrimaryKey: true, readProperties: { isNullable: false } });
        expect(f["id"]!["writeProperties"]).toMatchObject({
          supportedWriteOperations: ["UPDATE", "UPSERT", "DELETE"],
        });
        expect(f["c_varchar"]!["constraints"]).toMatchObject({
          allowedLengthRange: { minRange: 0, maxRange: 12 },
        });
        expect(f["c_numeric"]!["constraints"]).toMatchObject({
          allowedValueRange: { minRange: -99999.999, maxRange: 99999.999 },
        });
        expect(f["c_tstz"]!["readProperties"]).toMatchObject({ isTimestampFieldForIncrementalQueries: true });
        expect(f["c_date"]!["readProperties"]).toMatchObject({ isTimestampFieldForIncrementalQueries: true });
        expect(f["c_text"]!["readProperties"]).toMatchObject({
          isTimestampFieldForIncrementalQueries: false,
        });
        expect(f["c_generated"]!["writeProperties"]).toMatchObject({
          isCreatable: false,
          isUpdatable: false,
        });
      });

      it("describes defaults, and views as not writable", async () => {
        const customers = ok(await host.invoke(ev.describeEntity("public.customers")))[
          "entityDefinition"
        ] as {
          fields: Json[];
        };
        const active = customers.fields.find((x) => x["fieldName"] === "active")!;
        expect(active["defaultValue"]).toBe("true");
        expect(active["writeProperties"]).toMatchObject({ isDefaultedOnCreate: true, isNullable: false });
        const view = ok(await host.invoke(ev.describeEntity("public.customer_order_totals")))[
          "entityDefinition"
        ] as {
          entity: Json;
          fields: Json[];
        };
        expect(view.entity["isWritable"]).toBe(false);
        expect(
          view.fields.every((x) => x["writeProperties"] === null || x["writeProperties"] === undefined),
        ).toBe(true);
      });

      it("answers ResourceNotFoundError for an unknown table and InvalidArgument for a malformed identifier", async () => {
        expect(errorCode(await host.invoke(ev.describeEntity("public.nope")))).toBe("ResourceNotFoundError");
        expect(errorCode(await host.invoke(ev.describeEntity("public.customers; DROP TABLE x")))).toBe(
          "InvalidArgument",
        );
        const hidden = await host.invoke(
          events(backend, { schemaFilter: "sales" }).describeEntity("public.customers"),
        );
        expect(errorCode(hidden)).toBe("ResourceNotFoundError");
      });
    });

    describe("queryData", () => {
      it("reads a whole table in keyset pages, in key order, with projection", async () => {
        const { records, pages } = await queryAll(host, (t) =>
          ev.query("public.customers", { fields: ["id", "email"], maxResults: 7, nextToken: t }),
        );
        expect(records.map((r) => r["id"])).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
        expect(Object.keys(records[0]!)).toEqual(["id", "email"]);
        expect(pages).toBe(9);
      });

      it("translates the filter into parameterized SQL", async () => {
        const filter =
          "country = 'FR' and credit_limit > 2000 and updated_at between 2026-01-01T00:00:00Z and 2026-01-01T12:00:00Z";
        const { records } = await queryAll(host, (t) =>
          ev.query("public.customers", { filter, maxResults: 5, nextToken: t }),
        );
        const { rows } = await backend.admin.query<{ id: number }>(
          `SELECT id FROM customers WHERE country = 'FR' AND credit_limit > 2000
           AND updated_at BETWEEN '2026-01-01T00:00:00Z' AND '2026-01-01T12:00:00Z' ORDER BY id`,
        );
        expect(records.map((r) => r["id"])).toEqual(rows.map((r) => Number(r.id)));
        expect(records.length).toBeGreaterThan(0);
      });

      it("honours LIMIT across pages", async () => {
        const { records } = await queryAll(host, (t) =>
          ev.query("public.orders", {
            filter: "status != 'cancelled' LIMIT 15",
            fields: ["id"],
            maxResults: 4,
            nextToken: t,
          }),
        );
        expect(records).toHaveLength(15);
      });

      it("refuses a bad filter or an unknown field with InvalidArgument", async () => {
        expect(errorCode(await host.invoke(ev.query("public.customers", { filter: "country = " })))).toBe(
          "InvalidArgument",
        );
        expect(errorCode(await host.invoke(ev.query("public.customers", { filter: "nope = 1" })))).toBe(
          "InvalidArgument",
        );
        expect(errorCode(await host.invoke(ev.query("public.customers", { fields: ["nope"] })))).toBe(
          "InvalidArgument",
        );
        expect(errorCode(await host.invoke(ev.query("public.customers", { nextToken: "garbage" })))).toBe(
          "InvalidArgument",
        );
      });

      it("keeps pages stable while rows are inserted", async () => {
        await backend.admin.query("CREATE TABLE public.stable (id int PRIMARY KEY, v text)");
        await backend.admin.query(
          "INSERT INTO public.stable SELECT i * 10, 'v' || i FROM generate_series(1, 30) i",
        );
        const first = ok(await host.invoke(ev.query("public.stable", { maxResults: 10 })));
        const seen = (first["records"] as string[]).map((r) => (JSON.parse(r) as Json)["id"]);
        // Insert before and after the cursor: earlier rows never shift later pages.
        await backend.admin.query("INSERT INTO public.stable SELECT i, 'new' FROM generate_series(1, 9) i");
        await backend.admin.query("INSERT INTO public.stable VALUES (1000, 'tail')");
        const rest = await queryAll(host, (t) =>
          ev.query("public.stable", { maxResults: 10, nextToken: t ?? (first["nextToken"] as string) }),
        );
        const ids = [...seen, ...rest.records.map((r) => r["id"])];
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids).toEqual(expect.arrayContaining(Array.from({ length: 30 }, (_, i) => (i + 1) * 10)));
        expect(ids).toContain(1000);
      });

      it("pages tables without a primary key by ctid, and composite keys", async () => {
        const noPk = await queryAll(host, (t) => ev.query("sales.no_pk", { maxResults: 4, nextToken: t }));
        expect(noPk.records.map((r) => r["n"]).sort((a, b) => Number(a) - Number(b))).toEqual(
          Array.from({ length: 25 }, (_, i) => i + 1),
        );
        const lines = await queryAll(host, (t) => ev.query("sales.lines", { maxResults: 5, nextToken: t }));
        expect(lines.records).toHaveLength(24);
        expect(lines.records[0]).toEqual({ order_id: 1, line: 1, sku: "sku-1-1" });
        expect(lines.records[23]).toEqual({ order_id: 6, line: 4, sku: "sku-6-4" });
      });

      it("resumes inside a page when the page guard stops on bytes", async () => {
        await backend.admin.query("CREATE TABLE public.wide (id int PRIMARY KEY, body text)");
        await backend.admin.query(
          "INSERT INTO public.wide SELECT i, repeat(chr(97 + i % 26), 3000) FROM generate_series(1, 60) i",
        );
        const small = hostFor(backend, 80_000); // ~180 kB of records in 80 kB responses
        const { records, pages } = await queryAll(small, (t) =>
          ev.query("public.wide", { maxResults: 50, nextToken: t }),
        );
        expect(pages).toBeGreaterThan(2); // 2 without the guard: it stopped inside an upstream page and resumed there
        expect(records.map((r) => r["id"])).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
      });
    });

    describe("retrieveData", () => {
      it("returns the records with the given ids", async () => {
        const res = ok(
          await host.invoke(ev.retrieve("public.customers", ["3", "5", "999"], "id", ["id", "country"])),
        );
        const records = (res["records"] as string[]).map((r) => JSON.parse(r) as Json);
        expect(records.sort((a, b) => Number(a["id"]) - Number(b["id"]))).toEqual([
          { id: 3, country: "JP" },
          { id: 5, country: "US" },
        ]);
        const byEmail = ok(
          await host.invoke(ev.retrieve("public.customers", ["customer7@example.com"], "email", ["id"])),
        );
        expect(byEmail["records"]).toEqual(['{"id":7}']);
      });
    });

    describe("writeData", () => {
      it("round-trips every type through UPSERT and query", async () => {
        const res = ok(
          await host.invoke(ev.write("public.types_zoo", "UPSERT", [ZOO_RECORD], { idFieldNames: ["id"] })),
        );
        expect(res["writeRecordResults"]).toEqual([{ isSuccess: true, recordId: "1", errorMessage: null }]);
        const [record] = (await queryAll(host, (t) => ev.query("public.types_zoo", { nextToken: t })))
          .records;
        expect(record).toEqual({
          ...ZOO_RECORD,
          c_inet: "192.168.0.1/32",
          c_ts: "2026-11-23T10:11:12.345Z",
          c_tstz: "2026-11-23T08:11:12.345Z",
          c_interval: "P1DT2H",
          c_generated: 2,
        });
      });

      it("keeps fields named like Object.prototype's properties (__proto__, constructor)", async () => {
        await backend.admin.query(
          'CREATE TABLE sales.odd_names (id int PRIMARY KEY, "__proto__" text, "constructor" text)',
        );
        // Parsed, as AppFlow's record texts are: an object literal's __proto__ would set the prototype.
        const record = JSON.parse('{"id":1,"__proto__":"proto","constructor":"ctor"}') as Json;
        ok(await host.invoke(ev.write("sales.odd_names", "UPSERT", [record], { idFieldNames: ["id"] })));
        const expected = '{"id":1,"__proto__":"proto","constructor":"ctor"}';
        const stored = await backend.admin.query(
          'SELECT "__proto__" AS p, "constructor" AS c FROM sales.odd_names',
        );
        expect(stored.rows).toEqual([{ p: "proto", c: "ctor" }]);
        const { records } = await queryAll(host, (t) => ev.query("sales.odd_names", { nextToken: t }));
        expect(records.map((r) => JSON.stringify(r))).toEqual([expected]);
        const retrieved = ok(await host.invoke(ev.retrieve("sales.odd_names", ["1"], "id", null)));
        expect(retrieved["records"]).toEqual([expected]);
      });

      it("inserts, updates, upserts and deletes with per-record results", async () => {
        const base = { name: "New Person", country: "FR" };
        const ins = ok(
          await host.invoke(
            ev.write("public.customers", "INSERT", [
              { id: 1001, ...base },
              { id: 1002, ...base },
            ]),
          ),
        );
        expect((ins["writeRecordResults"] as Json[]).map((r) => r["recordId"])).toEqual(["1001", "1002"]);
        const upd = await host.invoke(
          ev.write(
            "public.customers",
            "UPDATE",
            [
              { id: 1001, name: "Renamed" },
              { id: 4242, name: "Ghost" },
            ],
            {
              idFieldNames: ["id"],
            },
          ),
        );
        expect(errorCode(upd)).toBe("PartialWriteFailure");
        const results = upd["writeRecordResults"] as Json[];
        expect(results[0]).toMatchObject({ isSuccess: true, recordId: "1001" });
        expect(results[1]).toMatchObject({ isSuccess: false });
        expect(String(results[1]!["errorMessage"])).toMatch(/No row matched/);
        ok(
          await host.invoke(
            ev.write(
              "public.customers",
              "UPSERT",
              [
                { id: 1002, name: "Upserted" },
                { id: 1003, name: "Fresh" },
              ],
              {
                idFieldNames: ["id"],
              },
            ),
          ),
        );
        const { rows } = await backend.admin.query<{ id: number; name: string }>(
          "SELECT id, name FROM customers WHERE id > 1000 ORDER BY id",
        );
        expect(rows.map((r) => [Number(r.id), r.name])).toEqual([
          [1001, "Renamed"],
          [1002, "Upserted"],
          [1003, "Fresh"],
        ]);
        const del = ok(
          await host.invoke(
            ev.write("public.customers", "DELETE", [{ id: 1001 }, { id: 1002 }, { id: 1003 }], {
              idFieldNames: ["id"],
            }),
          ),
        );
        expect((del["writeRecordResults"] as Json[]).every((r) => r["isSuccess"] === true)).toBe(true);
        const { rows: left } = await backend.admin.query("SELECT 1 FROM customers WHERE id > 1000");
        expect(left).toHaveLength(0);
      });

      it("fails only the bad records when not allOrNone (savepoints)", async () => {
        const before = await fingerprint(backend.admin, "public.customers");
        const res = await host.invoke(
          ev.write("public.customers", "INSERT", [
            { id: 2001, name: "Good" },
            { id: 2002, name: "Bad credit", credit_limit: "lots" },
            { id: 2003, name: { not: "a string" } },
            { id: 2004, name: null },
            { id: 1, name: "duplicate key" },
            { id: 2005, name: "Also good", nope: 1 },
            "not json",
            { id: 2006, name: "Good too", tags: ["x", "y"] },
          ]),
        );
        expect(errorCode(res)).toBe("PartialWriteFailure");
        const ok_ = (res["writeRecordResults"] as Json[]).map((r) => r["isSuccess"]);
        expect(ok_).toEqual([true, false, false, false, false, false, false, true]);
        const messages = (res["writeRecordResults"] as Json[]).map((r) => String(r["errorMessage"]));
        expect(messages[1]).toMatch(/numeric|22P02/);
        expect(messages[3]).toMatch(/null|23502/);
        expect(messages[4]).toMatch(/duplicate|23505/);
        expect(messages[5]).toMatch(/nope/);
        const { rows } = await backend.admin.query<{ id: number }>(
          "SELECT id FROM customers WHERE id > 2000 ORDER BY id",
        );
        expect(rows.map((r) => Number(r.id))).toEqual([2001, 2006]);
        await backend.admin.query("DELETE FROM customers WHERE id > 2000");
        expect(await fingerprint(backend.admin, "public.customers")).toBe(before);
      });

      it("writes nothing and fails every record when allOrNone and one fails", async () => {
        const before = await fingerprint(backend.admin, "public.customers");
        const res = await host.invoke(
          ev.write(
            "public.customers",
            "UPSERT",
            [
              { id: 3001, name: "A" },
              { id: 3002, name: "B", credit_limit: "not a number" },
              { id: 2, name: "would rename" },
            ],
            { idFieldNames: ["id"], allOrNone: true },
          ),
        );
        expect(res["isSuccess"]).toBe(false);
        expect((res["writeRecordResults"] as Json[]).every((r) => r["isSuccess"] === false)).toBe(true);
        expect(await fingerprint(backend.admin, "public.customers")).toBe(before);
      });

      it("refuses writes to a view and keys that are not unique", async () => {
        const view = await host.invoke(
          ev.write("public.customer_order_totals", "INSERT", [{ customer_id: 1 }]),
        );
        expect(errorCode(view)).toBe("InvalidArgument");
        const notKey = await host.invoke(
          ev.write("public.customers", "UPDATE", [{ id: 1, country: "US" }], { idFieldNames: ["country"] }),
        );
        expect(errorCode(notKey)).toBe("InvalidArgument");
      });

      it("batches a large UPSERT into one statement and falls back on duplicates", async () => {
        const records = Array.from({ length: 300 }, (_, i) => ({
          id: 5000 + i,
          name: `Bulk ${i}`,
          country: "DE",
        }));
        const res = ok(
          await host.invoke(ev.write("public.customers", "UPSERT", records, { idFieldNames: ["id"] })),
        );
        expect((res["writeRecordResults"] as Json[]).map((r) => r["recordId"])).toEqual(
          records.map((r) => String(r.id)),
        );
        const dup = ok(
          await host.invoke(
            ev.write(
              "public.customers",
              "UPSERT",
              [
                { id: 5000, name: "first" },
                { id: 5000, name: "second" },
              ],
              {
                idFieldNames: ["id"],
              },
            ),
          ),
        );
        expect((dup["writeRecordResults"] as Json[]).every((r) => r["isSuccess"])).toBe(true);
        const { rows } = await backend.admin.query<{ name: string }>(
          "SELECT name FROM customers WHERE id = 5000",
        );
        expect(rows[0]?.name).toBe("second");
        await backend.admin.query("DELETE FROM customers WHERE id >= 5000");
      });

      it("writes char(n), char(n)[] and bit(n) values whole, and fails a value too long for its column", async () => {
        await backend.admin.query(
          "CREATE TABLE public.fixed_width (id int PRIMARY KEY, code char(3), codes char(2)[], bits bit(3))",
        );
        const one = { id: 1, code: "abc", codes: ["US", "FR"], bits: "101" };
        ok(await host.invoke(ev.write("public.fixed_width", "INSERT", [one])));
        // Two records with the same fields: the batched statement.
        const two = [
          { id: 2, code: "de", codes: ["JP"], bits: "011" },
          { id: 3, code: "xyz", codes: [], bits: "000" },
        ];
        ok(await host.invoke(ev.write("public.fixed_width", "INSERT", two)));
        const read = ok(await host.invoke(ev.retrieve("public.fixed_width", ["1", "2", "3"])));
        const records = (read["records"] as string[]).map((r) => JSON.parse(r) as Json);
        expect(records.sort((a, b) => Number(a["id"]) - Number(b["id"]))).toEqual([one, ...two]);

        ok(
          await host.invoke(ev.write("public.customers", "INSERT", [{ id: 2101, name: "A", country: "US" }])),
        );
        const tooLong = await host.invoke(
          ev.write("public.customers", "UPDATE", [{ id: 2101, country: "TOOLONG" }], {
            idFieldNames: ["id"],
          }),
        );
        expect(tooLong["isSuccess"]).toBe(false);
        const [result] = tooLong["writeRecordResults"] as Json[];
        expect(result).toMatchObject({ isSuccess: false });
        expect(String(result!["errorMessage"])).toMatch(/too long.*22001/);
        const back = ok(await host.invoke(ev.retrieve("public.customers", ["2101"], "id", ["country"])));
        expect(back["records"]).toEqual(['{"country":"US"}']);
        await backend.admin.query("DELETE FROM customers WHERE id = 2101");
      });

      it("UPSERTs by a unique key that is not the primary key, and updates existing rows in part", async () => {
        const before = await backend.admin.query<{ name: string; country: string }>(
          "SELECT name, country FROM customers WHERE id BETWEEN 41 AND 45 ORDER BY id",
        );
        const [c41, c42, c43, c44, c45] = before.rows;
        const byEmail = (records: Json[]) =>
          host.invoke(ev.write("public.customers", "UPSERT", records, { idFieldNames: ["email"] }));
        const single = ok(await byEmail([{ email: "customer41@example.com", name: "Forty-one" }]));
        expect(single["writeRecordResults"]).toEqual([
          { isSuccess: true, recordId: "41", errorMessage: null },
        ]);
        // The batched statement: two existing rows and a new one.
        const batch = ok(
          await byEmail([
            { email: "customer42@example.com", name: "Forty-two", id: 42 },
            { email: "customer43@example.com", name: "Forty-three", id: 43 },
            { email: "new44@example.com", name: "New", id: 2144 },
          ]),
        );
        expect((batch["writeRecordResults"] as Json[]).map((r) => r["recordId"])).toEqual([
          "42",
          "43",
          "2144",
        ]);
        // A new row needs every NOT NULL column: that record fails alone.
        const partial = await byEmail([
          { email: "customer44@example.com", name: "Forty-four" },
          { email: "nobody@example.com", name: "No id" },
        ]);
        expect((partial["writeRecordResults"] as Json[]).map((r) => r["isSuccess"])).toEqual([true, false]);
        expect(String((partial["writeRecordResults"] as Json[])[1]!["errorMessage"])).toMatch(/23502/);
        // By the primary key, a record without the NOT NULL name updates only its country.
        ok(
          await host.invoke(
            ev.write("public.customers", "UPSERT", [{ id: 45, country: "FR" }], { idFieldNames: ["id"] }),
          ),
        );
        const { rows } = await backend.admin.query<{ id: number; name: string; country: string }>(
          "SELECT id, name, country FROM customers WHERE id BETWEEN 41 AND 45 OR id > 2100 ORDER BY id",
        );
        await backend.admin.query("DELETE FROM customers WHERE id > 2100");
        expect(rows.map((r) => [Number(r.id), r.name, r.country])).toEqual([
          [41, "Forty-one", c41!.country],
          [42, "Forty-two", c42!.country],
          [43, "Forty-three", c43!.country],
          [44, "Forty-four", c44!.country],
          [45, c45!.name, "FR"],
          [2144, "New", null],
        ]);
      });
    });

    describe("views, leaves and failures", () => {
      it("queries a view, paged by offset in a stable order", async () => {
        const all = await queryAll(host, (t) =>
          ev.query("public.customer_order_totals", { maxResults: 7, nextToken: t }),
        );
        expect(all.pages).toBe(9);
        const ids = all.records.map((r) => r["customer_id"]);
        expect(new Set(ids).size).toBe(60);
        const { rows } = await backend.admin.query<{ customer_id: number; order_count: string }>(
          "SELECT customer_id, order_count::text FROM customer_order_totals WHERE order_count > 3",
        );
        const filtered = await queryAll(host, (t) =>
          ev.query("public.customer_order_totals", {
            fields: ["customer_id", "order_count"],
            filter: "order_count > 3",
            maxResults: 2,
            nextToken: t,
          }),
        );
        expect(filtered.records.map((r) => r["customer_id"]).sort((a, b) => Number(a) - Number(b))).toEqual(
          rows.map((r) => Number(r.customer_id)).sort((a, b) => a - b),
        );
        // The same token gives the same page.
        const token = all.tokens[3]!;
        const again = async () =>
          ok(
            await host.invoke(ev.query("public.customer_order_totals", { maxResults: 7, nextToken: token })),
          );
        expect((await again())["records"]).toEqual((await again())["records"]);
        const limited = await queryAll(host, (t) =>
          ev.query("public.customer_order_totals", {
            filter: "order_count >= 0 LIMIT 10",
            maxResults: 4,
            nextToken: t,
          }),
        );
        expect(limited.records).toHaveLength(10);
      });

      it("pages a partitioned table without a key by offset (its ctids repeat across partitions)", async () => {
        await backend.admin.query(
          "CREATE TABLE sales.parted (region text, n int) PARTITION BY LIST (region)",
        );
        await backend.admin.query(
          "CREATE TABLE sales.parted_eu PARTITION OF sales.parted FOR VALUES IN ('eu')",
        );
        await backend.admin.query(
          "CREATE TABLE sales.parted_us PARTITION OF sales.parted FOR VALUES IN ('us')",
        );
        await backend.admin.query(
          "INSERT INTO sales.parted SELECT CASE WHEN i % 2 = 0 THEN 'eu' ELSE 'us' END, i FROM generate_series(1, 20) i",
        );
        const { records } = await queryAll(host, (t) =>
          ev.query("sales.parted", { maxResults: 3, nextToken: t }),
        );
        expect(records.map((r) => r["n"]).sort((a, b) => Number(a) - Number(b))).toEqual(
          Array.from({ length: 20 }, (_, i) => i + 1),
        );
      });

      it("lists a table's own identifier as that table, a leaf, as AppFlow's test runner does", async () => {
        const schema = ok(await host.invoke(ev.listEntities("public")))["entities"] as Json[];
        for (const id of ["public.customers", "public.customer_order_totals"]) {
          const leaf = ok(await host.invoke(ev.listEntities(id)));
          expect(leaf["entities"]).toEqual([schema.find((e) => e["entityIdentifier"] === id)]);
          expect(leaf["nextToken"] ?? null).toBeNull();
          ok(await host.invoke(ev.describeEntity(id)));
        }
        expect(errorCode(await host.invoke(ev.listEntities("public.nope")))).toBe("ResourceNotFoundError");
        const bad = await host.invoke(ev.listEntities("public.customers.id"));
        expect(errorCode(bad)).toBe("InvalidArgument");
        expect((bad["errorDetails"] as Json)["errorMessage"]).toMatch(
          /^Invalid entities path "public\.customers\.id": expected a schema or schema\.table/,
        );
      });
    });
  });
}
