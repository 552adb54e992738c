import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "./test-support/fixtures.js";

const DEMO = join(import.meta.dirname, "../../../../examples/postgres/scripts/flow-demo.ts");

describe("the flow demo (npm start)", () => {
  it("seeds, runs the flow, changes rows and moves only those on the second run", () => {
    const dir = tempDir("ck-flow-demo-");
    const result = spawnSync(
      process.execPath,
      [
        "--conditions=source",
        "--import",
        "tsx",
        DEMO,
        "--orders",
        "3000",
        "--customers",
        "100",
        "--changes",
        "25",
        "--dir",
        dir,
      ],
      { encoding: "utf8", env: { ...process.env, FORCE_COLOR: "0" } },
    );
    expect(result.stderr).toContain("orders-to-jsonl run 2: 35 read, 35 written");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("Run 1 of orders-to-jsonl: succeeded");
    expect(result.stdout).toContain("records   3,000 read, 3,000 written, 0 filtered out, 0 failed");
    expect(result.stdout).toContain("records   35 read, 35 written, 0 filtered out, 0 failed");
    expect(result.stdout).toContain("run 1 moved 3,000 orders; run 2 moved only the 35 changed or new ones");
    expect(result.stdout).toMatch(/holds 3,010 orders \(3,035 lines/);
    const out = readFileSync(join(dir, "out", "orders.jsonl"), "utf8")
      .trim()
      .split("\n");
    expect(JSON.parse(out[0]!)).toMatchObject({
      order_id: expect.any(Number),
      order_ref: expect.stringMatching(/^\d+-\d+$/),
    });
    expect(existsSync(join(dir, "state", "state.jsonl"))).toBe(true);
  }, 120_000);
});
