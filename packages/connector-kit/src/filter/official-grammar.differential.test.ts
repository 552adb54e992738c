import { pathToFileURL } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { FilterExpression, FilterQuery, Literal } from "./ast.js";
import { FilterSyntaxError } from "./errors.js";
import { parseFilter } from "./parser.js";

/**
 * Our parser against AppFlow's own: the official ANTLR grammar (the custom connector SDKs'
 * `CustomConnectorQueryFilterLexer.g4` and `…Parser.g4`) run by an ANTLR runtime, over generated filters.
 * The grammar is AWS's code and is not part of this repository, so this runs only where
 * `OFFICIAL_FILTER_PARSER` names a module exporting `officialCanonical(text)`: the official parse tree in the
 * s-expression of `canonical` below, or the syntax errors, lexer errors (characters the official lexer
 * drops) marked with a `LEXER:` prefix. See the module's README ("Checked against the official grammar").
 */
const OFFICIAL = process.env.OFFICIAL_FILTER_PARSER;
const RUNS = Number(process.env.OFFICIAL_FILTER_RUNS ?? 20_000);
const SEED = Number(process.env.OFFICIAL_FILTER_SEED ?? 20261203);

type Official = { ok: true; tree: string } | { ok: false; errors: string[] };

function value(v: Literal): string {
  switch (v.kind) {
    case "string":
      return `str:${v.raw}`;
    case "number":
      return `num:${v.text}`;
    case "date":
      return `date:${v.text}`;
    case "datetime":
      return `datetime:${v.text}`;
    case "boolean":
      return `bool:${v.value}`;
    case "null":
      return "null";
  }
}

function expression(node: FilterExpression): string {
  switch (node.kind) {
    case "comparison":
      return `(${node.operator} id:${node.field} ${value(node.value)})`;
    case "between":
      return `(between id:${node.field} ${value(node.lower)} ${value(node.upper)})`;
    case "in":
      return `(in id:${node.field} ${node.values.map(value).join(" ")})`;
    case "identifier":
      return `(ident id:${node.name})`;
    case "value":
      return `(value ${value(node.value)})`;
    case "not":
      return `(not ${expression(node.operand)})`;
    case "group":
      return `(group ${expression(node.expression)})`;
    case "and":
    case "or":
      return `(${node.kind} ${node.operands.map(expression).join(" ")})`;
  }
}

/** Our tree in the harness's s-expression: n-ary and/or, groups kept, literals as written. */
function canonical(query: FilterQuery): string {
  const e = query.expression === null ? "_" : expression(query.expression);
  return query.limit === null ? e : `(limit ${e} ${query.limit.text})`;
}

function ours(text: string): Official {
  try {
    return { ok: true, tree: canonical(parseFilter(text)) };
  } catch (error) {
    if (!(error instanceof FilterSyntaxError)) throw error;
    return { ok: false, errors: [error.message] };
  }
}

