import { describe, expect, it } from "vitest";
import { sleep } from "./sleep.js";

describe("sleep", () => {
  it("waits the time given", async () => {
    const started = performance.now();
    await sleep(30);
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
  });

  it("ends as soon as the signal aborts, and at once when it already has, without rejecting", async () => {
    const controller = new AbortController();
    const started = performance.now();
    setTimeout(() => controller.abort(), 10);
    await sleep(10_000, controller.signal);
    expect(performance.now() - started).toBeLessThan(1_000);
    await expect(sleep(10_000, controller.signal)).resolves.toBeUndefined();
  });
});
