import type { FilterExpression, FilterQuery } from "./ast.js";
import { type FilterProblem, FilterValidationError } from "./errors.js";

/**
 * Run-time checks of a filter tree's shape. The TypeScript types describe what the parser produces, but a tree
 * may be built by hand, deserialized or come from plain JavaScript: every consumer that turns a tree into text
 * (`toSql`, `printFilter`, a `visitFilter` visitor) or into code (`compilePredicate`) checks it first, so a
 * value that is not what its type says (an `operator` of `"= '' OR 1=1 OR s ="`, a number `text` of `"1; --"`,
 * an unknown node kind, a cycle) is refused with a `FilterValidationError` (InvalidArgument) instead of being
 * spliced into a query.
 */

const OPERATORS: ReadonlySet<unknown> = new Set([">", ">=", "<", "<=", "=", "!=", "CONTAINS"]);
const NUMBER = /^-?[0-9]+(\.[0-9]+)?$/;
const DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
const DATETIME = /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?Z$/;

/** Why `value` is not a literal of the language (`booleans` when true/false are allowed there), or null. */
function literalProblem(value: unknown, booleans: boolean): string | null {
  if (typeof value !== "object" || value === null) return "a value is not a literal object";
  const v = value as { kind?: unknown; value?: unknown; text?: unknown };
  switch (v.kind) {
    case "string":
      return typeof v.value === "string" ? null : "a string literal's value is not a string";
    case "number":
      return typeof v.text === "string" && NUMBER.test(v.text)
        ? null
        : `a number literal's text ${show(v.text)} is not a number of the language`;
    case "date":
      return typeof v.text === "string" && DATE.test(v.text)
        ? null
        : `a date literal's text ${show(v.text)} is not YYYY-MM-DD`;
    case "datetime":
      return typeof v.text === "string" && DATETIME.test(v.text)
        ? null
        : `a datetime literal's text ${show(v.text)} is not YYYY-MM-DDThh:mm:ss[.f]Z`;
    case "boolean":
      if (!booleans) return "true/false can only be compared with '=' or '!='";
      return typeof v.value === "boolean" ? null : "a boolean literal's value is not true or false";
    case "null":
      return null;
    default:
      return `unknown literal kind ${show(v.kind)}`;
  }
}

/** Why `name` cannot be a field name, or null. */
function fieldProblem(name: unknown): string | null {
  if (typeof name !== "string" || name.length === 0)
    return `field name ${show(name)} is not a non-empty string`;
  if (name.includes("\0")) return `field name ${show(name)} contains U+0000`;
  if (!isWellFormed(name)) return `field name ${show(name)} is not well-formed Unicode`;
  return null;
}

/** True when `s` has no unpaired UTF-16 surrogate. */
export function isWellFormed(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    if (c > 0xdbff) return false;
    const d = s.charCodeAt(i + 1);
    if (!(d >= 0xdc00 && d <= 0xdfff)) return false;
    i++;
  }
  return true;
}

function show(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}…` : v);
  if (typeof v === "object" && v !== null) return Array.isArray(v) ? "an array" : "an object";
  return String(v);
}

/**
 * The shape problems of a filter or expression (empty when it is well-formed). Checks every node: its kind, a
 * comparison's operator (one of `> >= < <= = != CONTAINS`), field names (non-empty strings without U+0000 or
 * lone surrogates), every literal (kind and text as the grammar writes it; booleans only after `=`/`!=`), IN
 * lists and AND/OR chains non-empty, a LIMIT count a non-negative whole number, and no node its own ancestor.
 * Iterative: any depth.
 */
export function filterShapeProblems(filter: FilterQuery | FilterExpression): FilterProblem[] {
  const problems: FilterProblem[] = [];
  if (typeof filter !== "object" || filter === null) {
    return [{ field: null, message: "malformed filter: not a filter object" }];
  }
  let root: unknown = filter;
  if ((filter as { kind?: unknown }).kind === "query") {
    const q = filter as { expression?: unknown; limit?: unknown };
    const limit = q.limit as { text?: unknown; value?: unknown } | null | undefined;
    if (limit !== null) {
      const value = typeof limit === "object" ? limit.value : undefined;
      const text = typeof limit === "object" ? limit.text : undefined;
      if (
        typeof value !== "number" ||
        !(value >= 0) ||
        (Number.isFinite(value) && !Number.isInteger(value)) ||
        typeof text !== "string" ||
        !/^[0-9]+$/.test(text)
      ) {
        problems.push({
          field: null,
          message: `malformed filter: LIMIT ${show(value)} is not a whole count`,
        });
      }
    }
    if (q.expression === null) return problems;
    root = q.expression;
  }
  // Depth-first with exit markers, so a node seen again while it is still open (a cycle) is caught, while a
  // subtree shared by two parents is fine. No closures per node: this runs on every request.
  const open = new Set<object>();
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const item = stack.pop();
    if (item === EXIT) {
      open.delete(stack.pop() as object);
      continue;
    }
    if (typeof item !== "object" || item === null) {
      problems.push({ field: null, message: "malformed filter: an expression is not a node object" });
      continue;
    }
    if (open.has(item)) {
      report(problems, item, "a node contains itself (the tree has a cycle)");
      continue;
    }
    const n = item as Record<string, unknown>;
    let why: string | null = null;
    switch (n.kind) {
      case "comparison": {
        why = fieldProblem(n.field);
        if (why === null && !OPERATORS.has(n.operator)) {
          why = `operator ${show(n.operator)} is not one of > >= < <= = != CONTAINS`;
        }
        why ??= literalProblem(n.value, n.operator === "=" || n.operator === "!=");
        break;
      }
      case "between":
        why = fieldProblem(n.field) ?? literalProblem(n.lower, false) ?? literalProblem(n.upper, false);
        break;
      case "in": {
        why = fieldProblem(n.field);
        if (why !== null) break;
        const values = n.values;
        if (!Array.isArray(values) || values.length === 0) why = "IN needs a non-empty list of values";
        else for (let i = 0; i < values.length && why === null; i++) why = literalProblem(values[i], false);
        break;
      }
      case "identifier":
        why = fieldProblem(n.name);
        break;
      case "value":
        why = literalProblem(n.value, false);
        break;
      case "not":
      case "group":
        open.add(item);
        stack.push(item, EXIT, n.kind === "not" ? n.operand : n.expression);
        break;
      case "and":
      case "or": {
        const operands = n.operands;
        if (!Array.isArray(operands) || operands.length === 0) {
          why = `'${n.kind}' needs a non-empty list of operands`;
          break;
        }
        open.add(item);
        stack.push(item, EXIT);
        for (let i = operands.length - 1; i >= 0; i--) stack.push(operands[i]);
        break;
      }
      default:
        why = `unknown node kind ${show(n.kind)}`;
    }
    if (why !== null) report(problems, item, why);
  }
  return problems;
}

const EXIT: unique symbol = Symbol("exit");

function report(problems: FilterProblem[], node: object, message: string): void {
  const at = node as { start?: unknown; end?: unknown };
  const p: { field: null; message: string; start?: number; end?: number } = {
    field: null,
    message: `malformed filter: ${message}`,
  };
  if (typeof at.start === "number") p.start = at.start;
  if (typeof at.end === "number") p.end = at.end;
  problems.push(p);
}

/** Throws `FilterValidationError` (InvalidArgument) when the tree is malformed (see `filterShapeProblems`). */
export function assertFilterShape(filter: FilterQuery | FilterExpression): void {
  const problems = filterShapeProblems(filter);
  if (problems.length > 0) throw new FilterValidationError(problems);
}
