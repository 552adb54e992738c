import type { AppFlowHost } from "connector-kit/appflow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../src/demo-data.js";
import { entityIdentifierOf, identifierPart, quoteIdent, quoteQualified } from "../src/sql-identifiers.js";
import {
  type Backend,
  type BackendFactory,
  events,
  fingerprint,
  hostFor,
  type Json,
  queryAll,
} from "./backends.js";

/** Schema and table names that break naive SQL building. */
export const HOSTILE_SCHEMA = 'evil"; DROP SCHEMA public CASCADE; --';
export const HOSTILE_TABLE = "Robert'); DROP TABLE customers;--";
/** Column names: quotes, semicolons, comments, backslashes, placeholders, reserved words, unicode, 63 bytes. */
export const HOSTILE_COLUMNS = [
  'a"b',
  "x; DELETE FROM customers",
  "/* c */ --",
  "back\\slash",
  "名前 🚀",
  "$1",
  "select",
  "l".repeat(63),
];
/** Values of the same spirit, plus a long one. */
export const HOSTILE_VALUES = [
  "'; DROP TABLE customers; --",
  '"); DELETE FROM orders; --',
  "\\'; SELECT pg_sleep(10); --",
  "$1 $2 ::text",
  "/* */ OR 1=1",
  "ünïcödé ✓ 🚀 \u202e",
  "x".repeat(100_000),
  "{NULL}",
];

