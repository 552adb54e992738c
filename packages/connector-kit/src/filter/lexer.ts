import { FilterSyntaxError, type SourcePosition } from "./errors.js";

// Token types. Plain numeric constants: the lexer is on the hot path and compares them in tight loops.
export const T_EOF: number = 0;
export const T_AND: number = 1;
export const T_OR: number = 2;
export const T_NOT: number = 3;
export const T_TRUE: number = 4;
export const T_FALSE: number = 5;
export const T_GT: number = 6;
export const T_GE: number = 7;
export const T_LT: number = 8;
export const T_LE: number = 9;
export const T_EQ: number = 10;
export const T_NE: number = 11;
export const T_CONTAINS: number = 12;
export const T_BETWEEN: number = 13;
export const T_LPAREN: number = 14;
export const T_RPAREN: number = 15;
export const T_NULL: number = 16;
export const T_IN: number = 17;
export const T_LIMIT: number = 18;
export const T_COMMA: number = 19;
export const T_IDENTIFIER: number = 20;
/** `[1-9][0-9]+`: two or more digits, no leading zero. */
export const T_POS_INTEGER: number = 21;
/** `-?[0-9]+(\.[0-9]+)?` when not a POS_INTEGER. */
export const T_DECIMAL: number = 22;
/** Single- or double-quoted string, including the empty ones. */
export const T_STRING: number = 23;
export const T_DATE: number = 24;
export const T_DATETIME: number = 25;

/** Token names, indexed by type, for tests and messages. */
export const TOKEN_NAMES: readonly string[] = [
  "EOF",
  "AND",
  "OR",
  "NOT",
  "TRUE",
  "FALSE",
  "GT",
  "GE",
  "LT",
  "LE",
  "EQ",
  "NE",
  "CONTAINS",
  "BETWEEN",
  "LPAREN",
  "RPAREN",
  "NULL",
  "IN",
  "LIMIT",
  "COMMA",
  "IDENTIFIER",
  "POS_INTEGER",
  "DECIMAL",
  "STRING",
  "DATE",
  "DATETIME",
];

const C_TAB = 9;
const C_LF = 10;
const C_FF = 12;
const C_CR = 13;
const C_SPACE = 32;
const C_BANG = 33;
const C_DQUOTE = 34;
const C_SQUOTE = 39;
const C_LPAREN = 40;
const C_RPAREN = 41;
const C_COMMA = 44;
const C_MINUS = 45;
const C_DOT = 46;
const C_0 = 48;
const C_1 = 49;
const C_2 = 50;
const C_3 = 51;
const C_4 = 52;
const C_5 = 53;
const C_9 = 57;
const C_COLON = 58;
const C_LT = 60;
const C_EQ = 61;
const C_GT = 62;
const C_T = 84;
const C_Z = 90;
const C_BACKSLASH = 92;
const C_UNDERSCORE = 95;

/** Bit 0: may start an identifier (ASCII letter). Bit 1: may continue one (`[A-Za-z0-9_.-]`). */
const IDENT_CLASS = new Uint8Array(128);
for (let c = 65; c <= 90; c++) IDENT_CLASS[c] = 3;
for (let c = 97; c <= 122; c++) IDENT_CLASS[c] = 3;
for (let c = C_0; c <= C_9; c++) IDENT_CLASS[c] = 2;
IDENT_CLASS[C_UNDERSCORE] = 2;
IDENT_CLASS[C_DOT] = 2;
IDENT_CLASS[C_MINUS] = 2;

function isDigit(c: number): boolean {
  return c >= C_0 && c <= C_9;
}

/**
 * A pull lexer over char codes reproducing the official ANTLR lexer's longest-match rules, except that
 * a character no rule can match is an error (the official lexer silently drops it).
 * The current token is `type` with text `src.slice(start, end)`; `next()` advances.
 */
export class Lexer {
  readonly src: string;
  /** Current token type (one of the `T_*` constants). */
  type = T_EOF;
  /** Current token start offset. */
  start = 0;
  /** Current token end offset (exclusive). */
  end = 0;
  /** For T_STRING: true when the content contains a backslash (escapes may need resolving). */
  hasBackslash = false;
  /** End offset of the previous token (set by `next()`), for node spans. */
  prevEnd = 0;
  private pos = 0;

