/**
 * AppFlow's schedule expressions (the EventBridge syntax), so one flow file means the same schedule locally
 * and on AppFlow: `rate(5 minutes)` and `cron(minutes hours day-of-month month day-of-week year)`, in UTC.
 */

/** A parsed schedule expression. */
export type ScheduleExpression =
  /** Every `everyMs`, on the grid of the schedule's start (see `activeWindow`). */
  | { kind: "rate"; text: string; everyMs: number }
  /** At the minutes the six cron fields name (UTC). */
  | { kind: "cron"; text: string; cron: CronSchedule };

/** Thrown for an expression that is not valid; the message names the field and why. */
export class ScheduleExpressionError extends Error {
  override readonly name = "ScheduleExpressionError";
}

/** The day-of-month field of a cron expression. */
export interface CronDayOfMonth {
  /** Days named by number, range or step. */
  values: ReadonlySet<number>;
  /** `L`: the last day of the month. */
  last: boolean;
  /** `LW`: the last weekday of the month. */
  lastWeekday: boolean;
  /** `nW`: the weekday nearest to day n, in the same month. */
  nearestWeekday: readonly number[];
}

/** The day-of-week field of a cron expression (1 = Sunday … 7 = Saturday). */
export interface CronDayOfWeek {
  /** Days named by number, name, range or step. */
  values: ReadonlySet<number>;
  /** `nL`: the last day n of the month. */
  lastOf: readonly number[];
  /** `n#k`: the k-th day n of the month. */
  nth: readonly (readonly [day: number, k: number])[];
}

/** The six fields of a cron expression, parsed. Exactly one of `dayOfMonth` and `dayOfWeek` is null (`?`). */
export interface CronSchedule {
  /** Minutes of the hour, ascending. */
  minutes: readonly number[];
  /** Hours of the day (UTC), ascending. */
  hours: readonly number[];
  /** Null for `?`. */
  dayOfMonth: CronDayOfMonth | null;
  /** Months, 1 = January. */
  months: ReadonlySet<number>;
  /** Null for `?`. */
  dayOfWeek: CronDayOfWeek | null;
  /** Null: any year. */
  years: ReadonlySet<number> | null;
}

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
const FIELD_NAMES = ["minutes", "hours", "day-of-month", "month", "day-of-week", "year"] as const;
/** AWS accepts years 1970 to 2199. */
const MAX_YEAR = 2199;
/** ScheduledTriggerProperties.scheduleExpression is at most 256 characters (AppFlow API). */
const MAX_LENGTH = 256;
const MINUTE = 60_000;
const DAY = 24 * 3_600_000;

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
}

