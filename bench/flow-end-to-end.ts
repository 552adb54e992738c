/**
 * The local flow runner end to end: PostgreSQL example (embedded PGlite, in memory) → tasks → JSON-lines
 * connector, every call through the AppFlow hosts, state in PGlite. Records/s and peak RSS at 100k and 1M
 * records, next to a floor measured in the same process: the same rows read from PGlite with a keyset-paged
 * raw SELECT and appended to a file with JSON.stringify. Each size runs in its own process, so its peak RSS
 * is its own. Writes the "Flow runner" section of BENCHMARKS.md.
 *
 *   node --conditions=source --import tsx bench/flow-end-to-end.ts
 *
 * Environment: BENCH_COUNTS (default "100000,1000000"), BENCH_NO_WRITE=1 to print without touching
 * BENCHMARKS.md.
 */
import { spawnSync } from "node:child_process";
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { jsonlConnector } from "connector-kit/connectors/jsonl";
import { parseFlowText, runFlow } from "connector-kit/flow";
import {
  closeAllDatabases,
  openDatabase,
  postgresConnector,
  seedDemo,
} from "../examples/postgres/src/index.js";
import { baselineRssMb, measured, type Phase } from "./harness.js";

interface Result {
  records: number;
  baselineRssMb: number;
  /** In process (the default): records as objects through the core's calls. */
  flow: Phase;
  /** `via: "lambda"`: every call as AppFlow's JSON events through the connectors' AppFlow hosts. */
  lambda: Phase;
  floor: Phase;
}

const MB = 1024 * 1024;
const PAGE = 2000;

async function child(records: number): Promise<Result> {
  const dir = mkdtempSync(join(tmpdir(), "ck-bench-flow-"));
  const db = await openDatabase({ kind: "embedded", dataDir: "memory://" });
  // seedDemo's customers; the orders are generated here, in one statement sized for a million rows.
  await seedDemo(db, { customers: 1000, orders: 0 });
  await db.query(
    `INSERT INTO public.orders (customer_id, status, amount, ordered_at, updated_at)
     SELECT 1 + (i * 7919) % 1000, (ARRAY['new','paid','shipped','cancelled'])[1 + i % 4],
            ((i * 53) % 100000) / 100.0, TIMESTAMPTZ '2026-01-01 00:00:00+00' + make_interval(secs => i * 11),
            TIMESTAMPTZ '2026-01-01 00:00:00+00' + make_interval(secs => i * 11 + 5)
     FROM generate_series(1::bigint, $1::bigint) AS i`,
    [records],
  );
  await db.query("CHECKPOINT");
  const baseline = baselineRssMb();

  const flow = parseFlowText(
    `name: bench
source:
  connector: postgres
  settings: { mode: embedded, dataDir: "memory://" }
  entity: public.orders
  pageSize: ${PAGE}
destination:
  connector: jsonl
  settings: { directory: "\${FLOW_DIR}/out" }
  entity: orders
  operation: INSERT
  batchSize: ${PAGE}
tasks:
  - { type: Map, source: id, destination: order_id }
  - { type: Validate, operator: VALIDATE_NON_NEGATIVE, field: amount }
`,
    { baseDir: dir },
  );
  flow.source.connector = postgresConnector;
  flow.destination.connector = jsonlConnector;
  const runVia = (via: "in-process" | "lambda") =>
    measured(async () => {
      const summary = await runFlow(flow, { stateDir: join(dir, `state-${via}`), via });
      if (summary.status !== "succeeded" || summary.recordsWritten !== records) {
        throw new Error(`flow run ${summary.status}: ${summary.message}`);
      }
      return summary.recordsWritten;
    });
  const flowRun = await runVia("in-process");
  rmSync(join(dir, "out"), { recursive: true, force: true });
  global.gc?.();
  const lambdaRun = await runVia("lambda");

  const floorFile = join(dir, "floor.jsonl");
  const floorRun = await measured(async () => {
    let after = 0;
    let count = 0;
    for (;;) {
      const { rows } = await db.query<Record<string, unknown>>(
        `SELECT id, customer_id, status, amount::text AS amount, ordered_at, updated_at FROM public.orders
         WHERE id > $1 ORDER BY id LIMIT ${PAGE}`,
        [after],
      );
      if (rows.length === 0) return count;
      appendFileSync(floorFile, rows.map((r) => `${JSON.stringify(r)}\n`).join(""));
      count += rows.length;
      after = Number(rows[rows.length - 1]!["id"]);
    }
  });
  await closeAllDatabases();
  rmSync(dir, { recursive: true, force: true });
  return { records, baselineRssMb: baseline, flow: flowRun, lambda: lambdaRun, floor: floorRun };
}

const int = (n: number) => Math.round(n).toLocaleString("en-US");
const signed = (n: number) => `${n >= 0 ? "+" : "−"}${int(Math.abs(n))}`;

