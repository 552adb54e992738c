import type { EntityDefinition, FieldDataType } from "connector-kit";
import {
  type ComparisonOperator,
  type FilterQuery,
  type FilterVisitor,
  type Literal,
  visitFilter,
} from "connector-kit/filter";

/** Query parameters as ordered pairs (json-server reads repeated names as OR for `=`, AND for `_ne`). */
export type Params = Array<[string, string]>;

const NUMERIC = new Set<FieldDataType>([
  "Integer",
  "Long",
  "Short",
  "Double",
  "Float",
  "BigInteger",
  "BigDecimal",
]);
const RESERVED = new Set(["q", "callback", "id_like"]);
const SAFE_FIELD = /^[A-Za-z][A-Za-z0-9_-]*$/;

/** Escapes the characters with a meaning in a RegExp (json-server builds `new RegExp(value, "i")` from `_like`). */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
}

/** `YYYY-MM-DD` moved by `days`. */
function shiftDay(day: string, days: number): string {
  const t =
    Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) +
    days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/**
 * json-server parameters for one comparison, or none when json-server cannot be trusted to keep every
 * matching record. The parameters may select more than the filter (the SDK filters exactly afterwards,
 * `clientSideFilter: true`); they must never select less:
 *
 * - numbers: `>`/`>=` → `_gte`, `<`/`<=` → `_lte` (JavaScript compares the text with the number as numbers),
 *   `=` → `field=text` only when the text is the number's canonical form (json-server compares `toString()`),
 *   `!=` → `_ne`;
 * - strings: `=`, `!=` (`_ne`), ordering (`_gte`/`_lte`, UTF-16 order like the predicate), CONTAINS →
 *   `_like` with the value regex-escaped (case-insensitive there, so a superset);
 * - booleans: `=`, `!=`;
 * - Date (`YYYY-MM-DD` strings): the literal's date with `_gte`, `_lte`, `=` and `_ne`;
 * - DateTime (ISO strings, any zone or precision): compared as text by json-server, so only widened bounds
 *   on the date — `_gte` the day before, `_lte` two days after — and `_ne` with the exact text;
 * - nothing for null, List, Struct, Map, fields whose name json-server would misread (dots, `q`, `_like`…).
 */
function comparisonParams(
  field: string,
  operator: ComparisonOperator,
  value: Literal,
  type: FieldDataType,
): Params {
  if (value.kind === "null") return [];
  if (NUMERIC.has(type)) {
    if (value.kind !== "number" || !Number.isFinite(Number(value.text))) return [];
    const text = value.text;
    switch (operator) {
      case ">":
      case ">=":
        return [[`${field}_gte`, text]];
      case "<":
      case "<=":
        return [[`${field}_lte`, text]];
      case "=":
        return String(Number(text)) === text ? [[field, text]] : [];
      case "!=":
        return [[`${field}_ne`, text]];
      default:
        return [];
    }
  }
  if (type === "String") {
    if (value.kind !== "string") return [];
    switch (operator) {
      case "=":
        return [[field, value.value]];
      case "!=":
        return [[`${field}_ne`, value.value]];
      case "CONTAINS":
        return value.value === "" ? [] : [[`${field}_like`, escapeRegExp(value.value)]];
      case ">":
      case ">=":
        return [[`${field}_gte`, value.value]];
      default:
        return [[`${field}_lte`, value.value]];
    }
  }
  if (type === "Boolean") {
    if (value.kind !== "boolean") return [];
    if (operator === "=") return [[field, String(value.value)]];
    if (operator === "!=") return [[`${field}_ne`, String(value.value)]];
    return [];
  }
  if (type === "Date" || type === "DateTime") {
    if (value.kind !== "date" && value.kind !== "datetime") return [];
    const day = value.text.slice(0, 10);
    const exact = type === "Date";
    switch (operator) {
      case ">":
      case ">=":
        return [[`${field}_gte`, exact ? day : shiftDay(day, -1)]];
      case "<":
      case "<=":
        return [[`${field}_lte`, exact ? day : shiftDay(day, 2)]];
      case "=":
        return exact ? [[field, day]] : [];
      case "!=":
        if (exact) return [[`${field}_ne`, day]];
        return value.kind === "datetime" ? [[`${field}_ne`, value.text]] : [];
      default:
        return [];
    }
  }
  return [];
}

/**
 * Translates the part of a filter json-server can apply — the comparisons, BETWEENs, INs and boolean fields
 * joined by the top-level AND — into its query parameters. OR, NOT and everything else is left to the SDK's
 * exact client-side filter. Without the entity's definition nothing is pushed.
 */
export function filterToParams(filter: FilterQuery | null, entity: EntityDefinition | null): Params {
  if (filter === null || filter.expression === null || entity === null) return [];
  const types = new Map(entity.fields.map((f) => [f.fieldName, f.dataType]));
  const typeOf = (field: string): FieldDataType | null => {
    if (!SAFE_FIELD.test(field) || RESERVED.has(field) || /_(gte|lte|ne|like)$/.test(field)) return null;
    return types.get(field) ?? null;
  };
  const visitor: FilterVisitor<Params> = {
    comparison: (n) => {
      const type = typeOf(n.field);
      return type === null ? [] : comparisonParams(n.field, n.operator, n.value, type);
    },
    between: (n) => {
      const type = typeOf(n.field);
      if (type === null) return [];
      return [
        ...comparisonParams(n.field, ">=", n.lower, type),
        ...comparisonParams(n.field, "<=", n.upper, type),
      ];
    },
    in: (n) => {
      const type = typeOf(n.field);
      if (type === null) return [];
      const each = n.values.map((v) => comparisonParams(n.field, "=", v, type));
      // json-server ORs repeated equality parameters; if one value cannot be pushed, push none.
      return each.every((p) => p.length === 1) ? each.flat() : [];
    },
    identifier: (n) => (typeOf(n.name) === "Boolean" ? [[n.name, "true"]] : []),
    value: () => [],
    not: () => [],
    or: () => [],
    and: (_node, operands) => operands.flat(),
  };
  return visitFilter(filter.expression, visitor);
}
