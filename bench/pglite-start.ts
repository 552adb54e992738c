/**
 * How long an embedded PGlite database takes to start, each start in a fresh process (as each `connector`
 * command and each test file starts one): in memory by initdb (`new PGlite()`), in memory from the cached empty
 * cluster (`emptyPGliteCluster`), and a new data directory from it (`createPGliteDataDir`). The floor, in the
 * same run, opens a data directory that exists already: no initdb and nothing to load. Builds the package first.
 * Run from the repository root: npm run bench -- pglite-start
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeSection } from "./harness.js";

const root = process.cwd();
execFileSync(process.execPath, [
  join(root, "node_modules/typescript/bin/tsc"),
  "-p",
  join(root, "packages/connector-kit/tsconfig.build.json"),
]);

/** Each child prints the milliseconds from before its imports to the answer of its first query. */
const STARTS = {
  initdb: `const { PGlite } = await import("@electric-sql/pglite");
    const db = new PGlite();`,
  cluster: `const { PGlite } = await import("@electric-sql/pglite");
    const { emptyPGliteCluster } = await import("connector-kit/pglite");
    const db = await PGlite.create({ loadDataDir: await emptyPGliteCluster() });`,
  dataDir: `const { PGlite } = await import("@electric-sql/pglite");
    const { createPGliteDataDir } = await import("connector-kit/pglite");
    await createPGliteDataDir(process.env.DIR);
    const db = await PGlite.create(process.env.DIR);`,
  existing: `const { PGlite } = await import("@electric-sql/pglite");
    const db = await PGlite.create(process.env.DIR);`,
} as const;
type Start = keyof typeof STARTS;

function once(start: Start, dir: string): number {
  const script = `const t0 = performance.now();
    ${STARTS[start]}
    await db.query("SELECT 1");
    console.log(performance.now() - t0);
    await db.close();`;
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], {
    cwd: root,
    env: { ...process.env, DIR: dir },
    encoding: "utf8",
  });
  return Number(out.trim().split("\n").at(-1));
}

const RUNS = 7;
const times: Record<Start, number[]> = { initdb: [], cluster: [], dataDir: [], existing: [] };
const work = mkdtempSync(join(tmpdir(), "ck-bench-pglite-"));
try {
  // Makes the cached cluster when this machine has none yet: every start below reads it.
  once("cluster", "");
  const existing = join(work, "existing");
  once("dataDir", existing);
  // Interleaved, so a change in the machine's speed touches every kind alike.
  for (let i = 0; i < RUNS; i++) {
    const fresh = join(work, `fresh-${i}`);
    times.initdb.push(once("initdb", ""));
    times.cluster.push(once("cluster", ""));
    times.dataDir.push(once("dataDir", fresh));
    times.existing.push(once("existing", existing));
    rmSync(fresh, { recursive: true, force: true });
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const floor = median(times.existing);
const row = (what: string, start: Start) => {
  const m = median(times[start]);
  console.log(`${what}: ${m.toFixed(0)} ms (${(m / floor).toFixed(2)}× the floor)`);
  return `| ${what} | ${m.toFixed(0)} ms | ${floor.toFixed(0)} ms | ${(m / floor).toFixed(2)}× |`;
};
const rows = [
  row("in memory, initdb (`new PGlite()`)", "initdb"),
  row("in memory, from `emptyPGliteCluster()`", "cluster"),
  row("new data directory, `createPGliteDataDir`", "dataDir"),
];
writeSection("Embedded PostgreSQL start", "npm run bench -- pglite-start", [
  "A PGlite database started in a fresh Node process, from before its imports to the answer of a first query,",
  `median of ${RUNS} interleaved runs. The floor, in the same run, opens a data directory that exists already (no`,
  "initdb, nothing loaded). The sql template's embedded database starts from `emptyPGliteCluster()`; the flow",
  "demos' databases are data directories (`createPGliteDataDir` opens the new one once to check it is empty).",
  "",
  "| start | median | floor (an existing data directory) | ratio |",
  "| --- | --- | --- | --- |",
  ...rows,
]);
