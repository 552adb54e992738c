import type { EntityDefinition } from "../core/model/entity.js";
import type { FieldDataType } from "../core/model/enums.js";
import type { ComparisonOperator, FilterExpression, FilterQuery, Literal, ValueLiteral } from "./ast.js";
import { assertFilterShape } from "./check.js";
import { compareNormalDecimals, type NormalDecimal, parseDecimal } from "./decimal.js";
import { indexFields } from "./entity-fields.js";
import { FilterValidationError } from "./errors.js";
import { decimalToFloat32 } from "./float.js";
import {
  compareInstants,
  type Instant,
  instantOfDate,
  instantOfEpochMs,
  parseInstant,
  utcDateText,
} from "./temporal.js";
import { visitUnchecked } from "./visitor.js";

/** A compiled filter: true when the record matches. */
export type RecordPredicate = (record: Readonly<Record<string, unknown>>) => boolean;

// Three-valued logic, as in SQL: a comparison with a missing value is unknown, and NOT unknown is unknown.
type Truth = 0 | 1 | 2;
const F: Truth = 0;
const T: Truth = 1;
const U: Truth = 2;

type Leaf = (record: Readonly<Record<string, unknown>>) => Truth;
/** Record value vs literal: -1, 0, 1, or null when they cannot be compared (counts as unknown). */
type Cmp = (value: unknown) => number | null;

/** How values of a field are compared, from its data type; `auto` (no definition) decides per literal. */
type Domain =
  | "text"
  | "decimal"
  | "float"
  | "real"
  | "date"
  | "instant"
  | "boolean"
  | "list"
  | "map"
  | "auto";

const DOMAIN_OF: Readonly<Record<FieldDataType, Domain>> = {
  String: "text",
  Integer: "decimal",
  Short: "decimal",
  Long: "decimal",
  BigInteger: "decimal",
  BigDecimal: "decimal",
  Float: "real",
  Double: "float",
  Boolean: "boolean",
  Date: "date",
  DateTime: "instant",
  List: "list",
  Map: "map",
  ByteArray: "auto",
  Struct: "auto",
};

const OP_NOT = -1;
const OP_AND = -2;
const OP_OR = -3;

/**
 * Compiles a filter into a predicate for client-side filtering, with the same meaning as `toSql` gives it in a
 * database (SQL three-valued logic: a comparison with a null or absent field is unknown, never true, and `NOT`
 * keeps it unknown; `= null` is IS NULL and `!= null` IS NOT NULL; IN is a chain of `=`).
 *
 * Values are compared by the field's data type when `definition` is given (exact decimal comparison for the
 * integer and decimal types; double/float comparison for Double/Float, the literal rounded once from its text,
 * NaN above every number; code-point order for String; calendar dates for Date, instants for DateTime; substring
 * for String CONTAINS, element equality for List CONTAINS, key presence for Map CONTAINS),
 * otherwise by the kind of the literal and the JavaScript type of the record value. Record values may be
 * numbers, bigints, numeric strings, `Date`s or ISO strings. Values that cannot be compared count as unknown.
 * Field names are looked up as own properties, literally (`a.b` is the key `"a.b"`). `LIMIT` is ignored.
 * Evaluation uses an explicit stack: any depth works.
 *
 * @param definition optional entity definition; without it values are compared by their runtime types.
 * @throws FilterValidationError when the tree is malformed (checked node by node: see the README) or contains a
 * bare value (it has no meaning as a condition).
 */
