import { formatDuration } from "../core/duration.js";
import { counted, formatBytes } from "./progress.js";
import type { RunRecord } from "./state-store.js";

const int = (n: number) => Math.round(n).toLocaleString("en-US");

/** What a run's status means, in a few words. */
export function statusText(status: RunRecord["status"]): string {
  switch (status) {
    case "succeeded":
      return "succeeded";
    case "completed_with_errors":
      return "completed with record errors";
    case "failed":
      return "FAILED";
    case "interrupted":
      return "interrupted (the next run resumes it)";
    default:
      return "running";
  }
}

/** The run's duration in ms, when it ended. */
export function runDurationMs(run: RunRecord): number | null {
  return run.endedAt === null ? null : Date.parse(run.endedAt) - Date.parse(run.startedAt);
}

/**
 * A run as lines of text: status, counts, rate, window, resumption, error file, watermark and where the
 * state is. Used for the end-of-run summary and `connector flow show`.
 */
export function formatRun(
  run: RunRecord,
  extra: { filter?: string | null; watermark?: string | null; stateDir?: string | null } = {},
): string {
  const ms = runDurationMs(run);
  const rate = ms && ms > 0 ? ` (${int((run.recordsRead * 1000) / ms)} records/s)` : "";
  const lines = [
    `Run ${run.id} of ${run.flow}: ${statusText(run.status)}`,
    `  started   ${run.startedAt}${run.endedAt ? `, ended ${run.endedAt}, took ${formatDuration(ms ?? 0)}${rate}` : ""}`,
    `  trigger   ${run.trigger}${run.windowFrom ? `, window (${run.windowFrom}, ${run.windowTo}]` : ""}`,
    ...(run.resumedFrom !== null ? [`  resumed   from run ${run.resumedFrom}'s checkpoint`] : []),
    ...(extra.filter ? [`  filter    ${extra.filter}`] : []),
    `  records   ${int(run.recordsRead)} read, ${int(run.recordsWritten)} written, ${int(run.recordsSkipped)} filtered out, ${int(run.recordsFailed)} failed`,
    `  traffic   ${counted(run.pages, "page")}${sizeOf(run.bytesRead)} read, ${counted(run.batches, "batch")}${sizeOf(run.bytesWritten)} written`,
    ...(run.message ? [`  message   ${run.message}`] : []),
    ...(run.errorFile ? [`  errors    ${run.errorFile}`] : []),
    ...(extra.watermark ? [`  watermark ${extra.watermark}`] : []),
    ...(extra.stateDir ? [`  state     ${extra.stateDir}`] : []),
  ];
  return `${lines.join("\n")}\n`;
}

/** ` (12.5 MB)`, or nothing when the records never crossed a wire as JSON text (an in-process run). */
function sizeOf(bytes: number): string {
  return bytes > 0 ? ` (${formatBytes(bytes)})` : "";
}
