import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { type FlowDefinition, readFlowFile, runFlow } from "connector-kit/flow";
import { createPGliteDataDir } from "connector-kit/pglite";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { makeTempDir } from "../../../packages/connector-kit/src/test-support/temp-dir.js";
import { createPool } from "../src/database.js";
import {
  analyzeDemo,
  closeAllDatabases,
  createWarehouseOrders,
  type Database,
  openDatabase,
  ordersChecksum,
  poolDatabase,
  seedDemo,
} from "../src/index.js";
import {
  findPostgresBinaries,
  INSTALL_HINT,
  type PostgresServer,
  serverConfig,
  startPostgresServer,
} from "./postgres-server.js";

const FLOW_FILE = join(import.meta.dirname, "../flows/orders-to-postgres.yaml");
const DEMO = join(import.meta.dirname, "../scripts/pg-to-pg-demo.ts");
const ORDERS = 6000;
const CHANGES = 37;

/** The two databases of a run and the flow file read with its settings pointing at them. */
interface Sides {
  source: Database;
  warehouse: Database;
  flow: FlowDefinition;
  stateDir: string;
  env: Record<string, string>;
}

/**
 * Seeds the source like the demo (every order updated in the last 20 days, at least 10 minutes ago, so outside
 * the second run's look-back), creates warehouse.orders, runs the flow, changes CHANGES orders, runs it again;
 * after each run the warehouse equals the source, and the second run moved only the changed orders.
 */
async function runTwiceAndCompare(sides: Sides): Promise<void> {
  const { source, warehouse, flow } = sides;
  await seedDemo(source, { customers: 200, orders: ORDERS });
  await source.query(
    "UPDATE public.orders SET updated_at = now() - make_interval(secs => 600 + (id * 7919) % (20 * 86400))",
  );
  await analyzeDemo(source);
  await createWarehouseOrders(warehouse);
  const options = { stateDir: sides.stateDir, env: sides.env, logWrite: () => {} };

  const first = await runFlow(flow, options);
  expect(first).toMatchObject({ status: "succeeded", recordsRead: ORDERS, recordsWritten: ORDERS });
  const afterFirst = await ordersChecksum(source, "public");
  expect(afterFirst.count).toBe(ORDERS);
  expect(await ordersChecksum(warehouse, "warehouse")).toEqual(afterFirst);

  await source.query(
    `UPDATE public.orders SET status = 'cancelled', amount = amount + 0.5, updated_at = now()
     WHERE id IN (SELECT id FROM public.orders ORDER BY (id * 104729) % 1000003 LIMIT $1)`,
    [CHANGES],
  );
  const second = await runFlow(flow, options);
  expect(second).toMatchObject({ status: "succeeded", recordsRead: CHANGES, recordsWritten: CHANGES });
  const afterSecond = await ordersChecksum(source, "public");
  expect(afterSecond.md5).not.toBe(afterFirst.md5);
  expect(await ordersChecksum(warehouse, "warehouse")).toEqual(afterSecond);

  // Nothing changed since: a third run reads again only the look-back (the last 5 minutes before the
  // watermark, for transactions that committed late), and upserting those rows again changes nothing.
  const third = await runFlow(flow, options);
  expect(third).toMatchObject({ status: "succeeded", recordsRead: CHANGES, recordsFailed: 0 });
  expect(await ordersChecksum(warehouse, "warehouse")).toEqual(afterSecond);
}