  constructor(src: string) {
    this.src = src;
  }

  /** The current token's text. */
  text(): string {
    return this.src.slice(this.start, this.end);
  }

  /** Advances to the next token. Throws FilterSyntaxError on text no token rule matches. */
  next(): void {
    const src = this.src;
    const n = src.length;
    let p = this.pos;
    let c = 0;
    this.prevEnd = this.end;
    // WS: space, \r, \t, \f, \n. Nothing else counts as whitespace in the official lexer.
    while (p < n) {
      c = src.charCodeAt(p);
      if (c === C_SPACE || c === C_LF || c === C_CR || c === C_TAB || c === C_FF) p++;
      else break;
    }
    this.start = p;
    if (p >= n) {
      this.type = T_EOF;
      this.end = this.pos = n;
      return;
    }
    if (c < 128 && (IDENT_CLASS[c]! & 1) !== 0) {
      let q = p + 1;
      let lettersOnly = true;
      while (q < n) {
        const d = src.charCodeAt(q);
        if (d >= 128) break;
        const k = IDENT_CLASS[d]!;
        if ((k & 2) === 0) break;
        if (k !== 3) lettersOnly = false;
        q++;
      }
      this.type = lettersOnly ? keywordType(src, p, q - p) : T_IDENTIFIER;
      this.end = this.pos = q;
      return;
    }
    if (isDigit(c) || c === C_MINUS) {
      this.lexNumberOrDate(p, c);
      return;
    }
    switch (c) {
      case C_SQUOTE:
      case C_DQUOTE:
        this.lexString(p, c);
        return;
      case C_LPAREN: {
        this.single(T_LPAREN, p);
        return;
      }
      case C_RPAREN: {
        this.single(T_RPAREN, p);
        return;
      }
      case C_COMMA: {
        this.single(T_COMMA, p);
        return;
      }
      case C_EQ: {
        this.single(T_EQ, p);
        return;
      }
      case C_GT:
        if (src.charCodeAt(p + 1) === C_EQ) {
          this.double(T_GE, p);
          return;
        }
        {
          this.single(T_GT, p);
          return;
        }
      case C_LT:
        if (src.charCodeAt(p + 1) === C_EQ) {
          this.double(T_LE, p);
          return;
        }
        {
          this.single(T_LT, p);
          return;
        }
      case C_BANG:
        if (src.charCodeAt(p + 1) === C_EQ) {
          this.double(T_NE, p);
          return;
        }
        throw this.error(p, describeChar(src, p), [], "'!' must be followed by '=' ('!=')");
    }
    throw this.error(p, describeChar(src, p), [], hintFor(c));
  }

  private single(type: number, p: number): void {
    this.type = type;
    this.end = this.pos = p + 1;
  }

  private double(type: number, p: number): void {
    this.type = type;
    this.end = this.pos = p + 2;
  }

  private lexNumberOrDate(p: number, c: number): void {
    const src = this.src;
    const n = src.length;
    if (c !== C_MINUS) {
      const dateEnd = matchDate(src, p);
      if (dateEnd !== -1) {
        const dtEnd = matchDateTimeTail(src, dateEnd);
        this.type = dtEnd === -1 ? T_DATE : T_DATETIME;
        this.end = this.pos = dtEnd === -1 ? dateEnd : dtEnd;
        return;
      }
    }
    let q = c === C_MINUS ? p + 1 : p;
    const digitsStart = q;
    while (q < n && isDigit(src.charCodeAt(q))) q++;
    if (q === digitsStart) {
      throw this.error(
        p,
        describeChar(src, p),
        [],
        "'-' must be followed by a digit; numbers have no leading '.'",
      );
    }
    const intDigits = q - digitsStart;
    let fraction = false;
    if (q + 1 < n && src.charCodeAt(q) === C_DOT && isDigit(src.charCodeAt(q + 1))) {
      q += 2;
      while (q < n && isDigit(src.charCodeAt(q))) q++;
      fraction = true;
    }
    // POS_INTEGER is listed before DECIMAL, so it wins on equal length.
    this.type = c !== C_MINUS && c !== C_0 && intDigits >= 2 && !fraction ? T_POS_INTEGER : T_DECIMAL;
    this.end = this.pos = q;
  }

