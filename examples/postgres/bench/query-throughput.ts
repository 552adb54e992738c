/**
 * Query and UPSERT throughput of the PostgreSQL example through the AppFlow host (JSON events in, JSON out),
 * on embedded PGlite and on a throwaway PostgreSQL server. Writes its section of BENCHMARKS.md.
 *
 *   node --conditions=source --import tsx examples/postgres/bench/query-throughput.ts
 *
 * Environment: BENCH_ROWS (table size, default 1,000,000), BENCH_READ (records read per measurement, default
 * all), BENCH_UPSERT (records upserted, default 50,000), BENCH_NO_WRITE=1 to print without touching BENCHMARKS.md.
 */
import { execSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { StaticSecretResolver, silentLogger } from "connector-kit";
import { createAppFlowHost } from "connector-kit/appflow";
import { postgresConnector } from "../src/connector.js";
import { closeAllDatabases, createPool, type Database, openDatabase, poolDatabase } from "../src/database.js";
import { findPostgresBinaries, INSTALL_HINT, startPostgresServer } from "../test/postgres-server.js";

const ROWS = Number(process.env["BENCH_ROWS"] ?? 1_000_000);
const READ = Number(process.env["BENCH_READ"] ?? ROWS);
const UPSERT = Number(process.env["BENCH_UPSERT"] ?? 50_000);
const ARN = "arn:aws:secretsmanager:us-east-1:111122223333:secret:appflow!bench-AbCdEf";

interface Backend {
  name: string;
  admin: Database;
  settings: Record<string, string>;
  secret: Record<string, string>;
  stop(): Promise<void>;
}

interface Result {
  backend: string;
  loadSeconds: number;
  query: { maxResults: number; records: number; seconds: number }[];
  /** The floor: the same rows read with raw keyset SELECTs and JSON.stringify, no connector, no host. */
  floor: { maxResults: number; records: number; seconds: number }[];
  upsert: { records: number; batch: number; seconds: number };
}

async function load(db: Database): Promise<number> {
  const start = performance.now();
  await db.query(`CREATE TABLE public.events (
    id bigint PRIMARY KEY, account text NOT NULL, kind text NOT NULL, amount numeric(12,2) NOT NULL,
    payload jsonb, updated_at timestamptz NOT NULL)`);
  const chunk = 250_000;
  for (let from = 1; from <= ROWS; from += chunk) {
    await db.query(
      `INSERT INTO public.events
       SELECT i, 'acct-' || (i % 5000), (ARRAY['click','view','buy','refund'])[1 + i % 4], (i % 100000) / 100.0,
              jsonb_build_object('n', i, 'tag', 't' || (i % 97)), TIMESTAMPTZ '2026-01-01' + make_interval(secs => i)
       FROM generate_series($1::int, $2::int) i`,
      [String(from), String(Math.min(ROWS, from + chunk - 1))],
    );
  }
  await db.query("ANALYZE public.events");
  return (performance.now() - start) / 1000;
}

async function measure(backend: Backend): Promise<Result> {
  console.log(`[${backend.name}] loading ${ROWS.toLocaleString("en-US")} rows…`);
  const loadSeconds = await load(backend.admin);
  console.log(`[${backend.name}] loaded in ${loadSeconds.toFixed(1)} s`);
  const host = createAppFlowHost(postgresConnector, {
    secrets: new StaticSecretResolver({ [ARN]: backend.secret }),
    logger: silentLogger,
    timeLimitsMs: { QueryDataRequest: 300_000, WriteDataRequest: 300_000 },
  });
  const context = {
    apiVersion: "v1",
    connectorRuntimeSettings: backend.settings,
    credentials: { secretArn: ARN, authenticationType: "BasicAuth" },
  };
  const query: Result["query"] = [];
  for (const maxResults of [1000, 10_000]) {
    let token: string | null = null;
    let records = 0;
    const start = performance.now();
    do {
      const response: Record<string, unknown> = await host.invoke({
        type: "QueryDataRequest",
        entityIdentifier: "public.events",
        connectorContext: context,
        maxResults,
        nextToken: token,
      });
      if (response["isSuccess"] !== true) throw new Error(JSON.stringify(response["errorDetails"]));
      records += (response["records"] as string[]).length;
      token = (response["nextToken"] as string | null) ?? null;
    } while (token !== null && records < READ);
    const seconds = (performance.now() - start) / 1000;
    query.push({ maxResults, records, seconds });
    console.log(
      `[${backend.name}] query maxResults=${maxResults}: ${records} records in ${seconds.toFixed(1)} s`,
    );
  }
  const floor: Result["floor"] = [];
  for (const maxResults of [1000, 10_000]) {
    let last = 0;
    let records = 0;
    const start = performance.now();
    for (;;) {
      const { rows } = await backend.admin.query<Record<string, unknown>>(
        "SELECT id, account, kind, amount, payload, updated_at FROM public.events WHERE id > $1 ORDER BY id LIMIT $2",
        [String(last), String(maxResults)],
      );
      if (rows.length === 0 || records >= READ) break;
      JSON.stringify({
        isSuccess: true,
        errorDetails: null,
        nextToken: "x",
        records: rows.map((r) => JSON.stringify(r)),
      });
      records += rows.length;
      last = Number(rows[rows.length - 1]!["id"]);
    }
    floor.push({ maxResults, records, seconds: (performance.now() - start) / 1000 });
    console.log(
      `[${backend.name}] floor maxResults=${maxResults}: ${records} records in ${floor.at(-1)!.seconds.toFixed(1)} s`,
    );
  }
  const batch = 1000;
  const start = performance.now();
  for (let done = 0; done < UPSERT; done += batch) {
    // Half the ids exist (updates), half are new (inserts).
    const records = Array.from({ length: batch }, (_, i) => {
      const id = done * 2 + i * 2 + ROWS - UPSERT;
      return JSON.stringify({
        id,
        account: `acct-${id % 5000}`,
        kind: "buy",
        amount: (id % 1000) / 10,
        payload: { upserted: true },
        updated_at: "2026-11-23T00:00:00Z",
      });
    });
    const response: Record<string, unknown> = await host.invoke({
      type: "WriteDataRequest",
      entityIdentifier: "public.events",
      connectorContext: context,
      operation: "UPSERT",
      idFieldNames: ["id"],
      records,
      allOrNone: false,
    });
    if (response["isSuccess"] !== true) throw new Error(JSON.stringify(response["errorDetails"]));
  }
  const upsert = { records: UPSERT, batch, seconds: (performance.now() - start) / 1000 };
  console.log(`[${backend.name}] upsert: ${UPSERT} records in ${upsert.seconds.toFixed(1)} s`);
  return { backend: backend.name, loadSeconds, query, floor, upsert };
}

const rate = (n: number, s: number) => Math.round(n / s).toLocaleString("en-US");

function section(results: Result[], skipped: string | null): string {
  const cpu = cpus()[0]?.model ?? "unknown CPU";
  const lines = [
    "## PostgreSQL example",
    "",
    "Command: `node --conditions=source --import tsx examples/postgres/bench/query-throughput.ts`",
    `Machine: Node ${process.version}, ${cpu}, 2 cores. Date: 2026-11-23.`,
    "",
    `Table \`public.events\`: ${ROWS.toLocaleString("en-US")} rows (bigint primary key, text, numeric, jsonb, timestamptz).`,
    "Reads go through the AppFlow host (JSON event in, JSON response out, page guard on), following `nextToken`",
    "with keyset pagination on the primary key; UPSERT writes batches of 1,000 records (half updates, half inserts).",
    "The floor, in the same run: the same rows read with raw keyset `SELECT`s through the same driver and",
    "`JSON.stringify` of each row and page, no connector and no host; the ratio is connector time / floor time.",
    "",
    "| backend | load (generate_series) | query, maxResults 1,000 | query, maxResults 10,000 | UPSERT (batches of 1,000) |",
    "| --- | --- | --- | --- | --- |",
    ...results.map((r) => {
      const q = r.query.map((x, i) => {
        const f = r.floor[i]!;
        const ratio = x.seconds / x.records / (f.seconds / f.records);
        return `${rate(x.records, x.seconds)} records/s (${x.records.toLocaleString("en-US")} in ${x.seconds.toFixed(1)} s); floor ${rate(f.records, f.seconds)}/s; ratio ${ratio.toFixed(2)}×`;
      });
      return `| ${r.backend} | ${r.loadSeconds.toFixed(1)} s | ${q[0]} | ${q[1]} | ${rate(r.upsert.records, r.upsert.seconds)} records/s (${r.upsert.records.toLocaleString("en-US")} in ${r.upsert.seconds.toFixed(1)} s) |`;
    }),
  ];
  if (skipped) lines.push("", skipped);
  return `${lines.join("\n")}\n`;
}

function writeSection(text: string): void {
  const file = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "BENCHMARKS.md");
  let content = "";
  try {
    content = readFileSync(file, "utf8");
  } catch {
    content = "# Benchmarks\n";
  }
  const start = content.indexOf("## PostgreSQL example");
  if (start === -1) {
    content = `${content.trimEnd()}\n\n${text}`;
  } else {
    const next = content.indexOf("\n## ", start + 1);
    content = content.slice(0, start) + text + (next === -1 ? "" : content.slice(next + 1));
  }
  writeFileSync(file, content);
}

