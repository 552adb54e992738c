import type { EntityDefinition, FieldDefinition } from "../core/model/entity.js";
import type { ConnectorOperator, FieldDataType } from "../core/model/enums.js";
import type { FilterExpression, FilterQuery, Literal } from "./ast.js";
import { compareNormalDecimals, isIntegral, type NormalDecimal, parseDecimal } from "./decimal.js";
import { allowedOperators, indexFields, isQueryable, OPERATOR_REQUIREMENT } from "./entity-fields.js";
import { type FilterProblem, FilterValidationError } from "./errors.js";
import { isValidDateText, isValidDateTimeText } from "./temporal.js";
import { forEachNode } from "./visitor.js";

const INTEGER_RANGES: Partial<Record<FieldDataType, [NormalDecimal, NormalDecimal]>> = {
  Short: [dec("-32768"), dec("32767")],
  Integer: [dec("-2147483648"), dec("2147483647")],
  Long: [dec("-9223372036854775808"), dec("9223372036854775807")],
};
const FLOAT_MAX = 3.4028234663852886e38;
const EPOCH_MS_MAX = dec("8640000000000000");
const EPOCH_MS_MIN = dec("-8640000000000000");

function dec(s: string): NormalDecimal {
  return parseDecimal(s)!;
}

/**
 * Checks a filter against an entity definition and throws one `FilterValidationError` listing **every** problem
 * (in source order), each naming the field and the reason. Rules:
 * - every field exists and is queryable (`readProperties.isQueryable` absent or null counts as queryable);
 * - the operator is among the field's `filterOperators` (`DEFAULT_FILTER_OPERATORS[dataType]` when absent/null);
 *   `IN` needs `EQUAL_TO`; a bare field name means `field = true`, so it needs a Boolean field with `EQUAL_TO`;
 * - each value fits the data type (integer ranges for Short/Integer/Long, finite Float/Double, real calendar
 *   dates, epoch milliseconds allowed for Date/DateTime, booleans only for Boolean fields);
 * - `null` only with `=`, `!=` and `IN`; bare values are rejected (they are not conditions).
 */
export function validateFilter(filter: FilterQuery | FilterExpression, definition: EntityDefinition): void {
  const problems = findFilterProblems(filter, definition);
  if (problems.length > 0) throw new FilterValidationError(problems);
}

/** Like `validateFilter`, but returns the problems (empty when the filter is valid) instead of throwing. */
export function findFilterProblems(
  filter: FilterQuery | FilterExpression,
  definition: EntityDefinition,
): FilterProblem[] {
  const expression = filter.kind === "query" ? filter.expression : filter;
  const problems: FilterProblem[] = [];
  if (expression === null) return problems;
  const fields = indexFields(definition);
  forEachNode(expression, (node) => {
    const at = { start: node.start, end: node.end };
    const report = (field: string | null, message: string) => problems.push({ field, message, ...at });
    const lookup = (name: string, operator: ConnectorOperator, shown: string): FieldDefinition | null => {
      const field = fields.get(name);
      if (field === undefined) {
        report(name, `field '${name}' does not exist in entity '${definition.entity.entityIdentifier}'`);
        return null;
      }
      if (!isQueryable(field)) {
        report(name, `field '${name}' cannot be used in filters (it is not queryable)`);
        return null;
      }
      if (!allowedOperators(field).includes(operator)) {
        report(name, `field '${name}' (${field.dataType}) does not support ${shown}`);
        return null;
      }
      return field;
    };
    const checkValue = (field: FieldDefinition, value: Literal, allowNull: boolean) => {
      const reason = valueProblem(field.dataType, value, allowNull);
      if (reason !== null)
        report(field.fieldName, `field '${field.fieldName}' (${field.dataType}): ${reason}`);
    };
    switch (node.kind) {
      case "comparison": {
        const field = lookup(node.field, OPERATOR_REQUIREMENT[node.operator], `'${node.operator}'`);
        if (field !== null) checkValue(field, node.value, node.operator === "=" || node.operator === "!=");
        break;
      }
      case "between": {
        const field = lookup(node.field, "BETWEEN", "BETWEEN");
        if (field !== null) {
          checkValue(field, node.lower, false);
          checkValue(field, node.upper, false);
        }
        break;
      }
      case "in": {
        const field = lookup(node.field, "EQUAL_TO", "IN (which needs EQUAL_TO)");
        if (field !== null) for (const v of node.values) checkValue(field, v, true);
        break;
      }
      case "identifier": {
        const field = lookup(node.name, "EQUAL_TO", "a bare field name (which means '= true')");
        if (field !== null && field.dataType !== "Boolean") {
          report(
            node.name,
            `field '${node.name}' (${field.dataType}) is not Boolean, so it cannot stand alone`,
          );
        }
        break;
      }
      case "value":
        report(null, "a bare value is not a condition; compare a field with it");
        break;
      default:
        break;
    }
  });
  return problems;
}

/** Why `value` does not fit a field of `type`, or null when it does. */
function valueProblem(type: FieldDataType, value: Literal, allowNull: boolean): string | null {
  if (value.kind === "null") return allowNull ? null : "null can only be used with '=', '!=' and IN";
  if (value.kind === "boolean") return type === "Boolean" ? null : "true/false only fit Boolean fields";
  switch (type) {
    case "Boolean":
      return "expects true or false";
    case "Short":
    case "Integer":
    case "Long":
    case "BigInteger": {
      if (value.kind !== "number") return `expects a whole number, got ${describe(value)}`;
      const d = parseDecimal(value.text)!;
      if (!isIntegral(d) || value.text.includes(".")) return `expects a whole number, got ${value.text}`;
      const range = INTEGER_RANGES[type];
      if (range && (compareNormalDecimals(d, range[0]) < 0 || compareNormalDecimals(d, range[1]) > 0)) {
        return `${value.text} is out of range for ${type}`;
      }
      return null;
    }
    case "Float":
    case "Double": {
      if (value.kind !== "number") return `expects a number, got ${describe(value)}`;
      const n = Math.abs(Number(value.text));
      if (!Number.isFinite(n) || (type === "Float" && n > FLOAT_MAX))
        return `${value.text} is out of range for ${type}`;
      return null;
    }
    case "BigDecimal":
      return value.kind === "number" ? null : `expects a number, got ${describe(value)}`;
    case "Date":
    case "DateTime":
      if (value.kind === "date")
        return isValidDateText(value.text) ? null : `${value.text} is not a real date`;
      if (value.kind === "datetime") {
        return isValidDateTimeText(value.text) ? null : `${value.text} is not a real date and time`;
      }
      if (value.kind === "number") {
        const d = parseDecimal(value.text)!;
        const ok =
          isIntegral(d) &&
          !value.text.includes(".") &&
          compareNormalDecimals(d, EPOCH_MS_MIN) >= 0 &&
          compareNormalDecimals(d, EPOCH_MS_MAX) <= 0;
        return ok ? null : `${value.text} is not a date, a datetime or epoch milliseconds`;
      }
      return `expects a date, a datetime or epoch milliseconds, got ${describe(value)}`;
    case "Map":
      return value.kind === "string" ? null : `expects a key (a string), got ${describe(value)}`;
    default:
      // String, List, ByteArray, Struct: compared as text / element equality.
      return null;
  }
}

function describe(value: Literal): string {
  switch (value.kind) {
    case "string":
      return `the string ${value.raw}`;
    case "number":
      return `the number ${value.text}`;
    case "date":
      return `the date ${value.text}`;
    case "datetime":
      return `the datetime ${value.text}`;
    default:
      return value.kind;
  }
}