  /**
   * Longest match of `Q (~Q | \Q | other escapes)+ Q`, or the empty string `QQ`. Since a backslash is itself an
   * ordinary content character, the only effect of the escape rule is that a quote preceded by a backslash may
   * be content. So the token ends at the last quote reachable before the first quote not preceded by a backslash.
   */
  private lexString(p: number, quote: number): void {
    const src = this.src;
    const n = src.length;
    let i = p + 1;
    if (i < n && src.charCodeAt(i) === quote) {
      this.type = T_STRING;
      this.hasBackslash = false;
      this.end = this.pos = i + 1;
      return;
    }
    let last = -1;
    let firstBackslash = -1;
    for (; i < n; i++) {
      const ch = src.charCodeAt(i);
      if (ch === quote) {
        last = i;
        if (src.charCodeAt(i - 1) !== C_BACKSLASH) break;
      } else if (ch === C_BACKSLASH && firstBackslash === -1) {
        firstBackslash = i;
      }
    }
    if (last === -1) {
      throw this.error(p, "an unterminated string", [], `no closing ${quote === C_SQUOTE ? "'" : '"'}`);
    }
    this.type = T_STRING;
    this.hasBackslash = firstBackslash !== -1 && firstBackslash < last;
    this.end = this.pos = last + 1;
  }

  /** A syntax error at `offset`. */
  error(offset: number, found: string, expected: readonly string[], detail?: string): FilterSyntaxError {
    return new FilterSyntaxError(positionAt(this.src, offset), found, expected, detail);
  }
}

/** Keyword spellings (the only ones the official lexer accepts); any other letters-only word is an identifier. */
function keywordType(s: string, p: number, len: number): number {
  const c = s.charCodeAt(p);
  switch (len) {
    case 2:
      if (c === 79 /* O */) return s.charCodeAt(p + 1) === 82 ? T_OR : T_IDENTIFIER;
      if (c === 111 /* o */) return s.charCodeAt(p + 1) === 114 ? T_OR : T_IDENTIFIER;
      if (c === 73 /* I */) return s.charCodeAt(p + 1) === 78 ? T_IN : T_IDENTIFIER;
      if (c === 105 /* i */) return s.charCodeAt(p + 1) === 110 ? T_IN : T_IDENTIFIER;
      return T_IDENTIFIER;
    case 3:
      if (s.startsWith("AND", p) || s.startsWith("and", p)) return T_AND;
      if (s.startsWith("NOT", p) || s.startsWith("not", p)) return T_NOT;
      return T_IDENTIFIER;
    case 4:
      if (s.startsWith("true", p) || s.startsWith("TRUE", p) || s.startsWith("True", p)) return T_TRUE;
      if (s.startsWith("null", p)) return T_NULL;
      return T_IDENTIFIER;
    case 5:
      if (s.startsWith("false", p) || s.startsWith("FALSE", p) || s.startsWith("False", p)) return T_FALSE;
      if (s.startsWith("LIMIT", p) || s.startsWith("limit", p)) return T_LIMIT;
      return T_IDENTIFIER;
    case 7:
      return s.startsWith("BETWEEN", p) || s.startsWith("between", p) ? T_BETWEEN : T_IDENTIFIER;
    case 8:
      return s.startsWith("CONTAINS", p) || s.startsWith("contains", p) ? T_CONTAINS : T_IDENTIFIER;
    default:
      return T_IDENTIFIER;
  }
}

/** End of `\d{4}-(0[1-9]|1[0-2])-([0-2]\d|3[01])` at `p`, or -1. */
function matchDate(s: string, p: number): number {
  if (p + 10 > s.length) return -1;
  if (!isDigit(s.charCodeAt(p + 1)) || !isDigit(s.charCodeAt(p + 2)) || !isDigit(s.charCodeAt(p + 3)))
    return -1;
  if (s.charCodeAt(p + 4) !== C_MINUS || s.charCodeAt(p + 7) !== C_MINUS) return -1;
  const m1 = s.charCodeAt(p + 5);
  const m2 = s.charCodeAt(p + 6);
  if (m1 === C_0 ? !(m2 >= C_1 && m2 <= C_9) : !(m1 === C_1 && m2 >= C_0 && m2 <= C_2)) return -1;
  const d1 = s.charCodeAt(p + 8);
  const d2 = s.charCodeAt(p + 9);
  if (d1 >= C_0 && d1 <= C_2 ? !isDigit(d2) : !(d1 === C_3 && (d2 === C_0 || d2 === C_1))) return -1;
  return p + 10;
}

