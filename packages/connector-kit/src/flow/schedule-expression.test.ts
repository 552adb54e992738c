import { describe, expect, it } from "vitest";
import { FlowFileError } from "./flow-file-error.js";
import { parseFlowText } from "./parse-flow.js";
import {
  nextCronTime,
  parseScheduleExpression,
  rateExpressionOf,
  ScheduleExpressionError,
} from "./schedule-expression.js";
import { activeWindow, flowScheduleOf, nextDueTime, scheduleWindowOf } from "./schedule-flows.js";

const t = (iso: string) => Date.parse(iso);
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The next `count` times of a cron expression after `from`. */
function times(expression: string, from: string, count = 3): (string | null)[] {
  const parsed = parseScheduleExpression(expression);
  if (parsed.kind !== "cron") throw new Error("not cron");
  const out: (string | null)[] = [];
  let at = t(from);
  for (let i = 0; i < count; i++) {
    const next = nextCronTime(parsed.cron, at);
    out.push(iso(next));
    if (next === null) break;
    at = next;
  }
  return out;
}

function problemOf(expression: string): string {
  try {
    parseScheduleExpression(expression, { bareCron: true });
  } catch (error) {
    expect(error).toBeInstanceOf(ScheduleExpressionError);
    return (error as Error).message;
  }
  throw new Error(`${expression} was accepted`);
}

