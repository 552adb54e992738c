import type { EntityDefinition } from "../../core/model/entity.js";
import type { DataRecord } from "../../core/records/data-record.js";
import type { ComparisonOperator, Literal, ValueLiteral } from "../../filter/ast.js";
import { compilePredicate, forEachNode, parseFilter, printFilter } from "../../filter/index.js";

/*
 * The suite's only contact with the filter module: parse an expression into an in-memory predicate, and print
 * the probe expressions it builds. Kept behind these two functions so the module can change shape freely.
 */

/** A filter evaluated client-side on returned records. */
export interface ClientFilter {
  /** True when the record matches. */
  matches: (record: DataRecord) => boolean;
  /** The field names the expression uses (a record lacking one cannot be judged). */
  fields: Set<string>;
}

/**
 * Compiles `expression` (AppFlow filter language) into a predicate with the meaning the filter module gives it
 * (SQL three-valued logic: a comparison on a missing value does not match). `LIMIT` is ignored.
 *
 * @throws Error (from the filter module) when the expression does not parse.
 */
export function compileClientFilter(expression: string, definition: EntityDefinition | null): ClientFilter {
  const query = parseFilter(expression);
  const fields = new Set<string>();
  if (query.expression) {
    forEachNode(query.expression, (node) => {
      if (node.kind === "identifier") fields.add(node.name);
      else if ("field" in node) fields.add(node.field);
    });
  }
  return { matches: compilePredicate(query, definition ?? undefined), fields };
}

/** A literal of the filter language, as the probes build it. */
export type ProbeLiteral =
  | { kind: "string"; value: string }
  | { kind: "number"; text: string }
  | { kind: "date"; text: string }
  | { kind: "datetime"; text: string }
  | { kind: "boolean"; value: boolean };

function literal(l: ProbeLiteral): Literal {
  return l.kind === "string" ? { kind: "string", value: l.value, raw: JSON.stringify(l.value) } : l;
}

function valueLiteral(l: ProbeLiteral): ValueLiteral {
  if (l.kind === "boolean") throw new Error("a boolean cannot bound a BETWEEN");
  return literal(l) as ValueLiteral;
}

/** Prints `field op value` in the filter language (quotes and escapes as needed). */
export function printComparison(field: string, operator: ComparisonOperator, value: ProbeLiteral): string {
  return printFilter({ kind: "comparison", field, operator, value: literal(value) });
}

/** Prints `field BETWEEN lower AND upper`. */
export function printBetween(field: string, lower: ProbeLiteral, upper: ProbeLiteral): string {
  return printFilter({ kind: "between", field, lower: valueLiteral(lower), upper: valueLiteral(upper) });
}
