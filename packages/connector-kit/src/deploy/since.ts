import { parseDuration } from "../core/duration.js";

/**
 * A point in time: an absolute ISO 8601 time (`2024-05-01T12:00:00Z`), or a duration before `now` as
 * `parseDuration` reads it (`90s`, `15m`, `2h`, `1d`, `1w`, `1h30m`, or a number of seconds). Returns
 * milliseconds since the epoch; throws a `RangeError` for anything else.
 */
export function parseTimeSpec(text: string, now: number = Date.now()): number {
  const value = text.trim();
  if (/^\d{4}-\d{2}-\d{2}/.test(value)) {
    const time = Date.parse(value);
    if (!Number.isNaN(time)) return time;
  }
  const ms = parseDuration(value);
  if (ms !== null) return now - ms;
  throw new RangeError(`"${text}" is neither a duration like 15m, 2h or 1d nor an ISO 8601 time`);
}
