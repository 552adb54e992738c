// Helpers for this module's tests (not exported from the package).
import type { FilterExpression, FilterQuery, Literal } from "./ast.js";

/** Compact S-expression of a tree, for readable expectations (recursive: small trees only). */
export function sexpr(node: FilterQuery | FilterExpression): string {
  switch (node.kind) {
    case "query": {
      const e = node.expression === null ? null : sexpr(node.expression);
      if (node.limit === null) return e ?? "";
      return e === null ? `(limit ${node.limit.text})` : `(limit ${node.limit.text} ${e})`;
    }
    case "comparison":
      return `(${node.operator} ${node.field} ${lit(node.value)})`;
    case "between":
      return `(between ${node.field} ${lit(node.lower)} ${lit(node.upper)})`;
    case "in":
      return `(in ${node.field} ${node.values.map(lit).join(" ")})`;
    case "identifier":
      return node.name;
    case "value":
      return `(value ${lit(node.value)})`;
    case "not":
      return `(not ${sexpr(node.operand)})`;
    case "group":
      return `(group ${sexpr(node.expression)})`;
    case "and":
    case "or":
      return `(${node.kind} ${node.operands.map(sexpr).join(" ")})`;
  }
}

function lit(v: Literal): string {
  switch (v.kind) {
    case "string":
      return JSON.stringify(v.value);
    case "number":
      return v.text;
    case "date":
      return `d:${v.text}`;
    case "datetime":
      return `dt:${v.text}`;
    case "boolean":
      return String(v.value);
    case "null":
      return "null";
  }
}

/** A deep copy without offsets and string `raw` texts, for structural comparison (iterative via JSON). */
export function strip<T>(node: T): T {
  return JSON.parse(
    JSON.stringify(node, (key, value) =>
      key === "start" || key === "end" || key === "raw" ? undefined : value,
    ),
  ) as T;
}
