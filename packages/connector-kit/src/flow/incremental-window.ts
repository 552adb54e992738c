import type { FieldDataType } from "../core/model/enums.js";
import { parseFilter } from "../filter/parser.js";
import { printFilter } from "../filter/printer.js";
import { FlowRunError } from "./flow-run-error.js";

/** The records one incremental run reads: timestamp field in `(from, to]`, ISO-8601 date-times in UTC. */
export interface IncrementalWindow {
  from: string;
  to: string;
}

/**
 * The window of a new incremental run started at `now`: from the watermark (the last completed run's upper
 * bound) less `lookBackMs`, or, on the first run, `now - firstRunWindowMs`, up to `now`. The look-back re-reads
 * the end of the previous window: a row whose timestamp was taken before that run but whose transaction
 * committed after it read is not lost (the destination's UPSERT makes the re-read harmless).
 *
 * Throws a `StateInvalid` FlowRunError when the window would run backwards (a watermark later than `now`
 * by more than the look-back: a clock set back, or a state store that is not this flow's).
 */
export function nextWindow(
  watermark: string | null,
  firstRunWindowMs: number,
  now: number,
  lookBackMs = 0,
): IncrementalWindow {
  const to = new Date(now).toISOString();
  if (watermark === null) return { from: new Date(now - firstRunWindowMs).toISOString(), to };
  const mark = Date.parse(watermark);
  if (!Number.isFinite(mark)) {
    throw new FlowRunError(
      "StateInvalid",
      `The stored watermark ${JSON.stringify(watermark)} is not a date-time`,
    );
  }
  const window = { from: new Date(mark - lookBackMs).toISOString(), to };
  checkWindow(window, "The watermark", watermark);
  return window;
}

/** Throws a `StateInvalid` FlowRunError for a window whose start is after its end. */
export function checkWindow(window: IncrementalWindow, what = "The window", value = window.from): void {
  const from = Date.parse(window.from);
  const to = Date.parse(window.to);
  if (!Number.isFinite(from) || !Number.isFinite(to) || from > to) {
    throw new FlowRunError(
      "StateInvalid",
      `${what} ${value} is later than the window's end ${window.to}: the window would run backwards. ` +
        "Check the system clock, or forget the state with --reset",
    );
  }
}

/**
 * The filter expression of an incremental run: the user's filter (if any) AND the window on the timestamp
 * field, in AppFlow's language — `field > 2026-11-01T00:00:00.000Z and field <= 2026-11-23T10:00:00.000Z` for
 * a DateTime field. A Date field has day precision, so its window is `field >= fromDay and field <= toDay`:
 * the boundary days are read again by the next run (harmless with UPSERT, never a lost record). A LIMIT of the
 * user's filter stays at the end.
 */
export function incrementalFilter(
  userFilter: string | null,
  field: string,
  dataType: FieldDataType,
  window: IncrementalWindow,
): string {
  const range =
    dataType === "Date"
      ? `${field} >= ${window.from.slice(0, 10)} and ${field} <= ${window.to.slice(0, 10)}`
      : `${field} > ${window.from} and ${field} <= ${window.to}`;
  if (userFilter === null || userFilter.trim() === "") return range;
  const parsed = parseFilter(userFilter);
  const limit = parsed.limit ? ` LIMIT ${parsed.limit.text}` : "";
  if (parsed.expression === null) return `${range}${limit}`;
  return `(${printFilter(parsed.expression)}) and ${range}${limit}`;
}
