/**
 * The local flow runner's demo: the PostgreSQL example on an embedded PGlite database, seeded with customers
 * and orders, flowing incrementally into a JSON-lines file through `connector flow run` — exactly the command
 * a user types (run in this process). Then some orders change and a second run moves only those.
 *
 * Run: node --conditions=source --import tsx examples/postgres/scripts/flow-demo.ts
 *      [--orders 100000] [--customers 5000] [--changes 250] [--dir .tmp/flow-demo]
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
// The flow runner's PGlite opener, which makes a data directory from a cached empty cluster (no initdb).
import { createPGliteDataDir } from "connector-kit/pglite";
import { analyzeDemo, closeAllDatabases, openDatabase, seedDemo } from "../src/index.js";
import { demoConnector, shownPath } from "./demo-cli.js";
import { demoOptions } from "./demo-options.js";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "../../..");
const { orders, customers, changes, dir } = demoOptions("flow-demo", repo);
const flowFile = join(here, "..", "flows", "orders-to-jsonl.yaml");
const stateDir = join(dir, "state");
const sourceDir = join(dir, "source-db");
const outFile = join(dir, "out", "orders.jsonl");
const started = performance.now();
const seconds = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;

// A run that completes with record errors (exit 3) is part of the demo, not its end.
const connector = demoConnector(dir, [0, 3]);

/** Distinct order ids in the output file, and its line count (an upserted order's old lines stay until compaction). */
function outputStats(): { orders: number; lines: number } {
  if (!existsSync(outFile)) return { orders: 0, lines: 0 };
  const ids = new Set<unknown>();
  let lines = 0;
  for (const line of readFileSync(outFile, "utf8").split("\n")) {
    if (line === "") continue;
    lines++;
    ids.add((JSON.parse(line) as { order_id: unknown }).order_id);
  }
  return { orders: ids.size, lines };
}

console.log(
  `connector-kit flow runner demo: PostgreSQL (embedded PGlite) → JSON lines, incrementally by updated_at`,
);
console.log(
  `\n1. Seeding ${customers.toLocaleString("en-US")} customers and ${orders.toLocaleString("en-US")} orders into ${shownPath(sourceDir)}…`,
);
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
await createPGliteDataDir(sourceDir);
const db = await openDatabase({ kind: "embedded", dataDir: sourceDir });
await seedDemo(db, { customers, orders });
// Every order was last updated some time in the past 20 days, inside the first run's 30-day window.
await db.query(
  "UPDATE public.orders SET updated_at = now() - make_interval(secs => 600 + (id * 7919) % (20 * 86400))",
);
// Every row changed: vacuumed (PGlite never runs autovacuum), so the first run steps over no dead row versions,
// and analyzed, so each page of the incremental run reads the primary key's index.
await db.query("VACUUM public.orders");
await analyzeDemo(db);
console.log(`   done (${seconds()})`);

console.log(`\n2. First run: everything updated in the last 30 days (the flow's firstRunWindow)`);
await connector("flow", "run", flowFile, "--state-dir", stateDir);
const first = outputStats();

console.log(`\n3. Changing ${changes} orders and adding 10 new ones in the source…`);
// The same database the flow's source connector has open (one PGlite instance per data directory).
await db.query(
  `UPDATE public.orders SET status = 'shipped', amount = amount + 1, updated_at = now()
   WHERE id IN (SELECT id FROM public.orders ORDER BY (id * 104729) % 1000003 LIMIT $1)`,
  [changes],
);
await db.query(
  `INSERT INTO public.orders (customer_id, status, amount, ordered_at, updated_at)
   SELECT 1 + i, 'new', 10 * i, now(), now() FROM generate_series(1, 10) AS i`,
);

console.log(`\n4. Second run: only what changed since the watermark`);
await connector("flow", "run", flowFile, "--state-dir", stateDir);
const second = outputStats();

await connector("flow", "history", flowFile, "--state-dir", stateDir);

console.log(`\nWhat happened (${seconds()} in all):`);
console.log(
  `  - run 1 moved ${first.orders.toLocaleString("en-US")} orders; run 2 moved only the ${changes + 10} changed or new ones`,
);
console.log(
  `  - ${shownPath(outFile)} holds ${second.orders.toLocaleString("en-US")} orders (${second.lines.toLocaleString("en-US")} lines: an upsert appends the new version; readers through the connector see each order once)`,
);
console.log(`\nWhere to look:`);
console.log(`  flow file   ${shownPath(flowFile)}`);
console.log(`  source      ${shownPath(sourceDir)} (PGlite data directory)`);
console.log(`  output      ${shownPath(outFile)}`);
console.log(`  state       ${shownPath(stateDir)} (runs, checkpoints, watermark: state.jsonl)`);
console.log(`  errors      ${shownPath(join(stateDir, "errors"))} (one file per run that had record errors)`);
console.log(
  `  details     FLOW_DEMO_DIR=${shownPath(dir)} npm run connector -- flow show 2 ${shownPath(flowFile)} --state-dir ${shownPath(stateDir)}`,
);
await closeAllDatabases();
if (second.orders !== orders + 10) {
  console.error(`\nUnexpected: ${second.orders} distinct orders in the output, expected ${orders + 10}`);
  process.exitCode = 1;
}