function section(results: Result[]): string {
  const rows = results.map((r) => {
    const ratio = (p: Phase) => (p.recordsPerSecond / r.floor.recordsPerSecond).toFixed(2);
    return `| ${int(r.records)} | **${int(r.flow.recordsPerSecond)} records/s** (${r.flow.seconds.toFixed(1)} s, ${ratio(r.flow)}) | ${int(r.lambda.recordsPerSecond)} records/s (${r.lambda.seconds.toFixed(1)} s, ${ratio(r.lambda)}) | ${int(r.floor.recordsPerSecond)} records/s (${r.floor.seconds.toFixed(1)} s) | ${int(r.baselineRssMb)} MB | **${int(r.flow.peakRssMb)} MB** (${signed(r.flow.peakRssMb - r.baselineRssMb)}) | ${int(r.floor.peakRssMb)} MB (${signed(r.floor.peakRssMb - r.baselineRssMb)}) |`;
  });
  return `## Flow runner

Command: \`node --conditions=source --import tsx bench/flow-end-to-end.ts\` (from the repository root).
Machine: Node ${process.version}, ${cpus()[0]?.model.trim() ?? "unknown CPU"}, ${cpus().length} cores. Date: ${new Date().toISOString().slice(0, 10)}.

A flow from the PostgreSQL example (\`public.orders\` on embedded PGlite, in memory, shaped like \`seedDemo\`'s) to
the JSON-lines connector (INSERT into one file), pages and batches of ${PAGE}, two tasks (Map, Validate), state
in a PGlite state store on disk (checkpoints in the background, at most every 500 ms). Each flow runs twice in
the same process: in process (the default: the core's query and write calls, records as objects, the next page
read while the current one is written) and \`--via lambda\` (every call as AppFlow's JSON events through the
connectors' AppFlow hosts, as Lambda runs them). The floor is measured in the same process on the same database:
the same rows read with a keyset-paged raw \`SELECT … WHERE id > $1 ORDER BY id LIMIT ${PAGE}\` and appended to a
file with \`JSON.stringify\`. Each size runs in its own process; RSS is sampled every 20 ms. "baseline" is the
RSS once the source database is seeded (it holds the whole in-memory database, which grows with the record
count); the runner's own memory is the in-process run's peak above it. Ratios are to the floor.

| records | flow runner, in process | via lambda | floor (raw SELECT → JSON lines) | baseline RSS | flow peak RSS | floor peak RSS |
| --- | --- | --- | --- | --- | --- | --- |
${rows.join("\n")}

Each run's time includes opening a new state store (a PGlite data directory written from its cached template,
0.5–1 s here), loading the connectors and describing both entities, which weighs on the 100k figure. Both runners,
the source database and the state store share one JavaScript thread. The runner's memory above the baseline
stays flat from 100k to 1M records (one page read ahead, one page and one batch in hand). A CPU profile of an
in-process run (200k records, \`node --cpu-prof\`) puts most of the time in PGlite — its wire-protocol parsing
and its in-memory file system — and in garbage collection; the runner's own code (tasks, JSON-lines writing) is
a few percent. Going through the AppFlow JSON path costs about 10 % more. This run had a load average of 1–4
from other work on the 2 cores; the floor itself moved between 45,000 and 93,000 records/s across runs of the day.
`;
}

const childAt = process.argv.indexOf("--child");
if (childAt !== -1) {
  const result = await child(Number(process.argv[childAt + 1]));
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
} else {
  const counts = (process.env["BENCH_COUNTS"] ?? "100000,1000000").split(",").map(Number);
  const results: Result[] = [];
  for (const records of counts) {
    console.log(`flow runner, ${int(records)} records…`);
    const run = spawnSync(
      process.execPath,
      [...process.execArgv, "--expose-gc", process.argv[1]!, "--child", String(records)],
      {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "inherit"],
        maxBuffer: 64 * MB,
      },
    );
    const line = run.stdout.split("\n").find((l) => l.startsWith("RESULT "));
    if (run.status !== 0 || !line) {
      console.error(run.stdout);
      process.exit(1);
    }
    const result = JSON.parse(line.slice("RESULT ".length)) as Result;
    results.push(result);
    console.log(
      `  flow ${int(result.flow.recordsPerSecond)} records/s (via lambda ${int(result.lambda.recordsPerSecond)}), peak RSS ${int(result.flow.peakRssMb)} MB (baseline ${int(result.baselineRssMb)} MB); floor ${int(result.floor.recordsPerSecond)} records/s`,
    );
  }
  const text = section(results);
  console.log(`\n${text}`);
  if (process.env["BENCH_NO_WRITE"] !== "1") {
    // Run bundled from .tmp/, so the repository is found from the working directory (npm's root).
    const file = join(process.cwd(), "BENCHMARKS.md");
    const current = readFileSync(file, "utf8");
    const start = current.indexOf("## Flow runner");
    let next = start === -1 ? -1 : current.indexOf("\n## ", start + 1);
    if (next !== -1) next += 1;
    const updated =
      start === -1
        ? `${current.trimEnd()}\n\n${text}`
        : `${current.slice(0, start)}${text}${next === -1 ? "" : `\n${current.slice(next)}`}`;
    writeFileSync(file, updated);
    console.log(`Wrote the "Flow runner" section of ${file}`);
  }
}
