/**
 * Exact comparison of decimal numbers written as text, without floating point: the filter language keeps
 * numbers as text so BigDecimal/BigInteger fields compare exactly.
 */

/** A decimal in normal form: `sign × 0.digits × 10^exponent`, `digits` without leading or trailing zeros. */
export interface NormalDecimal {
  /** -1, 0 or 1. Zero has empty `digits` and exponent 0. */
  readonly sign: -1 | 0 | 1;
  readonly digits: string;
  readonly exponent: number;
}

const ZERO: NormalDecimal = { sign: 0, digits: "", exponent: 0 };

/**
 * Parses `[+-]?digits[.digits][e[+-]digits]` (also `.5` and `5.`, as JavaScript's `String(number)` and common
 * data sources write them). Returns `null` for anything else, including `""`, `NaN` and `Infinity`.
 */
export function parseDecimal(text: string): NormalDecimal | null {
  const n = text.length;
  let i = 0;
  let negative = false;
  const s0 = text.charCodeAt(0);
  if (s0 === 45 || s0 === 43) {
    negative = s0 === 45;
    i = 1;
  }
  const intStart = i;
  while (i < n && isDigit(text.charCodeAt(i))) i++;
  const intEnd = i;
  let fracStart = i;
  let fracEnd = i;
  if (i < n && text.charCodeAt(i) === 46) {
    i++;
    fracStart = i;
    while (i < n && isDigit(text.charCodeAt(i))) i++;
    fracEnd = i;
  }
  if (intEnd === intStart && fracEnd === fracStart) return null;
  let exp = 0;
  if (i < n && (text.charCodeAt(i) | 32) === 101) {
    i++;
    let expNegative = false;
    const e0 = text.charCodeAt(i);
    if (e0 === 45 || e0 === 43) {
      expNegative = e0 === 45;
      i++;
    }
    const expStart = i;
    while (i < n && isDigit(text.charCodeAt(i))) i++;
    if (i === expStart) return null;
    exp = Number(text.slice(expStart, i));
    if (expNegative) exp = -exp;
  }
  if (i !== n) return null;
  // All significant digits, then strip zeros on both ends while tracking the exponent.
  let all = text.slice(intStart, intEnd) + text.slice(fracStart, fracEnd);
  let point = intEnd - intStart;
  let lead = 0;
  while (lead < all.length && all.charCodeAt(lead) === 48) lead++;
  if (lead === all.length) return ZERO;
  let trail = all.length;
  while (all.charCodeAt(trail - 1) === 48) trail--;
  all = all.slice(lead, trail);
  point -= lead;
  return { sign: negative ? -1 : 1, digits: all, exponent: point + exp };
}

/** Compares two normal decimals: -1, 0 or 1. */
export function compareNormalDecimals(a: NormalDecimal, b: NormalDecimal): -1 | 0 | 1 {
  if (a.sign !== b.sign) return a.sign < b.sign ? -1 : 1;
  if (a.sign === 0) return 0;
  let magnitude: -1 | 0 | 1;
  if (a.exponent !== b.exponent) magnitude = a.exponent < b.exponent ? -1 : 1;
  else if (a.digits === b.digits) magnitude = 0;
  else magnitude = a.digits < b.digits ? -1 : 1; // no trailing zeros, so string order is numeric order
  return a.sign === 1 ? magnitude : ((-magnitude || 0) as -1 | 0 | 1);
}

/**
 * Compares two decimal texts exactly: -1, 0 or 1.
 * @throws RangeError when either text is not a decimal (see `parseDecimal`).
 */
export function compareDecimals(a: string, b: string): -1 | 0 | 1 {
  const x = parseDecimal(a);
  const y = parseDecimal(b);
  if (x === null || y === null) throw new RangeError(`not a decimal number: ${x === null ? a : b}`);
  return compareNormalDecimals(x, y);
}

/** True when the decimal is a whole number. */
export function isIntegral(d: NormalDecimal): boolean {
  return d.exponent >= d.digits.length;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
