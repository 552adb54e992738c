import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadFlowConnector } from "./load-flow-connector.js";
import { createProgressPrinter, type ProgressSnapshot } from "./progress.js";

const hostOptions = { secrets: null, logLevel: "silent" as const };

describe("loadFlowConnector", () => {
  it("calls a module's connector through an in-process AppFlow host", async () => {
    const loaded = await loadFlowConnector("connector-kit/connectors/jsonl", "/", hostOptions);
    expect(loaded.kind).toBe("in-process");
    const answer = await loaded.invoke({ type: "DescribeConnectorConfigurationRequest" });
    expect(answer).toMatchObject({ isSuccess: true, connectorName: "JsonLines" });
  });

  it("calls a packaged bundle through its Lambda handler", async () => {
    const loaded = await loadFlowConnector(
      "./test-support/bundle-handler.ts",
      import.meta.dirname,
      hostOptions,
    );
    expect(loaded.kind).toBe("bundle");
    expect(await loaded.invoke({ type: "DescribeConnectorConfigurationRequest" })).toMatchObject({
      isSuccess: true,
    });
  });

  it("says what is wrong with a module that is not a connector", async () => {
    await expect(loadFlowConnector("./nope.ts", import.meta.dirname, hostOptions)).rejects.toThrow(
      /No connector module at/,
    );
    await expect(loadFlowConnector("./flow-definition.ts", import.meta.dirname, hostOptions)).rejects.toThrow(
      /exports no connector .* and no Lambda handler/,
    );
    await expect(
      loadFlowConnector(join(import.meta.dirname, "flow-run-error.ts"), "/", hostOptions),
    ).rejects.toThrow(/exports no connector/);
  });
});

describe("createProgressPrinter", () => {
  const snapshot = (n: number): ProgressSnapshot => ({
    flow: "f",
    runId: 1,
    recordsRead: n,
    recordsWritten: n,
    recordsSkipped: 0,
    recordsFailed: 0,
    pages: 1,
    batches: 1,
    bytesRead: 2048,
    bytesWritten: 2048,
    elapsedMs: 1000,
    recordsPerSecond: n,
  });

  it("redraws one line on a terminal and prints plain lines elsewhere", () => {
    let clock = 0;
    let tty = "";
    const onTty = createProgressPrinter({ write: (t) => (tty += t), isTTY: true, now: () => clock });
    onTty.start?.({ flow: "f", runId: 1, resumedFrom: null, filter: null });
    clock = 150;
    onTty.update?.(snapshot(10));
    clock = 160;
    onTty.update?.(snapshot(20)); // within 100 ms: not drawn
    onTty.end?.(snapshot(30));
    expect(tty).toBe(
      "Running f as run 1\n\r\x1b[2Kf run 1: 10 read, 10 written, 0 errors, 0 filtered | 1 page, 1 batch | 10 rec/s | 2.0 KB | 1.0 s" +
        "\r\x1b[2Kf run 1: 30 read, 30 written, 0 errors, 0 filtered | 1 page, 1 batch | 30 rec/s | 2.0 KB | 1.0 s\n",
    );
    let plain = "";
    const onPipe = createProgressPrinter({
      write: (t) => (plain += t),
      isTTY: false,
      intervalMs: 1000,
      now: () => clock,
    });
    onPipe.start?.({ flow: "f", runId: 2, resumedFrom: 1, filter: "a > 1" });
    clock = 500;
    onPipe.update?.(snapshot(5));
    clock = 1200;
    onPipe.update?.(snapshot(6));
    onPipe.end?.(snapshot(7));
    expect(plain.split("\n")).toEqual([
      "Running f as run 2 (resuming run 1)",
      "  source filter: a > 1",
      expect.stringMatching(/^f run 1: 6 read/),
      expect.stringMatching(/^f run 1: 7 read/),
      "",
    ]);
  });
});
