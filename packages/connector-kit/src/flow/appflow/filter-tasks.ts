import type { Operator, Task } from "@aws-sdk/client-appflow";
import type { FilterExpression, Literal, ValueLiteral } from "../../filter/ast.js";
import { OPERATOR_REQUIREMENT } from "../../filter/entity-fields.js";
import { parseFilter } from "../../filter/parser.js";

/** A filter as AppFlow's Filter tasks, or why it cannot be one. */
export type FilterTasks = { ok: true; tasks: Task[] } | { ok: false; message: string };

/** Internal signal: a filter part AppFlow's tasks cannot express; filterToTasks catches it and answers `{ ok: false }`. */
class Unmappable extends Error {}

/**
 * Why AppFlow would refuse `value` as a task property value, or null. Its `Property` shape is 1 to 2048
 * characters matching `^.+$`, so no empty value and no line break.
 */
export function taskPropertyProblem(value: string): string | null {
  if (value === "") return "is empty, and AppFlow's task property values never are";
  if (/[\n\r\u0085\u2028\u2029]/.test(value))
    return "holds a line break, which AppFlow's task property values cannot";
  if (value.length > 2048) return "is longer than the 2048 characters of an AppFlow task property value";
  return null;
}

/** AppFlow's `DATA_TYPE` and `VALUE` of a literal: datetimes and dates as epoch milliseconds. */
function typed(literal: Literal): { type: string; value: string } {
  switch (literal.kind) {
    case "string":
      return { type: "string", value: literal.value };
    case "number":
      return { type: /^-?\d+$/.test(literal.text) ? "integer" : "double", value: literal.text };
    case "boolean":
      return { type: "boolean", value: String(literal.value) };
    case "date":
      return { type: "date", value: String(Date.parse(`${literal.text}T00:00:00Z`)) };
    case "datetime":
      return { type: "datetime", value: String(Date.parse(literal.text)) };
    default:
      throw new Unmappable("null cannot be compared in AppFlow's filter tasks");
  }
}

function sameType(values: readonly ValueLiteral[]): string {
  const types = new Set(values.map((v) => typed(v).type));
  if (types.size > 1) throw new Unmappable(`the values mix types (${[...types].join(", ")})`);
  return [...types][0]!;
}

/** The conjuncts of an expression: `a and (b and c)` → a, b, c. */
function conjuncts(expression: FilterExpression): FilterExpression[] {
  if (expression.kind === "group") return conjuncts(expression.expression);
  if (expression.kind === "and") return expression.operands.flatMap(conjuncts);
  return [expression];
}

function sourceOf(field: string, rename: (field: string) => string | null): string {
  const source = rename(field);
  if (source === null) {
    throw new Unmappable(
      `${field} is computed by an earlier task; AppFlow's filter tasks read source fields`,
    );
  }
  return source;
}

function filterTask(node: FilterExpression, rename: (field: string) => string | null): Task {
  const task = (field: string, operator: string, properties: Record<string, string>): Task => {
    for (const [key, value] of Object.entries(properties)) {
      const why = taskPropertyProblem(value);
      if (why) throw new Unmappable(`the ${key} of the comparison on ${field} ${why}`);
    }
    return {
      taskType: "Filter",
      connectorOperator: { CustomConnector: operator as Operator },
      sourceFields: [sourceOf(field, rename)],
      taskProperties: properties,
    };
  };
  switch (node.kind) {
    case "comparison": {
      const { type, value } = typed(node.value);
      return task(node.field, OPERATOR_REQUIREMENT[node.operator], { DATA_TYPE: type, VALUE: value });
    }
    case "between": {
      const type = sameType([node.lower, node.upper]);
      return task(node.field, "BETWEEN", {
        DATA_TYPE: type,
        LOWER_BOUND: typed(node.lower).value,
        UPPER_BOUND: typed(node.upper).value,
      });
    }
    case "in": {
      const type = sameType(node.values);
      const values = node.values.map((v) => typed(v).value);
      if (values.length === 1) return task(node.field, "EQUAL_TO", { DATA_TYPE: type, VALUE: values[0]! });
      if (values.some((v) => v.includes(","))) {
        throw new Unmappable("an IN value holds a comma, and AppFlow's VALUES is a comma-separated list");
      }
      // An empty item would vanish into the list ("a,"), so it is refused as a lone VALUE is.
      if (values.includes("")) throw new Unmappable(`an IN value on ${node.field} is empty`);
      return task(node.field, "EQUAL_TO", { DATA_TYPE: type, VALUES: values.join(",") });
    }
    case "or":
      throw new Unmappable("OR cannot be mapped: AppFlow's filter tasks all apply (AND)");
    case "not":
      throw new Unmappable("NOT cannot be mapped: AppFlow's filter tasks have no negation");
    case "identifier":
      throw new Unmappable(
        `a bare field (${node.name}) cannot be mapped: compare it, e.g. ${node.name} = true`,
      );
    default:
      throw new Unmappable("a bare value cannot be mapped to a filter task");
  }
}

/**
 * Translates a filter expression (AppFlow's filter language) into AppFlow Filter tasks: a conjunction of
 * comparisons, BETWEEN and IN on fields, one task each. OR, NOT, null, bare fields and LIMIT have no task.
 * `rename` turns a field name as the expression uses it into the source field AppFlow reads (null: no source
 * field, it is computed by a task). Default: the name itself.
 */
export function filterToTasks(
  text: string,
  rename: (field: string) => string | null = (f) => f,
): FilterTasks {
  try {
    const query = parseFilter(text);
    if (query.limit) throw new Unmappable("LIMIT cannot be mapped: AppFlow's filter tasks have no limit");
    if (!query.expression) return { ok: true, tasks: [] };
    return { ok: true, tasks: conjuncts(query.expression).map((node) => filterTask(node, rename)) };
  } catch (error) {
    if (error instanceof Unmappable) return { ok: false, message: error.message };
    throw error;
  }
}
