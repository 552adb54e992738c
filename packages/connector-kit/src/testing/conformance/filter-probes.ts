import type { EntityDefinition, FieldDefinition } from "../../core/model/entity.js";
import type { ConnectorOperator } from "../../core/model/enums.js";
import { DEFAULT_FILTER_OPERATORS } from "../../core/model/filter-operators.js";
import type { DataRecord } from "../../core/records/data-record.js";
import type { ComparisonOperator } from "../../filter/ast.js";
import { type ProbeLiteral, printBetween, printComparison } from "./client-filter.js";

/** One filter to try: a declared operator of a queryable field, with a value taken from real records. */
export interface FilterProbe {
  field: string;
  operator: ConnectorOperator;
  expression: string;
}

/** A declared operator that cannot be probed, and why. */
export interface UnprobedOperator {
  field: string;
  operator: ConnectorOperator;
  reason: string;
}

const COMPARISON: Partial<Record<ConnectorOperator, ComparisonOperator>> = {
  EQUAL_TO: "=",
  NOT_EQUAL_TO: "!=",
  LESS_THAN: "<",
  LESS_THAN_OR_EQUAL_TO: "<=",
  GREATER_THAN: ">",
  GREATER_THAN_OR_EQUAL_TO: ">=",
};

const NUMBER_TEXT = /^-?\d+(\.\d+)?$/;
const DATE_TEXT = /^\d{4}-(0[1-9]|1[0-2])-(0\d|[12]\d|3[01])/;
const DATETIME_TEXT = /^\d{4}-(0[1-9]|1[0-2])-(0\d|[12]\d|3[01])T([01]\d|2[0-4]):[0-5]\d:[0-5]\d(\.\d+)?Z$/;

/** The filter-language literal for a record value of a field of `dataType`, or null when none fits. */
export function literalFor(field: FieldDefinition, value: unknown): ProbeLiteral | null {
  if (value === null || value === undefined) return null;
  switch (field.dataType) {
    case "String":
    case "ByteArray":
      return typeof value === "string" ? { kind: "string", value } : null;
    case "Integer":
    case "Short":
    case "Long":
    case "BigInteger":
    case "BigDecimal":
    case "Float":
    case "Double": {
      const text = typeof value === "number" && Number.isFinite(value) ? String(value) : value;
      return typeof text === "string" && NUMBER_TEXT.test(text) ? { kind: "number", text } : null;
    }
    case "Boolean":
      if (typeof value === "boolean") return { kind: "boolean", value };
      if (value === "true" || value === "false") return { kind: "boolean", value: value === "true" };
      return null;
    case "Date":
      return typeof value === "string" && DATE_TEXT.test(value)
        ? { kind: "date", text: value.slice(0, 10) }
        : null;
    case "DateTime": {
      if (typeof value === "string" && DATETIME_TEXT.test(value)) return { kind: "datetime", text: value };
      if (typeof value !== "string" && typeof value !== "number") return null;
      const ms = new Date(value).getTime();
      return Number.isFinite(ms) ? { kind: "datetime", text: new Date(ms).toISOString() } : null;
    }
    default:
      return null;
  }
}

/** The value CONTAINS is probed with: a middle slice of a string, an element of a list, a key of a map. */
function containsLiteral(field: FieldDefinition, value: unknown): ProbeLiteral | null {
  if (field.dataType === "String" && typeof value === "string" && value.length > 0) {
    const from = Math.floor(value.length / 4);
    return { kind: "string", value: value.slice(from, from + Math.max(1, Math.ceil(value.length / 2))) };
  }
  if (field.dataType === "List" && Array.isArray(value)) {
    for (const element of value) {
      if (typeof element === "string") return { kind: "string", value: element };
      if (typeof element === "number" && Number.isFinite(element) && NUMBER_TEXT.test(String(element)))
        return { kind: "number", text: String(element) };
    }
    return null;
  }
  if (field.dataType === "Map" && value !== null && typeof value === "object" && !Array.isArray(value)) {
    const key = Object.keys(value)[0];
    return key === undefined ? null : { kind: "string", value: key };
  }
  return null;
}

/**
 * Builds one probe per declared filter operator (the type's defaults when a field lists none) of each queryable field (`readProperties.isQueryable` not
 * false), with values seen in `records`: `=`/`!=` on the first value, ordering operators on the middle value,
 * `BETWEEN` the first and the middle value (in the order that matches records, checked with `matches`),
 * `CONTAINS` a middle slice of a string, an element of a list or a key of a map.
 *
 * @param matches counts how many `records` an expression matches client-side (to orient BETWEEN bounds);
 *   throws when the expression is not valid, and the operator is then reported as unprobed.
 */
export function buildFilterProbes(
  definition: EntityDefinition,
  records: readonly DataRecord[],
  matches: (expression: string) => number,
): { probes: FilterProbe[]; unprobed: UnprobedOperator[] } {
  const probes: FilterProbe[] = [];
  const unprobed: UnprobedOperator[] = [];
  for (const field of definition.fields) {
    if (field.readProperties?.isQueryable === false) continue;
    const values = records.map((r) => r[field.fieldName]).filter((v) => v !== null && v !== undefined);
    for (const operator of field.filterOperators ?? DEFAULT_FILTER_OPERATORS[field.dataType]) {
      const skip = (reason: string) => unprobed.push({ field: field.fieldName, operator, reason });
      if (values.length === 0) {
        skip(`no returned record has a value for ${field.fieldName}`);
        continue;
      }
      const first = values[0];
      const middle = values[Math.floor(values.length / 2)];
      const comparison = COMPARISON[operator];
      try {
        let expression: string | null = null;
        if (comparison) {
          const value = literalFor(field, comparison === "=" || comparison === "!=" ? first : middle);
          if (!value) skip(`no ${field.dataType} value of ${field.fieldName} can be written in a filter`);
          else expression = printComparison(field.fieldName, comparison, value);
        } else if (operator === "CONTAINS") {
          const value = values.map((v) => containsLiteral(field, v)).find((l) => l !== null);
          if (!value) skip(`no value of ${field.fieldName} gives a CONTAINS operand`);
          else expression = printComparison(field.fieldName, "CONTAINS", value);
        } else if (operator === "BETWEEN") {
          const a = literalFor(field, first);
          const b = literalFor(field, middle);
          if (!a || !b || a.kind === "boolean" || b.kind === "boolean") {
            skip(`no ${field.dataType} values of ${field.fieldName} can bound a BETWEEN`);
          } else {
            const forward = printBetween(field.fieldName, a, b);
            expression = matches(forward) > 0 ? forward : printBetween(field.fieldName, b, a);
          }
        } else {
          skip(`${operator} is not a filter operator`);
        }
        if (expression !== null) {
          matches(expression); // throws when the filter module rejects the probe
          probes.push({ field: field.fieldName, operator, expression });
        }
      } catch (error) {
        skip(`the probe could not be written: ${(error as Error).message}`);
      }
    }
  }
  return { probes, unprobed };
}
