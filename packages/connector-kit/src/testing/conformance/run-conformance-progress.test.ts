import { describe, expect, it } from "vitest";
import { shopConnector, shopSecrets, shopTestConfig } from "../test-support/shop-connector.js";
import type { CheckResult } from "./report.js";
import { runConformance } from "./run-conformance.js";

describe("runConformance onCheck", () => {
  it("reports every check as it completes, in the report's order, before the run ends", async () => {
    const seen: Array<{ check: CheckResult; index: number; settled: boolean }> = [];
    let settled = false;
    const running = runConformance(shopConnector(), shopTestConfig(), {
      secrets: shopSecrets(),
      writes: false,
      onCheck: (check, index) => seen.push({ check, index, settled }),
    });
    const report = await running.finally(() => {
      settled = true;
    });
    expect(report.checks.length).toBeGreaterThan(10);
    expect(seen.map((s) => s.index)).toEqual(report.checks.map((_, i) => i));
    expect(seen.map((s) => s.check)).toEqual(report.checks);
    expect(seen.every((s) => !s.settled)).toBe(true);
    // Skipped checks count too: the configured writes were turned off.
    expect(seen.some((s) => s.check.status === "skip")).toBe(true);
  });

  it("ends the run with the listener's own exception", async () => {
    const run = runConformance(shopConnector(), shopTestConfig(), {
      secrets: shopSecrets(),
      onCheck: (check) => {
        if (check.id === "credentials.validate") throw new Error("listener gave up at credentials.validate");
      },
    });
    await expect(run).rejects.toThrow("listener gave up at credentials.validate");
  });
});
