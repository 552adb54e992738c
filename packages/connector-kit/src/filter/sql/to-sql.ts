import type { EntityDefinition, FieldDefinition } from "../../core/model/entity.js";
import type { FieldDataType } from "../../core/model/enums.js";
import type { ComparisonOperator, FilterExpression, FilterQuery, Literal } from "../ast.js";
import { assertFilterShape } from "../check.js";
import { compareNormalDecimals, parseDecimal } from "../decimal.js";
import { indexFields } from "../entity-fields.js";
import { FilterValidationError } from "../errors.js";
import { type Instant, instantOfEpochMs, instantToIso, parseInstant, utcDateText } from "../temporal.js";
import type { SqlDialect } from "./dialect.js";

/** Options of `toSql`. */
export interface ToSqlOptions {
  /** Placeholder style, identifier quoting and CONTAINS spelling, e.g. `postgresDialect`. Required. */
  dialect: SqlDialect;
  /**
   * Column name of a field. The result is quoted as one identifier by the dialect.
   * Default: the field name itself.
   */
  columnOf?: (field: string) => string;
  /** Number of parameters the surrounding statement already uses; the first placeholder is `offset + 1`. Default: 0. */
  paramOffset?: number;
  /**
   * When given: fields must exist in it (else FilterValidationError), and values are typed by the field's data
   * type: Date fields get `YYYY-MM-DD` texts (the written date of a datetime, the UTC day of epoch
   * milliseconds), DateTime fields instants (a date is midnight UTC, a number epoch milliseconds), String and
   * List fields the literal's text, CONTAINS on a List field becomes array membership and on a Map field key
   * presence. Comparisons that have no SQL meaning for the field's type (CONTAINS on a number, `=` on a List,
   * anything but `= null`/`!= null` on ByteArray and Struct) throw FilterValidationError. Default: none (values
   * typed by their literal). Run `validateFilter` first to catch operator, range and type mismatches.
   */
  entityDefinition?: EntityDefinition;
  /**
   * How instants travel: ISO `"string"`s, or JavaScript `"Date"`s where a `Date` holds the literal exactly
   * (milliseconds, years 0001–9999; otherwise its ISO text). Applies to DateTime fields and, without an entity
   * definition, to every date and datetime; Date fields always get `YYYY-MM-DD` texts, since a driver writes
   * a `Date` in the process's time zone and the day would shift. Default: `"string"`.
   */
  dates?: "string" | "Date";
  /**
   * How numbers travel: `"string"` (the literal's text: exact; the database casts it to the column's type) or
   * `"number"` (a JavaScript number when it represents the literal exactly, else the text). Applies to numeric
   * fields (and, without an entity definition, to every number); a number compared with a String or List field
   * always travels as its text (`007` stays `"007"`). Default: `"string"`.
   */
  numbers?: "string" | "number";
}

/** A filter as SQL: a WHERE condition with its parameters, and the LIMIT count. */
export interface SqlFilter {
  /** The condition (without the `WHERE` keyword), or `null` when the filter is only a LIMIT. */
  where: string | null;
  /** Parameter values, in placeholder order. */
  params: unknown[];
  /** The LIMIT count (capped at `Number.MAX_SAFE_INTEGER`), or `null`. */
  limit: number | null;
}

/**
 * Translates a filter into a parameterized SQL condition. Values always travel as parameters; identifiers are
 * quoted by the dialect. Meaning (shared with `compilePredicate`): SQL three-valued logic; `= null` →
 * `IS NULL`, `!= null` → `IS NOT NULL`; `IN (…, null)` → `(col IN (…) OR col IS NULL)`; a bare field name →
 * the (boolean) column itself, i.e. `= true`; CONTAINS → substring test via the dialect. The text is built with
 * an explicit stack, so any depth works (the database may still refuse very deep SQL).
 *
 * The tree is checked node by node first (kinds, operators, field names, literal texts: see the README's "Trees
 * are checked at run time"), so nothing but quoted identifiers, fixed keywords and placeholders reaches the text.
 *
 * @throws FilterValidationError (InvalidArgument) for a malformed tree, a bare value (not a condition), an
 * unknown field when `entityDefinition` is given, a comparison that has no SQL meaning for the field's type, or
 * CONTAINS on a List/Map field with a dialect that cannot express it.
 */