/** Runs every operation with hostile identifiers and values and checks that nothing else changed. */
export function defineInjectionScenarios(label: string, factory: BackendFactory): void {
  describe(`injection-proof on ${label}`, () => {
    let backend: Backend;
    let host: AppFlowHost;
    let ev: ReturnType<typeof events>;
    const entity = entityIdentifierOf(HOSTILE_SCHEMA, HOSTILE_TABLE);
    const target = quoteQualified(HOSTILE_SCHEMA, HOSTILE_TABLE);
    let untouched: () => Promise<void>;

    beforeAll(async () => {
      backend = await factory();
      host = hostFor(backend);
      ev = events(backend);
      await seedDemo(backend.admin, { customers: 20, orders: 40 });
      await backend.admin.query(`CREATE SCHEMA ${quoteIdent(HOSTILE_SCHEMA)}`);
      const columns = HOSTILE_COLUMNS.map((c) => `${quoteIdent(c)} text`).join(", ");
      await backend.admin.query(`CREATE TABLE ${target} (id text PRIMARY KEY, note text, ${columns})`);
      const customers = await fingerprint(backend.admin, "public.customers");
      const orders = await fingerprint(backend.admin, "public.orders");
      untouched = async () => {
        expect(await fingerprint(backend.admin, "public.customers")).toBe(customers);
        expect(await fingerprint(backend.admin, "public.orders")).toBe(orders);
      };
    });
    afterAll(async () => {
      await backend?.close();
    });

    const recordFor = (i: number, value: string): Json => ({
      id: value,
      note: value,
      ...Object.fromEntries(HOSTILE_COLUMNS.map((c) => [c, `${value}|${c}|${i}`])),
    });

    it("lists and describes hostile names exactly", async () => {
      const top = (await host.invoke(ev.listEntities(null)))["entities"] as Json[];
      expect(top.map((e) => e["entityIdentifier"])).toContain(identifierPart(HOSTILE_SCHEMA));
      const inside = (await host.invoke(ev.listEntities(identifierPart(HOSTILE_SCHEMA))))[
        "entities"
      ] as Json[];
      expect(inside.map((e) => e["entityIdentifier"])).toEqual([entity]);
      const def = (await host.invoke(ev.describeEntity(entity)))["entityDefinition"] as { fields: Json[] };
      expect(def.fields.map((f) => f["fieldName"])).toEqual(["id", "note", ...HOSTILE_COLUMNS]);
      await untouched();
    });

    it("writes, reads, retrieves and deletes hostile values in hostile columns", async () => {
      const records = HOSTILE_VALUES.map((v, i) => recordFor(i, v));
      const ins = await host.invoke(ev.write(entity, "INSERT", records));
      expect(ins["isSuccess"]).toBe(true);
      const one = await host.invoke(ev.write(entity, "INSERT", [recordFor(99, "single")]));
      expect(one["isSuccess"]).toBe(true);
      const upd = await host.invoke(
        ev.write(entity, "UPDATE", [{ id: HOSTILE_VALUES[0], [HOSTILE_COLUMNS[0]!]: HOSTILE_VALUES[1] }], {
          idFieldNames: ["id"],
        }),
      );
      expect(upd["isSuccess"]).toBe(true);
      const ups = await host.invoke(
        ev.write(entity, "UPSERT", [{ id: HOSTILE_VALUES[2], note: HOSTILE_VALUES[3] }], {
          idFieldNames: ["id"],
        }),
      );
      expect(ups["isSuccess"]).toBe(true);

      const { records: read } = await queryAll(host, (t) =>
        ev.query(entity, { fields: ["id", "note", ...HOSTILE_COLUMNS], maxResults: 3, nextToken: t }),
      );
      const byId = new Map(read.map((r) => [r["id"], r]));
      expect(byId.size).toBe(HOSTILE_VALUES.length + 1);
      expect(byId.get(HOSTILE_VALUES[0])?.[HOSTILE_COLUMNS[0]!]).toBe(HOSTILE_VALUES[1]);
      expect(byId.get(HOSTILE_VALUES[2])?.["note"]).toBe(HOSTILE_VALUES[3]);
      expect(byId.get(HOSTILE_VALUES[6])).toEqual(recordFor(6, HOSTILE_VALUES[6]!));

      for (const value of HOSTILE_VALUES.slice(0, 6)) {
        const filter = `note = '${value.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
        const res = await host.invoke(ev.query(entity, { filter, fields: ["id"] }));
        expect(res["isSuccess"], filter).toBe(true);
        const ids = (res["records"] as string[]).map((r) => (JSON.parse(r) as Json)["id"]);
        expect(ids.every((id) => byId.get(id)?.["note"] === value)).toBe(true);
      }
      const contains = await host.invoke(
        ev.query(entity, { filter: "note CONTAINS '; DROP'", fields: ["id"] }),
      );
      expect(contains["records"]).toEqual([JSON.stringify({ id: HOSTILE_VALUES[0] })]);

      const got = await host.invoke(ev.retrieve(entity, HOSTILE_VALUES.slice(0, 3), "id", ["id"]));
      expect((got["records"] as string[]).length).toBe(3);

      const del = await host.invoke(
        ev.write(
          entity,
          "DELETE",
          HOSTILE_VALUES.map((v) => ({ id: v })),
          { idFieldNames: ["id"] },
        ),
      );
      expect(del["isSuccess"]).toBe(true);
      const { rows } = await backend.admin.query<{ id: string }>(`SELECT id FROM ${target}`);
      expect(rows.map((r) => r.id)).toEqual(["single"]);
      await untouched();
    });

    it("refuses hostile entity identifiers and field names without running them", async () => {
      const identifiers = [
        'public.customers"; DROP TABLE public.orders; --',
        "public.customers; DELETE FROM public.customers",
        'public."customers""; drop"',
        "public.customers -- ",
        `public.${"a".repeat(10_000)}`,
        "public",
        "",
        '"unterminated',
        "pg_catalog.pg_authid",
        "information_schema.tables",
      ];
      for (const id of identifiers) {
        for (const event of [
          ev.describeEntity(id),
          ev.query(id),
          ev.retrieve(id, ["1"], "id"),
          ev.write(id, "DELETE", [{ id: 1 }], { idFieldNames: ["id"] }),
        ]) {
          const res = await host.invoke(event);
          expect(res["isSuccess"], `${event.type} ${id}`).toBe(false);
          expect(["InvalidArgument", "ResourceNotFoundError"]).toContain(
            (res["errorDetails"] as { errorCode: string }).errorCode,
          );
        }
      }
      for (const field of ['id" FROM customers; --', "id; DROP TABLE orders", "*"]) {
        expect((await host.invoke(ev.query("public.customers", { fields: [field] })))["isSuccess"]).toBe(
          false,
        );
        expect((await host.invoke(ev.retrieve("public.customers", ["1"], field)))["isSuccess"]).toBe(false);
        const w = await host.invoke(
          ev.write("public.customers", "UPDATE", [{ id: 1, [field]: "x" }], { idFieldNames: ["id"] }),
        );
        expect((w["writeRecordResults"] as Json[])[0]!["isSuccess"]).toBe(false);
        const k = await host.invoke(
          ev.write("public.customers", "DELETE", [{ [field]: 1 }], { idFieldNames: [field] }),
        );
        expect(k["isSuccess"]).toBe(false);
      }
      const hostileFilters = [
        "name = 'x' OR 1=1 --'",
        "name = ''; DROP TABLE customers; --'",
        "id = 1; DELETE FROM customers",
        "name CONTAINS '%'",
      ];
      for (const filter of hostileFilters) {
        const res = await host.invoke(ev.query("public.customers", { filter, fields: ["id"] }));
        if (res["isSuccess"] === true) expect(res["records"]).toEqual([]);
        else expect((res["errorDetails"] as { errorCode: string }).errorCode).toBe("InvalidArgument");
      }
      await untouched();
    });
  });
}