describe("schedule expressions (AppFlow's syntax, UTC)", () => {
  it("reads rate() in minutes, hours and days", () => {
    expect(parseScheduleExpression("rate(5 minutes)")).toEqual({
      kind: "rate",
      text: "rate(5 minutes)",
      everyMs: 300_000,
    });
    expect(parseScheduleExpression("rate(1 hour)")).toMatchObject({ everyMs: 3_600_000 });
    expect(parseScheduleExpression("rate(2 days)")).toMatchObject({ everyMs: 172_800_000 });
    expect(parseScheduleExpression("rate(5minutes)")).toMatchObject({ everyMs: 300_000 });
    // AppFlow's own form (no space, always plural) reads back as it is written to AppFlow.
    expect(parseScheduleExpression("rate(1hours)")).toMatchObject({ everyMs: 3_600_000 });
    expect(parseScheduleExpression("CRON( 0 6 * * ? * )")).toMatchObject({ text: "cron(0 6 * * ? *)" });
    expect(parseScheduleExpression(rateExpressionOf(86_400_000, "appflow")!)).toMatchObject({
      everyMs: 86_400_000,
    });
    expect(rateExpressionOf(900_000)).toBe("rate(15 minutes)");
    expect(rateExpressionOf(86_400_000)).toBe("rate(1 day)");
    expect(rateExpressionOf(1_500)).toBeNull();
  });

  it("steps every 15 minutes from minute 0", () => {
    expect(times("cron(0/15 * * * ? *)", "2026-12-03T10:07:30Z")).toEqual([
      "2026-12-03T10:15:00.000Z",
      "2026-12-03T10:30:00.000Z",
      "2026-12-03T10:45:00.000Z",
    ]);
    // strictly after: a time on the minute moves on
    expect(times("cron(0/15 * * * ? *)", "2026-12-03T10:15:00Z", 1)).toEqual(["2026-12-03T10:30:00.000Z"]);
  });

  it("runs at 10:15 on weekdays (names, ranges, day-of-week)", () => {
    // 2026-12-04 is a Friday
    expect(times("cron(15 10 ? * MON-FRI *)", "2026-12-04T11:00:00Z")).toEqual([
      "2026-12-07T10:15:00.000Z",
      "2026-12-08T10:15:00.000Z",
      "2026-12-09T10:15:00.000Z",
    ]);
    expect(times("cron(15 10 ? * 2-6 *)", "2026-12-04T11:00:00Z", 1)).toEqual(["2026-12-07T10:15:00.000Z"]);
  });

  it("knows L, LW, W and # in the day fields", () => {
    expect(times("cron(0 12 L * ? *)", "2027-02-01T00:00:00Z", 2)).toEqual([
      "2027-02-28T12:00:00.000Z",
      "2027-03-31T12:00:00.000Z",
    ]);
    // last weekday: 2027-01-31 is a Sunday → Friday the 29th
    expect(times("cron(0 0 LW * ? *)", "2027-01-01T00:00:00Z", 1)).toEqual(["2027-01-29T00:00:00.000Z"]);
    // nearest weekday to the 1st: 2027-05-01 is a Saturday → Monday the 3rd (not April 30th)
    expect(times("cron(0 0 1W * ? *)", "2027-04-02T00:00:00Z", 1)).toEqual(["2027-05-03T00:00:00.000Z"]);
    // the second Tuesday (3#2) and the last Friday (6L)
    expect(times("cron(0 9 ? * 3#2 *)", "2026-12-01T00:00:00Z", 1)).toEqual(["2026-12-08T09:00:00.000Z"]);
    expect(times("cron(0 9 ? * 6L *)", "2026-12-01T00:00:00Z", 1)).toEqual(["2026-12-25T09:00:00.000Z"]);
  });

  it("honours months and years, and ends when the years do", () => {
    expect(times("cron(30 6 1 JAN,JUL ? 2027-2028)", "2026-12-03T00:00:00Z", 5)).toEqual([
      "2027-01-01T06:30:00.000Z",
      "2027-07-01T06:30:00.000Z",
      "2028-01-01T06:30:00.000Z",
      "2028-07-01T06:30:00.000Z",
      null,
    ]);
    expect(times("cron(0 0 29 2 ? *)", "2026-12-03T00:00:00Z", 1)).toEqual(["2028-02-29T00:00:00.000Z"]);
    // AWS's years start at 1970: a clock set before it gets no time in 1969.
    expect(times("cron(0 0 * * ? *)", "1969-06-01T03:00:00Z", 1)).toEqual(["1970-01-01T00:00:00.000Z"]);
  });

  it("names the field and why for a wrong expression", () => {
    expect(problemOf("cron(0/15 * * * *)")).toMatch(/expected six fields .* got 5/);
    expect(problemOf("cron(0 10 * * MON *)")).toMatch(/exactly one of day-of-month .* must be "\?"/);
    expect(problemOf("cron(61 * * * ? *)")).toBe('minutes field "61": 61 is outside 0-59');
    expect(problemOf("cron(0 * ? * FOO *)")).toBe(
      'day-of-week field "FOO": "FOO" is not a number from 1 to 7 or SUN-SAT',
    );
    expect(problemOf("cron(0 * ? * 2#6 *)")).toBe('day-of-week field "2#6": "#6" must be #1 to #5');
    expect(problemOf("cron(0 20-10 * * ? *)")).toBe('hours field "20-10": the range 20-10 runs backwards');
    expect(problemOf("cron(0/0 * * * ? *)")).toBe(
      'minutes field "0/0": the step "0" is not a positive integer',
    );
    expect(problemOf("rate(1 minutes)")).toMatch(/write rate\(1 minute\)/);
    expect(problemOf("rate(1hour)")).toMatch(/or rate\(1hours\) \(AppFlow's form\)/);
    expect(problemOf("rate(5 weeks)")).toMatch(/is not rate\(<n> minute/);
    expect(problemOf("rate(0 minutes)")).toMatch(/at least 1/);
  });

  // Each case below runs locally but would be refused by AppFlow/EventBridge at deploy.
  it("allows no other day-of-week item beside n#k, as EventBridge", () => {
    // EventBridge: with '#', day-of-week holds one expression only ("3#1,6#3" is invalid)
    expect(problemOf("cron(0 9 ? * 3#1,6#3 *)")).toBe(
      'day-of-week field "3#1,6#3": "#" allows no other item in the field',
    );
    expect(problemOf("cron(0 9 ? * MON,6#3 *)")).toMatch(/"#" allows no other item/);
  });

  it("rejects a second # instead of dropping it", () => {
    expect(problemOf("cron(0 9 ? * 6#3#2 *)")).toBe('day-of-week field "6#3#2": "6#3#2" is not n#k');
  });

  it("rejects a step larger than the field, as EventBridge does for cron(*/60 …)", () => {
    expect(problemOf("cron(*/60 * * * ? *)")).toBe('minutes field "*/60": the step 60 is more than 59');
    expect(problemOf("cron(0 0/24 * * ? *)")).toBe('hours field "0/24": the step 24 is more than 23');
    expect(problemOf("cron(0 0 ? * 1/8 *)")).toMatch(/the step 8 is more than 7/);
    expect(parseScheduleExpression("cron(0/59 0/23 1/31 1/12 ? *)").kind).toBe("cron");
  });

  it("rejects an expression longer than AppFlow's 256 characters", () => {
    const list = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i).join(",");
    const minutes = list(0, 60);
    const long = `cron(${minutes} ${list(0, 24)} * * ? ${list(2030, 10)})`;
    expect(long.length).toBe(293);
    expect(problemOf(long)).toMatch(/is 2\d\d characters; AppFlow allows at most 256/);
    expect(() => parseScheduleExpression(`cron(${minutes} * * * ? *)`)).not.toThrow();
  });
});

describe("flow triggers with schedule and cron", () => {
  const flow = (trigger: string) =>
    parseFlowText(
      `name: m
source: { connector: ./src.ts, entity: a }
destination: { connector: ./dst.ts, entity: b }
trigger:
${trigger}
`,
      { file: "flow.yaml", baseDir: "/flows", env: {} },
    );
  const problems = (trigger: string) => {
    try {
      flow(trigger);
    } catch (error) {
      expect(error).toBeInstanceOf(FlowFileError);
      return (error as FlowFileError).problems.map((p) => `${p.line}:${p.column} ${p.path}: ${p.message}`);
    }
    return [];
  };

  it("reads schedule: rate(), cron: with or without cron(), and keeps every", () => {
    expect(flow('  type: scheduled\n  schedule: "rate(5 minutes)"').trigger).toEqual({
      type: "scheduled",
      everyMs: 300_000,
      schedule: "rate(5 minutes)",
    });
    expect(flow('  type: scheduled\n  cron: "cron(0/15 * * * ? *)"').trigger).toEqual({
      type: "scheduled",
      everyMs: null,
      schedule: "cron(0/15 * * * ? *)",
    });
    expect(flow('  type: scheduled\n  cron: "0 8 ? * MON *"').trigger).toMatchObject({
      schedule: "cron(0 8 ? * MON *)",
    });
    expect(flow("  type: scheduled\n  every: 15m").trigger).toEqual({ type: "scheduled", everyMs: 900_000 });
    expect(
      flow('  type: incremental\n  field: updated_at\n  schedule: "cron(0 * * * ? *)"').trigger,
    ).toMatchObject({ type: "incremental", everyMs: null, schedule: "cron(0 * * * ? *)" });
  });

  it("reports a bad expression at its line and column, with the key", () => {
    expect(problems('  type: scheduled\n  cron: "cron(0 25 * * ? *)"')).toEqual([
      '6:3 trigger.cron: hours field "25": 25 is outside 0-23',
    ]);
    expect(problems('  type: scheduled\n  every: 5m\n  schedule: "rate(5 minutes)"')).toEqual([
      "7:3 trigger.schedule: give only one of every, schedule",
    ]);
    expect(problems('  type: scheduled\n  cron: "rate(5 minutes)"')).toEqual([
      "6:3 trigger.cron: expects a cron expression; write rate(5 minutes) under schedule instead",
    ]);
    expect(problems('  type: onDemand\n  schedule: "rate(5 minutes)"')).toEqual([
      "6:3 trigger.schedule: is not used by a onDemand trigger",
    ]);
    expect(problems("  type: scheduled")).toEqual([
      '4:1 trigger.every: is required for a scheduled trigger (every: 15m, schedule: "rate(15 minutes)" or cron: "cron(0/15 * * * ? *)")',
    ]);
  });

  it("is due as the expression says, with a fixed clock", () => {
    const now = t("2026-12-03T10:07:00Z");
    const cron = flowScheduleOf(flow('  type: scheduled\n  cron: "cron(0/15 * * * ? *)"'))!;
    expect(iso(nextDueTime(cron, null, now))).toBe("2026-12-03T10:15:00.000Z"); // never ran: next slot
    expect(iso(nextDueTime(cron, t("2026-12-03T10:00:00Z"), now))).toBe("2026-12-03T10:15:00.000Z");
    // a slot missed while stopped: one run at once, not one per missed slot
    expect(iso(nextDueTime(cron, t("2026-12-03T08:00:00Z"), now))).toBe("2026-12-03T10:07:00.000Z");
    const rate = flowScheduleOf(flow("  type: scheduled\n  every: 15m"))!;
    expect(rate).toMatchObject({ kind: "rate", text: "rate(15 minutes)" });
    expect(nextDueTime(rate, null, now)).toBe(now);
    expect(iso(nextDueTime(rate, t("2026-12-03T10:00:00Z"), now))).toBe("2026-12-03T10:15:00.000Z");
    const once = flowScheduleOf(flow('  type: scheduled\n  cron: "cron(0 0 1 1 ? 2026)"'))!;
    expect(nextDueTime(once, null, now)).toBe(Number.POSITIVE_INFINITY);
  });

  it("keeps a rate without start on the grid of the scheduler's activation, as AppFlow counts from activation", () => {
    const every15 = flow("  type: scheduled\n  every: 15m\n  end: 2026-12-03T11:00:00Z");
    const rate = flowScheduleOf(every15)!;
    const activatedAt = t("2026-12-03T10:00:00Z");
    const window = activeWindow(every15, rate, null, activatedAt);
    expect(window).toEqual({ startsAt: activatedAt, endsAt: t("2026-12-03T11:00:00Z") });
    expect(nextDueTime(rate, null, activatedAt, window)).toBe(activatedAt);
    // Each run starts a little late (the wake-up, the previous run); the next stays on 10:00 + k × 15m.
    let due = activatedAt;
    const starts: string[] = [];
    for (let k = 0; k < 8; k++) {
      const startedAt = due + 900 + k * 250;
      starts.push(iso(startedAt)!);
      due = nextDueTime(rate, startedAt, startedAt + 5_000, window);
      if (due === Number.POSITIVE_INFINITY) break;
      expect(iso(due)).toBe(new Date(activatedAt + (k + 1) * 900_000).toISOString());
    }
    expect(starts).toHaveLength(5); // 10:00 … 11:00 (the end, still in); 11:15 is past it
    // Counting from each run's start, as the window of the trigger alone does, drifts by the lateness.
    expect(nextDueTime(rate, activatedAt + 900, activatedAt, scheduleWindowOf(every15))).toBe(
      activatedAt + 900 + 900_000,
    );
    // A restarted scheduler keeps the rhythm of the last run; a trigger's own start and a cron stay as given.
    expect(activeWindow(every15, rate, t("2026-12-03T09:52:00Z"), activatedAt).startsAt).toBe(
      t("2026-12-03T09:52:00Z"),
    );
    const started = flow('  type: scheduled\n  every: 15m\n  start: "2026-12-03T09:05:00Z"');
    expect(activeWindow(started, rate, null, activatedAt)).toEqual({ startsAt: t("2026-12-03T09:05:00Z") });
    const cronFlow = flow('  type: scheduled\n  cron: "cron(0/15 * * * ? *)"');
    expect(activeWindow(cronFlow, flowScheduleOf(cronFlow)!, null, activatedAt)).toEqual({});
  });

  it("holds to the trigger's start and end: a rate counts from start, nothing is due outside the window", () => {
    const now = t("2026-12-03T10:07:00Z");
    const windowed = flow(
      '  type: scheduled\n  every: 15m\n  start: "2026-12-03T09:05:00+01:00"\n  end: 2026-12-03T11:00:00Z',
    );
    const window = scheduleWindowOf(windowed);
    expect(window).toEqual({ startsAt: t("2026-12-03T08:05:00Z"), endsAt: t("2026-12-03T11:00:00Z") });
    const rate = flowScheduleOf(windowed)!;
    expect(nextDueTime(rate, null, now, window)).toBe(now); // start is past: at once
    // After a run the next is on start's grid (08:05 + k × 15m), not 15 minutes after the (late) run.
    expect(iso(nextDueTime(rate, t("2026-12-03T10:07:00Z"), now, window))).toBe("2026-12-03T10:20:00.000Z");
    expect(iso(nextDueTime(rate, t("2026-12-03T10:20:00Z"), now, window))).toBe("2026-12-03T10:35:00.000Z");
    expect(iso(nextDueTime(rate, t("2026-12-03T07:00:00Z"), now, window))).toBe("2026-12-03T08:05:00.000Z");
    expect(nextDueTime(rate, t("2026-12-03T10:50:00Z"), now, window)).toBe(Number.POSITIVE_INFINITY); // 11:05 > end
    // Not started yet: the first run waits for start, a cron's first slot too.
    const later = { startsAt: t("2026-12-04T00:00:00Z") };
    expect(iso(nextDueTime(rate, null, now, later))).toBe("2026-12-04T00:00:00.000Z");
    const cron = flowScheduleOf(flow('  type: scheduled\n  cron: "cron(0/15 * * * ? *)"'))!;
    expect(iso(nextDueTime(cron, null, now, later))).toBe("2026-12-04T00:00:00.000Z");
    expect(iso(nextDueTime(cron, null, now, { startsAt: t("2026-12-04T00:01:00Z") }))).toBe(
      "2026-12-04T00:15:00.000Z",
    );
    expect(nextDueTime(cron, null, now, { endsAt: t("2026-12-03T10:14:59Z") })).toBe(
      Number.POSITIVE_INFINITY,
    );
  });

  it("refuses a start or end without a zone, unparsable, or an end not after start", () => {
    expect(problems('  type: scheduled\n  every: 15m\n  start: "2026-12-03T09:05:00"')).toEqual([
      "7:3 trigger.start: expects an ISO 8601 time with its zone, such as 2026-12-07T06:00:00Z, got 2026-12-03T09:05:00",
    ]);
    expect(
      problems("  type: scheduled\n  every: 15m\n  start: 2026-12-03T10:00:00Z\n  end: 2026-12-03T10:00:00Z"),
    ).toEqual(["8:3 trigger.end: is not after start"]);
    expect(problems("  type: onDemand\n  start: 2026-12-03T10:00:00Z")).toEqual([
      "6:3 trigger.start: is not used by a onDemand trigger",
    ]);
  });
});
