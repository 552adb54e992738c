import type {
  ComparisonOperator,
  FilterExpression,
  FilterQuery,
  LimitClause,
  Literal,
  ValueLiteral,
} from "./ast.js";
import {
  Lexer,
  T_AND,
  T_BETWEEN,
  T_COMMA,
  T_CONTAINS,
  T_DATE,
  T_DATETIME,
  T_DECIMAL,
  T_EOF,
  T_EQ,
  T_FALSE,
  T_GE,
  T_GT,
  T_IDENTIFIER,
  T_IN,
  T_LE,
  T_LIMIT,
  T_LPAREN,
  T_LT,
  T_NE,
  T_NOT,
  T_NULL,
  T_OR,
  T_POS_INTEGER,
  T_RPAREN,
  T_STRING,
  T_TRUE,
  unescapeString,
} from "./lexer.js";

// Operator-stack entries. Higher binds tighter.
const OP_PAREN = 0;
const OP_OR = 1;
const OP_AND = 2;
const OP_NOT = 3;

const COMPARISON_OPS: Record<number, ComparisonOperator> = {
  [T_GT]: ">",
  [T_GE]: ">=",
  [T_LT]: "<",
  [T_LE]: "<=",
  [T_EQ]: "=",
  [T_NE]: "!=",
  [T_CONTAINS]: "CONTAINS",
};

const EXPECT_OPERAND = ["a field name", "a value", "NOT", "'('"];
const EXPECT_VALUE = ["a value"];
const EXPECT_VALUE_OR_BOOLEAN = ["a value", "true", "false"];
const EXPECT_FIELD_OPERATOR = ["a comparison operator", "BETWEEN", "IN"];

// Mutable views of the n-ary nodes while a chain is being built.
interface MutableChain {
  kind: "and" | "or";
  operands: FilterExpression[];
  start: number;
  end: number;
}

/**
 * Parses an AppFlow filter expression into a typed tree.
 *
 * Accepts exactly the texts the official grammar accepts (see the module README for the few places where the
 * official lexer silently drops characters: those are errors here). Never recurses: nesting depth and chain
 * length are limited only by memory.
 *
 * @throws FilterSyntaxError with line, column, offset, what was found and what was expected.
 *
 * @throws TypeError when `text` is not a string (a programming error).
 */
export function parseFilter(text: string): FilterQuery {
  if (typeof text !== "string") {
    throw new TypeError("parseFilter expects a string");
  }
  const lx = new Lexer(text);
  lx.next();
  let expression: FilterExpression | null = null;
  if (lx.type !== T_LIMIT) expression = parseExpression(lx);
  let limit: LimitClause | null = null;
  if (lx.type === T_LIMIT) {
    lx.next();
    if (lx.type !== T_POS_INTEGER) {
      throw lx.error(
        lx.start,
        describeToken(lx),
        ["a count of 10 or more"],
        "LIMIT takes a whole number of at least two digits without a leading zero, as in the official grammar",
      );
    }
    const t = lx.text();
    limit = { text: t, value: Number(t) };
    lx.next();
  }
  if (lx.type !== T_EOF) {
    throw lx.error(
      lx.start,
      describeToken(lx),
      ["end of input"],
      limit === null ? undefined : "LIMIT must come last",
    );
  }
  return { kind: "query", expression, limit };
}

/** Operator-precedence parsing with explicit stacks: NOT > AND > OR, AND/OR left-associative. */
function parseExpression(lx: Lexer): FilterExpression {
  const operands: FilterExpression[] = [];
  const ops: number[] = [];
  const opStarts: number[] = [];
  for (;;) {
    // Prefix position: NOT and '(' stack up, then one atom.
    for (;;) {
      if (lx.type === T_NOT) ops.push(OP_NOT);
      else if (lx.type === T_LPAREN) ops.push(OP_PAREN);
      else break;
      opStarts.push(lx.start);
      lx.next();
    }
    const bareIdentifier = lx.type === T_IDENTIFIER;
    operands.push(parseAtom(lx));
    // Infix position: ')' closes groups, AND/OR reduce what binds at least as tightly.
    for (;;) {
      const t = lx.type;
      if (t === T_AND || t === T_OR) {
        const level = t === T_AND ? OP_AND : OP_OR;
        while (ops.length > 0 && ops[ops.length - 1]! >= level) reduce(ops, opStarts, operands);
        ops.push(level);
        opStarts.push(lx.start);
        lx.next();
        break;
      }
      if (t === T_RPAREN) {
        while (ops.length > 0 && ops[ops.length - 1]! !== OP_PAREN) reduce(ops, opStarts, operands);
        if (ops.length === 0) {
          throw lx.error(
            lx.start,
            "')'",
            infixExpected(false, bareIdentifier && isLastBare(operands)),
            "no '(' to close",
          );
        }
        ops.pop();
        const start = opStarts.pop()!;
        const inner = operands.pop()!;
        operands.push({ kind: "group", expression: inner, start, end: lx.end });
        lx.next();
        continue;
      }
      while (ops.length > 0 && ops[ops.length - 1]! !== OP_PAREN) reduce(ops, opStarts, operands);
      const open = ops.length > 0;
      if (!open && (t === T_LIMIT || t === T_EOF)) return operands[0]!;
      throw lx.error(
        lx.start,
        describeToken(lx),
        infixExpected(open, bareIdentifier && isLastBare(operands)),
      );
    }
  }
}

function isLastBare(operands: FilterExpression[]): boolean {
  return operands[operands.length - 1]?.kind === "identifier";
}

