import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nextCronTime, parseScheduleExpression, rateExpressionOf } from "./schedule-expression.js";

/*
 * A differential test of nextCronTime against a brute-force reference written from AWS's documented rules
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cron-expressions.html): the reference reads the
 * six fields as text and decides, minute by minute, whether each field's items admit that minute's calendar
 * values. It shares no code with the module.
 */

const MINUTE = 60_000;
const MONTH_NAMES = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAY_NAMES = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

interface Field {
  min: number;
  max: number;
  names?: readonly string[];
}
const MINUTES: Field = { min: 0, max: 59 };
const HOURS: Field = { min: 0, max: 23 };
const DOM: Field = { min: 1, max: 31 };
const MONTH: Field = { min: 1, max: 12, names: MONTH_NAMES };
const DOW: Field = { min: 1, max: 7, names: DAY_NAMES };
const YEAR: Field = { min: 1970, max: 2199 };

// ---------------------------------------------------------------- reference

/** A value as written: a number, or (month, day-of-week) a name in any case. */
function readValue(text: string, field: Field): number {
  const i = field.names ? field.names.indexOf(text.toUpperCase()) : -1;
  return i >= 0 ? i + 1 : Number(text);
}

/** Whether one item (`*`, `a`, `a-b`, `a/s`, `a-b/s`, `*\/s`) admits v. */
function itemAdmits(item: string, v: number, field: Field): boolean {
  const [base = "", stepText] = item.split("/");
  const step = stepText === undefined ? 1 : Number(stepText);
  let lo: number;
  let hi: number;
  if (base === "*") [lo, hi] = [field.min, field.max];
  else if (base.includes("-")) {
    const [a = "", b = ""] = base.split("-");
    [lo, hi] = [readValue(a, field), readValue(b, field)];
  } else {
    lo = readValue(base, field);
    hi = stepText === undefined ? lo : field.max; // a/s runs from a to the field's end
  }
  return v >= lo && v <= hi && (v - lo) % step === 0;
}

const fieldAdmits = (text: string, v: number, field: Field) =>
  text.split(",").some((item) => itemAdmits(item, v, field));

/** 1 = Sunday … 7 = Saturday. */
const weekday = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 1;
const isWeekend = (y: number, m: number, d: number) => [1, 7].includes(weekday(y, m, d));

function lastDayOf(y: number, m: number): number {
  let d = 28;
  while (new Date(Date.UTC(y, m - 1, d + 1)).getUTCMonth() === m - 1) d++;
  return d;
}

function dayOfMonthAdmits(text: string, y: number, m: number, d: number): boolean {
  const up = text.toUpperCase();
  const last = lastDayOf(y, m);
  if (up === "L") return d === last;
  if (up === "LW") {
    let x = last;
    while (isWeekend(y, m, x)) x--;
    return d === x;
  }
  if (up.endsWith("W")) {
    // The weekday of this month closest to day n (never a tie: a weekend day has a weekday next to it).
    const n = Number(up.slice(0, -1));
    if (n > last) return false;
    let best = -1;
    for (let x = 1; x <= last; x++) {
      if (!isWeekend(y, m, x) && (best < 0 || Math.abs(x - n) < Math.abs(best - n))) best = x;
    }
    return d === best;
  }
  return fieldAdmits(text, d, DOM);
}

function dayOfWeekAdmits(text: string, y: number, m: number, d: number): boolean {
  const up = text.toUpperCase();
  const w = weekday(y, m, d);
  if (up === "L") return w === 7; // "the last day of the week": Saturday
  if (up.endsWith("L")) {
    const n = readValue(up.slice(0, -1), DOW);
    let x = lastDayOf(y, m);
    while (weekday(y, m, x) !== n) x--;
    return d === x;
  }
  if (up.includes("#")) {
    const [nText = "", kText = ""] = up.split("#");
    const n = readValue(nText, DOW);
    let count = 0;
    for (let x = 1; x <= d; x++) if (weekday(y, m, x) === n) count++;
    return w === n && count === Number(kText);
  }
  return fieldAdmits(text, w, DOW);
}

type Fields = readonly [string, string, string, string, string, string];

const yearAdmits = (f: Fields, y: number) =>
  y >= YEAR.min && y <= YEAR.max && (f[5] === "*" || fieldAdmits(f[5], y, YEAR));
const dayAdmits = (f: Fields, y: number, m: number, d: number) =>
  f[2] === "?" ? dayOfWeekAdmits(f[4], y, m, d) : dayOfMonthAdmits(f[2], y, m, d);

/** Whether the whole UTC minute at `ms` is one the expression names. */
function matches(f: Fields, ms: number): boolean {
  const t = new Date(ms);
  const [y, m, d] = [t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate()];
  return (
    ms % MINUTE === 0 &&
    fieldAdmits(f[0], t.getUTCMinutes(), MINUTES) &&
    fieldAdmits(f[1], t.getUTCHours(), HOURS) &&
    dayAdmits(f, y, m, d) &&
    fieldAdmits(f[3], m, MONTH) &&
    yearAdmits(f, y)
  );
}

