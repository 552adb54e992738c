import { describe, expect, it } from "vitest";
import { isConnectorError } from "../errors/connector-error.js";
import { silentLogger } from "../log/logger.js";
import { describeFailure } from "./call-failure.js";
import { CallRuntime } from "./call-runtime.js";

const runtime = (safetyMarginMs: number) =>
  new CallRuntime({ secrets: null, safetyMarginMs, maxResponseBytes: 1000, now: Date.now });

describe("CallRuntime: the deadline every host gives a call", () => {
  it("settles `expired` at the deadline, then stops a call that ignores it half the margin later, aborting its signal", async () => {
    const r = runtime(100);
    let signal: AbortSignal | undefined;
    let expiredAt = 0;
    const start = performance.now();
    const failed = await r
      .run(r.budgetFor(150), silentLogger, async (inv) => {
        signal = inv.signal;
        expect(inv.deadline - Date.now()).toBeLessThanOrEqual(50);
        await inv.expired;
        expiredAt = performance.now() - start;
        await new Promise(() => {}); // ignores the deadline
      })
      .catch((error: unknown) => error);
    const stoppedAt = performance.now() - start;
    expect(isConnectorError(failed) && failed.code).toBe("RequestTimeout");
    expect(expiredAt).toBeGreaterThanOrEqual(40);
    expect(stoppedAt).toBeGreaterThanOrEqual(expiredAt + 40);
    expect(signal?.aborted).toBe(true);
  });

  it("stops at the deadline itself when there is no margin (the Lumos host)", async () => {
    const failed = await runtime(0)
      .run(30, silentLogger, () => new Promise(() => {}))
      .catch((error: unknown) => error);
    expect(isConnectorError(failed) && failed.code).toBe("RequestTimeout");
  });

  it("passes the result or the thrown value through, and aborts work left in flight once the call ends", async () => {
    const r = runtime(10);
    let signal: AbortSignal | undefined;
    await expect(
      r.run(1000, silentLogger, async (inv) => {
        signal = inv.signal;
        return 42;
      }),
    ).resolves.toBe(42);
    expect(signal?.aborted).toBe(true);
    const boom = new Error("boom");
    await expect(r.run(1000, silentLogger, async () => Promise.reject(boom))).rejects.toBe(boom);
  });
});

describe("describeFailure", () => {
  it("keeps a ConnectorError's code and redacted message, and hides anything else behind the reference", async () => {
    const { ConnectorError } = await import("../errors/connector-error.js");
    const redact = (t: string) => t.replaceAll("hunter2", "***");
    const known = describeFailure(
      new ConnectorError("RateLimitExceeded", "slow down, hunter2", { retryAfterSeconds: 3 }),
      "ref-1",
      silentLogger,
      redact,
    );
    expect(known).toEqual({
      code: "RateLimitExceeded",
      message: "slow down, ***",
      retryAfterSeconds: 3,
      known: true,
    });
    const unknown = describeFailure(new TypeError("x is undefined"), "ref-2", silentLogger, redact);
    expect(unknown).toEqual({
      code: "ServerError",
      message: "The connector failed unexpectedly (reference ref-2)",
      retryAfterSeconds: null,
      known: false,
    });
  });
});
