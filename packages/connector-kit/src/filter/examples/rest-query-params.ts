import {
  type ComparisonOperator,
  FilterValidationError,
  type FilterVisitor,
  parseFilter,
  type ValueLiteral,
  visitFilter,
} from "connector-kit/filter";

// A REST API that filters with query parameters: `?status=open&amount_gt=100&created_between=a,b&limit=25`.
// It can only AND simple conditions together, so OR, NOT and bare values are refused.
const SUFFIX: Record<ComparisonOperator, string> = {
  "=": "",
  "!=": "_ne",
  "<": "_lt",
  "<=": "_lte",
  ">": "_gt",
  ">=": "_gte",
  CONTAINS: "_contains",
};

type Params = Array<[string, string]>;

function unsupported(what: string): never {
  throw new FilterValidationError([{ field: null, message: `${what} is not supported by this API` }]);
}

function text(value: ValueLiteral | { kind: "boolean"; value: boolean }): string {
  switch (value.kind) {
    case "string":
    case "boolean":
      return String(value.value);
    case "null":
      return "null";
    default:
      return value.text;
  }
}

const toParams: FilterVisitor<Params> = {
  comparison: (n) => [[n.field + SUFFIX[n.operator], text(n.value)]],
  between: (n) => [[`${n.field}_between`, `${text(n.lower)},${text(n.upper)}`]],
  in: (n) => [[`${n.field}_in`, n.values.map(text).join(",")]],
  identifier: (n) => [[n.name, "true"]],
  value: () => unsupported("a bare value"),
  not: () => unsupported("NOT"),
  or: () => unsupported("OR"),
  and: (_node, operands) => operands.flat(),
  // group: parentheses around an AND chain change nothing here, so the default (pass through) is right.
};

/** Translates an AppFlow filter into this API's query parameters. */
export function toQueryParams(filterExpression: string): URLSearchParams {
  const query = parseFilter(filterExpression);
  const params = new URLSearchParams(query.expression ? visitFilter(query.expression, toParams) : []);
  if (query.limit) params.set("limit", query.limit.text);
  return params;
}
