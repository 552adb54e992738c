/**
 * The PostgreSQL → PostgreSQL demo: the example connector on both sides of a flow, from the demo's orders in
 * one embedded PGlite database into `warehouse.orders` in another, incrementally by `updated_at`, upserted by
 * `id` (flows/orders-to-postgres.yaml), through `connector flow run` — the command a user types, run in this
 * process. Then some orders change and a second run moves only those. After each run the two tables are
 * compared: row count and a checksum of their content.
 *
 * Run: npm run demo:pg-to-pg [-- --orders 100000] [--customers 5000] [--changes 250] [--dir .tmp/pg-to-pg-demo]
 */
import { mkdirSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createPGliteDataDir } from "connector-kit/pglite";
import {
  analyzeDemo,
  closeAllDatabases,
  createWarehouseOrders,
  type OrdersChecksum,
  openDatabase,
  ordersChecksum,
  seedDemo,
} from "../src/index.js";
import { demoConnector, shownPath } from "./demo-cli.js";
import { demoOptions } from "./demo-options.js";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "../../..");
const { orders, customers, changes, dir } = demoOptions("pg-to-pg-demo", repo);
const flowFile = join(here, "..", "flows", "orders-to-postgres.yaml");
const stateDir = join(dir, "state");
const sourceDir = join(dir, "source-db");
const warehouseDir = join(dir, "warehouse-db");
const int = (n: number) => n.toLocaleString("en-US");
const started = performance.now();
const seconds = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;

const connector = demoConnector(dir);

console.log("connector-kit flow runner demo: PostgreSQL → PostgreSQL (two embedded PGlite databases)");
console.log(
  `\n1. Seeding ${int(customers)} customers and ${int(orders)} orders into ${shownPath(sourceDir)}, and an empty warehouse.orders in ${shownPath(warehouseDir)}…`,
);
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
await createPGliteDataDir(sourceDir);
await createPGliteDataDir(warehouseDir);
const source = await openDatabase({ kind: "embedded", dataDir: sourceDir });
const warehouse = await openDatabase({ kind: "embedded", dataDir: warehouseDir });
await seedDemo(source, { customers, orders });
// Every order was last updated some time in the past 20 days, inside the first run's 30-day window.
await source.query(
  "UPDATE public.orders SET updated_at = now() - make_interval(secs => 600 + (id * 7919) % (20 * 86400))",
);
await analyzeDemo(source);
await createWarehouseOrders(warehouse);
console.log(`   done (${seconds()})`);

const same = (a: OrdersChecksum, b: OrdersChecksum) => a.count === b.count && a.md5 === b.md5;
async function compare(): Promise<boolean> {
  const [a, b] = [await ordersChecksum(source, "public"), await ordersChecksum(warehouse, "warehouse")];
  console.log(`   source    public.orders     ${int(a.count)} rows, md5 ${a.md5}`);
  console.log(
    `   warehouse warehouse.orders  ${int(b.count)} rows, md5 ${b.md5}  ${same(a, b) ? "(equal)" : "(DIFFERENT)"}`,
  );
  return same(a, b);
}

console.log("\n2. First run: everything updated in the last 30 days (the flow's firstRunWindow)");
await connector("flow", "run", flowFile, "--state-dir", stateDir);
const firstEqual = await compare();

console.log(`\n3. Changing ${changes} orders and adding 10 new ones in the source…`);
// The same database the flow's source connector opens (one PGlite instance per data directory).
await source.query(
  `UPDATE public.orders SET status = 'shipped', amount = amount + 1, updated_at = now()
   WHERE id IN (SELECT id FROM public.orders ORDER BY (id * 104729) % 1000003 LIMIT $1)`,
  [changes],
);
await source.query(
  `INSERT INTO public.orders (customer_id, status, amount, ordered_at, updated_at)
   SELECT 1 + i, 'new', 10 * i, now(), now() FROM generate_series(1, 10) AS i`,
);

console.log("\n4. Second run: only what changed since the watermark");
await connector("flow", "run", flowFile, "--state-dir", stateDir);
const secondEqual = await compare();

await connector("flow", "history", flowFile, "--state-dir", stateDir);
console.log(`\nWhat happened (${seconds()} in all):`);
console.log(`  - run 1 upserted ${int(orders)} orders; run 2 only the ${changes + 10} changed or new ones`);
console.log(`  - after each run, warehouse.orders equals public.orders (count and checksum)`);
console.log("\nWhere to look:");
console.log(`  flow file   ${shownPath(flowFile)}`);
console.log(`  source      ${shownPath(sourceDir)} (PGlite data directory, public.orders)`);
console.log(`  warehouse   ${shownPath(warehouseDir)} (PGlite data directory, warehouse.orders)`);
console.log(`  state       ${shownPath(stateDir)} (runs, checkpoints, watermark: state.jsonl)`);
await closeAllDatabases();
if (!firstEqual || !secondEqual) {
  console.error("\nUnexpected: warehouse.orders differs from public.orders");
  process.exitCode = 1;
}
