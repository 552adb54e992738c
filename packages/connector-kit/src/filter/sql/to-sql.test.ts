import { describe, expect, it } from "vitest";
import type { EntityDefinition } from "../../core/model/entity.js";
import type { FilterExpression, FilterQuery } from "../ast.js";
import { FilterValidationError } from "../errors.js";
import { parseFilter } from "../parser.js";
import { compilePredicate } from "../predicate.js";
import { printFilter } from "../printer.js";
import { findFilterProblems } from "../validate.js";
import { type FilterVisitor, visitFilter } from "../visitor.js";
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
    // Date fields always get the written day: a `Date` would be written in the process's time zone.
    expect(dates.params).toEqual([new Date(Date.UTC(2021, 3, 20, 10)), "2021-04-20"]);
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

// Regression tests for the SQL/in-memory disagreements found against PostgreSQL 15 (issue 12); the differential
// test in differential.test.ts runs these filters on real databases.
describe("toSql: values typed by the field, never by the options alone", () => {
  const typedEntity: EntityDefinition = {
    entity: { entityIdentifier: "t", hasNestedEntities: false },
    fields: [
      { fieldName: "s", dataType: "String" },
      { fieldName: "i", dataType: "Integer" },
      { fieldName: "f", dataType: "Float" },
      { fieldName: "dt", dataType: "Date" },
      { fieldName: "ts", dataType: "DateTime" },
      { fieldName: "li", dataType: "List" },
      { fieldName: "m", dataType: "Map" },
      { fieldName: "b", dataType: "Boolean" },
      { fieldName: "st", dataType: "Struct" },
      { fieldName: "by", dataType: "ByteArray" },
    ],
  };
  const typed = (text: string, extra: Partial<Parameters<typeof toSql>[1]> = {}) =>
    pg(text, { entityDefinition: typedEntity, ...extra });

  it("numbers: 'number' leaves literals compared with String and List fields as written", () => {
    expect(typed("s = 007 AND s > 1.50 AND i = 007", { numbers: "number" }).params).toEqual([
      "007",
      "1.50",
      7,
    ]);
    expect(typed("li CONTAINS 5 AND s CONTAINS 5", { numbers: "number" }).params).toEqual(["5", "5"]);
  });

  it("dates: 'Date' leaves dates compared with String fields as written", () => {
    expect(typed("s = 2021-01-01 AND s != 2021-01-01T00:00:00Z", { dates: "Date" }).params).toEqual([
      "2021-01-01",
      "2021-01-01T00:00:00Z",
    ]);
  });

  it("Date fields get the written day, in every time zone and with hour 24", () => {
    const before = process.env.TZ;
    try {
      for (const tz of ["UTC", "America/New_York", "Asia/Tokyo"]) {
        process.env.TZ = tz;
        for (const dates of ["string", "Date"] as const) {
          expect(
            typed("dt = 2021-01-01T24:00:00Z OR dt = 2021-01-01 OR dt = 1609545600000", { dates }).params,
          ).toEqual(["2021-01-01", "2021-01-01", "2021-01-02"]);
        }
      }
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
  });

  it("dates: 'Date' sends a Date only when it holds the instant exactly", () => {
    const { params } = typed(
      "ts = 2021-01-01T24:00:00Z OR ts = 2021-01-01T00:00:00.0001Z OR ts = 9999-12-31T24:00:00Z OR ts = 2021-01-01",
      { dates: "Date" },
    );
    expect(params).toEqual([
      new Date(Date.UTC(2021, 0, 2)),
      "2021-01-01T00:00:00.0001Z",
      "9999-12-31T24:00:00Z",
      new Date(Date.UTC(2021, 0, 1)),
    ]);
  });

  it("List CONTAINS sends the literal's text; Map CONTAINS tests a jsonb key", () => {
    const sql = typed("li CONTAINS 5 AND li CONTAINS 2021-01-01 AND m CONTAINS 'k'", { dates: "Date" });
    expect(sql.where).toBe(
      `$1 = ANY("li") AND $2 = ANY("li") AND (CASE WHEN jsonb_typeof("m") = 'object' THEN "m" ? $3 END)`,
    );
    expect(sql.params).toEqual(["5", "2021-01-01", "k"]);
    expect(() =>
      toSql(parseFilter("m CONTAINS 'k'"), { dialect: ansiDialect, entityDefinition: typedEntity }),
    ).toThrow(/Map field 'm' is not supported in ansi/);
  });

  it.each([
    ["i CONTAINS 5", /CONTAINS on Integer field 'i' has no SQL translation/],
    ["ts CONTAINS 2021", /CONTAINS on DateTime field/],
    ["li = 'a'", /'=' on List field 'li' has no SQL translation/],
    ["m IN ('a')", /IN on Map field 'm'/],
    ["st = 'x'", /'=' on Struct field 'st'/],
    ["by BETWEEN 'a' AND 'b'", /BETWEEN on ByteArray field 'by'/],
    ["i", /'i' \(Integer\) is not Boolean/],
  ])("refuses %j (no SQL meaning) with InvalidArgument", (text, message) => {
    let error: unknown;
    try {
      typed(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FilterValidationError);
    expect((error as FilterValidationError).code).toBe("InvalidArgument");
    expect((error as Error).message).toMatch(message);
  });

  it("still tests any field for null", () => {
    expect(typed("st = null OR by != null OR li = null").where).toBe(
      '"st" IS NULL OR "by" IS NOT NULL OR "li" IS NULL',
    );
  });
});

describe("toSql checks hand-built trees at run time", () => {
  const cmp = (operator: unknown, value: unknown = { kind: "string", value: "", raw: "''" }) =>
    ({ kind: "comparison", field: "s", operator, value }) as unknown as FilterExpression;

  it.each([
    ["an operator spliced into SQL", cmp("= '' OR 1=1 OR s =")],
    ["a lower-case contains", cmp("contains")],
    ["a number literal that is not a number", cmp("=", { kind: "number", text: "1 OR 1=1" })],
    ["a date literal that is not a date", cmp("=", { kind: "date", text: "2021-01-01' OR '1'='1" })],
    ["a datetime literal that is not a datetime", cmp("=", { kind: "datetime", text: "now" })],
    ["a boolean with an ordering operator", cmp(">", { kind: "boolean", value: true })],
    ["a boolean that is not one", cmp("=", { kind: "boolean", value: "yes" })],
    ["an unknown literal kind", cmp("=", { kind: "sql", text: "1=1" })],
    ["an unknown node kind", { kind: "raw", sql: "1=1" }],
    ["an empty AND", { kind: "and", operands: [] }],
    ["an empty IN", { kind: "in", field: "s", values: [] }],
    ["a field that is not a string", { kind: "identifier", name: 42 }],
    ["a field with a lone surrogate", { kind: "identifier", name: "a\ud800" }],
    ["a missing operand", { kind: "not" }],
  ])("refuses %s", (_what, node) => {
    const expression = node as FilterExpression;
    for (const run of [
      () => toSql(expression, { dialect: postgresDialect }),
      () => toSql(expression, { dialect: ansiDialect }),
      () => compilePredicate(expression),
      () => printFilter(expression),
      () => visitFilter(expression, countingVisitor),
      () =>
        findFilterProblems(expression, {
          entity: { entityIdentifier: "t", hasNestedEntities: false },
          fields: [],
        }),
    ]) {
      let error: unknown;
      let problems: unknown;
      try {
        problems = run();
      } catch (e) {
        error = e;
      }
      if (Array.isArray(problems)) {
        expect(problems.length).toBeGreaterThan(0);
        expect(String((problems[0] as { message: string }).message)).toMatch(/^malformed filter/);
      } else {
        expect(error).toBeInstanceOf(FilterValidationError);
        expect((error as FilterValidationError).code).toBe("InvalidArgument");
        expect((error as Error).message).toMatch(/malformed filter/);
      }
    }
  });

  it("refuses a cycle but accepts a shared subtree", () => {
    const leaf = cmp("=");
    const shared = { kind: "or", operands: [leaf, leaf] } as unknown as FilterExpression;
    expect(toSql(shared, { dialect: postgresDialect }).where).toBe('"s" = $1 OR "s" = $2');
    const loop: { kind: string; operand?: unknown } = { kind: "not" };
    loop.operand = loop;
    expect(() => toSql(loop as FilterExpression, { dialect: postgresDialect })).toThrow(/cycle/);
  });

  it("refuses a LIMIT that is not a count", () => {
    const q = { kind: "query", expression: null, limit: { text: "1; DROP TABLE t", value: Number.NaN } };
    expect(() => toSql(q as unknown as FilterQuery, { dialect: postgresDialect })).toThrow(
      FilterValidationError,
    );
  });
});

const countingVisitor: FilterVisitor<number> = {
  comparison: () => 1,
  between: () => 1,
  in: () => 1,
  identifier: () => 1,
  value: () => 1,
  not: (_n, x) => x,
  and: (_n, xs) => xs.length,
  or: (_n, xs) => xs.length,
};
