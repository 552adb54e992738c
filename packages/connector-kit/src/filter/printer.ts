import type { FilterExpression, FilterQuery, Literal } from "./ast.js";
import { assertFilterShape } from "./check.js";
import { FilterValidationError } from "./errors.js";
import { Lexer, T_DATE, T_DATETIME, T_DECIMAL, T_EOF, T_IDENTIFIER, T_POS_INTEGER } from "./lexer.js";

/** A string literal; its quote character is chosen once the whole text is known. */
class Str {
  constructor(readonly value: string) {}
}
/**
 * Prints a filter (or an expression) as canonical filter text: upper-case keywords, single spaces,
 * parentheses exactly where the tree has `group` nodes, strings in single quotes with `\\ \' \t \n \r` escaped.
 *
 * For trees the parser produces, `parseFilter(printFilter(q))` equals `q` apart from offsets and string `raw`
 * texts. Hand-built trees that nest `and`/`or`/`not` directly (without `group`) are printed with the parentheses
 * their meaning needs, so they re-parse to an equivalent tree with explicit groups.
 *
 * @throws FilterValidationError when the tree holds something the language cannot express (a field name that is
 * not an identifier or is a keyword, a malformed number/date text, an empty IN list or chain, a string ending
 * in a backslash followed later by strings that use both quote characters).
 */
export function printFilter(filter: FilterQuery | FilterExpression): string {
  assertFilterShape(filter);
  const parts: Array<string | Str> = [];
  let deferred = false;
  const expression = filter.kind === "query" ? filter.expression : filter;
  if (expression !== null) {
    const stack: Array<FilterExpression | string> = [expression];
    while (stack.length > 0) {
      const item = stack.pop()!;
      if (typeof item === "string") {
        parts.push(item);
        continue;
      }
      switch (item.kind) {
        case "and":
        case "or": {
          const ops = item.operands;
          if (ops.length === 0) throw problem(`an empty '${item.kind}' cannot be printed`);
          const sep = item.kind === "and" ? " AND " : " OR ";
          for (let i = ops.length - 1; i >= 0; i--) {
            const op = ops[i]!;
            const wrap = op.kind === "or" || (op.kind === "and" && item.kind === "and");
            if (wrap) stack.push(")", op, "(");
            else stack.push(op);
            if (i > 0) stack.push(sep);
          }
          break;
        }
        case "not": {
          const op = item.operand;
          if (op.kind === "and" || op.kind === "or") stack.push(")", op, "NOT (");
          else stack.push(op, "NOT ");
          break;
        }
        case "group":
          stack.push(")", item.expression, "(");
          break;
        case "identifier":
          parts.push(checkField(item.name));
          break;
        case "value":
          deferred = pushLiteral(parts, item.value) || deferred;
          break;
        case "comparison":
          parts.push(`${checkField(item.field)} ${item.operator} `);
          deferred = pushLiteral(parts, item.value) || deferred;
          break;
        case "between":
          parts.push(`${checkField(item.field)} BETWEEN `);
          deferred = pushLiteral(parts, item.lower) || deferred;
          parts.push(" AND ");
          deferred = pushLiteral(parts, item.upper) || deferred;
          break;
        case "in": {
          if (item.values.length === 0) throw problem(`IN on '${item.field}' needs at least one value`);
          parts.push(`${checkField(item.field)} IN (`);
          for (let i = 0; i < item.values.length; i++) {
            if (i > 0) parts.push(", ");
            deferred = pushLiteral(parts, item.values[i]!) || deferred;
          }
          parts.push(")");
          break;
        }
      }
    }
  }
  if (filter.kind === "query" && filter.limit !== null) {
    const text = filter.limit.text;
    if (lexOne(text) !== T_POS_INTEGER) throw problem(`LIMIT ${text} is not a count of 10 or more`);
    parts.push(expression === null ? `LIMIT ${text}` : ` LIMIT ${text}`);
  }
  if (parts.length === 0) throw problem("an empty filter cannot be printed");
  return resolveQuotes(parts, deferred).join("");
}

