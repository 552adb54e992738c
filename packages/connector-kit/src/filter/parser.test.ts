import { describe, expect, it } from "vitest";
import { ConnectorError } from "../core/errors/connector-error.js";
import { FilterSyntaxError } from "./errors.js";
import { parseFilter } from "./parser.js";
import { sexpr } from "./test-support.js";

const parsed = (text: string) => sexpr(parseFilter(text));

function syntaxError(text: string): FilterSyntaxError {
  try {
    parseFilter(text);
  } catch (e) {
    expect(e).toBeInstanceOf(FilterSyntaxError);
    return e as FilterSyntaxError;
  }
  throw new Error(`expected a syntax error for ${JSON.stringify(text)}`);
}

describe("parseFilter: grammar rules", () => {
  it.each([
    // comparisons: identifier op value
    ["a > 1", "(> a 1)"],
    ["a >= 1", "(>= a 1)"],
    ["a < 1", "(< a 1)"],
    ["a <= 1", "(<= a 1)"],
    ["a = 1", "(= a 1)"],
    ["a != 1", "(!= a 1)"],
    ["a CONTAINS 'x'", '(CONTAINS a "x")'],
    ["a contains 'x'", '(CONTAINS a "x")'],
    // booleans only after = and !=, all spellings
    ["a = true", "(= a true)"],
    ["a = True", "(= a true)"],
    ["a = TRUE", "(= a true)"],
    ["a != false", "(!= a false)"],
    ["a != False", "(!= a false)"],
    ["a != FALSE", "(!= a false)"],
    // BETWEEN and IN
    ["a BETWEEN 1 AND 2", "(between a 1 2)"],
    ["a between 1 and 2", "(between a 1 2)"],
    ["a IN (1)", "(in a 1)"],
    [
      "a in (1, 'x', 2020-01-01, null, 2020-01-01T00:00:00Z)",
      '(in a 1 "x" d:2020-01-01 null dt:2020-01-01T00:00:00Z)',
    ],
    // logical operators and grouping
    ["a AND b", "(and a b)"],
    ["a and b", "(and a b)"],
    ["a OR b", "(or a b)"],
    ["a or b", "(or a b)"],
    ["NOT a", "(not a)"],
    ["not a", "(not a)"],
    ["(a)", "(group a)"],
    ["((a))", "(group (group a))"],
    // bare identifiers and values are expressions
    ["a", "a"],
    ["5", "(value 5)"],
    ["'x'", '(value "x")'],
    ["null", "(value null)"],
    ["2020-01-01", "(value d:2020-01-01)"],
    ["5 AND 6", "(and (value 5) (value 6))"],
    ["NOT 5", "(not (value 5))"],
    ["(5)", "(group (value 5))"],
    ["NULL", "NULL"],
    ["And", "And"],
    ["testExpression", "testExpression"],
    // null is a value wherever a value may be
    ["a = null", "(= a null)"],
    ["a > null", "(> a null)"],
    ["a CONTAINS null", "(CONTAINS a null)"],
    ["a BETWEEN null AND null", "(between a null null)"],
    // LIMIT
    ["LIMIT 10", "(limit 10)"],
    ["limit 10", "(limit 10)"],
    ["a LIMIT 10", "(limit 10 a)"],
    ["a OR b LIMIT 10", "(limit 10 (or a b))"],
    ["LIMIT 123456789012345678901234567890", "(limit 123456789012345678901234567890)"],
    // whitespace: space, \t, \r, \n, \f
    [" \t\r\n\fa\f=\n1\t", "(= a 1)"],
  ])("%j → %s", (text, expected) => {
    expect(parsed(text)).toBe(expected);
  });
});

