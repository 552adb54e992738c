/**
 * The flow runner's reliability trials, each on real parts: `kill -9` of a runner mid-run (PGlite source, real
 * child processes), a row committed late on a real PostgreSQL server, and real processes racing for the state
 * lock. Prints the rows of the "Reliability" table in BENCHMARKS.md.
 *
 *   node --conditions=source --import tsx bench/reliability-flow.ts
 *
 * Environment: KILL_TRIALS (default 5), LATE_TRIALS (default 10), LOCK_ROUNDS (default 300, a third each from no
 * lock, a stale lock and an empty lock, four processes).
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { readFlowFile, runFlow } from "connector-kit/flow";
import { closeAllDatabases, openDatabase, seedDemo } from "../examples/postgres/src/index.js";
import { findPostgresBinaries, startPostgresServer } from "../examples/postgres/test/postgres-server.js";
import { lateCommitTrial } from "../packages/connector-kit/src/flow/test-support/late-commit.js";
import { readJsonlEntity } from "../packages/connector-kit/src/flow/test-support/read-jsonl.js";
import { openPGlite } from "../packages/connector-kit/src/pglite/pglite-template.js";

const repo = process.cwd();
const support = join(repo, "packages/connector-kit/src/flow/test-support");
const POSTGRES = join(repo, "examples/postgres/src/index.ts");
const tsx = (script: string, args: string[], env: Record<string, string> = {}): ChildProcess =>
  spawn(process.execPath, ["--conditions=source", "--import", "tsx", script, ...args], {
    cwd: repo,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
const count = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const work = mkdtempSync(join(tmpdir(), "ck-reliability-"));

async function killTrials(trials: number): Promise<{ lost: number; duplicated: number; trials: number }> {
  const ORDERS = 4000;
  const dataDir = join(work, "source-db");
  await (await openPGlite(dataDir)).close();
  const db = await openDatabase({ kind: "embedded", dataDir });
  await seedDemo(db, { customers: 50, orders: ORDERS });
  await db.query("UPDATE orders SET updated_at = now() - make_interval(secs => 600 + (id * 7919) % 86400)");
  await closeAllDatabases();
  let lost = 0;
  let duplicated = 0;
  for (let trial = 0; trial < trials; trial++) {
    const dir = join(work, `kill-${trial}`);
    mkdirSync(dir);
    const flowFile = join(dir, "flow.yaml");
    writeFileSync(
      flowFile,
      `name: killed
source:
  connector: ${JSON.stringify(join(support, "slow-postgres-connector.ts"))}
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
    const child = tsx(join(support, "run-flow-child.ts"), [flowFile, stateDir], {
      FLOW_TEST_PAGE_DELAY_MS: "100",
      FLOW_TEST_BASE_CONNECTOR: POSTGRES,
    });
    const killAt = 600 + ((trial * 1777) % 2400); // a different point of the run each time
    await new Promise<void>((resolve, reject) => {
      let buffered = "";
      child.stdout?.on("data", (d: Buffer) => {
        buffered += d.toString();
        const lines = buffered.split("\n");
        buffered = lines.pop() ?? "";
        for (const line of lines) {
          const p = (JSON.parse(line) as { progress?: { recordsWritten: number } }).progress;
          if (p && p.recordsWritten >= killAt) {
            child.kill("SIGKILL");
            resolve();
          }
        }
      });
      child.on("exit", (_code, signal) =>
        signal === "SIGKILL" ? resolve() : reject(new Error("ran to the end")),
      );
    });
    await new Promise((r) => child.once("exit", r).once("close", r));
    process.env["FLOW_TEST_BASE_CONNECTOR"] = POSTGRES;
    const summary = await runFlow(await readFlowFile(flowFile), { stateDir, logLevel: "silent" });
    if (summary.status !== "succeeded") throw new Error(JSON.stringify(summary));
    const ids = (await readJsonlEntity(join(dir, "out"), "orders")).map((r) => r["id"] as number);
    const distinct = new Set(ids);
    lost += ORDERS - distinct.size;
    duplicated += ids.length - distinct.size;
    console.log(
      `  kill -9 trial ${trial + 1}: killed after ${killAt} written; ${distinct.size} of ${ORDERS} once each`,
    );
  }
  return { lost, duplicated, trials };
}

async function lateTrials(
  trials: number,
): Promise<{ lost: number; trials: number; maxDelayMs: number } | null> {
  const bindir = findPostgresBinaries();
  if (bindir === null) return null;
  const server = await startPostgresServer(bindir);
  let lost = 0;
  let maxDelayMs = 0;
  try {
    for (let trial = 0; trial < trials; trial++) {
      const dir = join(work, `late-${trial}`);
      mkdirSync(dir);
      const delay = 500 + ((trial * 331) % 1500); // open 0.5–2 s before the run starts; look-back 5 s
      const outcome = await lateCommitTrial(server, dir, `late_${trial}`, "5s", delay);
      if (outcome.lost) lost++;
      maxDelayMs = Math.max(maxDelayMs, outcome.commitDelayMs);
      console.log(
        `  delayed commit trial ${trial + 1}: committed ${outcome.commitDelayMs} ms late, ${outcome.lost ? "LOST" : "read"}`,
      );
    }
  } finally {
    await closeAllDatabases();
    await server.stop();
  }
  return { lost, trials, maxDelayMs };
}

async function lockRaces(rounds: number): Promise<{ doubles: number; rounds: number }> {
  const base = join(work, "locks");
  const third = Math.ceil(rounds / 3);
  const dead = Number(
    spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" })
      .stdout,
  );
  const old = new Date(Date.now() - 60_000);
  for (let round = 0; round < third * 3; round++) {
    const locks = join(base, String(round), "locks");
    mkdirSync(locks, { recursive: true });
    if (round >= third && round < 2 * third) {
      writeFileSync(
        join(locks, "1.lock"),
        JSON.stringify({ pid: dead, host: hostname(), since: "x", token: "t" }),
      );
    } else if (round >= 2 * third) {
      writeFileSync(join(locks, "1.lock"), "");
      utimesSync(join(locks, "1.lock"), old, old);
    }
  }
  const start = Date.now() + 8000;
  const reports = await Promise.all(
    Array.from({ length: 4 }, () => {
      const child = tsx(join(support, "lock-race-child.ts"), [base, String(third * 3), String(start), "25"]);
      let out = "";
      child.stdout?.on("data", (d: Buffer) => {
        out += d.toString();
      });
      return new Promise<{ doubles: number }>((resolve) => child.on("exit", () => resolve(JSON.parse(out))));
    }),
  );
  return { doubles: reports.reduce((n, r) => n + r.doubles, 0), rounds: third * 3 };
}

try {
  const kill = await killTrials(count("KILL_TRIALS", 5));
  const late = await lateTrials(count("LATE_TRIALS", 10));
  const lock = await lockRaces(count("LOCK_ROUNDS", 300));
  console.log("\nRows for the Reliability table of BENCHMARKS.md:\n");
  console.log(
    `| \`kill -9\` of \`connector flow run\` mid-run (PGlite source, 4,000 rows, UPSERT into JSON lines), then a re-run | **${kill.lost} lost, ${kill.duplicated} duplicated** in ${kill.trials} of ${kill.trials} trials | \`bench/reliability-flow.ts\`, \`flow/kill-resume.test.ts\` |`,
  );
  if (late) {
    console.log(
      `| a transaction sets \`updated_at = now()\`, an incremental run reads while it is open, it commits after (up to ${(late.maxDelayMs / 1000).toFixed(1)} s late; real PostgreSQL 15, look-back 5 s, longer than any of these transactions) | **${late.lost} lost** in ${late.trials} of ${late.trials} trials; without a look-back the row is lost every time | \`bench/reliability-flow.ts\`, \`flow/late-commit.test.ts\` |`,
    );
  }
  console.log(
    `| 4 processes racing for the state lock, ${lock.rounds} rounds (a third each from no lock, a dead holder's lock, an empty lock) | **${lock.doubles} double holders**; before: 28 in 180 rounds | \`bench/reliability-flow.ts\`, \`flow/state-lock.test.ts\` |`,
  );
} finally {
  await closeAllDatabases();
  rmSync(work, { recursive: true, force: true });
}
