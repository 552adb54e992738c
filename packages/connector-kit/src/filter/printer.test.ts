import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { FilterExpression, FilterQuery, Literal, ValueLiteral } from "./ast.js";
import { FilterSyntaxError, FilterValidationError } from "./errors.js";
import { parseFilter } from "./parser.js";
import { printFilter, quoteString } from "./printer.js";
import { strip } from "./test-support.js";

const KEYWORDS = new Set(
  "AND and OR or NOT not TRUE True true FALSE False false CONTAINS contains BETWEEN between null IN in LIMIT limit".split(
    " ",
  ),
);

const field = fc.stringMatching(/^[a-zA-Z][A-Za-z0-9_.-]{0,5}$/).filter((s) => !KEYWORDS.has(s));
const two = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, "0"));
const date = fc
  .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 1, max: 12 }), two(31))
  .map(([y, m, d]) => `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${d}`);
const datetime = fc
  .tuple(date, two(24), two(59), two(59), fc.option(fc.stringMatching(/^[0-9]{1,9}$/), { nil: undefined }))
  .map(([d, h, m, s, f]) => `${d}T${h}:${m}:${s}${f === undefined ? "" : `.${f}`}Z`);
const stringValue = fc.oneof(
  fc.string({ unit: fc.constantFrom("a", "'", '"', "\\", "t", "n", "\n", "\t", "\r", " ", "é", "%", "_") }),
  fc.string({ unit: "binary", maxLength: 8 }),
);
const value: fc.Arbitrary<ValueLiteral> = fc.oneof(
  stringValue.map((v) => ({ kind: "string" as const, value: v, raw: quoteString(v, "'") })),
  fc.stringMatching(/^-?[0-9]{1,6}(\.[0-9]{1,4})?$/).map((text) => ({ kind: "number" as const, text })),
  date.map((text) => ({ kind: "date" as const, text })),
  datetime.map((text) => ({ kind: "datetime" as const, text })),
  fc.constant({ kind: "null" as const }),
);
const boolean: fc.Arbitrary<Literal> = fc.boolean().map((v) => ({ kind: "boolean" as const, value: v }));

const leaf: fc.Arbitrary<FilterExpression> = fc.oneof(
  fc
    .tuple(field, fc.constantFrom(">", ">=", "<", "<=", "CONTAINS" as const), value)
    .map(([f, operator, v]) => ({ kind: "comparison" as const, field: f, operator, value: v })),
  fc
    .tuple(field, fc.constantFrom("=", "!=" as const), fc.oneof(value, boolean))
    .map(([f, operator, v]) => ({ kind: "comparison" as const, field: f, operator, value: v })),
  fc
    .tuple(field, value, value)
    .map(([f, lower, upper]) => ({ kind: "between" as const, field: f, lower, upper })),
  fc
    .tuple(field, fc.array(value, { minLength: 1, maxLength: 4 }))
    .map(([f, values]) => ({ kind: "in" as const, field: f, values })),
  field.map((name) => ({ kind: "identifier" as const, name })),
  value.map((v) => ({ kind: "value" as const, value: v })),
);

/** Well-formed trees: the shapes the parser produces (see ast.ts). */
const tree = fc.letrec<{ any: FilterExpression; unary: FilterExpression; conj: FilterExpression }>((tie) => ({
  // NOT operands and AND operands: no bare and/or.
  unary: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    tie("unary").map((operand) => ({ kind: "not" as const, operand })),
    tie("any").map((expression) => ({ kind: "group" as const, expression })),
  ),
  // OR operands: anything but or.
  conj: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    tie("unary"),
    fc
      .array(tie("unary"), { minLength: 2, maxLength: 4 })
      .map((operands) => ({ kind: "and" as const, operands })),
  ),
  any: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    tie("conj"),
    fc
      .array(tie("conj"), { minLength: 2, maxLength: 4 })
      .map((operands) => ({ kind: "or" as const, operands })),
  ),
})).any;

const query: fc.Arbitrary<FilterQuery> = fc
  .tuple(fc.option(tree, { nil: null }), fc.option(fc.stringMatching(/^[1-9][0-9]{1,12}$/), { nil: null }))
  .filter(([e, l]) => e !== null || l !== null)
  .map(([expression, l]) => ({
    kind: "query" as const,
    expression,
    limit: l === null ? null : { text: l, value: Number(l) },
  }));

