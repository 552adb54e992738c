import { describe, expect, it } from "vitest";
import { ConnectorError } from "../core/errors/connector-error.js";
import type { EntityDefinition } from "../core/model/entity.js";
import { FilterValidationError } from "./errors.js";
import { parseFilter } from "./parser.js";
import { findFilterProblems, validateFilter } from "./validate.js";

const entity: EntityDefinition = {
  entity: { entityIdentifier: "Account", hasNestedEntities: false },
  fields: [
    { fieldName: "name", dataType: "String" },
    { fieldName: "age", dataType: "Integer" },
    { fieldName: "small", dataType: "Short" },
    { fieldName: "big", dataType: "Long" },
    { fieldName: "huge", dataType: "BigInteger" },
    { fieldName: "price", dataType: "BigDecimal" },
    { fieldName: "ratio", dataType: "Float" },
    { fieldName: "score", dataType: "Double" },
    { fieldName: "active", dataType: "Boolean" },
    { fieldName: "born", dataType: "Date" },
    { fieldName: "updated", dataType: "DateTime" },
    { fieldName: "tags", dataType: "List" },
    { fieldName: "attrs", dataType: "Map" },
    { fieldName: "blob", dataType: "ByteArray" },
    { fieldName: "secret", dataType: "String", readProperties: { isQueryable: false } },
    { fieldName: "nullq", dataType: "String", readProperties: { isQueryable: null } },
    { fieldName: "code", dataType: "String", filterOperators: ["EQUAL_TO", "BETWEEN", "GREATER_THAN"] },
    { fieldName: "opsNull", dataType: "Integer", filterOperators: null },
  ],
};

const problems = (text: string) => findFilterProblems(parseFilter(text), entity).map((p) => p.message);

describe("validateFilter", () => {
  it.each([
    "name = 'x' AND name != 'y' AND name CONTAINS 'z'",
    "name = null OR name != null OR name IN ('a', null)",
    "age > 5 AND age >= -2147483648 AND age <= 2147483647 AND age != 0",
    "small < 32767 AND big > -9223372036854775808 AND huge = 123456789012345678901234567890",
    "price > 0.1000000000000000000001 AND ratio < 3.4e0".replace("3.4e0", "3.4"),
    "score >= -1.5",
    "active = true AND active != False AND active AND NOT active",
    "born BETWEEN 2024-02-29 AND 2024-03-01 AND born > 2021-04-20T10:00:00Z",
    "updated > 2021-04-20T24:00:00Z AND updated BETWEEN 1611639470000 AND 1611639476298",
    "tags CONTAINS 'x' AND tags CONTAINS 5 AND attrs CONTAINS 'k'",
    "nullq = 'x' AND opsNull > 1",
    "code BETWEEN 'a' AND 'b' AND code > 'a' AND code IN ('x')",
    "LIMIT 10",
    "age IN (1, 2, 3) LIMIT 10",
  ])("accepts %j", (text) => {
    expect(problems(text)).toEqual([]);
    expect(() => validateFilter(parseFilter(text), entity)).not.toThrow();
  });

  it.each([
    ["nope = 1", "field 'nope' does not exist in entity 'Account'"],
    ["secret = 'x'", "field 'secret' cannot be used in filters (it is not queryable)"],
    ["name > 'x'", "field 'name' (String) does not support '>'"],
    ["age BETWEEN 1 AND 2", "field 'age' (Integer) does not support BETWEEN"],
    ["age CONTAINS 1", "field 'age' (Integer) does not support 'CONTAINS'"],
    ["code != 'x'", "field 'code' (String) does not support '!='"],
    ["tags IN ('x')", "field 'tags' (List) does not support IN (which needs EQUAL_TO)"],
    ["blob = 'x'", "field 'blob' (ByteArray) does not support '='"],
    ["age = 1.5", "field 'age' (Integer): expects a whole number, got 1.5"],
    ["age = 'x'", "field 'age' (Integer): expects a whole number, got the string 'x'"],
    ["age = 2147483648", "field 'age' (Integer): 2147483648 is out of range for Integer"],
    ["small = -32769", "field 'small' (Short): -32769 is out of range for Short"],
    ["big = 9223372036854775808", "field 'big' (Long): 9223372036854775808 is out of range for Long"],
    ["ratio = 3.5e38".replace("3.5e38", "350000000000000000000000000000000000000"), "out of range for Float"],
    ["price = 2021-01-01", "field 'price' (BigDecimal): expects a number, got the date 2021-01-01"],
    ["age = true", "field 'age' (Integer): true/false only fit Boolean fields"],
    ["active = 'true'", "field 'active' (Boolean): expects true or false"],
    ["born = 2021-02-30", "field 'born' (Date): 2021-02-30 is not a real date"],
    ["updated = 2021-04-20T24:00:01Z", "is not a real date and time"],
    ["updated = 1.5", "1.5 is not a date, a datetime or epoch milliseconds"],
    ["updated = 'yesterday'", "expects a date, a datetime or epoch milliseconds"],
    ["age > null", "field 'age' (Integer): null can only be used with '=', '!=' and IN"],
    ["born BETWEEN null AND 2021-01-01", "null can only be used"],
    ["attrs CONTAINS 5", "field 'attrs' (Map): expects a key (a string), got the number 5"],
    ["name", "field 'name' (String) is not Boolean, so it cannot stand alone"],
    ["5", "a bare value is not a condition; compare a field with it"],
  ])("rejects %j", (text, message) => {
    const found = problems(text);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(message);
  });

  it("reports every problem, in source order, with field and offsets", () => {
    const q = parseFilter("nope = 1 AND (age = 'x' OR secret = 'y') AND name = 'ok'");
    const found = findFilterProblems(q, entity);
    expect(found.map((p) => p.field)).toEqual(["nope", "age", "secret"]);
    expect(found[1]).toMatchObject({ start: 14, end: 23 });
    try {
      validateFilter(q, entity);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(FilterValidationError);
      expect(e).toBeInstanceOf(ConnectorError);
      expect((e as FilterValidationError).code).toBe("InvalidArgument");
      expect((e as FilterValidationError).problems).toHaveLength(3);
      expect((e as Error).message).toMatch(/^Invalid filter: field 'nope' does not exist/);
    }
  });
});

