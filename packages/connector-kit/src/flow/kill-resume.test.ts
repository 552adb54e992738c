import { type ChildProcess, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { closeAllDatabases, openDatabase, seedDemo } from "../../../../examples/postgres/src/index.js";
import { openPGlite } from "../pglite/pglite-template.js";
import { readFlowFile } from "./parse-flow.js";
import { runFlow } from "./run-flow.js";
import { lockOwner } from "./state-lock.js";
import { FlowStateStore } from "./state-store.js";
import { readJsonlEntity, tempDir } from "./test-support/fixtures.js";

const ORDERS = 4000;
const CHILD = join(import.meta.dirname, "test-support", "run-flow-child.ts");
const SLOW = join(import.meta.dirname, "test-support", "slow-postgres-connector.ts");
const POSTGRES = join(import.meta.dirname, "../../../../examples/postgres/src/index.ts");

afterAll(async () => {
  await closeAllDatabases();
});

/** Resolves with the child's progress lines once `until` accepts one; rejects if it exits first. */
function waitForProgress(
  child: ChildProcess,
  until: (p: { recordsWritten: number }) => boolean,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let buffered = "";
    let stderr = "";
    child.stderr?.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    child.stdout?.on("data", (d: Buffer) => {
      buffered += d.toString();
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) {
        const parsed = JSON.parse(line) as { progress?: { recordsWritten: number } };
        if (parsed.progress && until(parsed.progress)) resolve();
      }
    });
    child.on("exit", (code) =>
      reject(new Error(`the runner exited (${code}) before it was killed: ${stderr}`)),
    );
  });
}

describe("kill -9 mid-run", () => {
  it("loses nothing and duplicates nothing: the re-run resumes from the last accepted batch", async () => {
    const dir = tempDir("ck-flow-kill-");
    const dataDir = join(dir, "source-db");
    await (await openPGlite(dataDir)).close(); // a data directory without the cost of initdb
    const db = await openDatabase({ kind: "embedded", dataDir });
    await seedDemo(db, { customers: 50, orders: ORDERS });
    await db.query("UPDATE orders SET updated_at = now() - make_interval(secs => 60 + (id * 7919) % 86400)");
    await closeAllDatabases();

    const flowFile = join(dir, "flow.yaml");
    writeFileSync(
      flowFile,
      `name: killed
source:
  connector: ${JSON.stringify(SLOW)}
  settings: { mode: embedded, dataDir: ${JSON.stringify(dataDir)} }
  entity: public.orders
  pageSize: 200
destination:
  connector: connector-kit/connectors/jsonl
  settings: { directory: "\${FLOW_DIR}/out" }
  entity: orders
  operation: UPSERT
  idFieldNames: [id]
  batchSize: 150
trigger: { type: incremental, field: updated_at }
`,
    );
    const stateDir = join(dir, "state");
    const child = spawn(
      process.execPath,
      ["--conditions=source", "--import", "tsx", CHILD, flowFile, stateDir],
      {
        env: { ...process.env, FLOW_TEST_PAGE_DELAY_MS: "150", FLOW_TEST_BASE_CONNECTOR: POSTGRES },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    await waitForProgress(child, (p) => p.recordsWritten >= 1200);
    const exited = new Promise((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
    child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");
    expect(lockOwner(join(stateDir, "locks"))?.pid).toBe(child.pid); // left by the killed runner

    const before = await readJsonlEntity(join(dir, "out"), "orders");
    expect(before.length).toBeGreaterThanOrEqual(1200);
    expect(before.length).toBeLessThan(ORDERS);

    // Checkpoints are saved in the background, at most one per 500 ms, so the stored one may be a few pages
    // behind the last accepted batch: the re-run starts from it and reads exactly what follows it.
    const killedState = await FlowStateStore.open(stateDir);
    const checkpoint = await killedState.checkpoint("killed");
    await killedState.close();
    expect(checkpoint?.pages).toBeGreaterThanOrEqual(1);

    process.env["FLOW_TEST_BASE_CONNECTOR"] = POSTGRES; // the re-run loads the same (not slowed) fixture here
    const summary = await runFlow(await readFlowFile(flowFile), { stateDir });
    expect(summary).toMatchObject({ status: "succeeded", resumedFrom: 1 });
    expect(summary.recordsRead).toBe(ORDERS - checkpoint!.pages * 200);

    const after = await readJsonlEntity(join(dir, "out"), "orders");
    const ids = after.map((r) => r["id"] as number).sort((a, b) => a - b);
    expect(ids).toEqual(Array.from({ length: ORDERS }, (_, i) => i + 1));

    const store = await FlowStateStore.open(stateDir);
    try {
      const runs = await store.runs({ flow: "killed" });
      expect(runs.map((r) => [r.id, r.status])).toEqual([
        [2, "succeeded"],
        [1, "interrupted"],
      ]);
      expect((await store.watermark("killed"))?.value).toBe(runs[1]!.windowTo);
      expect(runs[0]!.windowTo).toBe(runs[1]!.windowTo);
    } finally {
      await store.close();
    }
  }, 120_000);
});
