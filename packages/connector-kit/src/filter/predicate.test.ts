import { describe, expect, it } from "vitest";
import type { EntityDefinition } from "../core/model/entity.js";
import { FilterValidationError } from "./errors.js";
import { parseFilter } from "./parser.js";
import { compilePredicate } from "./predicate.js";

const entity: EntityDefinition = {
  entity: { entityIdentifier: "t", hasNestedEntities: false },
  fields: [
    { fieldName: "name", dataType: "String" },
    { fieldName: "n", dataType: "Integer" },
    { fieldName: "price", dataType: "BigDecimal" },
    { fieldName: "score", dataType: "Double" },
    { fieldName: "ratio", dataType: "Float" },
    { fieldName: "ok", dataType: "Boolean" },
    { fieldName: "day", dataType: "Date" },
    { fieldName: "at", dataType: "DateTime" },
    { fieldName: "tags", dataType: "List" },
    { fieldName: "attrs", dataType: "Map" },
  ],
};

const matches = (text: string, record: Record<string, unknown>, def: EntityDefinition | undefined = entity) =>
  compilePredicate(parseFilter(text), def)(record);

describe("compilePredicate", () => {
  it.each([
    // comparisons and three-valued logic
    ["n > 5", { n: 6 }, true],
    ["n > 5", { n: 5 }, false],
    ["n > 5", {}, false],
    ["NOT n > 5", {}, false],
    ["NOT n > 5", { n: null }, false],
    ["NOT n > 5", { n: 1 }, true],
    ["n > 5 OR n = null", {}, true],
    ["NOT (n > 5 AND n < 3)", { n: 4 }, true],
    ["NOT (n > 5 AND name = 'x')", { n: 1 }, true], // false AND unknown = false
    ["NOT (n > 5 OR name = 'x')", { n: 1 }, false], // false OR unknown = unknown
    ["n = null", { n: null }, true],
    ["n = null", {}, true],
    ["n = null", { n: 0 }, false],
    ["n != null", { n: 0 }, true],
    ["n != 3", {}, false],
    ["n != 3", { n: 4 }, true],
    ["n > null", { n: 4 }, false],
    // IN: a chain of '=' (null means IS NULL)
    ["n IN (1, 2)", { n: 2 }, true],
    ["n IN (1, 2)", { n: 3 }, false],
    ["n IN (1, 2)", {}, false],
    ["n IN (1, null)", {}, true],
    ["NOT n IN (1, 2)", {}, false],
    // BETWEEN inclusive
    ["n BETWEEN 1 AND 3", { n: 3 }, true],
    ["n BETWEEN 1 AND 3", { n: 4 }, false],
    ["NOT n BETWEEN null AND 3", { n: 4 }, true],
    ["NOT n BETWEEN null AND 3", { n: 2 }, false],
    // exact decimals
    ["price > 0.1", { price: "0.10000000000000000001" }, true],
    ["price = 123456789012345678901234567890", { price: 123456789012345678901234567890n }, true],
    ["price = 123456789012345678901234567890", { price: "123456789012345678901234567891" }, false],
    ["price = 1.50", { price: 1.5 }, true],
    ["price < 2", { price: "abc" }, false],
    ["NOT price < 2", { price: "abc" }, false],
    ["score = 0.1", { score: 0.1 }, true],
    ["score = 0.10000000000000000001", { score: 0.1 }, true], // double semantics for Double
    ["ratio = 0.1", { ratio: Math.fround(0.1) }, true], // float semantics for Float
    // strings
    ["name = 'x'", { name: "x" }, true],
    ["name CONTAINS 'b%'", { name: "ab%c" }, true],
    ["name CONTAINS 'b%'", { name: "abc" }, false],
    ["name CONTAINS ''", { name: "" }, true],
    ["name = 5", { name: "5" }, true],
    // booleans and bare identifiers (= true)
    ["ok = true", { ok: true }, true],
    ["ok != true", { ok: false }, true],
    ["ok != true", {}, false],
    ["ok", { ok: true }, true],
    ["ok", { ok: "yes" }, false],
    ["NOT ok", { ok: false }, true],
    ["NOT ok", {}, false],
    // dates: calendar days for Date, instants for DateTime
    ["day = 2021-04-20", { day: "2021-04-20" }, true],
    ["day = 2021-04-20", { day: new Date(Date.UTC(2021, 3, 20, 15)) }, true],
    ["day = 2021-04-20T10:00:00Z", { day: "2021-04-20" }, true],
    ["day > 2021-04-20", { day: "2021-04-21T00:00:00+05:00" }, true],
    ["at > 2021-04-20", { at: "2021-04-20T00:00:00.001Z" }, true],
    ["at = 2021-04-20T10:00:00Z", { at: new Date(Date.UTC(2021, 3, 20, 10)) }, true],
    ["at = 2021-04-20T10:00:00Z", { at: "2021-04-20T12:00:00+02:00" }, true],
    ["at < 2021-04-20T10:00:00.0001Z", { at: "2021-04-20T10:00:00.000Z" }, true],
    ["at BETWEEN 1611639470000 AND 1611639476298", { at: new Date(1611639470001) }, true],
    ["at = 2021-04-20T24:00:00Z", { at: "2021-04-21T00:00:00Z" }, true],
    // lists and maps
    ["tags CONTAINS 'x'", { tags: ["a", "x"] }, true],
    ["tags CONTAINS 'x'", { tags: ["a"] }, false],
    ["tags CONTAINS 'x'", { tags: ["a", null] }, false],
    ["NOT tags CONTAINS 'x'", { tags: ["a", null] }, false],
    ["NOT tags CONTAINS 'x'", { tags: ["a"] }, true],
    ["tags CONTAINS 5", { tags: [5.0, 6] }, true],
    ["attrs CONTAINS 'k'", { attrs: { k: 1 } }, true],
    ["attrs CONTAINS 'toString'", { attrs: {} }, false],
    // own properties only
    ["constructor = 'x'", {}, false],
    ["LIMIT 10", {}, true],
  ])("%j on %o → %s", (text, record, expected) => {
    expect(matches(text, record)).toBe(expected);
  });

  it.each([
    ["n > 5", { n: 6 }, true],
    ["n > 5", { n: "6" }, true],
    ["n > 5", { n: 6n }, true],
    ["n > 5", { n: "x" }, false],
    ["s = 'x'", { s: "x" }, true],
    ["s < 'b'", { s: "a" }, true],
    ["s = '5'", { s: 5 }, true],
    ["d > 2021-01-01", { d: new Date("2021-01-02") }, true],
    ["d > 2021-01-01", { d: "2021-01-01T00:00:01Z" }, true],
    ["d > 1609459200000", { d: new Date("2021-01-02") }, true],
    ["t CONTAINS 'ell'", { t: "hello" }, true],
    ["t CONTAINS 'x'", { t: ["x"] }, true],
    ["t CONTAINS 'k'", { t: { k: 1 } }, true],
    ["b = true", { b: true }, true],
    ["b = true", { b: "true" }, false],
    ["a.b = 1", { "a.b": 1, a: { b: 2 } }, true],
  ])("without a definition: %j on %o → %s", (text, record, expected) => {
    expect(matches(text, record, undefined)).toBe(expected);
  });

  it("rejects bare values", () => {
    expect(() => compilePredicate(parseFilter("5 AND a"))).toThrow(FilterValidationError);
  });
});

