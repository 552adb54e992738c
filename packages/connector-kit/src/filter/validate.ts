import type { EntityDefinition, FieldDefinition } from "../core/model/entity.js";
import type { ConnectorOperator, FieldDataType } from "../core/model/enums.js";
import type { FilterExpression, FilterQuery, Literal } from "./ast.js";
import { filterShapeProblems } from "./check.js";
import { compareNormalDecimals, isIntegral, type NormalDecimal, parseDecimal } from "./decimal.js";
import { allowedOperators, indexFields, isQueryable, OPERATOR_REQUIREMENT } from "./entity-fields.js";
import { type FilterProblem, FilterValidationError } from "./errors.js";
import { decimalToFloat32 } from "./float.js";
import { isValidDateText, isValidDateTimeText } from "./temporal.js";
import { forEachNode } from "./visitor.js";

const INTEGER_RANGES: Partial<Record<FieldDataType, [NormalDecimal, NormalDecimal]>> = {
  Short: [dec("-32768"), dec("32767")],
  Integer: [dec("-2147483648"), dec("2147483647")],
  Long: [dec("-9223372036854775808"), dec("9223372036854775807")],
};
/** 0001-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z: the years a date literal can write, without year 0. */
const EPOCH_MS_MIN = dec("-62135596800000");
const EPOCH_MS_MAX = dec("253402300799999");
/** The smallest normal float32 and float64: below them floats lose precision (subnormals). */
const FLT_MIN = 1.1754943508222875e-38;
const DBL_MIN = 2.2250738585072014e-308;
/** PostgreSQL's NUMERIC holds up to 131,072 digits before the decimal point and 16,383 after it. */
const NUMERIC_INTEGER_DIGITS = 131_072;
const NUMERIC_FRACTION_DIGITS = 16_383;

function dec(s: string): NormalDecimal {
  return parseDecimal(s)!;
}

/**
 * Checks a filter against an entity definition and throws one `FilterValidationError` listing **every** problem
 * (in source order), each naming the field and the reason. Rules:
 * - every field exists and is queryable (`readProperties.isQueryable` absent or null counts as queryable);
 * - the operator is among the field's `filterOperators` (`DEFAULT_FILTER_OPERATORS[dataType]` when absent/null);
 *   `IN` needs `EQUAL_TO`; a bare field name means `field = true`, so it needs a Boolean field with `EQUAL_TO`;
 * - each value fits the data type as a database stores it (integer ranges for Short/Integer/Long; Float and
 *   Double values that round to a finite float of their width, zero or normal (not subnormal); at most 131,072 digits
 *   before and 16,383 after the point for BigInteger/BigDecimal; real calendar dates in the years 0001–9999,
 *   epoch milliseconds within them, for Date/DateTime; booleans only for Boolean fields);
 * - strings hold no U+0000 and no unpaired surrogate (a database cannot store either);
 * - `null` only with `=`, `!=` and `IN`; bare values are rejected (they are not conditions).
 *
 * A malformed tree (one the parser cannot produce: an unknown operator or node kind, a literal whose text is not
 * in the grammar, …) is reported as such, before anything else.
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
  const shape = filterShapeProblems(filter);
  if (shape.length > 0) return shape;
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
      const reason = valueProblem(field.dataType, value, allowNull) ?? textProblem(value);
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
      if (!isIntegral(d) || value.text.includes("."))
        return `expects a whole number, got ${short(value.text)}`;
      const range = INTEGER_RANGES[type];
      if (range && (compareNormalDecimals(d, range[0]) < 0 || compareNormalDecimals(d, range[1]) > 0)) {
        return `${short(value.text)} is out of range for ${type}`;
      }
      return numericDigitsProblem(value.text);
    }
    case "Float":
    case "Double": {
      if (value.kind !== "number") return `expects a number, got ${describe(value)}`;
      // Rounded once from the decimal text, as the database reads it (strtof/strtod). It must not overflow to
      // infinity, nor fall below the smallest normal float unless it is zero: PostgreSQL raises "out of range"
      // for what rounds to 0, and C libraries round subnormals differently (PGlite's rounds some negative ones
      // to zero and fails where PostgreSQL on glibc does not).
      const float = type === "Float";
      const x = float ? decimalToFloat32(value.text) : Number(value.text);
      const width = float ? "a 32-bit float" : "a 64-bit float";
      if (!Number.isFinite(x)) return `${short(value.text)} is out of range for ${type} (beyond ${width})`;
      if (Math.abs(x) < (float ? FLT_MIN : DBL_MIN) && parseDecimal(value.text)!.sign !== 0) {
        return (
          `${short(value.text)} is out of range for ${type} (too small for ${width}: ` +
          `use 0 or a magnitude of at least ${float ? "1.17549435e-38" : "2.2250738585072014e-308"})`
        );
      }
      return null;
    }
    case "BigDecimal":
      return value.kind === "number"
        ? numericDigitsProblem(value.text)
        : `expects a number, got ${describe(value)}`;
    case "Date":
    case "DateTime":
      if (value.kind === "date") {
        if (!isValidDateText(value.text)) return `${value.text} is not a real date`;
        return yearProblem(value.text);
      }
      if (value.kind === "datetime") {
        if (!isValidDateTimeText(value.text)) return `${value.text} is not a real date and time`;
        return yearProblem(value.text);
      }
      if (value.kind === "number") {
        const d = parseDecimal(value.text)!;
        const ok =
          isIntegral(d) &&
          !value.text.includes(".") &&
          compareNormalDecimals(d, EPOCH_MS_MIN) >= 0 &&
          compareNormalDecimals(d, EPOCH_MS_MAX) <= 0;
        return ok
          ? null
          : `${short(value.text)} is not a date, a datetime or epoch milliseconds in the years 0001–9999`;
      }
      return `expects a date, a datetime or epoch milliseconds, got ${describe(value)}`;
    case "Map":
      return value.kind === "string" ? null : `expects a key (a string), got ${describe(value)}`;
    default:
      // String, List, ByteArray, Struct: compared as text / element equality.
      return null;
  }
}

/** Year 0000 exists in no calendar a database uses (PostgreSQL: "date/time field value out of range"). */
function yearProblem(text: string): string | null {
  return text.startsWith("0000") ? `${text} is out of range: years run from 0001 to 9999` : null;
}