// Regression tests (issue 12): filters that validated but made PostgreSQL raise an error. Each must be answered
// InvalidArgument, naming the field and the literal, before any query runs.
describe("validateFilter refuses what a database cannot read", () => {
  const first = (text: string) => {
    let error: unknown;
    try {
      validateFilter(parseFilter(text), entity);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FilterValidationError);
    expect((error as FilterValidationError).code).toBe("InvalidArgument");
    const p = (error as FilterValidationError).problems[0]!;
    expect(p.start).toBeTypeOf("number");
    return p;
  };

  it.each([
    ["born = 0000-01-01", "born", /0000-01-01 is out of range: years run from 0001 to 9999/],
    ["updated > 0000-12-31T23:59:59Z", "updated", /out of range/],
    ["updated > -62135596800001", "updated", /epoch milliseconds in the years 0001–9999/],
    ["born < 253402300800000", "born", /epoch milliseconds in the years 0001–9999/],
    ["updated < 8640000000000000", "updated", /epoch milliseconds/],
    [
      "ratio = 340282356779733661637539395458142568448",
      "ratio",
      /out of range for Float \(beyond a 32-bit float\)/,
    ],
    [`ratio > 0.${"0".repeat(50)}1`, "ratio", /too small for a 32-bit float/],
    [`score > 0.${"0".repeat(400)}1`, "score", /too small for a 64-bit float/],
    // Subnormals: PGlite's C library rounds -(1.5 + ε) × 2^-149 to -2^-149 (and some to 0, then fails).
    [`ratio > 0.${"0".repeat(44)}8`, "ratio", /use 0 or a magnitude of at least 1.17549435e-38/],
    [`score > -0.${"0".repeat(320)}5`, "score", /at least 2.2250738585072014e-308/],
    [`score > 1${"0".repeat(400)}`, "score", /beyond a 64-bit float/],
    [`price = 1${"0".repeat(140_000)}`, "price", /140,001 digits before and 0 after the point/],
    [`huge = 1${"0".repeat(131_072)}`, "huge", /131,073 digits before/],
    [`price = 0.${"0".repeat(16_384)}`, "price", /16,384 after the point/],
    ["name = 'a\\u0000b'".replace("\\u0000", "\u0000"), "name", /contains U\+0000 at character 2/],
    ["tags CONTAINS 'x\u0000'", "tags", /U\+0000/],
    ["attrs CONTAINS '\u0000'", "attrs", /U\+0000/],
    ["name = 'a\ud800b'", "name", /unpaired surrogate \(U\+D800\) at character 2/],
    ["name IN ('ok', '\udc00')", "name", /unpaired surrogate \(U\+DC00\) at character 1/],
  ])("%#: refuses a value of %s", (text, field, message) => {
    const p = first(text);
    expect(p.field).toBe(field);
    expect(p.message).toMatch(message);
  });

  it.each([
    "born = 0001-01-01 AND born = 9999-12-31 AND updated = 9999-12-31T24:00:00Z",
    "updated > -62135596800000 AND updated < 253402300799999",
    // Rounds to the largest float (below the midpoint to 2^128), or is the smallest normal float.
    "ratio = 340282356779733661637539395458142568447",
    "ratio > 0.000000000000000000000000000000000000011754943508222875",
    `score < -0.${"0".repeat(307)}22250738585072014`,
    "ratio = 0.000 AND score = -0",
    `price = 1${"0".repeat(131_071)}.${"1".repeat(16_383)}`,
    `price = ${"0".repeat(200_000)}1`,
    "name = '😀 \\\\ \"'",
  ])("accepts %#", (text) => {
    expect(findFilterProblems(parseFilter(text), entity)).toEqual([]);
  });
});