describe("parseFilter: precedence and associativity", () => {
  it.each([
    ["a AND b OR c", "(or (and a b) c)"],
    ["a OR b AND c", "(or a (and b c))"],
    ["a OR b OR c", "(or a b c)"],
    ["a AND b AND c", "(and a b c)"],
    ["a AND b AND c OR d OR e AND f", "(or (and a b c) d (and e f))"],
    ["NOT a = 1 AND b = 2", "(and (not (= a 1)) (= b 2))"],
    ["NOT a OR b", "(or (not a) b)"],
    ["NOT NOT a", "(not (not a))"],
    ["NOT x BETWEEN 1 AND 2", "(not (between x 1 2))"],
    ["x BETWEEN 1 AND 2 AND y = 3", "(and (between x 1 2) (= y 3))"],
    ["x BETWEEN 1 AND 2 AND 3", "(and (between x 1 2) (value 3))"],
    ["(a AND b) AND c", "(and (group (and a b)) c)"],
    ["a AND (b AND c)", "(and a (group (and b c)))"],
    ["NOT (a OR b) AND c", "(and (not (group (or a b))) c)"],
    ["a AND NOT b OR c", "(or (and a (not b)) c)"],
  ])("%j → %s", (text, expected) => {
    expect(parsed(text)).toBe(expected);
  });
});

describe("parseFilter: lexer quirks reproduced", () => {
  it.each([
    // longest match: identifiers may contain - . _ and digits
    ["a-5 > 1", "(> a-5 1)"],
    ["a>-5", "(> a -5)"],
    ["a.b_c-d = 1", "(= a.b_c-d 1)"],
    ["a- = 1", "(= a- 1)"],
    ["a..b = 1", "(= a..b 1)"],
    ["account-Id <= 100", "(<= account-Id 100)"],
    ["account.Id <= 100", "(<= account.Id 100)"],
    // keyword prefixes give identifiers, but a number ends before a keyword
    ["andx", "andx"],
    ["notes = 1", "(= notes 1)"],
    ["LIMIT10", "LIMIT10"],
    ["a=1and b=2", "(and (= a 1) (= b 2))"],
    ["a=10or b=2", "(or (= a 10) (= b 2))"],
    // numbers: POS_INTEGER and DECIMAL are both values
    ["a = 0", "(= a 0)"],
    ["a = 05", "(= a 05)"],
    ["a = 010", "(= a 010)"],
    ["a = -5", "(= a -5)"],
    ["a = -0.50", "(= a -0.50)"],
    ["a = 1611639476298", "(= a 1611639476298)"],
    // strings: escapes resolved, other backslashes kept, raw newlines allowed
    [String.raw`a = 'it\'s'`, `(= a "it's")`],
    [String.raw`a = "say \"hi\""`, `(= a "say \\"hi\\"")`],
    [String.raw`a = 'a\tb\nc\rd\\e'`, '(= a "a\\tb\\nc\\rd\\\\e")'],
    [String.raw`a = 'x\q'`, '(= a "x\\\\q")'],
    [String.raw`'x\'`, '(value "x\\\\")'],
    ["a = 'line\nbreak'", '(= a "line\\nbreak")'],
    [`a = "it's"`, `(= a "it's")`],
    [`a = ''`, '(= a "")'],
    [`a = ""`, '(= a "")'],
    ["a = 'null'", '(= a "null")'],
    // dates and datetimes: lexical checks only
    ["d = 2021-02-31", "(= d d:2021-02-31)"],
    ["d = 2021-02-00", "(= d d:2021-02-00)"],
    ["d = 2021-04-20T24:00:00Z", "(= d dt:2021-04-20T24:00:00Z)"],
    ["d = 2021-04-20T12:30:45.123456789Z", "(= d dt:2021-04-20T12:30:45.123456789Z)"],
    ["d > 2020-10-05T12:05:34Z", "(> d dt:2020-10-05T12:05:34Z)"],
  ])("%j → %s", (text, expected) => {
    expect(parsed(text)).toBe(expected);
  });

  it("keeps the raw string text", () => {
    const q = parseFilter(String.raw`a = 'it\'s'`);
    expect(q.expression).toMatchObject({
      value: { kind: "string", value: "it's", raw: String.raw`'it\'s'` },
    });
  });

  it("records offsets", () => {
    const q = parseFilter("  a = 1 AND (b)");
    expect(q.expression).toMatchObject({
      start: 2,
      end: 15,
      operands: [
        { start: 2, end: 7 },
        { start: 12, end: 15 },
      ],
    });
  });
});

