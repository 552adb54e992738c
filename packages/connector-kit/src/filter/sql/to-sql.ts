import type { EntityDefinition, FieldDefinition } from "../../core/model/entity.js";
import type { FilterExpression, FilterQuery, Literal } from "../ast.js";
import { compareNormalDecimals, parseDecimal } from "../decimal.js";
import { indexFields } from "../entity-fields.js";
import { FilterValidationError } from "../errors.js";
import { type Instant, instantToIso, parseInstant, utcDateText } from "../temporal.js";
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
   * type: epoch milliseconds on Date/DateTime fields become ISO dates/instants, a date on a DateTime field becomes
   * midnight UTC, CONTAINS on a List field becomes array membership. Default: none (values typed by their literal).
   * Run `validateFilter` first to catch operator and type mismatches.
   */
  entityDefinition?: EntityDefinition;
  /** How dates and datetimes travel: ISO `"string"`s or JavaScript `"Date"`s (milliseconds only). Default: `"string"`. */
  dates?: "string" | "Date";
  /**
   * How numbers travel: `"string"` (the literal's text: exact; the database casts it to the column's type) or
   * `"number"` (a JavaScript number when it represents the literal exactly, else the text). Default: `"string"`.
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
 * @throws FilterValidationError for a bare value (not a condition), an unknown field when `entityDefinition`
 * is given, or CONTAINS on a List field with a dialect without array support.
 */
export function toSql(filter: FilterQuery | FilterExpression, options: ToSqlOptions): SqlFilter {
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

  const fieldOf = (name: string, at: FilterExpression): FieldDefinition | null => {
    if (fields === null) return null;
    const f = fields.get(name);
    if (f === undefined) {
      throw new FilterValidationError([
        { field: name, message: `field '${name}' does not exist`, start: at.start, end: at.end },
      ]);
    }
    return f;
  };
  const param = (value: unknown): string => {
    params.push(value);
    return dialect.placeholder(next++);
  };
  const typed = (lit: Literal, field: FieldDefinition | null): unknown => {
    const type = field?.dataType;
    switch (lit.kind) {
      case "string":
        return lit.value;
      case "boolean":
        return lit.value;
      case "null":
        return null;
      case "number": {
        if (type === "DateTime") return temporal({ ms: Number(lit.text), sub: "" });
        if (type === "Date") {
          // Epoch milliseconds on a Date field: the UTC calendar day.
          const day = utcDateText(Number(lit.text));
          return day === null ? lit.text : dates === "Date" ? temporal(parseInstant(day) ?? day) : day;
        }
        if (numbers === "number") {
          const n = Number(lit.text);
          const a = parseDecimal(String(n));
          const b = parseDecimal(lit.text);
          if (a !== null && b !== null && compareNormalDecimals(a, b) === 0) return n;
        }
        return lit.text;
      }
      case "date":
        if (type === "DateTime") return temporal(parseInstant(lit.text) ?? lit.text);
        return dates === "Date" ? temporal(parseInstant(lit.text) ?? lit.text) : lit.text;
      case "datetime":
        return dates === "Date" ? temporal(parseInstant(lit.text) ?? lit.text) : lit.text;
    }
  };
  const temporal = (v: Instant | string): unknown => {
    if (typeof v === "string") return v;
    return dates === "Date" ? new Date(v.ms) : instantToIso(v);
  };

  const leaf = (node: FilterExpression): string => {
    switch (node.kind) {
      case "comparison": {
        const f = fieldOf(node.field, node);
        const col = dialect.quoteIdentifier(columnOf(node.field));
        const v = node.value;
        if (v.kind === "null" && (node.operator === "=" || node.operator === "!=")) {
          return node.operator === "=" ? `${col} IS NULL` : `${col} IS NOT NULL`;
        }
        if (node.operator === "CONTAINS") {
          if (f?.dataType === "List") {
            if (dialect.arrayContains === undefined) {
              throw new FilterValidationError([
                {
                  field: node.field,
                  message: `CONTAINS on List field '${node.field}' is not supported in ${dialect.name}`,
                },
              ]);
            }
            return dialect.arrayContains(col, param(typed(v, null)));
          }
          const needle =
            v.kind === "string" ? v.value : v.kind === "null" || v.kind === "boolean" ? null : v.text;
          return dialect.contains(col, param(needle === null ? null : dialect.containsParam(needle)));
        }
        const op = node.operator === "!=" ? "<>" : node.operator;
        return `${col} ${op} ${param(typed(v, f))}`;
      }
      case "between": {
        const f = fieldOf(node.field, node);
        const col = dialect.quoteIdentifier(columnOf(node.field));
        const lo = param(typed(node.lower, f));
        return `${col} BETWEEN ${lo} AND ${param(typed(node.upper, f))}`;
      }
      case "in": {
        const f = fieldOf(node.field, node);
        const col = dialect.quoteIdentifier(columnOf(node.field));
        const list: string[] = [];
        let hasNull = false;
        for (const v of node.values) {
          if (v.kind === "null") hasNull = true;
          else list.push(param(typed(v, f)));
        }
        if (list.length === 0) return `${col} IS NULL`;
        const inList = `${col} IN (${list.join(", ")})`;
        return hasNull ? `(${inList} OR ${col} IS NULL)` : inList;
      }
      case "identifier":
        fieldOf(node.name, node);
        return dialect.quoteIdentifier(columnOf(node.name));
      default:
        throw new FilterValidationError([
          { field: null, message: "a bare value is not a condition", start: node.start, end: node.end },
        ]);
    }
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