export function compilePredicate(
  filter: FilterQuery | FilterExpression,
  definition?: EntityDefinition,
): RecordPredicate {
  assertFilterShape(filter);
  const expression = filter.kind === "query" ? filter.expression : filter;
  if (expression === null) return () => true;
  const fields = definition === undefined ? null : indexFields(definition);
  const domainOf = (field: string): Domain => {
    const f = fields?.get(field);
    return f === undefined ? "auto" : DOMAIN_OF[f.dataType];
  };
  const leaves: Leaf[] = [];
  const program: number[] = [];
  const leaf = (fn: Leaf): null => {
    program.push(leaves.length);
    leaves.push(fn);
    return null;
  };
  visitUnchecked<null>(expression, {
    comparison: (n) => leaf(comparisonLeaf(n.field, n.operator, n.value, domainOf(n.field))),
    between: (n) => {
      const d = domainOf(n.field);
      return leaf(and2(comparisonLeaf(n.field, ">=", n.lower, d), comparisonLeaf(n.field, "<=", n.upper, d)));
    },
    in: (n) => {
      const d = domainOf(n.field);
      return leaf(orN(n.values.map((v) => comparisonLeaf(n.field, "=", v, d))));
    },
    identifier: (n) => {
      const name = n.name;
      return leaf((r) => {
        const v = get(r, name);
        return v === true ? T : v === false ? F : U;
      });
    },
    value: (n) => {
      throw new FilterValidationError([
        { field: null, message: "a bare value is not a condition", start: n.start, end: n.end },
      ]);
    },
    not: () => {
      program.push(OP_NOT);
      return null;
    },
    and: (n) => {
      program.push(OP_AND, n.operands.length);
      return null;
    },
    or: (n) => {
      program.push(OP_OR, n.operands.length);
      return null;
    },
  });
  if (program.length === 1) {
    const only = leaves[0]!;
    return (record) => only(record) === T;
  }
  const stack = new Uint8Array(leaves.length + 1);
  return (record) => {
    let sp = 0;
    for (let pc = 0; pc < program.length; pc++) {
      const op = program[pc]!;
      if (op >= 0) {
        stack[sp++] = leaves[op]!(record);
      } else if (op === OP_NOT) {
        const v = stack[sp - 1]!;
        stack[sp - 1] = v === U ? U : v === T ? F : T;
      } else {
        const count = program[++pc]!;
        const isAnd = op === OP_AND;
        let r: number = isAnd ? T : F;
        for (let k = 0; k < count; k++) {
          const v = stack[--sp]!;
          if (isAnd) {
            if (v === F) r = F;
            else if (v === U && r === T) r = U;
          } else if (v === T) r = T;
          else if (v === U && r === F) r = U;
        }
        stack[sp++] = r;
      }
    }
    return stack[0] === T;
  };
}

function get(record: Readonly<Record<string, unknown>>, field: string): unknown {
  return Object.hasOwn(record, field) ? record[field] : undefined;
}

function isMissing(v: unknown): boolean {
  return v === null || v === undefined;
}

function and2(a: Leaf, b: Leaf): Leaf {
  return (r) => {
    const x = a(r);
    if (x === F) return F;
    const y = b(r);
    return y === F ? F : x === U || y === U ? U : T;
  };
}

function orN(tests: Leaf[]): Leaf {
  return (r) => {
    let out: Truth = F;
    for (const t of tests) {
      const v = t(r);
      if (v === T) return T;
      if (v === U) out = U;
    }
    return out;
  };
}

function comparisonLeaf(field: string, operator: ComparisonOperator, lit: Literal, domain: Domain): Leaf {
  if (lit.kind === "null") {
    if (operator === "=") return (r) => (isMissing(get(r, field)) ? T : F);
    if (operator === "!=") return (r) => (isMissing(get(r, field)) ? F : T);
    return () => U;
  }
  if (operator === "CONTAINS") return containsLeaf(field, lit, domain);
  const cmp = comparator(domain, lit);
  const accept = acceptor(operator);
  return (r) => {
    const v = get(r, field);
    if (isMissing(v)) return U;
    const s = cmp(v);
    return s === null ? U : accept(s) ? T : F;
  };
}

function acceptor(operator: ComparisonOperator): (sign: number) => boolean {
  switch (operator) {
    case ">":
      return (s) => s > 0;
    case ">=":
      return (s) => s >= 0;
    case "<":
      return (s) => s < 0;
    case "<=":
      return (s) => s <= 0;
    case "!=":
      return (s) => s !== 0;
    default:
      return (s) => s === 0;
  }
}

function containsLeaf(field: string, lit: Exclude<Literal, { kind: "null" }>, domain: Domain): Leaf {
  const needle = literalText(lit);
  const element = elementEquality(lit);
  return (r) => {
    const v = get(r, field);
    if (isMissing(v)) return U;
    if (domain === "list" || (domain === "auto" && Array.isArray(v))) {
      // As `$n = ANY(column)`: true if an element equals, else unknown if an element is null, else false.
      if (!Array.isArray(v)) return U;
      let out: Truth = F;
      for (const e of v) {
        const s = isMissing(e) ? null : element(e);
        if (s === T) return T;
        if (s !== F) out = U;
      }
      return out;
    }
    if (domain === "map" || (domain === "auto" && typeof v === "object" && !(v instanceof Date))) {
      // Key presence, as `column ? $n` on a jsonb object; anything but an object (or a Map) is unknown.
      if (needle === null) return U;
      if (v instanceof Map) return v.has(needle) ? T : F;
      if (typeof v !== "object" || v === null || Array.isArray(v) || v instanceof Date) return U;
      return Object.hasOwn(v, needle) ? T : F;
    }
    const text = toText(v);
    if (text === null || needle === null) return U;
    return text.includes(needle) ? T : F;
  };
}

