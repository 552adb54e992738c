import { describe, expect, it } from "vitest";
import { FilterSyntaxError } from "./errors.js";
import { Lexer, positionAt, T_EOF, TOKEN_NAMES, tokenize, unescapeString } from "./lexer.js";

/** Tokens as `TYPE:text`, ending with `ERR@column` when the lexer stops on an error. */
function lex(text: string): string[] {
  const lx = new Lexer(text);
  const out: string[] = [];
  try {
    for (lx.next(); lx.type !== T_EOF; lx.next()) out.push(`${TOKEN_NAMES[lx.type]}:${lx.text()}`);
  } catch (e) {
    expect(e).toBeInstanceOf(FilterSyntaxError);
    out.push(`ERR@${(e as FilterSyntaxError).column}`);
  }
  return out;
}

describe("tokenize: keyword spellings", () => {
  it.each([
    ["AND and", ["AND", "AND"]],
    ["And aND", ["IDENTIFIER", "IDENTIFIER"]],
    ["OR or Or", ["OR", "OR", "IDENTIFIER"]],
    ["NOT not Not", ["NOT", "NOT", "IDENTIFIER"]],
    ["TRUE True true tRUE", ["TRUE", "TRUE", "TRUE", "IDENTIFIER"]],
    ["FALSE False false fALSE", ["FALSE", "FALSE", "FALSE", "IDENTIFIER"]],
    ["CONTAINS contains Contains", ["CONTAINS", "CONTAINS", "IDENTIFIER"]],
    ["BETWEEN between Between", ["BETWEEN", "BETWEEN", "IDENTIFIER"]],
    ["null NULL Null", ["NULL", "IDENTIFIER", "IDENTIFIER"]],
    ["IN in In", ["IN", "IN", "IDENTIFIER"]],
    ["LIMIT limit Limit", ["LIMIT", "LIMIT", "IDENTIFIER"]],
    ["ANDx and1 not_ in.x", ["IDENTIFIER", "IDENTIFIER", "IDENTIFIER", "IDENTIFIER"]],
  ])("%j", (text, types) => {
    expect(tokenize(text).map(([t]) => t)).toEqual(types);
  });
});

describe("tokenize: longest match", () => {
  it.each([
    [
      "> >= < <= = != ( ) ,",
      ["GT:>", "GE:>=", "LT:<", "LE:<=", "EQ:=", "NE:!=", "LPAREN:(", "RPAREN:)", "COMMA:,"],
    ],
    ["10 99 1611639476298", ["POS_INTEGER:10", "POS_INTEGER:99", "POS_INTEGER:1611639476298"]],
    [
      "0 7 05 010 00 -5 1.5 -0.25 10.0",
      [
        "DECIMAL:0",
        "DECIMAL:7",
        "DECIMAL:05",
        "DECIMAL:010",
        "DECIMAL:00",
        "DECIMAL:-5",
        "DECIMAL:1.5",
        "DECIMAL:-0.25",
        "DECIMAL:10.0",
      ],
    ],
    ["a-5", ["IDENTIFIER:a-5"]],
    ["a>-5", ["IDENTIFIER:a", "GT:>", "DECIMAL:-5"]],
    ["1and", ["DECIMAL:1", "AND:and"]],
    ["1e3", ["DECIMAL:1", "IDENTIFIER:e3"]],
    ["2021-13-01", ["POS_INTEGER:2021", "DECIMAL:-13", "DECIMAL:-01"]],
    ["2021-04-203", ["DATE:2021-04-20", "DECIMAL:3"]],
    ["20211-04-20", ["POS_INTEGER:20211", "DECIMAL:-04", "DECIMAL:-20"]],
    ["2021-04-20T20:30", ["DATE:2021-04-20", "IDENTIFIER:T20", "ERR@14"]],
    ["2021-04-20T20:30:00.Z", ["DATE:2021-04-20", "IDENTIFIER:T20", "ERR@14"]],
    ["2021-04-20T25:00:00Z", ["DATE:2021-04-20", "IDENTIFIER:T25", "ERR@14"]],
    ["2021-04-20T24:59:59.5Z", ["DATETIME:2021-04-20T24:59:59.5Z"]],
    ["0000-01-31 9999-12-00", ["DATE:0000-01-31", "DATE:9999-12-00"]],
    ["2021-04-32", ["POS_INTEGER:2021", "DECIMAL:-04", "DECIMAL:-32"]],
    ["'' \"\"", ["STRING:''", 'STRING:""']],
    ["'a' \"b\"", ["STRING:'a'", 'STRING:"b"']],
    [String.raw`'x\'`, [String.raw`STRING:'x\'`]],
    [String.raw`'x\' OR b = 'y'`, [String.raw`STRING:'x\' OR b = '`, "IDENTIFIER:y", "ERR@15"]],
    [String.raw`"x\\" OR b = "y"`, [String.raw`STRING:"x\\" OR b = "`, "IDENTIFIER:y", "ERR@16"]],
    [String.raw`'a\'b' 'c'`, [String.raw`STRING:'a\'b'`, "STRING:'c'"]],
    ["'it''s'", ["STRING:'it'", "STRING:'s'"]],
    ["'''", ["STRING:''", "ERR@3"]],
    ["a ; b", ["IDENTIFIER:a", "ERR@3"]],
  ])("%j", (text, tokens) => {
    expect(lex(text)).toEqual(tokens);
  });

  it("tokenize lists [type, text] pairs", () => {
    expect(tokenize("a = 1")).toEqual([
      ["IDENTIFIER", "a"],
      ["EQ", "="],
      ["DECIMAL", "1"],
    ]);
  });
});

describe("unescapeString", () => {
  it.each([
    ["plain", "plain"],
    [String.raw`\"\'\\`, `"'\\`],
    [String.raw`\t\n\r`, "\t\n\r"],
    [String.raw`\q\x`, String.raw`\q\x`],
    [String.raw`x\\`, "x\\"],
    [String.raw`x\\t`, String.raw`x\t`],
    ["x\\", "x\\"],
  ])("%j → %j", (raw, value) => {
    expect(unescapeString(raw)).toBe(value);
  });
});

describe("positionAt", () => {
  it("counts lines at \\n only and columns from 1", () => {
    expect(positionAt("ab\ncd\r\nef", 8)).toEqual({ line: 3, column: 2, offset: 8 });
    expect(positionAt("abc", 0)).toEqual({ line: 1, column: 1, offset: 0 });
  });
});
