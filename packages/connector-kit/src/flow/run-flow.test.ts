import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  closeAllDatabases,
  type Database,
  openDatabase,
  postgresConnector,
  seedDemo,
} from "../../../../examples/postgres/src/index.js";
import { jsonlConnector } from "../connectors/jsonl/connector.js";
import { ConnectorError } from "../core/errors/connector-error.js";
import { defineConnector } from "../define/define-connector.js";
import { openPGlite } from "../pglite/pglite-template.js";
import type { FlowDefinition } from "./flow-definition.js";
import { parseFlowText } from "./parse-flow.js";
import { runFlow } from "./run-flow.js";
import { FlowStateStore } from "./state-store.js";
import { readJsonlEntity, tempDir } from "./test-support/fixtures.js";

let db: Database;
const ORDERS = 3000;

/** Seeds `schema` with ORDERS orders, updated over the last 10 days (so a 30-day first run reads them all). */
async function seed(schema: string): Promise<void> {
  await seedDemo(db, { schema, customers: 50, orders: ORDERS });
  await db.query(
    `UPDATE "${schema}".orders SET updated_at = now() - make_interval(secs => 60 + (id * 7919) % (10 * 86400))`,
  );
}

function flowOf(schema: string, dir: string, extra = ""): FlowDefinition {
  const flow = parseFlowText(
    `
name: orders-${schema}
source:
  connector: postgres
  settings: { mode: embedded, dataDir: "memory://" }
  entity: ${schema}.orders
  fields: [id, customer_id, status, amount, updated_at]
  pageSize: 400
destination:
  connector: jsonl
  settings: { directory: "\${FLOW_DIR}/out" }
  entity: orders
  operation: UPSERT
  idFieldNames: [id]
  batchSize: 250
trigger: { type: incremental, field: updated_at, lookBack: 0 } # exact windows; the look-back has its own tests
${extra}`,
    { baseDir: dir },
  );
  flow.source.connector = postgresConnector;
  flow.destination.connector = jsonlConnector;
  return flow;
}

beforeAll(async () => {
  db = await openDatabase({ kind: "embedded", dataDir: "memory://" });
}, 120_000);

afterAll(async () => {
  await closeAllDatabases();
});