export function toSql(filter: FilterQuery | FilterExpression, options: ToSqlOptions): SqlFilter {
  // Types are not a boundary: a hand-built tree's operator or literal text must never reach the SQL.
  assertFilterShape(filter);
  const { dialect } = options;
  const columnOf = options.columnOf ?? ((f: string) => f);
  const fields = options.entityDefinition === undefined ? null : indexFields(options.entityDefinition);
  const dates = options.dates ?? "string";
  const numbers = options.numbers ?? "string";
  const expression = filter.kind === "query" ? filter.expression : filter;
  const limit =
    filter.kind === "query" && filter.limit !== null
      ? Math.min(filter.limit.value, Number.MAX_SAFE_INTEGER)
      : null;
  const params: unknown[] = [];
  let next = (options.paramOffset ?? 0) + 1;
  if (expression === null) return { where: null, params, limit };

  const refuse = (field: string, message: string, at: FilterExpression): never => {
    throw new FilterValidationError([{ field, message, start: at.start, end: at.end }]);
  };
  const fieldOf = (name: string, at: FilterExpression): FieldDefinition | null => {
    if (fields === null) return null;
    const f = fields.get(name);
    if (f === undefined) return refuse(name, `field '${name}' does not exist`, at);
    return f;
  };
  const column = (name: string): string => {
    const c = columnOf(name);
    if (typeof c !== "string" || c.length === 0 || c.includes("\0")) {
      throw new RangeError(`columnOf(${JSON.stringify(name)}) is not a column name: ${JSON.stringify(c)}`);
    }
    return dialect.quoteIdentifier(c);
  };
  const param = (value: unknown): string => {
    params.push(value);
    return dialect.placeholder(next++);
  };
  /** An instant as the `dates` option asks: a `Date` only when it holds the instant exactly, else ISO text. */
  const instant = (i: Instant | null, text: string): unknown => {
    if (i === null) return text;
    if (dates === "Date" && i.sub === "" && i.ms >= MIN_MS && i.ms <= MAX_MS) return new Date(i.ms);
    return i.ms >= MIN_MS && i.ms <= MAX_MS ? instantToIso(i) : text;
  };
  const typed = (lit: Literal, type: FieldDataType | undefined): unknown => {
    switch (lit.kind) {
      case "string":
      case "boolean":
        return lit.value;
      case "null":
        return null;
      case "number": {
        if (type === "Date") return utcDateText(Number(lit.text)) ?? lit.text;
        if (type === "DateTime") return instant(instantOfEpochMs(Number(lit.text)), lit.text);
        if (numbers === "number" && (type === undefined || NUMERIC.has(type))) {
          const n = Number(lit.text);
          const a = parseDecimal(String(n));
          const b = parseDecimal(lit.text);
          if (a !== null && b !== null && compareNormalDecimals(a, b) === 0) return n;
        }
        return lit.text;
      }
      case "date":
      case "datetime":
        // A Date column compares calendar days: the written date, whatever the time or the time zone.
        if (type === "Date") return lit.text.slice(0, 10);
        // On a DateTime field a date alone is midnight UTC; a datetime travels as written unless a `Date` is asked.
        if (type === "DateTime" && (dates === "Date" || lit.kind === "date")) {
          return instant(parseInstant(lit.text), lit.text);
        }
        if (type === undefined && dates === "Date") return instant(parseInstant(lit.text), lit.text);
        return lit.text;
    }
  };

  const leaf = (node: FilterExpression): string => {
    switch (node.kind) {
      case "comparison": {
        const f = fieldOf(node.field, node);
        const col = column(node.field);
        const v = node.value;
        if (v.kind === "null" && (node.operator === "=" || node.operator === "!=")) {
          return node.operator === "=" ? `${col} IS NULL` : `${col} IS NOT NULL`;
        }
        if (node.operator === "CONTAINS") return contains(node, f, col);
        comparable(node, f, node.field);
        return `${col} ${SQL_OPERATOR[node.operator]} ${param(typed(v, f?.dataType))}`;
      }
      case "between": {
        const f = fieldOf(node.field, node);
        comparable(node, f, node.field);
        const col = column(node.field);
        const lo = param(typed(node.lower, f?.dataType));
        return `${col} BETWEEN ${lo} AND ${param(typed(node.upper, f?.dataType))}`;
      }
      case "in": {
        const f = fieldOf(node.field, node);
        const col = column(node.field);
        const list: string[] = [];
        let hasNull = false;
        for (const v of node.values) {
          if (v.kind === "null") hasNull = true;
          else {
            if (list.length === 0) comparable(node, f, node.field);
            list.push(param(typed(v, f?.dataType)));
          }
        }
        if (list.length === 0) return `${col} IS NULL`;
        const inList = `${col} IN (${list.join(", ")})`;
        return hasNull ? `(${inList} OR ${col} IS NULL)` : inList;
      }
      case "identifier": {
        const f = fieldOf(node.name, node);
        if (f !== null && f.dataType !== "Boolean") {
          refuse(
            node.name,
            `field '${node.name}' (${f.dataType}) is not Boolean, so it cannot stand alone`,
            node,
          );
        }
        return column(node.name);
      }
      default:
        return refuse("", "a bare value is not a condition", node);
    }
  };
  /** Refuses ordering and equality on types whose SQL has no shared meaning for them. */
  const comparable = (node: FilterExpression, f: FieldDefinition | null, name: string): void => {
    if (f === null || !UNCOMPARABLE.has(f.dataType)) return;
    const what = node.kind === "comparison" ? `'${node.operator}'` : node.kind === "in" ? "IN" : "BETWEEN";
    refuse(
      name,
      `${what} on ${f.dataType} field '${name}' has no SQL translation` +
        (f.dataType === "List" || f.dataType === "Map"
          ? " (use CONTAINS, = null or != null)"
          : " (only = null and != null)"),
      node,
    );
  };
  const contains = (
    node: Extract<FilterExpression, { kind: "comparison" }>,
    f: FieldDefinition | null,
    col: string,
  ): string => {
    const v = node.value;
    // The literal as text: CONTAINS compares texts, array elements (a text[] column) and keys as written.
    const needle = v.kind === "string" ? v.value : v.kind === "null" || v.kind === "boolean" ? null : v.text;
    const type = f?.dataType;
    if (type === "List") {
      if (dialect.arrayContains === undefined) {
        refuse(
          node.field,
          `CONTAINS on List field '${node.field}' is not supported in ${dialect.name}`,
          node,
        );
      }
      return dialect.arrayContains!(col, param(needle));
    }
    if (type === "Map") {
      if (dialect.mapContainsKey === undefined) {
        refuse(node.field, `CONTAINS on Map field '${node.field}' is not supported in ${dialect.name}`, node);
      }
      return dialect.mapContainsKey!(col, param(needle));
    }
    if (type !== undefined && type !== "String") {
      refuse(
        node.field,
        `CONTAINS on ${type} field '${node.field}' has no SQL translation (it applies to String, List and Map fields)`,
        node,
      );
    }
    return dialect.contains(col, param(needle === null ? null : dialect.containsParam(needle)));
  };

  const out: string[] = [];
  const stack: Array<FilterExpression | string> = [expression];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (typeof item === "string") {
      out.push(item);
      continue;
    }
    switch (item.kind) {
      case "and":
      case "or": {
        const sep = item.kind === "and" ? " AND " : " OR ";
        for (let i = item.operands.length - 1; i >= 0; i--) {
          const op = item.operands[i]!;
          if (op.kind === "and" || op.kind === "or") stack.push(")", op, "(");
          else stack.push(op);
          if (i > 0) stack.push(sep);
        }
        break;
      }
      case "not":
        stack.push(")", item.operand, "NOT (");
        break;
      case "group":
        stack.push(")", item.expression, "(");
        break;
      default:
        out.push(leaf(item));
    }
  }
  return { where: out.join(""), params, limit };
}

/** The SQL spelling of each comparison operator (CONTAINS is translated by the dialect). */
const SQL_OPERATOR: Readonly<Record<ComparisonOperator, string>> = {
  ">": ">",
  ">=": ">=",
  "<": "<",
  "<=": "<=",
  "=": "=",
  "!=": "<>",
  CONTAINS: "",
};

const NUMERIC: ReadonlySet<FieldDataType> = new Set<FieldDataType>([
  "Short",
  "Integer",
  "Long",
  "BigInteger",
  "BigDecimal",
  "Float",
  "Double",
]);

/** Types whose columns cannot be compared with a literal by `=`, `<`, BETWEEN or IN in SQL. */
const UNCOMPARABLE: ReadonlySet<FieldDataType> = new Set<FieldDataType>([
  "List",
  "Map",
  "ByteArray",
  "Struct",
]);

/** 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z: instants every database and driver writes alike. */
const MIN_MS = -62_135_596_800_000;
const MAX_MS = 253_402_300_799_999;