/**
 * The first matching minute strictly after `after`, by stepping minute by minute (skipping a whole year, month,
 * day or hour that cannot match); null when none up to 2199; undefined when more than `maxDays` days that
 * could not match were passed (no verdict).
 */
function nextByScan(f: Fields, after: number, maxDays = 8_000): number | null | undefined {
  let t = Math.ceil((after + 1) / MINUTE) * MINUTE;
  let days = 0;
  for (;;) {
    const at = new Date(t);
    const [y, m, d, h] = [at.getUTCFullYear(), at.getUTCMonth() + 1, at.getUTCDate(), at.getUTCHours()];
    if (y > YEAR.max) return null;
    if (!yearAdmits(f, y)) t = Date.UTC(y + 1, 0, 1);
    else if (!fieldAdmits(f[3], m, MONTH)) t = Date.UTC(y, m, 1);
    else if (!dayAdmits(f, y, m, d)) {
      if (++days > maxDays) return undefined;
      t = Date.UTC(y, m - 1, d + 1);
    } else if (!fieldAdmits(f[1], h, HOURS)) t = Date.UTC(y, m - 1, d, h + 1);
    else if (matches(f, t)) return t;
    else t += MINUTE;
  }
}

// ---------------------------------------------------------------- generators

/** A name in a random mix of cases. */
const anyCase = (name: string) =>
  fc
    .array(fc.boolean(), { minLength: name.length, maxLength: name.length })
    .map((upper) => [...name].map((c, i) => (upper[i] ? c : c.toLowerCase())).join(""));

/** A value as a number, or as a name where the field has names. */
function valueText(field: Field, v: number): fc.Arbitrary<string> {
  const name = field.names?.[v - 1];
  return name ? fc.oneof(fc.constant(String(v)), anyCase(name)) : fc.constant(String(v));
}

/** One item drawing its values from lo..hi: a, a-b, a/s, a-b/s, *\/s (names only where no step follows). */
function item(field: Field, lo = field.min, hi = field.max, maxStep = field.max): fc.Arbitrary<string> {
  const v = fc.integer({ min: lo, max: hi });
  const pair = fc.tuple(v, v).map(([a, b]): [number, number] => (a <= b ? [a, b] : [b, a]));
  const step = fc.integer({ min: 1, max: maxStep });
  return fc.oneof(
    v.chain((a) => valueText(field, a)),
    pair.chain(([a, b]) => fc.tuple(valueText(field, a), valueText(field, b)).map(([x, y]) => `${x}-${y}`)),
    fc.tuple(v, step).map(([a, s]) => `${a}/${s}`),
    fc.tuple(pair, step).map(([[a, b], s]) => `${a}-${b}/${s}`),
    step.map((s) => `*/${s}`),
  );
}

const list = (one: fc.Arbitrary<string>) =>
  fc.oneof(
    { weight: 1, arbitrary: fc.constant("*") },
    { weight: 3, arbitrary: fc.array(one, { minLength: 1, maxLength: 3 }).map((items) => items.join(",")) },
  );

const dayOfMonthText = fc.oneof(
  { weight: 4, arbitrary: list(item(DOM)) },
  { weight: 1, arbitrary: fc.constantFrom("L", "l") },
  { weight: 1, arbitrary: fc.constantFrom("LW", "lw", "Lw") },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.integer({ min: 1, max: 31 }), fc.constantFrom("W", "w"))
      .map(([n, w]) => `${n}${w}`),
  },
);

const dayOfWeekText = fc.oneof(
  { weight: 4, arbitrary: list(item(DOW)) },
  { weight: 1, arbitrary: fc.constantFrom("L", "l") },
  {
    weight: 2,
    arbitrary: fc
      .integer({ min: 1, max: 7 })
      .chain((n) => fc.tuple(valueText(DOW, n), fc.constantFrom("L", "l")).map(([d, l]) => `${d}${l}`)),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 5 }))
      .chain(([n, k]) => valueText(DOW, n).map((d) => `${d}#${k}`)),
  },
);

/** Years near `year` (so a time is likely within a few years), any year, or years far away. */
function yearText(year: number): fc.Arbitrary<string> {
  const near = item(YEAR, Math.max(YEAR.min, year - 3), Math.min(YEAR.max, year + 3), 4);
  return fc.oneof(
    { weight: 4, arbitrary: fc.constant("*") },
    { weight: 4, arbitrary: fc.array(near, { minLength: 1, maxLength: 3 }).map((items) => items.join(",")) },
    { weight: 1, arbitrary: item(YEAR, YEAR.min, YEAR.max, 300) },
  );
}