// Regression tests for the SQL/in-memory disagreements found against PostgreSQL 15 (issue 12). Each expectation
// is what PostgreSQL answers for the same row (see sql/differential.test.ts, which runs them on real databases).
describe("compilePredicate agrees with PostgreSQL on edge values", () => {
  const pgEntity: EntityDefinition = {
    entity: { entityIdentifier: "t", hasNestedEntities: false },
    fields: [
      {
        fieldName: "s",
        dataType: "String",
        filterOperators: ["EQUAL_TO", "LESS_THAN", "GREATER_THAN", "CONTAINS"],
      },
      { fieldName: "f", dataType: "Float" },
      { fieldName: "d", dataType: "Double" },
      { fieldName: "bd", dataType: "BigDecimal" },
      { fieldName: "li", dataType: "List" },
      { fieldName: "m", dataType: "Map" },
    ],
  };
  const pgMatches = (text: string, record: Record<string, unknown>) =>
    compilePredicate(parseFilter(text), pgEntity)(record);

  it.each([
    // A real column reads the decimal rounded once: 16777217.000000000001 is 16777218 as a float, not 16777216.
    ["f = 16777217.000000000001", { f: 16777218 }, true],
    ["f = 16777217.000000000001", { f: 16777216 }, false],
    ["f = 16777217", { f: 16777216 }, true],
    ["f < 16777217.000000000001", { f: "16777216" }, true],
    ["f = 0.1", { f: Math.fround(0.1) }, true],
    // List elements of a text[] column compare as text: 5 is not '5.0', and 'a' is simply not 5.
    ["NOT li CONTAINS 5", { li: ["a"] }, true],
    ["li CONTAINS 5", { li: ["5.0"] }, false],
    ["li CONTAINS 5", { li: ["5"] }, true],
    ["li CONTAINS 2021-01-01", { li: ["2021-01-01T00:00:00Z"] }, false],
    ["NOT li CONTAINS 5", { li: ["a", null] }, false], // unknown
    ["li CONTAINS 5", { li: [5.0] }, true], // a numeric[] column
    // NaN is above every number and equal to itself; ±Infinity at the ends.
    ["d > 0 OR NOT d > 0", { d: Number.NaN }, true],
    ["d > 0", { d: Number.NaN }, true],
    ["d = 0", { d: Number.NaN }, false],
    ["d > 1000", { d: "NaN" }, true],
    ["d < 0", { d: "-Infinity" }, true],
    ["d > 0", { d: Number.POSITIVE_INFINITY }, true],
    ["bd > 5", { bd: "NaN" }, true],
    ["bd < 5", { bd: "-Infinity" }, true],
    // Strings order by code point (UTF-8 bytes, COLLATE "C"), so U+1F600 sorts after U+E000.
    ["s > '\uE000'", { s: "😀" }, true],
    ["s < '\uE000'", { s: "😀" }, false],
    ["s < '😀'", { s: "\uFFFF" }, true],
    // Map CONTAINS is key presence in an object; anything else is unknown.
    ["m CONTAINS 'k'", { m: { k: 1 } }, true],
    ["NOT m CONTAINS 'k'", { m: ["k"] }, false],
    ["m CONTAINS 'k'", { m: new Map([["k", 1]]) }, true],
  ])("%s on %o is %s", (text, record, expected) => {
    expect(pgMatches(text, record)).toBe(expected);
  });
});
