import { describe, expect, it } from "vitest";
import type { EntityDefinition } from "../../core/model/entity.js";
import { FilterValidationError } from "../errors.js";
import { parseFilter } from "../parser.js";
import { ansiDialect, mysqlDialect, postgresDialect } from "./dialect.js";
import { toSql } from "./to-sql.js";

const pg = (text: string, extra: Partial<Parameters<typeof toSql>[1]> = {}) =>
  toSql(parseFilter(text), { dialect: postgresDialect, ...extra });

const entity: EntityDefinition = {
  entity: { entityIdentifier: "t", hasNestedEntities: false },
  fields: [
    { fieldName: "day", dataType: "Date" },
    { fieldName: "at", dataType: "DateTime" },
    { fieldName: "tags", dataType: "List" },
    { fieldName: "n", dataType: "Integer" },
  ],
};

describe("toSql", () => {
  it.each([
    ["a = 1", '"a" = $1', ["1"]],
    ["a != 'x'", '"a" <> $1', ["x"]],
    ["a > 1 AND b <= -2.50", '"a" > $1 AND "b" <= $2', ["1", "-2.50"]],
    ["a >= 1 OR b < 2 OR c", '"a" >= $1 OR "b" < $2 OR "c"', ["1", "2"]],
    ["a = null", '"a" IS NULL', []],
    ["a != null", '"a" IS NOT NULL', []],
    ["a > null", '"a" > $1', [null]],
    ["a = true AND b != False", '"a" = $1 AND "b" <> $2', [true, false]],
    ["a CONTAINS '50%_off\\\\'", 'position($1 in "a") > 0', ["50%_off\\"]],
    [
      "a BETWEEN 2021-01-01 AND 2021-01-01T10:00:00.5Z",
      '"a" BETWEEN $1 AND $2',
      ["2021-01-01", "2021-01-01T10:00:00.5Z"],
    ],
    ["a IN (1, 'x')", '"a" IN ($1, $2)', ["1", "x"]],
    ["a IN (1, null)", '("a" IN ($1) OR "a" IS NULL)', ["1"]],
    ["a IN (null)", '"a" IS NULL', []],
    ["NOT a = 1", 'NOT ("a" = $1)', ["1"]],
    ["NOT NOT a", 'NOT (NOT ("a"))', []],
    ["(a = 1 OR b = 2) AND c = 3", '("a" = $1 OR "b" = $2) AND "c" = $3', ["1", "2", "3"]],
    ["weird-name.x = 1", '"weird-name.x" = $1', ["1"]],
  ])("%j → %s", (text, where, params) => {
    const sql = pg(text);
    expect(sql.where).toBe(where);
    expect(sql.params).toEqual(params);
    expect(sql.limit).toBeNull();
  });

  it("handles LIMIT, alone and after an expression", () => {
    expect(pg("LIMIT 10")).toEqual({ where: null, params: [], limit: 10 });
    expect(pg("a = 1 LIMIT 25")).toMatchObject({ where: '"a" = $1', limit: 25 });
    expect(pg("LIMIT 99999999999999999999").limit).toBe(Number.MAX_SAFE_INTEGER);
  });

  it("maps and quotes columns, and offsets placeholders", () => {
    const sql = pg("a = 1 AND b = 2", {
      columnOf: (f) => (f === "a" ? 'Odd "Col"' : f.toUpperCase()),
      paramOffset: 3,
    });
    expect(sql.where).toBe('"Odd ""Col""" = $4 AND "B" = $5');
  });

  it("uses LIKE with an escaped pattern in ? dialects", () => {
    const sql = toSql(parseFilter("a CONTAINS '50%_off!' AND b = 1"), { dialect: ansiDialect });
    expect(sql.where).toBe(`"a" LIKE ? ESCAPE '!' AND "b" = ?`);
    expect(sql.params).toEqual(["%50!%!_off!!%", "1"]);
    expect(toSql(parseFilter("a = 1"), { dialect: mysqlDialect, columnOf: () => "x`y" }).where).toBe(
      "`x``y` = ?",
    );
  });

  it("types values by the entity definition", () => {
    const sql = pg("day = 1611639476298 AND at > 2021-04-20 AND at < 1611639476298 AND tags CONTAINS 'x'", {
      entityDefinition: entity,
    });
    expect(sql.where).toBe('"day" = $1 AND "at" > $2 AND "at" < $3 AND $4 = ANY("tags")');
    expect(sql.params).toEqual(["2021-01-26", "2021-04-20T00:00:00.000Z", "2021-01-26T05:37:56.298Z", "x"]);
    const dates = pg("at = 2021-04-20T10:00:00Z AND day = 2021-04-20", {
      dates: "Date",
      entityDefinition: entity,
    });
    expect(dates.params).toEqual([new Date(Date.UTC(2021, 3, 20, 10)), new Date(Date.UTC(2021, 3, 20))]);
  });

  it("can pass exactly representable numbers as numbers", () => {
    expect(
      pg("a = 5 AND b = 0.5 AND c = 0.1 AND d = 12345678901234567890", { numbers: "number" }).params,
    ).toEqual([5, 0.5, 0.1, "12345678901234567890"]);
  });

  it("refuses bare values, unknown fields and unsupported list CONTAINS", () => {
    expect(() => pg("a AND 5")).toThrow(FilterValidationError);
    expect(() => pg("nope = 1", { entityDefinition: entity })).toThrow(/field 'nope' does not exist/);
    expect(() =>
      toSql(parseFilter("tags CONTAINS 'x'"), { dialect: ansiDialect, entityDefinition: entity }),
    ).toThrow(FilterValidationError);
  });

  it("never puts values into the SQL text", () => {
    const sql = pg(
      `a = 'x''; DROP TABLE t; --' OR b CONTAINS "'" OR c IN ('\\'')`.replace("'x'';", "'x\\';"),
    );
    expect(sql.where).not.toContain("DROP");
    expect(sql.where).not.toContain("'");
  });
});
