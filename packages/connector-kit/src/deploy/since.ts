const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/**
 * A point in time from a relative duration before `now` (`90s`, `15m`, `2h`, `1d`, `1w`, or `1h30m`) or
 * an absolute ISO 8601 time (`2024-05-01T12:00:00Z`). Returns milliseconds since the epoch; throws a
 * `RangeError` for anything else.
 */
export function parseTimeSpec(text: string, now: number = Date.now()): number {
  const value = text.trim();
  if (/^(\d+(ms|s|m|h|d|w))+$/.test(value)) {
    let total = 0;
    for (const match of value.matchAll(/(\d+)(ms|s|m|h|d|w)/g))
      total += Number(match[1]) * UNIT_MS[match[2]!]!;
    return now - total;
  }
  if (/^\d{4}-\d{2}-\d{2}/.test(value)) {
    const time = Date.parse(value);
    if (!Number.isNaN(time)) return time;
  }
  throw new RangeError(`"${text}" is neither a duration like 15m, 2h or 1d nor an ISO 8601 time`);
}
