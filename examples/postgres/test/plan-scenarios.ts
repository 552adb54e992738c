import { incrementalFilter } from "connector-kit/flow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadTable } from "../src/catalog.js";
import type { Database } from "../src/database.js";
import { seedDemo } from "../src/demo-data.js";
import { queryPages } from "../src/query.js";
import { type Backend, type BackendFactory, DEFAULT_SETTINGS } from "./backends.js";

/** Orders seeded: enough that scanning and sorting the whole table would cost far more than an index. */
const ORDERS = 25_000;
/** Records per page, as a flow's pageSize. */
const PAGE = 2000;

/** One node of `EXPLAIN (FORMAT JSON)`'s tree. */
interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  "Actual Rows": number;
  "Actual Loops": number;
  "Rows Removed by Filter"?: number;
  Plans?: PlanNode[];
}

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

/** Rows a plan node read: those it returned and those its filter dropped, over all its loops. */
const rowsTouched = (n: PlanNode) =>
  (n["Actual Rows"] + (n["Rows Removed by Filter"] ?? 0)) * n["Actual Loops"];

/** The plan tree of a statement as PostgreSQL ran it with these parameters (EXPLAIN ANALYZE: actual rows). */
async function explain(db: Database, sql: string, params: readonly unknown[]): Promise<PlanNode> {
  const { rows } = await db.query<Record<string, unknown>>(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, params);
  const value = rows[0]!["QUERY PLAN"];
  const parsed = (typeof value === "string" ? JSON.parse(value) : value) as { Plan: PlanNode }[];
  return parsed[0]!.Plan;
}

/**
 * The statements `queryPages` sends for the first two pages of a query on `public.orders`: the first page,
 * then a page after a keyset token. Captured by a spy over the real database.
 */
async function pageStatements(
  db: Database,
  filterExpression: string | null,
  fields: string[] | null = null,
  pagesRead = 2,
): Promise<{ sql: string; params: readonly unknown[]; records: number }[]> {
  const sent: { sql: string; params: readonly unknown[]; records: number }[] = [];
  const spy: Database = {
    ...db,
    query: (sql, params = []) => {
      sent.push({ sql, params, records: 0 });
      return db.query(sql, params);
    },
    queryArrays: (sql, params = []) => {
      sent.push({ sql, params, records: 0 });
      return db.queryArrays(sql, params);
    },
  };
  const table = await loadTable(db, DEFAULT_SETTINGS, "public.orders");
  const pages = queryPages(spy, table, { fields, filterExpression, pageSize: PAGE, limit: null }, null);
  for (let i = 0; i < pagesRead; i++) {
    const page = await pages.next();
    if (page.done) break;
    sent[sent.length - 1]!.records = page.value.records.length;
  }
  await pages.return(undefined);
  return sent;
}

/**
 * The plans of the example's keyset page queries over a seeded table: `seedDemo` analyzes what it loaded, so
 * PostgreSQL reads a page on the primary key's index instead of scanning and sorting the whole table (which
 * it may do without statistics). Checked with EXPLAIN on any backend.
 */
export function definePlanScenarios(label: string, factory: BackendFactory): void {
  describe(`PostgreSQL connector query plans on ${label}`, () => {
    let backend: Backend;

    beforeAll(async () => {
      backend = await factory();
      await seedDemo(backend.admin, { customers: 500, orders: ORDERS });
    });
    afterAll(async () => {
      await backend?.close();
    });

    it("seeding leaves statistics, so the planner knows the table's size", async () => {
      const { rows } = await backend.admin.query<{ reltuples: number; analyzed: boolean }>(
        `SELECT c.reltuples::float8 AS reltuples, s.last_analyze IS NOT NULL AS analyzed
         FROM pg_class c JOIN pg_stat_user_tables s ON s.relid = c.oid WHERE c.oid = 'public.orders'::regclass`,
      );
      expect(Number(rows[0]!.reltuples)).toBe(ORDERS);
      expect(rows[0]!.analyzed).toBe(true);
    });

    it("reads keyset pages on the primary key's index, never scanning and sorting the table", async () => {
      const statements = await pageStatements(backend.admin, null);
      const pages = statements.filter((s) => /FROM "public"\."orders"/.test(s.sql));
      expect(pages).toHaveLength(2);
      // PGlite reads a page as one JSON text: the keyset query wrapped in an aggregate over its rows.
      expect(pages[1]!.sql).toMatch(/WHERE "id" > \$1::bigint ORDER BY "id" LIMIT 2000(\) AS p)?$/);
      for (const page of pages) {
        const all = nodes(await explain(backend.admin, page.sql, page.params));
        expect(all.filter((n) => n["Node Type"] === "Seq Scan")).toEqual([]);
        expect(all.filter((n) => n["Node Type"] === "Sort")).toEqual([]);
        expect(Math.max(...all.map(rowsTouched))).toBeLessThanOrEqual(PAGE);
        expect(all.find((n) => n["Relation Name"] === "orders")).toMatchObject({
          "Node Type": "Index Scan",
          "Index Name": "orders_pkey",
        });
      }
    });

    it("reads the key's text from a selected field that is the key, from a column of its own otherwise", async () => {
      for (const [fields, ownKeyColumn] of [
        [["id", "status"], false],
        [["status"], true],
        [null, false],
      ] as const) {
        const all = await pageStatements(backend.admin, null, fields === null ? null : [...fields], 100);
        const pages = all.filter((s) => /FROM "public"\."orders"/.test(s.sql));
        expect(
          pages.some((p) => / AS k0\b/.test(p.sql)),
          JSON.stringify(fields),
        ).toBe(ownKeyColumn);
        // Every page after the first starts after the last key of the one before: all orders, each once.
        expect(
          pages.reduce((n, p) => n + p.records, 0),
          JSON.stringify(fields),
        ).toBe(ORDERS);
        expect(pages[1]!.params).toEqual([String(PAGE)]);
      }
    });

    it("reads an incremental run's pages (a window on updated_at) without scanning the whole table", async () => {
      for (const window of [
        { from: "2025-12-01T00:00:00.000Z", to: "2027-01-01T00:00:00.000Z" }, // every order: the first run
        { from: "2026-01-10T00:00:00.000Z", to: "2026-01-11T00:00:00.000Z" }, // a day's changes: a later run
      ]) {
        const filter = incrementalFilter(null, "updated_at", "DateTime", window);
        const statements = await pageStatements(backend.admin, filter);
        const pages = statements.filter((s) => /FROM "public"\."orders"/.test(s.sql));
        expect(pages.length).toBeGreaterThan(0);
        for (const page of pages) {
          const all = nodes(await explain(backend.admin, page.sql, page.params));
          expect(
            all.filter((n) => n["Node Type"] === "Seq Scan"),
            JSON.stringify(window),
          ).toEqual([]);
          // No node reads more than a page (the primary key's index, stopped by LIMIT) or a day's window (the
          // index on updated_at, then a sort of those rows): never the whole table, to sort it.
          for (const node of all) {
            expect(rowsTouched(node), `${node["Node Type"]} ${JSON.stringify(window)}`).toBeLessThanOrEqual(
              PAGE,
            );
          }
        }
      }
    });
  });
}
