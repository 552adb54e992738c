import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { heapSizedByUser } from "../../flow/heap-growth.js";
import { makeTempDir } from "../../test-support/temp-dir.js";
import { captureCli } from "../test-support/capture-cli.js";

const cli = captureCli;

/** A directory with in/people.jsonl (recent updated_at) and a flow copying it to out/ by UPSERT. */
function project(flowExtra = "") {
  const dir = makeTempDir("ck-flow-cli-");
  mkdirSync(join(dir, "in"));
  const now = Date.now();
  const people = Array.from({ length: 50 }, (_, i) => ({
    id: i + 1,
    email: `p${i + 1}@example.com`,
    age: i % 10 === 0 ? null : 20 + i,
    updated_at: new Date(now - (i + 1) * 60_000).toISOString(),
  }));
  writeFileSync(join(dir, "in", "people.jsonl"), people.map((p) => `${JSON.stringify(p)}\n`).join(""));
  writeFileSync(
    join(dir, "flow.yaml"),
    `name: people
source:
  connector: connector-kit/connectors/jsonl
  settings: { directory: "\${FLOW_DIR}/in" }
  entity: people
  pageSize: 20
destination:
  connector: connector-kit/connectors/jsonl
  settings: { directory: "\${FLOW_DIR}/out" }
  entity: people
  operation: UPSERT
  idFieldNames: [id]
  batchSize: 15
tasks:
  - { type: Mask, operator: MASK_FIRST_N, field: email, n: 3 }
  - { type: Validate, operator: VALIDATE_NON_NULL, field: age }
${flowExtra}`,
  );
  return dir;
}