/**
 * Equality of a List element with a CONTAINS literal, as the element type of an array column decides: a string
 * element (`text[]`) equals the literal's text exactly (`5` does not equal `'5.0'`, and `'a'` is simply not
 * `5`); a number element (`numeric[]`, `integer[]`) compares as an exact decimal; a `Date` element
 * (`timestamptz[]`) as an instant. Null when they cannot be compared.
 */
function elementEquality(lit: Exclude<Literal, { kind: "null" }>): (e: unknown) => Truth | null {
  const text = literalText(lit);
  const decimal = decimalCmp(literalDecimal(lit));
  const instant = instantCmp(literalInstant(lit));
  return (e) => {
    if (typeof e === "string") return text === null ? null : e === text ? T : F;
    let s: number | null = null;
    if (typeof e === "number" || typeof e === "bigint") s = decimal(e);
    else if (e instanceof Date) s = instant(e);
    else if (typeof e === "boolean") s = text === null ? null : String(e) === text ? 0 : 1;
    return s === null ? null : s === 0 ? T : F;
  };
}

function literalText(lit: Literal): string | null {
  switch (lit.kind) {
    case "string":
      return lit.value;
    case "number":
    case "date":
    case "datetime":
      return lit.text;
    default:
      return null;
  }
}

function toText(v: unknown): string | null {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "bigint" || typeof v === "boolean") return String(v);
  return null;
}

/** Builds the record-vs-literal comparator of a domain. */
function comparator(domain: Domain, lit: Exclude<Literal, { kind: "null" }>): Cmp {
  if (lit.kind === "boolean") {
    const b = lit.value;
    return (v) => (typeof v === "boolean" ? (v === b ? 0 : v ? 1 : -1) : null);
  }
  switch (domain) {
    case "text": {
      const t = literalText(lit)!;
      return (v) => {
        const s = toText(v);
        return s === null ? null : compareCodePoints(s, t);
      };
    }
    case "decimal":
      return decimalCmp(literalDecimal(lit));
    case "float":
    case "real": {
      // The literal is rounded once, from its decimal text, to the column's precision (as the database casts it).
      const real = domain === "real";
      const t = lit.kind === "number" ? lit.text : lit.kind === "string" ? lit.value : null;
      if (t === null || parseDecimal(t) === null) return () => null;
      const x = real ? decimalToFloat32(t) : Number(t);
      return (v) => {
        const y = toFloat(v, real);
        return y === null ? null : compareFloats(y, x);
      };
    }
    case "date": {
      const t = literalDate(lit);
      if (t === null) return () => null;
      return (v) => {
        const s = valueDate(v);
        return s === null ? null : s === t ? 0 : s < t ? -1 : 1;
      };
    }
    case "instant":
      return instantCmp(literalInstant(lit));
    case "boolean":
      return () => null;
    default:
      return autoCmp(lit);
  }
}

/** Without a data type, the literal's kind chooses: numbers compare as decimals, dates as instants. */
function autoCmp(lit: Exclude<ValueLiteral, { kind: "null" }>): Cmp {
  if (lit.kind === "number") {
    const num = decimalCmp(parseDecimal(lit.text));
    const inst = instantCmp(literalInstant(lit));
    return (v) => (v instanceof Date ? inst(v) : num(v));
  }
  if (lit.kind === "date" || lit.kind === "datetime") return instantCmp(literalInstant(lit));
  const t = lit.value;
  const asNumber = decimalCmp(parseDecimal(t));
  const asInstant = instantCmp(parseInstant(t));
  return (v) => {
    if (typeof v === "string") return compareCodePoints(v, t);
    if (typeof v === "number" || typeof v === "bigint") return asNumber(v);
    if (v instanceof Date) return asInstant(v);
    return null;
  };
}

function decimalCmp(d: NormalDecimal | null): Cmp {
  if (d === null) return () => null;
  return (v) => {
    const x = toDecimal(v);
    if (x !== null) return compareNormalDecimals(x, d);
    // PostgreSQL's numeric and float types hold NaN (above every number) and ±Infinity; literals are finite.
    const special = specialFloat(v);
    if (special === null) return null;
    return Number.isNaN(special) || special > 0 ? 1 : -1;
  };
}