const SPECS: readonly FieldSpec[] = [
  { name: "minutes", min: 0, max: 59 },
  { name: "hours", min: 0, max: 23 },
  { name: "day-of-month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12, names: MONTHS },
  { name: "day-of-week", min: 1, max: 7, names: DAYS },
  { name: "year", min: 1970, max: MAX_YEAR },
];

function fail(spec: FieldSpec, text: string, why: string): never {
  throw new ScheduleExpressionError(`${spec.name} field "${text}": ${why}`);
}

function number(spec: FieldSpec, whole: string, part: string): number {
  const upper = part.toUpperCase();
  const named = spec.names?.indexOf(upper) ?? -1;
  if (named >= 0) return named + 1;
  if (!/^\d+$/.test(part)) {
    const names = spec.names ? ` or ${spec.names[0]}-${spec.names[spec.names.length - 1]}` : "";
    fail(spec, whole, `"${part}" is not a number from ${spec.min} to ${spec.max}${names}`);
  }
  const n = Number(part);
  if (n < spec.min || n > spec.max) fail(spec, whole, `${n} is outside ${spec.min}-${spec.max}`);
  return n;
}

/** `*`, `a`, `a-b`, each optionally `/step`, and `a/step` (from a to the field's maximum). */
function range(spec: FieldSpec, whole: string, item: string, into: Set<number>): void {
  const [base = "", stepText, extra] = item.split("/");
  if (extra !== undefined) fail(spec, whole, `"${item}" has more than one "/"`);
  let step = 1;
  if (stepText !== undefined) {
    if (!/^\d+$/.test(stepText) || Number(stepText) === 0) {
      fail(spec, whole, `the step "${stepText}" is not a positive integer`);
    }
    step = Number(stepText);
    // Quartz-style limit that EventBridge applies too: it refuses cron(*/60 * * * ? *).
    if (step > spec.max) fail(spec, whole, `the step ${step} is more than ${spec.max}`);
  }
  let from: number;
  let to: number;
  if (base === "*") [from, to] = [spec.min, spec.max];
  else if (base.includes("-")) {
    const [a = "", b = "", more] = base.split("-");
    if (more !== undefined) fail(spec, whole, `"${base}" is not a range a-b`);
    [from, to] = [number(spec, whole, a), number(spec, whole, b)];
    if (from > to) fail(spec, whole, `the range ${base} runs backwards`);
  } else {
    from = number(spec, whole, base);
    to = stepText === undefined ? from : spec.max;
  }
  for (let n = from; n <= to; n += step) into.add(n);
}

function plainField(spec: FieldSpec, text: string): Set<number> {
  const values = new Set<number>();
  for (const item of text.split(",")) {
    if (item === "") fail(spec, text, "an empty item");
    if (item === "?") fail(spec, text, `"?" is only allowed in day-of-month and day-of-week`);
    if (/[LW#]/i.test(item) && !spec.names) fail(spec, text, `"${item}" uses L, W or # here`);
    range(spec, text, item, values);
  }
  return values;
}

function dayOfMonthField(text: string): CronDayOfMonth {
  const spec = SPECS[2]!;
  const values = new Set<number>();
  let last = false;
  let lastWeekday = false;
  const nearestWeekday: number[] = [];
  for (const item of text.toUpperCase().split(",")) {
    if (item === "L") last = true;
    else if (item === "LW") lastWeekday = true;
    else if (/^\d+W$/.test(item)) nearestWeekday.push(number(spec, text, item.slice(0, -1)));
    else if (/[LW#]/.test(item)) fail(spec, text, `"${item}" is not L, LW or nW`);
    else if (item === "?") fail(spec, text, `"?" must stand alone`);
    else if (item === "") fail(spec, text, "an empty item");
    else range(spec, text, item, values);
  }
  return { values, last, lastWeekday, nearestWeekday };
}

function dayOfWeekField(text: string): CronDayOfWeek {
  const spec = SPECS[4]!;
  const values = new Set<number>();
  const lastOf: number[] = [];
  const nth: [number, number][] = [];
  for (const item of text.toUpperCase().split(",")) {
    if (item === "L") values.add(7);
    else if (/^\w+L$/.test(item)) lastOf.push(number(spec, text, item.slice(0, -1)));
    else if (item.includes("#")) {
      // EventBridge: "3#1,6#3" is invalid, as '#' leaves room for one expression only.
      if (text.includes(",")) fail(spec, text, `"#" allows no other item in the field`);
      const [day = "", k = "", more] = item.split("#");
      if (more !== undefined) fail(spec, text, `"${item}" is not n#k`);
      if (!/^[1-5]$/.test(k)) fail(spec, text, `"#${k}" must be #1 to #5`);
      nth.push([number(spec, text, day), Number(k)]);
    } else if (item === "?") fail(spec, text, `"?" must stand alone`);
    else if (item === "") fail(spec, text, "an empty item");
    else range(spec, text, item, values);
  }
  return { values, lastOf, nth };
}

function parseCron(body: string): CronSchedule {
  const fields = body.trim().split(/\s+/);
  if (fields.length !== 6) {
    throw new ScheduleExpressionError(
      `expected six fields (${FIELD_NAMES.join(" ")}), got ${fields.length}: "${body.trim()}"`,
    );
  }
  const [minutes, hours, dom, month, dow, year] = fields as [string, string, string, string, string, string];
  if ((dom === "?") === (dow === "?")) {
    throw new ScheduleExpressionError(
      `exactly one of day-of-month ("${dom}") and day-of-week ("${dow}") must be "?"`,
    );
  }
  const sorted = (s: Set<number>) => [...s].sort((a, b) => a - b);
  return {
    minutes: sorted(plainField(SPECS[0]!, minutes)),
    hours: sorted(plainField(SPECS[1]!, hours)),
    dayOfMonth: dom === "?" ? null : dayOfMonthField(dom),
    months: plainField(SPECS[3]!, month),
    dayOfWeek: dow === "?" ? null : dayOfWeekField(dow),
    years: year === "*" ? null : plainField(SPECS[5]!, year),
  };
}

const RATE_UNITS: Record<string, number> = { minute: MINUTE, hour: 60 * MINUTE, day: DAY };

function parseRate(body: string, text: string): number {
  const match = /^\s*(\d+)(\s*)([a-z]+?)(s?)\s*$/i.exec(body);
  const unit = match ? RATE_UNITS[match[3]!.toLowerCase()] : undefined;
  if (!match || unit === undefined) {
    throw new ScheduleExpressionError(
      `"${text}" is not rate(<n> minute|minutes|hour|hours|day|days), e.g. rate(5 minutes) or AppFlow's rate(5minutes)`,
    );
  }
  const n = Number(match[1]);
  if (n === 0) throw new ScheduleExpressionError(`"${text}": the rate must be at least 1`);
  const plural = match[4] !== "";
  // EventBridge's form has a space and the singular for 1; AppFlow's has no space and is always plural.
  const appFlowForm = match[2] === "";
  if (appFlowForm ? !plural : plural !== n > 1) {
    const word = match[3]!.toLowerCase();
    throw new ScheduleExpressionError(
      `"${text}": write rate(${n} ${n > 1 ? `${word}s` : word}) (singular for 1, plural otherwise, as EventBridge requires) or rate(${n}${word}s) (AppFlow's form)`,
    );
  }
  return n * unit;
}

/**
 * Parses `rate(<n> <unit>)` or `cron(<six fields>)`, at most 256 characters as AppFlow allows. Throws a
 * {@link ScheduleExpressionError} naming the field and why. A bare six-field text (without `cron(…)`) is
 * accepted when `bareCron` is true (the flow file's `cron:` key); default false.
 */
export function parseScheduleExpression(
  text: string,
  options: { bareCron?: boolean } = {},
): ScheduleExpression {
  const trimmed = text.trim();
  const call = /^(rate|cron)\((.*)\)$/is.exec(trimmed);
  const sent = call ? trimmed : `cron(${trimmed})`;
  // What `flow deploy` sends must fit AppFlow's limit, or only the local scheduler would accept it.
  if ((call || options.bareCron) && sent.length > MAX_LENGTH) {
    throw new ScheduleExpressionError(
      `"${sent.slice(0, 40)}…" is ${sent.length} characters; AppFlow allows at most ${MAX_LENGTH}`,
    );
  }
  if (call) {
    const kind = call[1]!.toLowerCase();
    if (kind === "rate") return { kind: "rate", text: trimmed, everyMs: parseRate(call[2]!, trimmed) };
    // The keyword is read in any case but written as AWS documents it, since the text goes to AppFlow.
    return { kind: "cron", text: `cron(${call[2]!.trim()})`, cron: parseCron(call[2]!) };
  }
  if (options.bareCron) return { kind: "cron", text: sent, cron: parseCron(trimmed) };
  throw new ScheduleExpressionError(
    `"${trimmed}" is neither rate(<n> <unit>) nor cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>)`,
  );
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function weekdayOf(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 1; // 1 = Sunday
}

/** The weekday nearest to `day` in the same month (Quartz's `W`), or null when the month is shorter. */
function nearestWeekday(year: number, month: number, day: number): number | null {
  const last = daysIn(year, month);
  if (day > last) return null;
  const w = weekdayOf(year, month, day);
  if (w === 7) return day === 1 ? 3 : day - 1; // Saturday → Friday (or Monday the 3rd)
  if (w === 1) return day === last ? day - 2 : day + 1; // Sunday → Monday (or Friday before)
  return day;
}

function lastWeekdayOf(year: number, month: number): number {
  const last = daysIn(year, month);
  const w = weekdayOf(year, month, last);
  return w === 7 ? last - 1 : w === 1 ? last - 2 : last;
}

function dayMatches(cron: CronSchedule, year: number, month: number, day: number): boolean {
  const dom = cron.dayOfMonth;
  if (dom) {
    if (dom.values.has(day)) return true;
    const last = daysIn(year, month);
    if (dom.last && day === last) return true;
    if (dom.lastWeekday && day === lastWeekdayOf(year, month)) return true;
    return dom.nearestWeekday.some((n) => nearestWeekday(year, month, n) === day);
  }
  const dow = cron.dayOfWeek!;
  const w = weekdayOf(year, month, day);
  if (dow.values.has(w)) return true;
  if (dow.lastOf.includes(w) && day + 7 > daysIn(year, month)) return true;
  return dow.nth.some(([d, k]) => d === w && Math.ceil(day / 7) === k);
}

/**
 * The first time (epoch ms, a whole UTC minute) strictly after `afterMs` that `cron` names, or null when
 * there is none (every year it allows is past).
 */
export function nextCronTime(cron: CronSchedule, afterMs: number): number | null {
  // AWS's years start at 1970: a clock before it waits for the first allowed minute.
  const start = Math.max(Math.floor(afterMs / MINUTE) * MINUTE + MINUTE, 0);
  const first = new Date(start);
  let year = first.getUTCFullYear();
  let month = first.getUTCMonth() + 1;
  let day = first.getUTCDate();
  let fromMinuteOfDay = first.getUTCHours() * 60 + first.getUTCMinutes();
  while (year <= MAX_YEAR) {
    if (cron.years && !cron.years.has(year)) {
      [year, month, day, fromMinuteOfDay] = [year + 1, 1, 1, 0];
      continue;
    }
    if (!cron.months.has(month)) {
      [month, day, fromMinuteOfDay] = [month + 1, 1, 0];
      if (month > 12) [year, month] = [year + 1, 1];
      continue;
    }
    if (dayMatches(cron, year, month, day)) {
      for (const hour of cron.hours) {
        if (hour * 60 + 59 < fromMinuteOfDay) continue;
        for (const minute of cron.minutes) {
          if (hour * 60 + minute >= fromMinuteOfDay) return Date.UTC(year, month - 1, day, hour, minute);
        }
      }
    }
    fromMinuteOfDay = 0;
    day++;
    if (day > daysIn(year, month)) {
      [month, day] = [month + 1, 1];
      if (month > 12) [year, month] = [year + 1, 1];
    }
  }
  return null;
}

/**
 * The rate expression of an interval in the largest whole unit, or null below a minute or for a part of one.
 * `form` (default `"eventbridge"`): `rate(15 minutes)`, `rate(1 hour)`, as EventBridge writes it; `"appflow"`:
 * `rate(15minutes)`, `rate(1hours)`, with no space and the unit always plural, as AppFlow writes it.
 */
export function rateExpressionOf(
  everyMs: number,
  form: "eventbridge" | "appflow" = "eventbridge",
): string | null {
  for (const [unit, ms] of [
    ["day", DAY],
    ["hour", 60 * MINUTE],
    ["minute", MINUTE],
  ] as const) {
    if (everyMs >= ms && everyMs % ms === 0) {
      const n = everyMs / ms;
      if (form === "appflow") return `rate(${n}${unit}s)`;
      return `rate(${n} ${n === 1 ? unit : `${unit}s`})`;
    }
  }
  return null;
}