describe("printFilter", () => {
  it.each([
    ["a=1 and b=2", "a = 1 AND b = 2"],
    ["a contains 'x' or not (b between 1 and 2)", "a CONTAINS 'x' OR NOT (b BETWEEN 1 AND 2)"],
    ["a in (1,'x',null)", "a IN (1, 'x', null)"],
    ["x = True", "x = true"],
    [`a = "it's"`, String.raw`a = 'it\'s'`],
    [String.raw`a = "tab\there"`, String.raw`a = 'tab\there'`],
    ["a = 'line\nbreak'", String.raw`a = 'line\nbreak'`],
    ["limit 10", "LIMIT 10"],
    ["(a)   limit   10", "(a) LIMIT 10"],
    ["5", "5"],
    ["NOT NOT a", "NOT NOT a"],
  ])("%j → %j", (text, printed) => {
    expect(printFilter(parseFilter(text))).toBe(printed);
  });

  it("picks a safe quote for strings ending in a backslash", () => {
    expect(printFilter(parseFilter(String.raw`'x\'`))).toBe(String.raw`'x\\'`);
    const q = parseFilter(String.raw`a = "x\\" AND b = 'it\'s'`);
    const text = printFilter(q);
    expect(text).toBe(String.raw`a = "x\\" AND b = 'it\'s'`);
    expect(strip(parseFilter(text))).toEqual(strip(q));
  });

  it("refuses what the language cannot express", () => {
    const cmp = (f: string): FilterExpression => ({
      kind: "comparison",
      field: f,
      operator: "=",
      value: { kind: "null" },
    });
    expect(() => printFilter(cmp("limit"))).toThrow(FilterValidationError);
    expect(() => printFilter(cmp("_a"))).toThrow(FilterValidationError);
    expect(() => printFilter(cmp("a b"))).toThrow(FilterValidationError);
    expect(() => printFilter({ kind: "in", field: "a", values: [] })).toThrow(FilterValidationError);
    expect(() =>
      printFilter({ kind: "comparison", field: "a", operator: "=", value: { kind: "number", text: "1e3" } }),
    ).toThrow(FilterValidationError);
    expect(() => printFilter({ kind: "query", expression: null, limit: { text: "5", value: 5 } })).toThrow(
      FilterValidationError,
    );
    const s = (v: string): ValueLiteral => ({ kind: "string", value: v, raw: "" });
    expect(() => printFilter({ kind: "in", field: "a", values: [s("x\\"), s(`'"`)] })).toThrow(/backslash/);
  });

  it("adds the parentheses hand-built trees need", () => {
    const a: FilterExpression = { kind: "identifier", name: "a" };
    const b: FilterExpression = { kind: "identifier", name: "b" };
    const or: FilterExpression = { kind: "or", operands: [a, b] };
    expect(printFilter({ kind: "and", operands: [or, a] })).toBe("(a OR b) AND a");
    expect(printFilter({ kind: "not", operand: or })).toBe("NOT (a OR b)");
    expect(printFilter({ kind: "or", operands: [or, { kind: "and", operands: [a, b] }] })).toBe(
      "(a OR b) OR a AND b",
    );
  });
});

describe("properties", () => {
  it("print → parse gives back the same tree (random well-formed trees)", () => {
    fc.assert(
      fc.property(query, (q) => {
        let text: string;
        try {
          text = printFilter(q);
        } catch (e) {
          // The one thing the language cannot say: see printer.ts.
          expect(e).toBeInstanceOf(FilterValidationError);
          expect((e as Error).message).toMatch(/backslash/);
          return;
        }
        const back = parseFilter(text);
        expect(strip(back)).toEqual(strip(q));
        expect(printFilter(back)).toBe(text);
      }),
      { numRuns: 1500 },
    );
  });

  const tokenSoup = fc
    .array(
      fc.oneof(
        fc.constantFrom(
          "AND",
          "and",
          "OR",
          "NOT",
          "(",
          ")",
          "=",
          "!=",
          ">",
          ">=",
          "<",
          "<=",
          "CONTAINS",
          "BETWEEN",
          "IN",
          ",",
          "LIMIT",
          "10",
          "5",
          "-3",
          "1.5",
          "null",
          "true",
          "False",
          "a",
          "b-1",
          "'x'",
          '"y"',
          "'\\'",
          "''",
          "2021-01-01",
          "2021-01-01T00:00:00Z",
          "\\",
          "'",
          '"',
          ";",
          "_",
          ".",
          "+",
          "-",
        ),
        field,
      ),
      { maxLength: 12 },
    )
    .chain((tokens) => fc.constantFrom(tokens.join(" "), tokens.join("")));

  it("random text: either a tree that prints and re-parses to itself, or a FilterSyntaxError", () => {
    fc.assert(
      fc.property(fc.oneof(tokenSoup, fc.string({ unit: "binary", maxLength: 30 }), fc.string()), (text) => {
        let q: FilterQuery;
        try {
          q = parseFilter(text);
        } catch (e) {
          expect(e).toBeInstanceOf(FilterSyntaxError);
          const err = e as FilterSyntaxError;
          expect(err.offset).toBeGreaterThanOrEqual(0);
          expect(err.offset).toBeLessThanOrEqual(text.length);
          return;
        }
        let printed: string;
        try {
          printed = printFilter(q);
        } catch (e) {
          expect((e as Error).message).toMatch(/backslash/);
          return;
        }
        expect(strip(parseFilter(printed))).toEqual(strip(q));
      }),
      { numRuns: 3000 },
    );
  });
});