/** More digits than PostgreSQL's NUMERIC holds ("value overflows numeric format"). */
function numericDigitsProblem(text: string): string | null {
  const digits = text.charCodeAt(0) === 45 ? text.slice(1) : text;
  const point = digits.indexOf(".");
  const integer = point === -1 ? digits : digits.slice(0, point);
  let lead = 0;
  while (lead < integer.length - 1 && integer.charCodeAt(lead) === 48) lead++;
  const integerDigits = integer.length - lead;
  const fractionDigits = point === -1 ? 0 : digits.length - point - 1;
  if (integerDigits > NUMERIC_INTEGER_DIGITS || fractionDigits > NUMERIC_FRACTION_DIGITS) {
    return (
      `${short(text)} has ${integerDigits.toLocaleString("en-US")} digits before and ` +
      `${fractionDigits.toLocaleString("en-US")} after the point; a database NUMERIC holds at most ` +
      "131,072 before and 16,383 after"
    );
  }
  return null;
}

/**
 * Why a string literal cannot travel to a database, or null: U+0000 (PostgreSQL rejects it in text) and unpaired
 * surrogates (not Unicode: a driver encodes them as U+FFFD, so the database would compare another string).
 */
function textProblem(value: Literal): string | null {
  if (value.kind !== "string") return null;
  const s = value.value;
  const nul = s.indexOf("\0");
  let lone = -1;
  for (let i = 0; i < s.length && lone === -1; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    const d = s.charCodeAt(i + 1);
    if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) i++;
    else lone = i;
  }
  if (nul !== -1 && (lone === -1 || nul < lone)) {
    return `the string ${short(JSON.stringify(s))} contains U+0000 at character ${nul + 1}, which a database cannot store`;
  }
  if (lone !== -1) {
    const hex = s.charCodeAt(lone).toString(16).toUpperCase();
    return `the string ${short(JSON.stringify(s))} has an unpaired surrogate (U+${hex}) at character ${lone + 1}: it is not Unicode text`;
  }
  return null;
}

/** A literal's text for messages: long ones cut in the middle. */
function short(text: string): string {
  return text.length <= 60
    ? text
    : `${text.slice(0, 30)}…${text.slice(-20)} (${text.length.toLocaleString("en-US")} characters)`;
}

function describe(value: Literal): string {
  switch (value.kind) {
    case "string":
      return `the string ${short(typeof value.raw === "string" && value.raw !== "" ? value.raw : JSON.stringify(value.value))}`;
    case "number":
      return `the number ${short(value.text)}`;
    case "date":
      return `the date ${value.text}`;
    case "datetime":
      return `the datetime ${value.text}`;
    default:
      return value.kind;
  }
}