/** Pushes a literal's text; returns true when a string was deferred. */
function pushLiteral(parts: Array<string | Str>, lit: Literal): boolean {
  switch (lit.kind) {
    case "string":
      parts.push(new Str(lit.value));
      return lit.value.endsWith("\\");
    case "number": {
      const t = lexOne(lit.text);
      if (t !== T_DECIMAL && t !== T_POS_INTEGER)
        throw problem(`'${lit.text}' is not a number of the language`);
      parts.push(lit.text);
      return false;
    }
    case "date":
    case "datetime":
      if (lexOne(lit.text) !== (lit.kind === "date" ? T_DATE : T_DATETIME)) {
        throw problem(`'${lit.text}' is not a ${lit.kind} of the language`);
      }
      parts.push(lit.text);
      return false;
    case "boolean":
      parts.push(lit.value ? "true" : "false");
      return false;
    case "null":
      parts.push("null");
      return false;
  }
}

/**
 * Chooses quote characters. Normally every string is single-quoted. But a string whose content ends in a
 * backslash swallows everything up to the next quote of its kind (the official longest-match rule), so it needs
 * a quote character that does not occur anywhere after it. Then strings free to use either quote use a common
 * preferred one (`'`, else `"`), and each backslash-ended string takes a quote absent from the rest of the text.
 */
function resolveQuotes(parts: Array<string | Str>, backslashEnded: boolean): string[] {
  if (!backslashEnded) return parts.map((p) => (typeof p === "string" ? p : quoteString(p.value, "'")));
  return attemptQuotes(parts, "'") ?? attemptQuotes(parts, '"') ?? unprintable();
}

function attemptQuotes(parts: Array<string | Str>, preferred: "'" | '"'): string[] | null {
  const other = preferred === "'" ? '"' : "'";
  const out = new Array<string>(parts.length);
  let single = false;
  let double = false;
  for (let i = parts.length - 1; i >= 0; i--) {
    const part = parts[i]!;
    let text: string;
    if (typeof part === "string") {
      text = part;
    } else {
      const v = part.value;
      let quote: "'" | '"';
      if (v.endsWith("\\")) {
        const used = (q: string) => (q === "'" ? single : double);
        if (!used(preferred)) quote = preferred;
        else if (!used(other)) quote = other;
        else return null;
      } else {
        const hasSingle = v.includes("'");
        const hasDouble = v.includes('"');
        quote = hasSingle && !hasDouble ? "'" : hasDouble && !hasSingle ? '"' : preferred;
      }
      text = quoteString(v, quote);
    }
    out[i] = text;
    if (!single && text.includes("'")) single = true;
    if (!double && text.includes('"')) double = true;
  }
  return out;
}

function unprintable(): never {
  throw problem("a string ending in a backslash cannot be followed by strings using both quote characters");
}

/** Quotes and escapes a string value. */
export function quoteString(value: string, quote: "'" | '"'): string {
  let out = quote;
  let from = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    let esc: string | undefined;
    if (c === 92) esc = "\\\\";
    else if (c === 9) esc = "\\t";
    else if (c === 10) esc = "\\n";
    else if (c === 13) esc = "\\r";
    else if (c === quote.charCodeAt(0)) esc = `\\${quote}`;
    if (esc !== undefined) {
      out += value.slice(from, i) + esc;
      from = i + 1;
    }
  }
  return out + value.slice(from) + quote;
}

function checkField(name: string): string {
  if (lexOne(name) !== T_IDENTIFIER) {
    throw new FilterValidationError([
      {
        field: name,
        message: `'${name}' cannot be written as a field name (it is not an identifier or is a keyword)`,
      },
    ]);
  }
  return name;
}

/** The type of `text` when it lexes as exactly one token, else -1. */
function lexOne(text: string): number {
  try {
    const lx = new Lexer(text);
    lx.next();
    if (lx.start !== 0 || lx.end !== text.length) return -1;
    const t = lx.type;
    lx.next();
    return lx.type === T_EOF ? t : -1;
  } catch {
    return -1;
  }
}

function problem(message: string): FilterValidationError {
  return new FilterValidationError([{ field: null, message }]);
}
