import type { CheckResult, ConformanceReport } from "./conformance/report.js";

/** Options of {@link formatReport}. */
export interface FormatReportOptions {
  /** Also list passed and skipped checks. Default: true. */
  all?: boolean;
  /** Append each check's id in brackets. Default: true. */
  ids?: boolean;
  /** Use `ok`/`FAIL`/`skip` instead of `✓`/`✗`/`-`. Default: false. */
  ascii?: boolean;
}

const MARKS = { pass: "✓", fail: "✗", skip: "-" } as const;
const ASCII = { pass: "ok", fail: "FAIL", skip: "skip" } as const;

/** One line for one check: `✗ query: orders unfiltered: no record repeats — page 3 repeats … [query.orders.unique-records]`. */
export function formatCheck(check: CheckResult, options: FormatReportOptions = {}): string {
  const mark = (options.ascii ? ASCII : MARKS)[check.status];
  const detail =
    check.status === "fail"
      ? ` — ${check.message ?? "failed"}`
      : check.status === "skip"
        ? ` (skipped: ${check.message ?? "not run"})`
        : "";
  const id = options.ids === false ? "" : ` [${check.id}]`;
  return `${mark} ${check.phase}: ${check.title}${detail}${id}`;
}

/**
 * The human form of a report: a line per check (only failures with `all: false`), then a closing line
 * `N passed, N failed, N skipped`.
 */
export function formatReport(report: ConformanceReport, options: FormatReportOptions = {}): string {
  const shown = options.all === false ? report.checks.filter((c) => c.status === "fail") : report.checks;
  const lines = shown.map((c) => formatCheck(c, options));
  const { passed, failed, skipped } = report.summary;
  const who = report.connectorName ? `${report.connectorName}: ` : "";
  lines.push(`${who}${passed} passed, ${failed} failed, ${skipped} skipped`);
  return lines.join("\n");
}

/** The JSON form of a report (stable key order, two-space indentation). */
export function formatReportJson(report: ConformanceReport): string {
  return JSON.stringify(
    {
      ok: report.ok,
      connectorName: report.connectorName,
      summary: report.summary,
      durationMs: report.durationMs,
      checks: report.checks.map((c) => ({
        id: c.id,
        phase: c.phase,
        title: c.title,
        status: c.status,
        ...(c.message === undefined ? {} : { message: c.message }),
        durationMs: c.durationMs,
      })),
    },
    null,
    2,
  );
}