function infixExpected(open: boolean, afterBareIdentifier: boolean): string[] {
  const out = afterBareIdentifier ? [...EXPECT_FIELD_OPERATOR, "AND", "OR"] : ["AND", "OR"];
  if (open) out.push("')'");
  else out.push("LIMIT", "end of input");
  return out;
}

function reduce(ops: number[], opStarts: number[], operands: FilterExpression[]): void {
  const op = ops.pop()!;
  const start = opStarts.pop()!;
  const right = operands.pop()!;
  if (op === OP_NOT) {
    operands.push({ kind: "not", operand: right, start, end: right.end! });
    return;
  }
  const kind = op === OP_AND ? "and" : "or";
  const left = operands[operands.length - 1]!;
  // The left operand at this level can only be an and/or node if it is this very chain (anything from inside
  // parentheses is wrapped in a group), so appending keeps chains flat and left-associative.
  if (left.kind === kind) {
    const chain = left as unknown as MutableChain;
    chain.operands.push(right);
    chain.end = right.end!;
    return;
  }
  operands[operands.length - 1] = { kind, operands: [left, right], start: left.start!, end: right.end! };
}

/** An identifier-led atom (comparison, BETWEEN, IN, bare identifier) or a bare value. */
function parseAtom(lx: Lexer): FilterExpression {
  const start = lx.start;
  if (lx.type !== T_IDENTIFIER) {
    if (isValueToken(lx.type)) {
      const value = readValue(lx);
      return { kind: "value", value, start, end: lx.prevEnd };
    }
    throw lx.error(lx.start, describeToken(lx), EXPECT_OPERAND);
  }
  const field = lx.text();
  const fieldEnd = lx.end;
  lx.next();
  const t = lx.type;
  const operator = COMPARISON_OPS[t];
  if (operator !== undefined) {
    lx.next();
    let value: Literal;
    if ((t === T_EQ || t === T_NE) && (lx.type === T_TRUE || lx.type === T_FALSE)) {
      value = { kind: "boolean", value: lx.type === T_TRUE };
      lx.next();
    } else {
      value = expectValue(lx, t === T_EQ || t === T_NE ? EXPECT_VALUE_OR_BOOLEAN : EXPECT_VALUE);
    }
    return { kind: "comparison", field, operator, value, start, end: lx.prevEnd };
  }
  if (t === T_BETWEEN) {
    lx.next();
    const lower = expectValue(lx, EXPECT_VALUE);
    if (lx.type !== T_AND)
      throw lx.error(lx.start, describeToken(lx), ["AND"], "BETWEEN needs 'lower AND upper'");
    lx.next();
    const upper = expectValue(lx, EXPECT_VALUE);
    return { kind: "between", field, lower, upper, start, end: lx.prevEnd };
  }
  if (t === T_IN) {
    lx.next();
    if (lx.type !== T_LPAREN) throw lx.error(lx.start, describeToken(lx), ["'('"]);
    lx.next();
    const values: ValueLiteral[] = [];
    for (;;) {
      values.push(expectValue(lx, EXPECT_VALUE));
      if (lx.type === T_COMMA) {
        lx.next();
        continue;
      }
      if (lx.type !== T_RPAREN) throw lx.error(lx.start, describeToken(lx), ["','", "')'"]);
      const end = lx.end;
      lx.next();
      return { kind: "in", field, values, start, end };
    }
  }
  return { kind: "identifier", name: field, start, end: fieldEnd };
}

function isValueToken(t: number): boolean {
  return (
    t === T_STRING ||
    t === T_POS_INTEGER ||
    t === T_DECIMAL ||
    t === T_DATE ||
    t === T_DATETIME ||
    t === T_NULL
  );
}

function expectValue(lx: Lexer, expected: readonly string[]): ValueLiteral {
  if (!isValueToken(lx.type)) {
    const detail =
      lx.type === T_TRUE || lx.type === T_FALSE
        ? "true and false may only follow '=' or '!='"
        : lx.type === T_IDENTIFIER
          ? "the right-hand side must be a value, not a field name"
          : undefined;
    throw lx.error(lx.start, describeToken(lx), expected, detail);
  }
  return readValue(lx);
}

/** Reads the current value token into a literal and advances. */
function readValue(lx: Lexer): ValueLiteral {
  const t = lx.type;
  let v: ValueLiteral;
  if (t === T_STRING) {
    const raw = lx.text();
    const content = raw.slice(1, -1);
    v = { kind: "string", value: lx.hasBackslash ? unescapeString(content) : content, raw };
  } else if (t === T_POS_INTEGER || t === T_DECIMAL) {
    v = { kind: "number", text: lx.text() };
  } else if (t === T_DATE) {
    v = { kind: "date", text: lx.text() };
  } else if (t === T_DATETIME) {
    v = { kind: "datetime", text: lx.text() };
  } else {
    v = { kind: "null" };
  }
  lx.next();
  return v;
}

function describeToken(lx: Lexer): string {
  const t = lx.type;
  if (t === T_EOF) return "end of input";
  const text = lx.text();
  const shown = text.length > 40 ? `${text.slice(0, 37)}...` : text;
  if (t === T_IDENTIFIER) return `field name '${shown}'`;
  if (t === T_STRING) return `string ${shown}`;
  if (t === T_POS_INTEGER || t === T_DECIMAL) return `number ${shown}`;
  if (t === T_DATE) return `date ${shown}`;
  if (t === T_DATETIME) return `datetime ${shown}`;
  return `'${shown}'`;
}
