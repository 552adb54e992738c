import type { FieldDataType } from "../core/model/enums.js";
import { parseFilter } from "../filter/parser.js";
import { printFilter } from "../filter/printer.js";

/** The records one incremental run reads: timestamp field in `(from, to]`, ISO-8601 date-times in UTC. */
export interface IncrementalWindow {
  from: string;
  to: string;
}

/**
 * The window of a new incremental run started at `now`: from the watermark (the last completed run's upper
 * bound) or, on the first run, `now - firstRunWindowMs`, up to `now`.
 */
export function nextWindow(
  watermark: string | null,
  firstRunWindowMs: number,
  now: number,
): IncrementalWindow {
  return {
    from: watermark ?? new Date(now - firstRunWindowMs).toISOString(),
    to: new Date(now).toISOString(),
  };
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
