/**
 * `connector-kit/filter`: AppFlow's filter-expression language. Parser with a typed tree, validation against an
 * entity definition, SQL and in-memory translators, a printer and a visitor. No runtime dependencies.
 */
export type {
  AndNode,
  BetweenNode,
  BooleanLiteral,
  ComparisonNode,
  ComparisonOperator,
  DateLiteral,
  DateTimeLiteral,
  FilterExpression,
  FilterQuery,
  GroupNode,
  IdentifierNode,
  InNode,
  LeafNode,
  LimitClause,
  Literal,
  NotNode,
  NullLiteral,
  NumberLiteral,
  OrNode,
  StringLiteral,
  ValueLiteral,
  ValueNode,
} from "./ast.js";
export { compareDecimals, type NormalDecimal, parseDecimal } from "./decimal.js";
export {
  type FilterProblem,
  FilterSyntaxError,
  FilterValidationError,
  type SourcePosition,
} from "./errors.js";
export { parseFilter } from "./parser.js";
export { compilePredicate, type RecordPredicate } from "./predicate.js";
export { printFilter } from "./printer.js";
export { ansiDialect, mysqlDialect, postgresDialect, type SqlDialect } from "./sql/dialect.js";
export { type SqlFilter, type ToSqlOptions, toSql } from "./sql/to-sql.js";
export { findFilterProblems, validateFilter } from "./validate.js";
export { type FilterVisitor, forEachNode, visitFilter } from "./visitor.js";