describe("parseFilter: rejected like the official parser", () => {
  it.each([
    "",
    "   ",
    "os == 'mojave'",
    "os <> 'mojave'",
    "accountId => 90",
    "5 = a",
    "a = b",
    "a IN ()",
    "a IN (b)",
    "a IN (true)",
    "a IN 1",
    "a > true",
    "a CONTAINS true",
    "a BETWEEN true AND false",
    "true",
    "NOT true",
    "a And b",
    "a = NULL",
    "a = tRUE",
    "a Contains 'x'",
    "a Between 1 and 2",
    "time Between 1511630000000 and 1611639476298",
    "a = 1 Limit 10",
    "limit = 5",
    "and = 1",
    "a = 1e3",
    "LIMIT 5",
    "LIMIT 0",
    "LIMIT 010",
    "LIMIT -1",
    "LIMIT 1.5",
    "LIMIT abc",
    "LIMIT",
    "a LIMIT",
    "(a LIMIT 10)",
    "LIMIT 10 OR a",
    "LIMIT 10 LIMIT 10",
    "LIMIT 100 LIMIT 100",
    "a = 1 LIMIT 10 AND b = 2",
    "a b",
    "a = 1 b = 2",
    "(a",
    "a)",
    "()",
    "NOT",
    "a AND",
    "OR a",
    "a BETWEEN 1",
    "a BETWEEN 1 OR 2",
    "'it''s'",
    `a = "x\\\\" OR b = "y"`,
    "2021-13-01",
    "date > 2021-04-203",
    "date > 2021-04-20T20:30",
    "date > 2021-04-20t20:30:00Z",
    "date > 2021-04-20T20:30:00z",
    "date > 2021-04-20 20:30:00Z",
    "date > 2021-04-20T20:30:20.9999+26",
    "date > 2021-04-20T20:30:20.9999+12:23",
    "date > 2021-04-20T20:30:20.9999-12:23",
    "date > 2021-04_20T20:30:20.9999+12:23",
    "dateRange in 1611639470000 AND 1611639476298",
    "date FROM 1611639470000 TO 1611639476298",
    "os CONTAIN 'mojave'",
    "accountId in (id, '90', 70)",
  ])("%j", (text) => {
    syntaxError(text);
  });
});

describe("parseFilter: strict where the official lexer silently drops characters", () => {
  it.each([
    ["a = -.5", 5, "'-'"],
    ["a = +5", 5, "'+'"],
    ["a = 1.", 6, "'.'"],
    ["a = .5", 5, "'.'"],
    ["a = 1 ;", 7, "';'"],
    ["a = 1 #", 7, "'#'"],
    ["@a = 1", 1, "'@'"],
    ["_a = 1", 1, "'_'"],
    ["a ! b", 3, "'!'"],
    ["os CONTAINS 'moj%ave", 13, "unterminated string"],
    ["a = 'x", 5, "unterminated string"],
    ["a\u00a0= 1", 2, "U+00A0"],
    ["a\v= 1", 2, "U+000B"],
    ["é = 1", 1, "'é'"],
  ])("%j is rejected at column %i", (text, column, found) => {
    const e = syntaxError(text);
    expect(e.column).toBe(column);
    expect(e.message).toContain(found);
  });
});

describe("FilterSyntaxError", () => {
  it("carries position, found and expected, and maps to InvalidArgument", () => {
    const e = syntaxError("a = 1 AND\n  b >");
    expect(e).toBeInstanceOf(ConnectorError);
    expect(e.code).toBe("InvalidArgument");
    expect({ line: e.line, column: e.column, offset: e.offset }).toEqual({ line: 2, column: 6, offset: 15 });
    expect(e.found).toBe("end of input");
    expect(e.expected).toEqual(["a value"]);
    expect(e.message).toBe(
      "Invalid filter expression at line 2, column 6: expected a value, found end of input",
    );
  });

  it.each([
    ["a b", ["a comparison operator", "BETWEEN", "IN", "AND", "OR", "LIMIT", "end of input"]],
    ["(a = 1 b", ["AND", "OR", "')'"]],
    ["a = ", ["a value", "true", "false"]],
    ["a > true", ["a value"]],
    ["a IN (1 2)", ["','", "')'"]],
    ["a BETWEEN 1 OR 2", ["AND"]],
    [")", ["a field name", "a value", "NOT", "'('"]],
    ["LIMIT 5", ["a count of 10 or more"]],
    ["LIMIT 10 a", ["end of input"]],
  ])("%j expects %j", (text, expected) => {
    expect(syntaxError(text).expected).toEqual(expected);
  });

  it("says why booleans are rejected where only values fit", () => {
    expect(syntaxError("a > true").message).toContain("true and false may only follow '=' or '!='");
  });

  it("rejects non-strings with a TypeError", () => {
    expect(() => parseFilter(null as unknown as string)).toThrow(TypeError);
  });
});