const results: Result[] = [];
const dataDir = "memory://bench";
const embedded = await openDatabase({ kind: "embedded", dataDir });
results.push(
  await measure({
    name: "PGlite (embedded, in memory)",
    admin: embedded,
    settings: { mode: "embedded", dataDir },
    secret: { username: "ignored", password: "ignored" },
    stop: async () => {},
  }),
);
await closeAllDatabases();

let skipped: string | null = null;
const bindir = findPostgresBinaries();
if (bindir === null) {
  skipped = `PostgreSQL server: not measured (no server binaries; ${INSTALL_HINT}).`;
} else {
  const server = await startPostgresServer(bindir);
  try {
    const config = {
      kind: "server" as const,
      host: server.host,
      port: server.port,
      database: "postgres",
      user: server.user,
      password: server.password,
      sslMode: "disable" as const,
      connectTimeoutMs: 5000,
    };
    const pool = createPool(config);
    const version = execSync(`${bindir}/postgres --version`, { encoding: "utf8" }).trim();
    results.push(
      await measure({
        name: `PostgreSQL ${/\d+(\.\d+)?/.exec(version)?.[0] ?? "?"} server (loopback TCP, fsync off)`,
        admin: poolDatabase(pool),
        settings: {
          mode: "server",
          host: server.host,
          port: String(server.port),
          database: "postgres",
          sslMode: "disable",
        },
        secret: { username: server.user, password: server.password },
        stop: () => pool.end(),
      }),
    );
    await pool.end();
  } finally {
    await closeAllDatabases();
    await server.stop();
  }
}

const text = section(results, skipped);
console.log(`\n${text}`);
if (process.env["BENCH_NO_WRITE"] !== "1") writeSection(text);
