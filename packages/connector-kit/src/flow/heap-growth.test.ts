import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { heapSizedByUser } from "./heap-growth.js";

const CHILD = fileURLToPath(new URL("./test-support/heap-growth-child.ts", import.meta.url));

describe("limitHeapGrowth", () => {
  it("leaves the heap alone when the user sized it, on the command line or in NODE_OPTIONS", () => {
    expect(heapSizedByUser([], undefined)).toBe(false);
    expect(heapSizedByUser(["--conditions=source", "--import", "tsx"], "--enable-source-maps")).toBe(false);
    expect(heapSizedByUser(["--max-old-space-size=512"], undefined)).toBe(true);
    expect(heapSizedByUser(["--max_old_space_size=512"], undefined)).toBe(true);
    expect(heapSizedByUser([], "--enable-source-maps --max-old-space-size=4096")).toBe(true);
    expect(heapSizedByUser(["--heap-growing-percent=20"], undefined)).toBe(true);
    expect(heapSizedByUser([], "--max-heap-size=300")).toBe(true);
    // Other options that merely share a prefix are not heap sizes.
    expect(heapSizedByUser(["--max-old-space-sizes=1"], "--max-semi-space-size=64")).toBe(false);
  });

  it("keeps the heap of records that outlive young collections smaller, set at run time", () => {
    const peakOf = (mode: "limit" | "default") => {
      const out = execFileSync(process.execPath, ["--conditions=source", "--import", "tsx", CHILD, mode], {
        encoding: "utf8",
        env: { ...process.env, NODE_OPTIONS: "" },
      });
      return Number(out.trim().split(" ")[0]);
    };
    const unlimited = peakOf("default");
    const limited = peakOf("limit");
    // Measured on Node 20: about 167 MB against 112 MB.
    expect(limited).toBeGreaterThan(0);
    expect(limited).toBeLessThan(0.85 * unlimited);
  }, 30_000);
});