describe("connector flow", () => {
  it("runs a flow, prints a summary, and keeps its history", async () => {
    const dir = project("trigger: { type: incremental, field: updated_at, firstRunWindow: 1d, lookBack: 0 }");
    const run = await cli(["flow", "run", "flow.yaml", "--progress", "plain"], dir);
    expect(run.stderr).toContain("Running people as run 1");
    expect(run.stderr).toMatch(/people run 1: 50 read, 45 written, 5 errors/);
    expect(run.status).toBe(3); // completed with record errors
    expect(run.stdout).toContain("Run 1 of people: completed with record errors");
    expect(run.stdout).toContain("records   50 read, 45 written, 0 filtered out, 5 failed");
    expect(run.stdout).toContain("traffic   3 pages read, 3 batches written");
    expect(run.stdout).toContain(
      `errors    ${join(dir, ".connector", "state", "errors", "people", "run-1.jsonl")}`,
    );
    const out = readFileSync(join(dir, "out", "people.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(out).toHaveLength(45);
    expect(out[0]).toMatchObject({ id: 2, email: "***example.com" }); // "p2@" masked

    const again = await cli(["flow", "run", "flow.yaml", "--json"], dir);
    expect(again.status).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ id: 2, status: "succeeded", recordsRead: 0 });

    const history = await cli(["flow", "history", "flow.yaml"], dir);
    expect(history.status).toBe(0);
    expect(history.stdout).toMatch(/^run +flow +status/);
    expect(history.stdout).toMatch(/\n2 +people +succeeded .* 0 +0 +0 +0\n/);
    expect(history.stdout).toMatch(/\n1 +people +completed_with_errors .* 50 +45 +5 +0\n/);
    expect(history.stdout).toContain("watermark of people: updated_at <=");

    const show = await cli(["flow", "show", "1", "flow.yaml"], dir);
    expect(show.status).toBe(0);
    expect(show.stdout).toContain("First 5 of 5 record errors");
    expect(show.stdout).toContain("[task Validate] VALIDATE_NON_NULL: age is null:");
    expect(JSON.parse((await cli(["flow", "show", "1", "--json"], dir)).stdout).errors).toHaveLength(5);
    expect((await cli(["flow", "show", "9", "flow.yaml"], dir)).stderr).toMatch(/No run 9 in /);
    // Another flow in the same state directory: run 1 is not one of its runs.
    writeFileSync(
      join(dir, "other.yaml"),
      readFileSync(join(dir, "flow.yaml"), "utf8").replace("name: people", "name: others"),
    );
    const other = await cli(["flow", "show", "1", "other.yaml"], dir);
    expect(other.status).toBe(2);
    expect(other.stderr).toContain(
      "Run 1 is a run of people, not of others (connector flow history other.yaml lists its runs)",
    );
  });

  it("validates flow files, naming the line and key of each problem", async () => {
    const dir = project();
    writeFileSync(
      join(dir, "bad.yaml"),
      "name: bad\nsource:\n  connector: x.ts\n  entity: a\n  pagesize: 10\ndestination: {}\n",
    );
    const bad = await cli(["flow", "validate", "bad.yaml"], dir);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain(
      `${join(dir, "bad.yaml")}:5:3: source.pagesize: unknown key (did you mean "pageSize"?)`,
    );
    expect(bad.stderr).toContain(`${join(dir, "bad.yaml")}:6:1: destination.connector: is required`);
    // With --json, a program gets each problem as fields rather than lines to parse.
    const badJson = await cli(["flow", "validate", "bad.yaml", "--json"], dir);
    expect(badJson.status).toBe(2);
    const { error } = JSON.parse(badJson.stdout);
    expect(error).toMatchObject({ type: "UsageError", file: join(dir, "bad.yaml") });
    expect(error.message).toMatch(/^Invalid flow file \(\d+ problems\)/);
    expect(error.problems).toContainEqual({
      path: "source.pagesize",
      line: 5,
      column: 3,
      message: expect.stringMatching(/^unknown key \(did you mean "pageSize"\?\)/),
    });
    expect(error.problems).toContainEqual(
      expect.objectContaining({ path: "destination.connector", line: 6, column: 1, message: "is required" }),
    );
    const good = await cli(["flow", "validate", "flow.yaml"], dir);
    expect(good).toMatchObject({ status: 0 });
    expect(good.stdout).toContain("flow people is valid (2 tasks, onDemand trigger)");
    expect((await cli(["flow", "frobnicate"], dir)).stderr).toMatch(/Unknown flow command "frobnicate"/);
    expect((await cli(["flow", "run"], dir)).status).toBe(2);
  });

  it("limits V8's heap growth before running, and says so at the debug log level", async () => {
    const heapLine = (stderr: string) =>
      stderr
        .split("\n")
        .filter((line) => line.includes("V8's heap"))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
    // This test process may have been started with a heap size of its own; the commands must then leave it.
    const expected = heapSizedByUser(process.execArgv, process.env["NODE_OPTIONS"])
      ? { msg: "V8's heap growth left as the user sized the heap", heapGrowingPercent: null }
      : { msg: "V8's heap growing factor set to 50 %", heapGrowingPercent: 50 };
    const dir = project("trigger: { type: scheduled, every: 1s }");
    const quiet = await cli(["flow", "run", "flow.yaml", "--progress", "none"], dir);
    expect(quiet.status).toBe(3);
    expect(heapLine(quiet.stderr)).toEqual([]);
    const run = await cli(["flow", "run", "flow.yaml", "--progress", "none", "--log-level", "debug"], dir);
    expect(heapLine(run.stderr)).toEqual([expect.objectContaining({ level: "debug", ...expected })]);
    const scheduled = await cli(
      ["flow", "schedule", "flow.yaml", "--max-runs", "1", "--progress", "none", "--log-level", "debug"],
      dir,
    );
    expect(scheduled.status).toBe(0);
    expect(heapLine(scheduled.stderr)).toEqual([expect.objectContaining({ level: "debug", ...expected })]);
  });

  it("schedules flows and runs them when due", async () => {
    const dir = project("trigger: { type: scheduled, every: 1s }");
    const started = Date.now();
    const scheduled = await cli(
      ["flow", "schedule", "flow.yaml", "--max-runs", "2", "--progress", "none"],
      dir,
    );
    expect(scheduled.status).toBe(0);
    expect(scheduled.stdout.match(/^Run \d of people/gm)).toEqual(["Run 1 of people", "Run 2 of people"]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(scheduled.stderr).toContain("Next: people at ");
    const onDemand = project();
    expect((await cli(["flow", "schedule", "flow.yaml"], onDemand)).stderr).toMatch(/has no schedule/);
    // A schedule whose end is past has nothing due: the scheduler ends without a run.
    const ended = project("trigger: { type: scheduled, every: 1s, end: 2020-01-01T00:00:00Z }");
    const none = await cli(["flow", "schedule", "flow.yaml", "--max-runs", "1", "--progress", "none"], ended);
    expect(none.status).toBe(0);
    expect(none.stdout).not.toMatch(/^Run /m);
  });
});
