import { describe, expect, it } from "vitest";
import type { ConformanceReport } from "./conformance/report.js";
import { formatCheck, formatReport, formatReportJson } from "./format-report.js";

const report: ConformanceReport = {
  ok: false,
  connectorName: "Demo",
  durationMs: 12,
  summary: { passed: 1, failed: 1, skipped: 1 },
  checks: [
    {
      id: "configuration.name",
      phase: "configuration",
      title: "connector name is allowed",
      status: "pass",
      durationMs: 1,
    },
    {
      id: "query.x.unique-records",
      phase: "query",
      title: "no record repeats",
      status: "fail",
      message: 'page 3 repeats record {"id":"7"} (first seen on page 1)',
      durationMs: 5,
    },
    {
      id: "write",
      phase: "write",
      title: "writes",
      status: "skip",
      message: "no write configs",
      durationMs: 0,
    },
  ],
};

describe("formatReport", () => {
  it("writes a line per check and a closing count line", () => {
    expect(formatReport(report).split("\n")).toEqual([
      "✓ configuration: connector name is allowed [configuration.name]",
      '✗ query: no record repeats — page 3 repeats record {"id":"7"} (first seen on page 1) [query.x.unique-records]',
      "- write: writes (skipped: no write configs) [write]",
      "Demo: 1 passed, 1 failed, 1 skipped",
    ]);
  });

  it("can list failures only, in ASCII, without ids", () => {
    expect(formatReport(report, { all: false, ascii: true, ids: false })).toBe(
      'FAIL query: no record repeats — page 3 repeats record {"id":"7"} (first seen on page 1)\nDemo: 1 passed, 1 failed, 1 skipped',
    );
    expect(formatCheck(report.checks[0]!, { ascii: true })).toBe(
      "ok configuration: connector name is allowed [configuration.name]",
    );
  });

  it("has a JSON form", () => {
    const json = JSON.parse(formatReportJson(report)) as ConformanceReport;
    expect(json).toEqual(report);
    expect(Object.keys(json)).toEqual(["ok", "connectorName", "summary", "durationMs", "checks"]);
  });
});
