/**
 * `destination.writesInFlight`: batches written at once, never two holding the same key, never with
 * failOnError; a failure in flight still loses and duplicates nothing.
 */
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
import { sleep } from "../core/sleep.js";
import { defineConnector } from "../define/define-connector.js";
import type { FlowDefinition } from "./flow-definition.js";
import { parseFlowText } from "./parse-flow.js";
import { runFlow } from "./run-flow.js";
import { readJsonlEntity, tempDir } from "./test-support/fixtures.js";

let db: Database;
const ORDERS = 3000;

/**
 * The JSON-lines connector behind a write that takes 15 ms before it appends (appends one at a time, as the
 * file needs), counting the writes at once and the keys of each. `failAt`: that write throws.
 */
function observed(key: string | string[], failAt: number | null = null) {
  const keyOf = (r: Record<string, unknown>) =>
    typeof key === "string" ? r[key] : JSON.stringify(key.map((k) => r[k]));
  const seen = { most: 0, calls: 0, clashes: 0 };
  let active = 0;
  const inFlight = new Map<number, Set<unknown>>();
  let appending: Promise<unknown> = Promise.resolve();
  const connector = defineConnector({
    ...jsonlConnector.definition,
    async write(ctx, input) {
      const call = ++seen.calls;
      const keys = new Set(input.records.map(keyOf));
      for (const other of inFlight.values()) if ([...keys].some((k) => other.has(k))) seen.clashes++;
      inFlight.set(call, keys);
      active++;
      seen.most = Math.max(seen.most, active);
      try {
        await sleep(15);
        if (call === failAt) throw new Error("disk on fire");
        const done = appending.then(() => jsonlConnector.definition.write!(ctx, input));
        appending = done.catch(() => {});
        return await done;
      } finally {
        active--;
        inFlight.delete(call);
      }
    },
  });
  return { connector, seen };
}

function flowOf(schema: string, dir: string, destination: string): FlowDefinition {
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
  batchSize: 250
${destination}
trigger: { type: incremental, field: updated_at, lookBack: 0 }
`,
    { baseDir: dir },
  );
  flow.source.connector = postgresConnector;
  return flow;
}

async function seed(schema: string): Promise<void> {
  await seedDemo(db, { schema, customers: 50, orders: ORDERS });
  await db.query(`UPDATE "${schema}".orders SET updated_at = now() - make_interval(secs => 60 + id)`);
}

beforeAll(async () => {
  db = await openDatabase({ kind: "embedded", dataDir: "memory://" });
}, 120_000);

afterAll(async () => {
  await closeAllDatabases();
});

describe("writesInFlight", () => {
  it("writes two batches at once, each record once", async () => {
    await seed("two");
    const dir = tempDir();
    const { connector, seen } = observed("id");
    const flow = flowOf("two", dir, "  idFieldNames: [id]\n  writesInFlight: 2");
    flow.destination.connector = connector;
    expect(await runFlow(flow)).toMatchObject({ status: "succeeded", recordsWritten: ORDERS, batches: 12 });
    expect(seen.most).toBe(2);
    const out = await readJsonlEntity(join(dir, "out"), "orders");
    expect(out.map((r) => r["id"]).sort((a, b) => Number(a) - Number(b))).toEqual(
      Array.from({ length: ORDERS }, (_, i) => i + 1),
    );
  });

  it("holds back a batch holding a key in flight, so the later record is written last", async () => {
    await seed("clash");
    const dir = tempDir();
    // UPSERT by customer: every batch holds customers of the batch before it.
    const { connector, seen } = observed("customer_id");
    const flow = flowOf("clash", dir, "  idFieldNames: [customer_id]\n  writesInFlight: 2");
    flow.destination.connector = connector;
    expect(await runFlow(flow)).toMatchObject({ status: "succeeded", recordsWritten: ORDERS });
    expect(seen.clashes).toBe(0);
    expect(seen.most).toBe(1);
    // Each customer's row is its last order in the source's order (by id).
    const { rows } = await db.query<{ customer_id: number; id: number }>(
      "SELECT customer_id, max(id) AS id FROM clash.orders GROUP BY customer_id",
    );
    const out = await readJsonlEntity(join(dir, "out"), "orders");
    expect(new Map(out.map((r) => [Number(r["customer_id"]), Number(r["id"])]))).toEqual(
      new Map(rows.map((r) => [Number(r.customer_id), Number(r.id)])),
    );
  });

  it("compares keys of several fields as a whole: batches sharing one wait, the others go at once", async () => {
    await seed("pairs");
    // 50 customers × 4 statuses: every batch of 250 holds pairs of the batch before it.
    const shared = observed(["customer_id", "status"]);
    const flow = flowOf("pairs", tempDir(), "  idFieldNames: [customer_id, status]\n  writesInFlight: 2");
    flow.destination.connector = shared.connector;
    expect(await runFlow(flow)).toMatchObject({ status: "succeeded", recordsWritten: ORDERS });
    expect(shared.seen).toMatchObject({ clashes: 0, most: 1 });
    // With the id among them, no two batches share a key.
    const apart = observed(["status", "id"]);
    const byId = flowOf("pairs", tempDir(), "  idFieldNames: [status, id]\n  writesInFlight: 2");
    byId.destination.connector = apart.connector;
    expect(await runFlow(byId)).toMatchObject({ status: "succeeded", recordsWritten: ORDERS });
    expect(apart.seen).toMatchObject({ clashes: 0, most: 2 });
  });

  it("writes one batch at a time without key fields, or when the flow stops at the first failed record", async () => {
    await seed("one");
    for (const failOnError of [false, true]) {
      const dir = tempDir();
      const { connector, seen } = observed("id");
      const keys = failOnError ? "  idFieldNames: [id]\n" : "";
      const flow = flowOf("one", dir, `${keys}  writesInFlight: 2`);
      flow.destination.connector = connector;
      flow.errors.failOnError = failOnError;
      if (!failOnError) flow.destination.operation = "INSERT";
      expect(await runFlow(flow)).toMatchObject({ status: "succeeded", recordsWritten: ORDERS });
      expect(seen.most).toBe(1);
    }
  });

  it("a batch failing while another is in flight loses nothing and duplicates nothing on the re-run", async () => {
    await seed("fail");
    const dir = tempDir();
    const failing = observed("id", 5);
    const flow = flowOf("fail", dir, "  idFieldNames: [id]\n  writesInFlight: 2");
    flow.destination.connector = failing.connector;
    const failed = await runFlow(flow, { logWrite: () => {} });
    expect(failed.status).toBe("failed");
    expect(failed.message).toMatch(/WriteData: ServerError/);
    expect(failing.seen.most).toBe(2);

    const { connector } = observed("id");
    flow.destination.connector = connector;
    const resumed = await runFlow(flow);
    expect(resumed).toMatchObject({ status: "succeeded", resumedFrom: failed.id });
    const out = await readJsonlEntity(join(dir, "out"), "orders");
    expect(out).toHaveLength(ORDERS);
    expect(new Set(out.map((r) => r["id"])).size).toBe(ORDERS);
  });

  it("is a whole number from 1 to 8 in the flow file", () => {
    expect(() => flowOf("x", tempDir(), "  writesInFlight: 0")).toThrow(/destination\.writesInFlight/);
    expect(() => flowOf("x", tempDir(), "  writesInFlight: 2.5")).toThrow(/destination\.writesInFlight/);
    expect(flowOf("x", tempDir(), "").destination.writesInFlight).toBe(1);
  });
});
