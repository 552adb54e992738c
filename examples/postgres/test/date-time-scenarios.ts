import type { DataRecord } from "connector-kit";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadTable } from "../src/catalog.js";
import { queryPages } from "../src/query.js";
import { isoDateTime } from "../src/type-mapping.js";
import { type Backend, type BackendFactory, DEFAULT_SETTINGS } from "./backends.js";

const SEED = 20261203;
const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/**
 * A timestamp's input text across PostgreSQL's whole range (4713 BC to 294276 AD; days kept ≤ 28 so every
 * one exists), with 0 to 6 fraction digits, and the infinities.
 */
const timestampText = fc.oneof(
  { weight: 30, arbitrary: dateTimeParts() },
  { weight: 1, arbitrary: fc.constantFrom("infinity", "-infinity") },
);

function dateTimeParts(): fc.Arbitrary<string> {
  return fc
    .record({
      bc: fc.integer({ min: 0, max: 6 }).map((n) => n === 0),
      year: fc.oneof(
        fc.integer({ min: 1, max: 9999 }),
        fc.integer({ min: 1900, max: 2100 }),
        fc.integer({ min: 10000, max: 294275 }),
      ),
      month: fc.integer({ min: 1, max: 12 }),
      day: fc.integer({ min: 1, max: 28 }),
      hour: fc.integer({ min: 0, max: 23 }),
      minute: fc.integer({ min: 0, max: 59 }),
      second: fc.integer({ min: 0, max: 59 }),
      fraction: fc.stringMatching(/^(\.\d{1,6})?$/),
    })
    .map((p) => {
      const year = p.bc ? Math.min(p.year, 4712) : p.year;
      const time = `${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${p.fraction}`;
      return `${pad(year, 4)}-${pad(p.month)}-${pad(p.day)} ${time}${p.bc ? " BC" : ""}`;
    });
}

/**
 * The oracle, from PostgreSQL's JSON form of a timestamp (`to_json(ts) #>> '{}'`, which the connector read
 * before it read the text form): `+00:00` becomes `Z` and a value without zone is taken as UTC; values ISO 8601
 * has no form for (the infinities, BC dates) and other offsets stay as PostgreSQL wrote them. (The connector
 * used to add a `Z` to BC dates as well; this test found it.)
 */
function fromJsonForm(json: string): string {
  if (!/^\d{4,}-\d\d-\d\dT/.test(json) || json.endsWith(" BC")) return json;
  if (json.endsWith("+00:00")) return `${json.slice(0, -6)}Z`;
  return /[+-]\d\d:\d\d(:\d\d)?$/.test(json) ? json : `${json}Z`;
}

/**
 * Date-times as the connector reads them, checked on one backend against PostgreSQL's own JSON form of the same
 * values: every generated value read through the connector's queries, and the text of every offset form
 * (sessions in other zones, including historical offsets with seconds) turned as `to_json` writes it.
 */
export function defineDateTimeScenarios(label: string, factory: BackendFactory): void {
  describe(`PostgreSQL connector date-times on ${label}`, () => {
    let backend: Backend;
    let values: string[];

    beforeAll(async () => {
      backend = await factory();
      values = fc.sample(timestampText, { seed: SEED, numRuns: 1500 });
      await backend.admin.query(
        "CREATE TABLE public.moments (id int PRIMARY KEY, d date, ts timestamp, tstz timestamptz)",
      );
      await backend.admin.query(
        "INSERT INTO public.moments SELECT i, v::timestamp::date, v::timestamp, v::timestamptz " +
          "FROM unnest($1::text[]) WITH ORDINALITY AS u(v, i)",
        [values],
      );
    });
    afterAll(async () => {
      await backend?.close();
    });

    it("reads every timestamp as its JSON form in UTC, and dates as PostgreSQL writes them", async () => {
      const table = await loadTable(backend.admin, DEFAULT_SETTINGS, "public.moments");
      const read: DataRecord[] = [];
      const options = { fields: null, filterExpression: null, pageSize: 400, limit: null };
      for await (const page of queryPages(backend.admin, table, options, null)) read.push(...page.records);
      const { rows } = await backend.admin.query<{ id: number; d: string; ts: string; tstz: string }>(
        "SELECT id, to_json(d) #>> '{}' AS d, to_json(ts) #>> '{}' AS ts, to_json(tstz) #>> '{}' AS tstz " +
          "FROM public.moments ORDER BY id",
      );
      expect(read).toHaveLength(values.length);
      const expected = rows.map((r) => ({
        id: r.id,
        d: r.d,
        ts: fromJsonForm(r.ts),
        tstz: fromJsonForm(r.tstz),
      }));
      expect(read).toEqual(expected);
      // The sample holds what the fast paths skip.
      expect(read.some((r) => String(r["tstz"]).endsWith(" BC"))).toBe(true);
      expect(read.some((r) => r["ts"] === "infinity")).toBe(true);
    });

    it("turns the text of every offset into the JSON form's offset", async () => {
      const zones = ["UTC", "Asia/Kolkata", "America/St_Johns", "Europe/Amsterdam", "Pacific/Chatham"];
      for (const zone of zones) {
        const rows = await backend.admin.transaction(async (tx) => {
          await tx.query("SELECT set_config('TimeZone', $1, true)", [zone]);
          const result = await tx.query<{ text: string; json: string }>(
            "SELECT tstz::text AS text, to_json(tstz) #>> '{}' AS json FROM public.moments ORDER BY id",
          );
          return result.rows;
        });
        const wrong = rows.filter((r) => isoDateTime(r.text) !== fromJsonForm(r.json));
        expect(wrong.slice(0, 5), zone).toEqual([]);
      }
    });
  });
}