const fieldsNear = (year: number): fc.Arbitrary<Fields> =>
  fc
    .tuple(
      list(item(MINUTES)),
      list(item(HOURS)),
      dayOfMonthText,
      list(item(MONTH)),
      dayOfWeekText,
      yearText(year),
      fc.boolean(),
    )
    .map(([mi, h, dom, mo, dow, y, domAsked]) =>
      domAsked ? [mi, h, dom, mo, "?", y] : [mi, h, "?", mo, dow, y],
    );

const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const edge = (min: number, max: number, ...edges: number[]) =>
  fc.oneof(fc.integer({ min, max }), fc.constantFrom(...edges));

/** Instants with seconds and milliseconds, leaning to month and year ends, leap days and 2199. */
const instant = fc
  .tuple(
    fc.oneof(
      fc.integer({ min: 1970, max: 2199 }),
      fc.integer({ min: 2018, max: 2034 }),
      fc.integer({ min: 2194, max: 2199 }),
      fc.constantFrom(1970, 2000, 2024, 2100, 2199),
    ),
    edge(1, 12, 1, 2, 12),
    edge(1, 31, 1, 28, 29, 30, 31),
    edge(0, 23, 0, 23),
    edge(0, 59, 0, 59),
    edge(0, 59, 0, 59),
    edge(0, 999, 0, 999),
  )
  .map(([y, mo, d, h, mi, s, ms]) => Date.UTC(y, mo - 1, Math.min(d, daysIn(y, mo)), h, mi, s, ms));

const caseAndInstant = instant.chain((after) =>
  fieldsNear(new Date(after).getUTCFullYear()).map((fields) => ({ fields, after })),
);

// ---------------------------------------------------------------- properties

const cronOf = (text: string) => {
  const parsed = parseScheduleExpression(text);
  if (parsed.kind !== "cron") throw new Error(`${text} is not cron`);
  return parsed.cron;
};

describe("nextCronTime against a minute-by-minute scan (property)", () => {
  it("finds the same next three times, or the same end, as the reference", () => {
    fc.assert(
      fc.property(caseAndInstant, ({ fields, after }) => {
        const cron = cronOf(`cron(${fields.join(" ")})`);
        let at = after;
        for (let i = 0; i < 3; i++) {
          const expected = nextByScan(fields, at);
          if (expected === undefined) return; // no verdict within the scan's bound
          const got = nextCronTime(cron, at);
          expect(got === null ? null : new Date(got).toISOString()).toBe(
            expected === null ? null : new Date(expected).toISOString(),
          );
          if (got === null) return;
          at = got;
        }
      }),
      { numRuns: 3_000 },
    );
  });

  it("re-reads every cron expression's text as the same schedule", () => {
    const gap = fc.constantFrom(" ", "  ", "\t", " \t ");
    const text = fc
      .tuple(
        fc.integer({ min: 1970, max: 2199 }).chain(fieldsNear),
        fc.array(gap, { minLength: 5, maxLength: 5 }),
        fc.constantFrom("cron", "CRON", "Cron"),
        gap,
        fc.boolean(),
      )
      .map(([fields, gaps, keyword, pad, bare]) => {
        const body = fields.map((f, i) => (i === 0 ? f : `${gaps[i - 1]}${f}`)).join("");
        return { fields, body, text: bare ? `${pad}${body}${pad}` : `${keyword}(${pad}${body}${pad})` };
      });
    fc.assert(
      fc.property(text, ({ fields, body, text }) => {
        const parsed = parseScheduleExpression(text, { bareCron: true });
        expect(parsed.text).toBe(`cron(${body})`);
        expect(parseScheduleExpression(parsed.text)).toEqual(parsed);
        expect(parsed).toEqual({
          kind: "cron",
          text: parsed.text,
          cron: cronOf(`cron(${fields.join(" ")})`),
        });
      }),
      { numRuns: 500 },
    );
  });

  it("re-reads every rate expression's text, and the text rateExpressionOf writes, as the same interval", () => {
    const rate = fc
      .tuple(fc.integer({ min: 1, max: 1_000 }), fc.constantFrom("minute", "hour", "day"), fc.boolean())
      .map(([n, unit, appFlow]) =>
        appFlow ? `rate(${n}${unit}s)` : `rate(${n} ${n === 1 ? unit : `${unit}s`})`,
      );
    fc.assert(
      fc.property(
        rate,
        fc.constantFrom("eventbridge", "appflow") as fc.Arbitrary<"eventbridge" | "appflow">,
        (text, form) => {
          const parsed = parseScheduleExpression(text);
          if (parsed.kind !== "rate") throw new Error(`${text} is not rate`);
          expect(parseScheduleExpression(parsed.text)).toEqual(parsed);
          const written = rateExpressionOf(parsed.everyMs, form);
          expect(written).not.toBeNull();
          expect(parseScheduleExpression(written!)).toMatchObject({ kind: "rate", everyMs: parsed.everyMs });
        },
      ),
      { numRuns: 300 },
    );
  });
});