describe("runFlow", () => {
  it("runs a full first window, then an incremental run moves only the changed rows", async () => {
    await seed("inc");
    const dir = tempDir();
    const flow = flowOf("inc", dir);
    const first = await runFlow(flow);
    expect(first).toMatchObject({
      status: "succeeded",
      recordsRead: ORDERS,
      recordsWritten: ORDERS,
      resumedFrom: null,
    });
    expect(first.filter).toMatch(/^updated_at > \S+Z and updated_at <= \S+Z$/);
    expect(first.watermark).toBe(first.windowTo);
    expect(first.pages).toBeGreaterThanOrEqual(ORDERS / 400);

    await db.query(`UPDATE inc.orders SET status = 'cancelled', updated_at = now() WHERE id IN (5, 6, 7)`);
    await db.query(
      `INSERT INTO inc.orders (customer_id, status, amount, ordered_at, updated_at) VALUES (1, 'new', 9.99, now(), now())`,
    );
    const second = await runFlow(flow);
    expect(second).toMatchObject({ status: "succeeded", recordsRead: 4, recordsWritten: 4 });
    expect(second.windowFrom).toBe(first.windowTo);

    const third = await runFlow(flow);
    expect(third).toMatchObject({ status: "succeeded", recordsRead: 0 });

    const out = await readJsonlEntity(join(dir, "out"), "orders");
    expect(out).toHaveLength(ORDERS + 1);
    expect(new Set(out.map((r) => r["id"])).size).toBe(ORDERS + 1);
    expect(out.find((r) => r["id"] === 6)?.["status"]).toBe("cancelled");

    const store = await FlowStateStore.open(join(dir, ".connector", "state"));
    try {
      const runs = await store.runs({ flow: flow.name });
      expect(runs.map((r) => r.status)).toEqual(["succeeded", "succeeded", "succeeded"]);
      expect((await store.watermark(flow.name))?.value).toBe(third.windowTo);
      expect(await store.checkpoint(flow.name)).toBeNull();
    } finally {
      await store.close();
    }
  });

  it("reads only the first-run window on the first run", async () => {
    await seed("win");
    await db.query(`UPDATE win.orders SET updated_at = now() - interval '40 days' WHERE id > 1000`);
    const dir = tempDir();
    const summary = await runFlow(flowOf("win", dir));
    expect(summary.recordsRead).toBe(1000);
    const flow = flowOf("win", dir);
    const reset = await runFlow(
      {
        ...flow,
        trigger: {
          type: "incremental",
          field: "updated_at",
          firstRunWindowMs: 60 * 86_400_000,
          everyMs: null,
        },
      },
      { reset: true },
    );
    expect(reset.recordsRead).toBe(ORDERS);
  });

  it("writes into a second PGlite database through the same connector, with UPSERT", async () => {
    await seed("pg2");
    const dir = tempDir();
    const targetDir = join(dir, "target-db");
    const pglite = await openPGlite(targetDir);
    await pglite.exec(`CREATE TABLE public.orders_copy (id bigint PRIMARY KEY, customer_id integer, status text,
      amount numeric(10,2), updated_at timestamptz)`);
    await pglite.close();
    const flow = flowOf("pg2", dir);
    flow.destination = {
      ...flow.destination,
      connector: postgresConnector,
      settings: { mode: "embedded", dataDir: targetDir },
      entity: "public.orders_copy",
    };
    expect(await runFlow(flow)).toMatchObject({ status: "succeeded", recordsWritten: ORDERS });
    await db.query(`UPDATE pg2.orders SET amount = 1234.5, updated_at = now() WHERE id = 42`);
    expect(await runFlow(flow)).toMatchObject({ status: "succeeded", recordsWritten: 1 });
    const target = await openDatabase({ kind: "embedded", dataDir: targetDir });
    const { rows } = await target.query<{ n: string; amount: string }>(
      "SELECT count(*)::text AS n, (SELECT amount::text FROM orders_copy WHERE id = 42) AS amount FROM orders_copy",
    );
    expect(rows[0]).toEqual({ n: String(ORDERS), amount: "1234.50" });
  });

  it("sends validation failures to the error file and goes on", async () => {
    await seed("val");
    await db.query(`UPDATE val.orders SET amount = -amount WHERE id % 100 = 0`);
    const dir = tempDir();
    const flow = flowOf(
      "val",
      dir,
      `tasks:
  - { type: Validate, operator: VALIDATE_NON_NEGATIVE, field: amount }
  - { type: Filter, expression: "status != 'cancelled'" }`,
    );
    const summary = await runFlow(flow);
    expect(summary.status).toBe("completed_with_errors");
    expect(summary.recordsFailed).toBe(30);
    expect(summary.recordsSkipped).toBe(ORDERS / 4); // every 4th order is cancelled; none of them failed
    expect(summary.recordsWritten).toBe(ORDERS - 30 - summary.recordsSkipped);
    expect(summary.errorFile).not.toBeNull();
    const lines = readFileSync(summary.errorFile!, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(30);
    expect(lines[0]).toMatchObject({ stage: "task", task: 0, taskType: "Validate", runId: summary.id });
    expect(lines[0].message).toBe("VALIDATE_NON_NEGATIVE: amount is negative");
    expect(lines[0].record.id % 100).toBe(0);
  });

  it("moves the same records, tasks and failures in process as through the Lambda path (via: lambda)", async () => {
    await seed("via");
    await db.query(`UPDATE via.orders SET amount = -amount WHERE id % 100 = 0`);
    const tasks = `tasks:
  - { type: Validate, operator: VALIDATE_NON_NEGATIVE, field: amount }
  - { type: Filter, expression: "status != 'cancelled'" }
  - { type: Arithmetic, operator: MULTIPLICATION, fields: [amount, customer_id], destination: weighted }`;
    const results = [];
    for (const via of ["in-process", "lambda"] as const) {
      const dir = tempDir();
      const summary = await runFlow(flowOf("via", dir, tasks), { via });
      const written = (await readJsonlEntity(join(dir, "out"), "orders")).sort(
        (a, b) => (a["id"] as number) - (b["id"] as number),
      );
      const errors = readFileSync(summary.errorFile!, "utf8")
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l));
      results.push({ summary, written, errors: errors.map((e) => [e.message, e.record]) });
    }
    const [inProcess, lambda] = results as [(typeof results)[0], (typeof results)[0]];
    for (const key of [
      "status",
      "recordsRead",
      "recordsWritten",
      "recordsSkipped",
      "recordsFailed",
      "pages",
    ] as const) {
      expect(inProcess.summary[key], key).toEqual(lambda.summary[key]);
    }
    expect(inProcess.summary.recordsWritten).toBeGreaterThan(0);
    expect(inProcess.written).toEqual(lambda.written);
    expect(inProcess.errors).toEqual(lambda.errors);
    // Bytes are counted where records cross the wire as JSON text, and only there.
    expect(lambda.summary.bytesRead).toBeGreaterThan(0);
    expect(inProcess.summary.bytesRead).toBe(0);
  });

  it("stops at the first failed record with failOnError, and a TerminateFlow validation stops too", async () => {
    await seed("fail");
    await db.query(`UPDATE fail.orders SET amount = -1 WHERE id = 777`);
    const dir = tempDir();
    const strict = flowOf(
      "fail",
      dir,
      `tasks: [{ type: Validate, operator: VALIDATE_NON_NEGATIVE, field: amount }]
errors: { failOnError: true }`,
    );
    const summary = await runFlow(strict);
    expect(summary.status).toBe("failed");
    expect(summary.message).toMatch(/VALIDATE_NON_NEGATIVE: amount is negative \(the flow stops/);
    expect(summary.recordsFailed).toBe(1);
    expect(summary.watermark).toBeNull();
    expect(readFileSync(summary.errorFile!, "utf8").trim().split("\n")).toHaveLength(1);

    const terminate = flowOf(
      "fail",
      tempDir(),
      `tasks: [{ type: Validate, operator: VALIDATE_NON_NEGATIVE, field: amount, action: TerminateFlow }]`,
    );
    expect(await runFlow(terminate)).toMatchObject({ status: "failed", recordsFailed: 1 });
  });

  it("resumes a failed run from its checkpoint: nothing lost, nothing duplicated", async () => {
    await seed("res");
    const dir = tempDir();
    let writes = 0;
    const flaky = defineConnector({
      ...jsonlConnector.definition,
      async write(ctx, input) {
        if (++writes === 5) throw new Error("disk on fire");
        return jsonlConnector.definition.write!(ctx, input);
      },
    });
    const flow = flowOf("res", dir);
    flow.destination.connector = flaky;
    const failed = await runFlow(flow, { logWrite: () => {} });
    expect(failed.status).toBe("failed");
    expect(failed.message).toMatch(/WriteData: ServerError/);
    expect(failed.recordsWritten).toBe(4 * 250);

    const resumed = await runFlow(flow);
    expect(resumed).toMatchObject({ status: "succeeded", resumedFrom: failed.id });
    expect(resumed.windowTo).toBe(failed.windowTo);
    // Pages of 400, batches of 250: 1000 records were accepted, i.e. pages 1–2 (800) are checkpointed.
    expect(resumed.recordsRead).toBe(ORDERS - 800);
    const out = await readJsonlEntity(join(dir, "out"), "orders");
    expect(out).toHaveLength(ORDERS);
    expect(new Set(out.map((r) => r["id"])).size).toBe(ORDERS);
  });

  it("retries RateLimitExceeded and then succeeds", async () => {
    await seed("retry");
    let calls = 0;
    const limited = defineConnector({
      ...jsonlConnector.definition,
      async write(ctx, input) {
        if (++calls % 2 === 1)
          throw new ConnectorError("RateLimitExceeded", "slow down", { retryAfterSeconds: 0 });
        return jsonlConnector.definition.write!(ctx, input);
      },
    });
    const flow = flowOf("retry", tempDir());
    flow.destination.connector = limited;
    expect(await runFlow(flow, { retryDelayMs: 1 })).toMatchObject({
      status: "succeeded",
      recordsWritten: ORDERS,
    });
  });

  it("fails clearly when the flow does not fit the source", async () => {
    await seed("cfg");
    const dir = tempDir();
    const badField = flowOf("cfg", dir);
    badField.source.fields = ["id", "nope"];
    expect((await runFlow(badField)).message).toBe("source.fields: cfg.orders has no field(s) nope");
    const badTrigger = flowOf("cfg", dir);
    badTrigger.trigger = { type: "incremental", field: "status", firstRunWindowMs: 1000, everyMs: null };
    expect((await runFlow(badTrigger)).message).toMatch(/status is a String; incremental flows need a Date/);
    const badEntity = flowOf("cfg", dir);
    badEntity.source.entity = "cfg.nothing";
    expect((await runFlow(badEntity)).status).toBe("failed");
  });

  it("refuses a second runner on the same state directory", async () => {
    const dir = tempDir();
    const store = await FlowStateStore.open(join(dir, "state"));
    try {
      await expect(FlowStateStore.open(join(dir, "state"))).rejects.toThrow(/in use by process/);
    } finally {
      await store.close();
    }
    expect(existsSync(join(dir, "state", "lock"))).toBe(false);
  });
});