describe("the official SDKs' test expressions", () => {
  const valid = [
    'os = "mojave"',
    'os != "mojave"',
    "accountId > 90",
    "LIMIT 100",
    "dateRange BETWEEN 1611639470000 AND 1611639476298",
    "date BETWEEN 1511630000000 AND 1611639476298",
    "time between 1511630000000 AND 1611639476298",
    "time between 1511630000000 and 1611639476298",
    "accountId < 100",
    "accountId >= 90",
    "accountId <= 100",
    "accountId <= 100 LIMIT 100",
    "accountId BETWEEN 90 AND 100",
    "accountId BETWEEN 90 AND 100 LIMIT 100",
    'os CONTAINS "mojave"',
    'os CONTAINS "moj%ave"',
    'os = "mojave" and app = "mo"',
    'os = "mojave" OR app = "mo"',
    '(os = "mojave" AND app = "mo") and (os = "mojave" OR app = "mo")',
    '(os = "mojave" AND app = "mo") or (os = "mojave" OR app = "mo")',
    "accountId in (100, 90, 70)",
    "date between 2021-04-20 and 2021-04-21",
    "date between 2021-04-20T12:30:45Z and 2021-04-20T15:45:49.234Z",
    "(accountId > 100 and ((date < 2021-04-20T12:30:45Z and date > 2021-04-21T15:45:49.234Z) and accountId < 200))",
    "overrides = true or accountFlag != false",
    "overrides != true",
    "date > 2020-10-05T12:05:34Z",
  ];
  it.each(valid)("accepts %j", (text) => {
    expect(() => parseFilter(text)).not.toThrow();
  });

  const invalid = [
    'os == "mojave"',
    'os <> "mojave"',
    "LIMIT 100 LIMIT 100",
    "accountId => 90",
    "accountId => 90 LIMIT",
    "accountId >= 90 LIMIT",
    "accountId >= 90 LIMIT 0",
    "accountId >= 90 LIMIT -1",
    "accountId >= 90 LIMIT 1.5",
    "accountId >= 90 LIMIT abc",
    "dateRange in 1611639470000 AND 1611639476298",
    "date FROM 1511630000000 TO 1611639476298",
    "time Between 1611639470000 and 1611639476298",
    'os CONTAIN "mojave"',
    'os CONTAINS "moj%ave',
    'accountId in (id, "90", 70)',
    "accountId in (true)",
    "date > 2021-04-203",
    "date > 2021-04-20T20:30",
    "date > 2021-04_20T20:30:20.9999+26",
    "date > 2021-04-20T20:30:20.9999+26",
    "date > 2021-04-20T20:30:20.9999+12:23",
    "date > 2021-04-20T20:30:20.9999-12:23",
  ];
  it.each(invalid)("rejects %j", (text) => {
    syntaxError(text);
  });

  it("gives the nested example its structure", () => {
    expect(
      parsed(
        "(accountId > 100 and ((date < 2021-04-20T12:30:45Z and date > 2021-04-21T15:45:49.234Z) and accountId < 200))",
      ),
    ).toBe(
      "(group (and (> accountId 100) (group (and (group (and (< date dt:2021-04-20T12:30:45Z) (> date dt:2021-04-21T15:45:49.234Z))) (< accountId 200)))))",
    );
  });
});
