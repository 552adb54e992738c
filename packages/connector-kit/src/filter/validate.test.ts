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