function instantCmp(i: Instant | null): Cmp {
  if (i === null) return () => null;
  return (v) => {
    const x = toInstant(v);
    return x === null ? null : compareInstants(x, i);
  };
}

function literalDecimal(lit: Literal): NormalDecimal | null {
  if (lit.kind === "number") return parseDecimal(lit.text);
  if (lit.kind === "string") return parseDecimal(lit.value);
  return null;
}

function literalInstant(lit: Literal): Instant | null {
  if (lit.kind === "date" || lit.kind === "datetime") return parseInstant(lit.text);
  if (lit.kind === "number") {
    const d = parseDecimal(lit.text);
    return d === null ? null : instantOfEpochMs(Number(lit.text));
  }
  if (lit.kind === "string") return parseInstant(lit.value);
  return null;
}

function literalDate(lit: Literal): string | null {
  if (lit.kind === "date") return lit.text;
  if (lit.kind === "datetime") return lit.text.slice(0, 10);
  if (lit.kind === "string" && isDatePrefixed(lit.value)) return lit.value.slice(0, 10);
  const i = literalInstant(lit);
  return i === null ? null : utcDateText(i.ms);
}

function toDecimal(v: unknown): NormalDecimal | null {
  if (typeof v === "number") return Number.isFinite(v) ? parseDecimal(String(v)) : null;
  if (typeof v === "bigint") return parseDecimal(String(v));
  if (typeof v === "string") return parseDecimal(v);
  return null;
}

/** A Double (or, `real`, Float) record value as a number: numbers, bigints, decimal texts, NaN and ±Infinity. */
function toFloat(v: unknown, real: boolean): number | null {
  if (typeof v === "number") return real ? Math.fround(v) : v;
  if (typeof v === "bigint" || typeof v === "string") {
    const t = typeof v === "string" ? v : String(v);
    if (parseDecimal(t) === null) return specialFloat(t);
    return real ? decimalToFloat32(t) : Number(t);
  }
  return null;
}

/** NaN or ±Infinity, as numbers or as PostgreSQL writes them (`NaN`, `Infinity`, `-Infinity`); else null. */
function specialFloat(v: unknown): number | null {
  if (typeof v === "number") return Number.isFinite(v) ? null : v;
  if (typeof v !== "string") return null;
  switch (v) {
    case "NaN":
      return Number.NaN;
    case "Infinity":
      return Number.POSITIVE_INFINITY;
    case "-Infinity":
      return Number.NEGATIVE_INFINITY;
    default:
      return null;
  }
}

/** Orders floats as PostgreSQL does: NaN equals NaN and is above everything else, ±Infinity at the ends. */
function compareFloats(y: number, x: number): number {
  if (Number.isNaN(y)) return Number.isNaN(x) ? 0 : 1;
  if (Number.isNaN(x)) return -1;
  return y < x ? -1 : y > x ? 1 : 0;
}

/**
 * Orders strings by Unicode code point, which is the order of their UTF-8 bytes (PostgreSQL's `COLLATE "C"`).
 * JavaScript's `<` orders UTF-16 code units, which puts U+10000 and above (surrogate pairs) before U+E000–U+FFFF.
 */
function compareCodePoints(a: string, b: string): -1 | 0 | 1 {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      if (x < 0xd800 || y < 0xd800) return x < y ? -1 : 1;
      // Both from D800 up: move surrogates (D800–DFFF) above E000–FFFF.
      const fx = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      const fy = y >= 0xe000 ? y - 0x800 : y + 0x2000;
      return fx < fy ? -1 : 1;
    }
  }
  return a.length < b.length ? -1 : 1;
}

function toInstant(v: unknown): Instant | null {
  if (v instanceof Date) return instantOfDate(v);
  if (typeof v === "string") return parseInstant(v);
  if (typeof v === "number") return instantOfEpochMs(v);
  return null;
}

/** A Date field's value as `YYYY-MM-DD`: the written date of an ISO text, the UTC date of an instant. */
function valueDate(v: unknown): string | null {
  if (typeof v === "string") {
    if (isDatePrefixed(v)) return v.slice(0, 10);
    const i = parseInstant(v);
    return i === null ? null : utcDateText(i.ms);
  }
  const i = v instanceof Date ? instantOfDate(v) : typeof v === "number" ? instantOfEpochMs(v) : null;
  return i === null ? null : utcDateText(i.ms);
}

function isDatePrefixed(s: string): boolean {
  return s.length >= 10 && s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45 && /^\d{4}-\d\d-\d\d/.test(s);
}
