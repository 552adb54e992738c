/**
 * `npm start`'s first run, as a user sees it: the flow demo (scripts/flow-demo.ts, what `npm start` runs) in a
 * process of its own, five times, each time on a new directory; the figure is the first run's own time (the
 * run summary's records per second over the 100,000 orders, seeding not included). The floor, measured in this
 * process on a PGlite database seeded the same way: the same orders read with raw keyset `SELECT`s, each page
 * fetched as one `json_agg` text, and appended to a file with `JSON.stringify`. Writes the "npm start" section
 * of BENCHMARKS.md.
 *
 *   node --conditions=source --import tsx examples/postgres/bench/npm-start.ts
 *
 * BENCH_NO_WRITE=1 prints without touching BENCHMARKS.md.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createPGliteDataDir } from "connector-kit/pglite";
import { keysetToJsonLines, writeSection } from "../../../bench/harness.js";
import { analyzeDemo, closeAllDatabases, openDatabase, seedDemo } from "../src/index.js";
import { int, measured, runnerRevision } from "./flow-bench-support.js";

const ORDERS = 100_000;
const RUNS = 5;
const PAGE = 2000;
/** The figure for the first run before the work on it (17,000 records/s), and the speed-up asked. */
const BEFORE_SECONDS = 5.9;
const TARGET_SPEEDUP = 3;
const DEMO = join(import.meta.dirname, "../scripts/flow-demo.ts");
const FIRST_RUN = /orders-to-jsonl run 1: ([\d,]+) read, .*\| ([\d,]+) rec\/s \|/;

/** One `npm start` in a new process and directory: the first run's seconds. */
function demoFirstRun(): number {
  const dir = mkdtempSync(join(tmpdir(), "ck-bench-npm-start-"));
  try {
    const run = spawnSync(
      process.execPath,
      ["--conditions=source", "--import", "tsx", DEMO, "--dir", dir, "--orders", String(ORDERS)],
      { encoding: "utf8", maxBuffer: 16 * 1024 * 1024 },
    );
    // The run's progress line goes to stderr, its summary to stdout.
    const match = FIRST_RUN.exec(run.stderr);
    if (run.status !== 0 || !match) {
      throw new Error(`the demo failed (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
    }
    const read = Number(match[1]!.replaceAll(",", ""));
    if (read !== ORDERS) throw new Error(`the first run read ${read} orders, not ${ORDERS}`);
    return read / Number(match[2]!.replaceAll(",", ""));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The floor: the demo's orders, seeded alike, read by raw keyset pages of JSON text into a JSON-lines file. */
async function floorSeconds(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), "ck-bench-npm-start-floor-"));
  process.env["PGLITE_DATA_ROOT"] = dir;
  try {
    const dataDir = join(dir, "source-db");
    await createPGliteDataDir(dataDir);
    const db = await openDatabase({ kind: "embedded", dataDir });
    await seedDemo(db, { customers: 5000, orders: ORDERS });
    await analyzeDemo(db);
    const file = join(dir, "floor.jsonl");
    const phase = await measured(() =>
      keysetToJsonLines(file, async (after) => {
        const { rows } = await db.query<{ page: string }>(
          `SELECT coalesce(json_agg(o ORDER BY o.id), '[]')::text AS page FROM (
             SELECT id, customer_id, status, amount::text AS amount, ordered_at, updated_at FROM public.orders
             WHERE id > $1::bigint ORDER BY id LIMIT ${PAGE}) AS o`,
          [after],
        );
        return JSON.parse(rows[0]!.page) as Record<string, unknown>[];
      }),
    );
    const read = Math.round(phase.recordsPerSecond * phase.seconds);
    if (read !== ORDERS) throw new Error(`the floor read ${read} orders, not ${ORDERS}`);
    return phase.seconds;
  } finally {
    await closeAllDatabases();
    rmSync(dir, { recursive: true, force: true });
  }
}

const times: number[] = [];
for (let i = 0; i < RUNS; i++) {
  times.push(demoFirstRun());
  console.log(`  npm start, first run ${i + 1}: ${times[i]!.toFixed(2)} s`);
}
const floor = await floorSeconds();
console.log(`  floor: ${floor.toFixed(2)} s`);
const sorted = [...times].sort((a, b) => a - b);
const median = sorted[Math.floor(RUNS / 2)]!;
const target = BEFORE_SECONDS / TARGET_SPEEDUP;
writeSection("npm start", "node --conditions=source --import tsx examples/postgres/bench/npm-start.ts", [
  `The first run of \`npm start\` (scripts/flow-demo.ts): ${int(ORDERS)} orders from PGlite into a JSON-lines file`,
  "through flows/orders-to-jsonl.yaml (Merge, Map, Validate; UPSERT by order id), in a process of its own on a new",
  `directory, ${RUNS} times. The time is the run's own (its summary's records per second), not the seeding before it.`,
  `The floor, in the bench's process: the same orders, seeded alike, read by raw keyset pages of ${PAGE} fetched`,
  "as one `json_agg` text each, appended to a file with `JSON.stringify`.",
  "",
  "| first run: median | fastest – slowest | speed-up on 5.9 s | floor | ratio to the floor (time) |",
  "| --- | --- | --- | --- | --- |",
  `| **${median.toFixed(2)} s** (${int(ORDERS / median)} records/s) | ${sorted[0]!.toFixed(2)} – ${sorted[RUNS - 1]!.toFixed(2)} s | **${(BEFORE_SECONDS / median).toFixed(1)}×** | ${floor.toFixed(2)} s | ${(median / floor).toFixed(2)}× |`,
  "",
  `Target (issue 15): at least ${TARGET_SPEEDUP}× faster than the ${BEFORE_SECONDS} s the issue measured (17,000 records/s),`,
  `so at most ${target.toFixed(2)} s — ${median <= target ? "met" : "not met"}. Measured with ${runnerRevision()}.`,
]);
