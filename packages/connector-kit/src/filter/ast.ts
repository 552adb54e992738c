/**
 * The typed syntax tree of an AppFlow filter expression.
 *
 * Shape rules (what the parser produces; printers and translators rely on them only for round-tripping):
 * - `and` / `or` are n-ary: a chain `a AND b AND c` is one `and` node with three operands, so long chains
 *   stay flat. Operands of `and` are never `and`/`or` nodes, operands of `or` never `or` nodes, and the
 *   operand of `not` is never `and`/`or`: such nesting only appears through an explicit `group`.
 * - Parentheses are kept as `group` nodes.
 * - `start`/`end` are UTF-16 offsets into the parsed text (end exclusive). They are absent on trees built by hand.
 */

/** A quoted string. `value` has the escapes resolved; `raw` is the token as written, quotes included. */
export interface StringLiteral {
  readonly kind: "string";
  readonly value: string;
  readonly raw: string;
}

/** A number, kept as written (`-5`, `05`, `1.50`, `1611639476298`) so no precision is lost. */
export interface NumberLiteral {
  readonly kind: "number";
  readonly text: string;
}

/** A date `YYYY-MM-DD`, kept as written. Only checked lexically by the parser (day 00–31 in any month). */
export interface DateLiteral {
  readonly kind: "date";
  readonly text: string;
}

/** A datetime `YYYY-MM-DDThh:mm:ss[.f+]Z`, kept as written. Only checked lexically (hour 00–24). */
export interface DateTimeLiteral {
  readonly kind: "datetime";
  readonly text: string;
}

/** `true`/`false` (any accepted spelling). Only valid after `=` and `!=`. */
export interface BooleanLiteral {
  readonly kind: "boolean";
  readonly value: boolean;
}

/** The keyword `null` (lowercase only). Distinct from the string `'null'`. */
export interface NullLiteral {
  readonly kind: "null";
}

/** A value that may appear wherever the grammar says `value` (everything but booleans). */
export type ValueLiteral = StringLiteral | NumberLiteral | DateLiteral | DateTimeLiteral | NullLiteral;
/** Any literal. */
export type Literal = ValueLiteral | BooleanLiteral;

/** Comparison operators of the language. `CONTAINS` is written in upper case here whatever the source spelling. */
export type ComparisonOperator = ">" | ">=" | "<" | "<=" | "=" | "!=" | "CONTAINS";

interface Located {
  readonly start?: number;
  readonly end?: number;
}

/** `field op value`. A boolean value only occurs with `=` and `!=`. */
export interface ComparisonNode extends Located {
  readonly kind: "comparison";
  readonly field: string;
  readonly operator: ComparisonOperator;
  readonly value: Literal;
}

/** `field BETWEEN lower AND upper` (inclusive). */
export interface BetweenNode extends Located {
  readonly kind: "between";
  readonly field: string;
  readonly lower: ValueLiteral;
  readonly upper: ValueLiteral;
}

/** `field IN (v1, v2, …)`, at least one value. */
export interface InNode extends Located {
  readonly kind: "in";
  readonly field: string;
  readonly values: readonly ValueLiteral[];
}

/** A bare field name used as a condition. */
export interface IdentifierNode extends Located {
  readonly kind: "identifier";
  readonly name: string;
}

/** A bare value used as a condition (the grammar allows it; see the README for what the translators do). */
export interface ValueNode extends Located {
  readonly kind: "value";
  readonly value: ValueLiteral;
}

/** `NOT operand`. */
export interface NotNode extends Located {
  readonly kind: "not";
  readonly operand: FilterExpression;
}

/** `a AND b AND …`, two or more operands. */
export interface AndNode extends Located {
  readonly kind: "and";
  readonly operands: readonly FilterExpression[];
}

/** `a OR b OR …`, two or more operands. */
export interface OrNode extends Located {
  readonly kind: "or";
  readonly operands: readonly FilterExpression[];
}

/** `( expression )`. */
export interface GroupNode extends Located {
  readonly kind: "group";
  readonly expression: FilterExpression;
}

/** Nodes without sub-expressions. */
export type LeafNode = ComparisonNode | BetweenNode | InNode | IdentifierNode | ValueNode;

/** Any expression node. */
export type FilterExpression = LeafNode | NotNode | AndNode | OrNode | GroupNode;

/** A whole filter: an optional expression and an optional `LIMIT` (at least one of them is present when parsed). */
export interface FilterQuery {
  readonly kind: "query";
  readonly expression: FilterExpression | null;
  /** The `LIMIT` count, or `null`. */
  readonly limit: LimitClause | null;
}

/** `LIMIT n`. `text` is exact; `value` is `Number(text)` (may round, or be `Infinity`, for absurdly large counts). */
export interface LimitClause {
  readonly text: string;
  readonly value: number;
}
