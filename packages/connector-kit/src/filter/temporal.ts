/**
 * Dates and instants for validation and client-side comparison. Instants keep sub-millisecond digits as text,
 * so `…:00.0001Z` and `…:00.0002Z` stay distinct.
 */

/** A point in time: epoch milliseconds plus the fraction digits beyond milliseconds (no trailing zeros). */
export interface Instant {
  readonly ms: number;
  readonly sub: string;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** The ECMAScript time range, ±100,000,000 days around the epoch. */
const MAX_EPOCH_MS = 8.64e15;

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function num(s: string, from: number, to: number): number {
  let v = 0;
  for (let i = from; i < to; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return Number.NaN;
    v = v * 10 + d;
  }
  return v;
}

/** True for a real calendar date `YYYY-MM-DD` (the lexer lets `2021-02-31` and day `00` through). */
export function isValidDateText(text: string): boolean {
  if (text.length < 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return false;
  const y = num(text, 0, 4);
  const m = num(text, 5, 7);
  const d = num(text, 8, 10);
  if (!(m >= 1 && m <= 12) || !(d >= 1)) return false;
  const max = m === 2 && isLeap(y) ? 29 : DAYS_IN_MONTH[m - 1]!;
  return d <= max;
}

/**
 * True for a datetime literal naming a real instant: a valid date, and hour 24 only as `24:00:00` (with an
 * all-zero fraction), which means midnight at the end of that day.
 */
export function isValidDateTimeText(text: string): boolean {
  if (!isValidDateText(text) || text.charCodeAt(10) !== 84) return false;
  if (num(text, 11, 13) === 24) {
    const rest = text.slice(14, -1);
    return /^00:00(\.0+)?$/.test(rest);
  }
  return true;
}

/**
 * Parses an ISO-8601 date or datetime: `YYYY-MM-DD`, optionally `T` or space, `hh:mm[:ss[.f+]]`, optionally `Z`
 * or `±hh[:mm]`. A date alone, or a datetime without zone, is taken as UTC. Falls back to `Date.parse` for other
 * texts. Returns `null` when the text is not a date.
 */
export function parseInstant(text: string): Instant | null {
  const n = text.length;
  if (n >= 10 && text.charCodeAt(4) === 45 && text.charCodeAt(7) === 45) {
    const y = num(text, 0, 4);
    const mo = num(text, 5, 7);
    const d = num(text, 8, 10);
    if (!Number.isNaN(y + mo + d)) {
      if (n === 10) return { ms: utc(y, mo, d, 0, 0, 0, 0), sub: "" };
      const sep = text.charCodeAt(10);
      if ((sep === 84 || sep === 116 || sep === 32) && n >= 16 && text.charCodeAt(13) === 58) {
        const h = num(text, 11, 13);
        const mi = num(text, 14, 16);
        let i = 16;
        let s = 0;
        let frac = "";
        if (text.charCodeAt(i) === 58) {
          s = num(text, 17, 19);
          i = 19;
          if (text.charCodeAt(i) === 46 || text.charCodeAt(i) === 44) {
            let j = i + 1;
            while (j < n && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
            frac = text.slice(i + 1, j);
            i = j;
          }
        }
        let offsetMin = 0;
        let ok = !Number.isNaN(h + mi + s);
        if (i < n) {
          const z = text.charCodeAt(i);
          if ((z === 90 || z === 122) && i + 1 === n) i++;
          else if (z === 43 || z === 45) {
            const oh = num(text, i + 1, i + 3);
            let om = 0;
            let k = i + 3;
            if (text.charCodeAt(k) === 58) k++;
            if (k < n) {
              om = num(text, k, k + 2);
              k += 2;
            }
            ok = ok && k === n && !Number.isNaN(oh + om);
            offsetMin = (z === 45 ? -1 : 1) * (oh * 60 + om);
            i = n;
          } else ok = false;
        }
        if (ok && i === n) {
          const ms = Number((frac + "000").slice(0, 3));
          const sub = stripZeros(frac.slice(3));
          return { ms: utc(y, mo, d, h, mi, s, ms) - offsetMin * 60_000, sub };
        }
      }
    }
  }
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : { ms, sub: "" };
}

/** The instant of a `Date`, or null when invalid. */
export function instantOfDate(d: Date): Instant | null {
  const ms = d.getTime();
  return Number.isNaN(ms) ? null : { ms, sub: "" };
}

/** The instant of epoch milliseconds (integral, within the ECMAScript range), or null. */
export function instantOfEpochMs(ms: number): Instant | null {
  return Number.isInteger(ms) && Math.abs(ms) <= MAX_EPOCH_MS ? { ms, sub: "" } : null;
}

/** Compares two instants: -1, 0 or 1. */
export function compareInstants(a: Instant, b: Instant): -1 | 0 | 1 {
  if (a.ms !== b.ms) return a.ms < b.ms ? -1 : 1;
  if (a.sub === b.sub) return 0;
  return a.sub < b.sub ? -1 : 1; // trailing zeros stripped: string order is numeric order
}

/** `YYYY-MM-DD` of an instant in UTC (years 0–9999 only), or null. */
export function utcDateText(ms: number): string | null {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  if (Number.isNaN(y) || y < 0 || y > 9999) return null;
  return `${String(y).padStart(4, "0")}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

/** ISO text of an instant, keeping sub-millisecond digits. */
export function instantToIso(i: Instant): string {
  const iso = new Date(i.ms).toISOString();
  return i.sub === "" ? iso : `${iso.slice(0, -1)}${i.sub}Z`;
}

/** Like `Date.UTC` but without its mapping of years 0–99 to 1900–1999. */
function utc(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number {
  const t = new Date(0);
  t.setUTCFullYear(y, mo - 1, d);
  t.setUTCHours(h, mi, s, ms);
  return t.getTime();
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function stripZeros(s: string): string {
  let e = s.length;
  while (e > 0 && s.charCodeAt(e - 1) === 48) e--;
  return s.slice(0, e);
}