// Tokens chosen for the grammar's edges: keywords in every spelling (and near misses, which are identifiers),
// numbers around POS_INTEGER/DECIMAL, dates and datetimes at the lexical limits, strings with every escape.
const IDENTIFIERS = ["a", "Status", "x.y", "a-b", "a_1", "And", "NULL", "Limit", "nullx", "ina", "a-5", "Z9"];
const BAD_IDENTIFIERS = ["_a", "1a", "a$", "é", "AND", "in", "limit", "true", "null", "contains"];
const NUMBERS = [
  "5",
  "0",
  "05",
  "10",
  "99",
  "-5",
  "-0",
  "1.5",
  "-0.25",
  "1.50",
  "007.0",
  "12345678901234567890",
];
const BAD_NUMBERS = ["+5", "1e5", ".5", "1.", "-", "--5", "1.2.3", "0x1F"];
const DATES = [
  "2024-01-31",
  "0000-12-00",
  "2024-02-30",
  "9999-10-31",
  "2024-01-31T10:00:00Z",
  "2024-01-31T24:59:59.5Z",
];
const BAD_DATES = [
  "2024-13-01",
  "2024-1-01",
  "2024-01-32",
  "2024-01-31T10:00:00",
  "2024-01-31T10:00Z",
  "2024-01-31t10:00:00Z",
  "2024-01-31T10:00:00+01:00",
  "2024-01-203",
];
const STRINGS = [
  `'x'`,
  `''`,
  `""`,
  `"x"`,
  `'it\\'s'`,
  `"a\\"b"`,
  `'\\\\'`,
  `'\\t\\n\\r'`,
  `'\\q'`,
  `'a\nb'`,
  `'x\\'`,
  `"'"`,
  `'"'`,
  `'héllo 😀'`,
];
const BAD_STRINGS = [`'x`, `"x`, `'''`, `'x\\'`];
const BOOLEANS = ["true", "TRUE", "True", "false", "FALSE", "False", "tRue", "FALSe"];
const COMPARATORS = ["=", "!=", ">", ">=", "<", "<=", "CONTAINS", "contains"];
const BAD_COMPARATORS = ["==", "<>", "=>", "Contains", "like", "! ="];
const SPACES = [" ", " ", " ", "  ", "\t", "\n", "\r\n", "\f", ""];
const BAD_SPACES = ["\u00a0", "\v", "\u2028"];

/**
 * Whole filters: an expression, LIMIT alone or after one. Noisy ones (half) take a near miss now and then for
 * any token or space, and may be damaged (a token dropped, repeated, swapped, or a stray one inserted).
 */
function filtersOf(noisy: boolean): fc.Arbitrary<string> {
  /** Mostly valid tokens; near misses only when noisy. */
  const pick = (good: readonly string[], bad: readonly string[]) =>
    noisy
      ? fc.oneof(
          { weight: 15, arbitrary: fc.constantFrom(...good) },
          { weight: 1, arbitrary: fc.constantFrom(...bad) },
        )
      : fc.constantFrom(...good);
  const identifier = pick(IDENTIFIERS, BAD_IDENTIFIERS);
  const literal = fc.oneof(
    { weight: 4, arbitrary: pick(NUMBERS, BAD_NUMBERS) },
    { weight: 4, arbitrary: pick(STRINGS, BAD_STRINGS) },
    { weight: 2, arbitrary: pick(DATES, BAD_DATES) },
    { weight: 1, arbitrary: pick(["null"], ["Null", ...BOOLEANS]) },
  );
  const comparator = pick(COMPARATORS, BAD_COMPARATORS);
  const between = pick(["BETWEEN", "between"], ["Between"]);
  const inKeyword = pick(["IN", "in"], ["In"]);
  const not = pick(["NOT", "not"], ["Not"]);
  const junction = pick(["AND", "and", "OR", "or"], ["And", "&&"]);
  const tokens = fc.letrec<{ expr: string[] }>((tie) => ({
    expr: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      { weight: 6, arbitrary: fc.tuple(identifier, comparator, literal).map((t) => [...t]) },
      {
        weight: 2,
        arbitrary: fc
          .tuple(identifier, fc.constantFrom("=", "!="), fc.constantFrom(...BOOLEANS))
          .map((t) => [...t]),
      },
      {
        weight: 2,
        arbitrary: fc
          .tuple(identifier, between, literal, pick(["AND", "and"], ["OR"]), literal)
          .map((t) => [...t]),
      },
      {
        weight: 2,
        arbitrary: fc
          .tuple(identifier, inKeyword, fc.array(literal, { minLength: noisy ? 0 : 1, maxLength: 4 }))
          .map(([f, op, vs]) => [f, op, "(", ...vs.flatMap((v, i) => (i === 0 ? [v] : [",", v])), ")"]),
      },
      { weight: 1, arbitrary: identifier.map((f) => [f]) },
      { weight: 1, arbitrary: literal.map((v) => [v]) },
      { weight: 2, arbitrary: fc.tuple(not, tie("expr")).map(([n, e]) => [n, ...e]) },
      { weight: 2, arbitrary: tie("expr").map((e) => ["(", ...e, ")"]) },
      {
        weight: 4,
        arbitrary: fc.tuple(tie("expr"), junction, tie("expr")).map(([a, op, b]) => [...a, op, ...b]),
      },
    ),
  })).expr;
  const limit = fc.tuple(
    pick(["LIMIT", "limit"], ["Limit"]),
    pick(["10", "99", "1000"], ["5", "0", "010", "-10", "1.5"]),
  );
  const damage = fc.tuple(
    fc.constantFrom("drop", "repeat", "swap", "insert"),
    fc.nat(),
    fc.constantFrom(")", "(", ",", "'", '"', "-", ";", "@", "AND", "="),
  );
  return fc
    .tuple(
      fc.oneof({ weight: 8, arbitrary: tokens }, { weight: 1, arbitrary: fc.constant<string[]>([]) }),
      fc.option(limit, { freq: 4 }),
      noisy ? fc.option(damage, { freq: 2 }) : fc.constant(null),
      fc.array(pick(SPACES, BAD_SPACES), { minLength: 16, maxLength: 16 }),
    )
    .map(([expr, limited, damaged, spaces]) => {
      const list = [...expr, ...(limited ?? [])];
      if (damaged !== null && list.length > 0) {
        const [how, n, extra] = damaged;
        const at = n % list.length;
        if (how === "drop") list.splice(at, 1);
        else if (how === "repeat") list.splice(at, 0, list[at]!);
        else if (how === "swap" && at + 1 < list.length)
          [list[at], list[at + 1]] = [list[at + 1]!, list[at]!];
        else list.splice(at, 0, extra);
      }
      return list.map((t, i) => (i === 0 ? t : `${spaces[i % spaces.length]}${t}`)).join("");
    });
}