describe("flows/orders-to-postgres.yaml on embedded PGlite (two data directories)", () => {
  const previousRoot = process.env["PGLITE_DATA_ROOT"];
  afterEach(async () => {
    await closeAllDatabases();
    if (previousRoot === undefined) delete process.env["PGLITE_DATA_ROOT"];
    else process.env["PGLITE_DATA_ROOT"] = previousRoot;
  });

  it("copies the source's orders, then only the changed ones; the copy equals the source", async () => {
    const dir = makeTempDir("ck-pg-to-pg-");
    process.env["PGLITE_DATA_ROOT"] = dir;
    const flow = await readFlowFile(FLOW_FILE, { env: { FLOW_DEMO_DIR: dir } });
    expect(flow.source.settings["dataDir"]).toBe(`${dir}/source-db`);
    expect(flow.destination.settings["dataDir"]).toBe(`${dir}/warehouse-db`);
    await createPGliteDataDir(join(dir, "source-db"));
    await createPGliteDataDir(join(dir, "warehouse-db"));
    await runTwiceAndCompare({
      source: await openDatabase({ kind: "embedded", dataDir: join(dir, "source-db") }),
      warehouse: await openDatabase({ kind: "embedded", dataDir: join(dir, "warehouse-db") }),
      flow,
      stateDir: join(dir, "state"),
      env: {},
    });
  }, 120_000);

  it("npm run demo:pg-to-pg seeds, runs the flow twice and finds the copy equal each time", () => {
    const dir = makeTempDir("ck-pg-to-pg-demo-");
    const result = spawnSync(
      process.execPath,
      [
        "--conditions=source",
        "--import",
        "tsx",
        DEMO,
        ...["--orders", "3000", "--customers", "100", "--changes", "25", "--dir", join(dir, "demo")],
      ],
      // The child's temporary files (tsx's cache) go into the directory removed afterwards.
      { encoding: "utf8", env: { ...process.env, FORCE_COLOR: "0", TMPDIR: dir } },
    );
    expect(result.stderr).toContain("orders-to-postgres run 2: 35 read, 35 written");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("records   3,000 read, 3,000 written, 0 filtered out, 0 failed");
    expect(result.stdout).toMatch(/warehouse\.orders {2}3,000 rows, md5 [0-9a-f]{32} {2}\(equal\)/);
    expect(result.stdout).toMatch(/warehouse\.orders {2}3,010 rows, md5 [0-9a-f]{32} {2}\(equal\)/);
    expect(result.stdout).not.toContain("DIFFERENT");
  }, 120_000);
});

const bindir = findPostgresBinaries();
if (bindir === null) {
  describe("flows/orders-to-postgres.yaml on a real server", () => {
    it.skip(`skipped: no PostgreSQL server binaries; install them with: ${INSTALL_HINT}`, () => {});
  });
} else {
  describe(`flows/orders-to-postgres.yaml on a PostgreSQL server (${bindir}), from one database to another`, () => {
    let server: PostgresServer;
    const pools: Database[] = [];
    beforeAll(async () => {
      server = await startPostgresServer(bindir);
    });
    afterAll(async () => {
      await Promise.all(pools.map((p) => p.close()));
      await closeAllDatabases();
      await server?.stop();
    });

    it("copies the source's orders, then only the changed ones; the copy equals the source", async () => {
      const dir = makeTempDir("ck-pg-to-pg-server-");
      const suffix = randomUUID().replaceAll("-", "");
      const [sourceDb, warehouseDb] = [`src_${suffix}`, `wh_${suffix}`];
      const root = createPool(serverConfig(server, "postgres"));
      await root.query(`CREATE DATABASE ${sourceDb}`);
      await root.query(`CREATE DATABASE ${warehouseDb}`);
      await root.end();
      const source = poolDatabase(createPool(serverConfig(server, sourceDb)));
      const warehouse = poolDatabase(createPool(serverConfig(server, warehouseDb)));
      pools.push(source, warehouse);

      // The flow file as it is, each side pointed at its server database with BasicAuth from a secret.
      const flow = await readFlowFile(FLOW_FILE, { env: { FLOW_DEMO_DIR: dir } });
      const credentials = { secret: "env:CK_TEST_PG_SECRET", authenticationType: "BasicAuth" };
      const server_ = { mode: "server", host: server.host, port: String(server.port), sslMode: "disable" };
      flow.source.settings = { ...server_, database: sourceDb, schemaFilter: "public" };
      flow.source.credentials = credentials;
      flow.destination.settings = { ...server_, database: warehouseDb, schemaFilter: "warehouse" };
      flow.destination.credentials = credentials;
      await runTwiceAndCompare({
        source,
        warehouse,
        flow,
        stateDir: join(dir, "state"),
        env: { CK_TEST_PG_SECRET: JSON.stringify({ username: server.user, password: server.password }) },
      });
    }, 120_000);
  });
}