/** End of `T([01]\d|2[0-4]):[0-5]\d:[0-5]\d(\.\d+)?Z` at `p`, or -1. */
function matchDateTimeTail(s: string, p: number): number {
  if (p + 10 > s.length || s.charCodeAt(p) !== C_T) return -1;
  const h1 = s.charCodeAt(p + 1);
  const h2 = s.charCodeAt(p + 2);
  if (h1 === C_0 || h1 === C_1 ? !isDigit(h2) : !(h1 === C_2 && h2 >= C_0 && h2 <= C_4)) return -1;
  if (s.charCodeAt(p + 3) !== C_COLON || s.charCodeAt(p + 6) !== C_COLON) return -1;
  if (!isSexagesimal(s.charCodeAt(p + 4), s.charCodeAt(p + 5))) return -1;
  if (!isSexagesimal(s.charCodeAt(p + 7), s.charCodeAt(p + 8))) return -1;
  let q = p + 9;
  if (s.charCodeAt(q) === C_DOT) {
    let r = q + 1;
    while (isDigit(s.charCodeAt(r))) r++;
    if (r === q + 1) return -1;
    q = r;
  }
  return s.charCodeAt(q) === C_Z ? q + 1 : -1;
}

function isSexagesimal(a: number, b: number): boolean {
  return a >= C_0 && a <= C_5 && isDigit(b);
}

function hintFor(c: number): string | undefined {
  if (c === C_UNDERSCORE) return "identifiers must start with a letter";
  if (c === 43 /* + */) return "numbers have no leading '+'";
  if (c === C_DOT) return "numbers need digits on both sides of '.'";
  return undefined;
}

function describeChar(s: string, p: number): string {
  const cp = s.codePointAt(p)!;
  const hex = `U+${cp.toString(16).toUpperCase().padStart(4, "0")}`;
  if (cp < 32 || cp === 127 || (cp >= 0x80 && cp < 0xa0)) return `character ${hex}`;
  return `character '${String.fromCodePoint(cp)}' (${hex})`;
}

/** Line and column (1-based, lines split at `\n` like ANTLR) of a UTF-16 offset. */
export function positionAt(src: string, offset: number): SourcePosition {
  let line = 1;
  let lineStart = 0;
  for (let i = src.indexOf("\n"); i !== -1 && i < offset; i = src.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1, offset };
}

/** Resolves the escapes `\" \\ \' \t \n \r` left to right; any other backslash stays as it is. */
export function unescapeString(content: string): string {
  let out = "";
  let from = 0;
  let i = content.indexOf("\\");
  while (i !== -1 && i + 1 < content.length) {
    const e = content.charCodeAt(i + 1);
    let r: string | undefined;
    if (e === C_DQUOTE || e === C_SQUOTE || e === C_BACKSLASH) r = content[i + 1];
    else if (e === 116 /* t */) r = "\t";
    else if (e === 110 /* n */) r = "\n";
    else if (e === 114 /* r */) r = "\r";
    if (r === undefined) {
      i = content.indexOf("\\", i + 1);
      continue;
    }
    out += content.slice(from, i) + r;
    from = i + 2;
    i = content.indexOf("\\", from);
  }
  return from === 0 ? content : out + content.slice(from);
}

/** Token stream of a text, for tests and tooling: `[type name, text]` pairs, EOF excluded. */
export function tokenize(src: string): Array<[string, string]> {
  const lx = new Lexer(src);
  const out: Array<[string, string]> = [];
  for (lx.next(); lx.type !== T_EOF; lx.next()) out.push([TOKEN_NAMES[lx.type]!, lx.text()]);
  return out;
}