const filters = fc.oneof(filtersOf(false), filtersOf(true));

describe.skipIf(OFFICIAL === undefined)(
  "parseFilter against the official ANTLR grammar (OFFICIAL_FILTER_PARSER)",
  () => {
    it(`accepts, rejects and structures ${RUNS} generated filters as the official parser does`, async () => {
      const { officialCanonical } = (await import(pathToFileURL(OFFICIAL!).href)) as {
        officialCanonical: (text: string) => Official;
      };
      const inputs = fc.sample(filters, { numRuns: RUNS, seed: SEED });
      const differences: string[] = [];
      let accepted = 0;
      let lexerDrops = 0;
      for (const text of inputs) {
        const theirs = officialCanonical(text);
        const mine = ours(text);
        if (theirs.ok && mine.ok) {
          accepted++;
          if (theirs.tree !== mine.tree)
            differences.push(`${JSON.stringify(text)}\n  official ${theirs.tree}\n  ours     ${mine.tree}`);
        } else if (!theirs.ok && theirs.errors.some((e) => e.startsWith("LEXER:"))) {
          // Where the official lexer drops a character we reject the filter (README: "Where we are strict").
          lexerDrops++;
          if (mine.ok)
            differences.push(
              `${JSON.stringify(text)}\n  official drops a character: ${theirs.errors[0]}\n  ours     ${mine.tree}`,
            );
        } else if (theirs.ok !== mine.ok) {
          differences.push(
            `${JSON.stringify(text)}\n  official ${theirs.ok ? theirs.tree : `rejects: ${theirs.errors[0]}`}\n  ours     ${mine.ok ? mine.tree : `rejects: ${mine.errors[0]}`}`,
          );
        }
      }
      console.log(
        `official grammar: ${inputs.length} filters, ${accepted} accepted by both, ${lexerDrops} with characters the official lexer drops, ${differences.length} differences`,
      );
      expect(differences.slice(0, 25)).toEqual([]);
      // The generator must reach both outcomes in quantity, or the comparison says little.
      expect(accepted).toBeGreaterThan(RUNS / 5);
      expect(inputs.length - accepted).toBeGreaterThan(RUNS / 5);
    }, 600_000);
  },
);
