import { formatDuration } from "../core/duration.js";
import type { RunCounts } from "./state-store.js";

/** What a run looks like while it runs. */
export interface ProgressSnapshot extends RunCounts {
  flow: string;
  runId: number;
  elapsedMs: number;
  /** Records read per second since the run started. */
  recordsPerSecond: number;
}

/** Receives a run's progress; every callback is optional. */
export interface ProgressListener {
  /** The run started (or resumed). */
  start?(info: { flow: string; runId: number; resumedFrom: number | null; filter: string | null }): void;
  /** After each page and each batch. Called often: throttle what you print. */
  update?(snapshot: ProgressSnapshot): void;
  /** The run ended, whatever the outcome. */
  end?(snapshot: ProgressSnapshot): void;
}

/** Options of {@link createProgressPrinter}. */
export interface ProgressPrinterOptions {
  write: (text: string) => void;
  /** A terminal: one line rewritten in place. Otherwise a plain line every `intervalMs`. */
  isTTY: boolean;
  /** Plain-line interval. Default: 5000 ms. TTY refresh: 100 ms. */
  intervalMs?: number;
  /** Clock. Default: `Date.now`. */
  now?: () => number;
}

const int = (n: number) => Math.round(n).toLocaleString("en-US");

const PLURAL = { page: "pages", batch: "batches" } as const;

/** A count and its noun: `1 page`, `4,000 pages`, `1 batch`, `2 batches`. */
export function counted(n: number, noun: keyof typeof PLURAL): string {
  return `${int(n)} ${n === 1 ? noun : PLURAL[noun]}`;
}

/** Shows bytes as B, KB, MB or GB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/** One progress line: records read and written, rate, pages, errors, elapsed. */
export function progressLine(s: ProgressSnapshot): string {
  return (
    `${s.flow} run ${s.runId}: ${int(s.recordsRead)} read, ${int(s.recordsWritten)} written, ` +
    `${int(s.recordsFailed)} errors, ${int(s.recordsSkipped)} filtered | ${counted(s.pages, "page")}, ` +
    `${counted(s.batches, "batch")} | ${int(s.recordsPerSecond)} rec/s |${s.bytesRead > 0 ? ` ${formatBytes(s.bytesRead)} |` : ""} ${formatDuration(s.elapsedMs)}`
  );
}

/**
 * A progress display: on a terminal, one status line redrawn at most every 100 ms; elsewhere (logs, CI) a
 * plain line every `intervalMs` and one at the end.
 */
export function createProgressPrinter(options: ProgressPrinterOptions): ProgressListener {
  const now = options.now ?? Date.now;
  const interval = options.isTTY ? 100 : (options.intervalMs ?? 5000);
  let last = 0;
  let drawn = false;
  return {
    start(info) {
      const resumed = info.resumedFrom === null ? "" : ` (resuming run ${info.resumedFrom})`;
      options.write(`Running ${info.flow} as run ${info.runId}${resumed}\n`);
      if (info.filter) options.write(`  source filter: ${info.filter}\n`);
      last = now();
    },
    update(snapshot) {
      const t = now();
      if (t - last < interval) return;
      last = t;
      if (options.isTTY) {
        options.write(`\r\x1b[2K${progressLine(snapshot)}`);
        drawn = true;
      } else options.write(`${progressLine(snapshot)}\n`);
    },
    end(snapshot) {
      if (options.isTTY) options.write(`${drawn ? "\r\x1b[2K" : ""}${progressLine(snapshot)}\n`);
      else options.write(`${progressLine(snapshot)}\n`);
    },
  };
}
