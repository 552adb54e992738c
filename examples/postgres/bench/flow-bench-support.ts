/**
 * What the PostgreSQL example's flow benchmarks share: seeding orders shaped like the demo's, measuring a phase
 * (time and peak RSS), and running each record count in a child process of its own (so its peak RSS is its own).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { analyzeDemo, type Queryable, seedDemo } from "../src/index.js";

const MB = 1024 * 1024;

export { baselineRssMb, int, measured, type Phase, signed } from "../../../bench/harness.js";

/**
 * Fills `public.orders` with `count` orders shaped like `seedDemo`'s (1,000 customers), every one last updated
 * in the past 20 days and at least 10 minutes ago (inside an incremental flow's first 30-day window, as in the
 * demos), in statements of 250,000 rows; then analyzes the tables, as `seedDemo` does.
 */
export async function seedOrders(db: Queryable, count: number): Promise<void> {
  await seedDemo(db, { customers: 1000, orders: 0 });
  for (let from = 1; from <= count; from += 250_000) {
    await db.query(
      `INSERT INTO public.orders (customer_id, status, amount, ordered_at, updated_at)
       SELECT 1 + (i * 7919) % 1000, (ARRAY['new','paid','shipped','cancelled'])[1 + i % 4],
              ((i * 53) % 100000) / 100.0, TIMESTAMPTZ '2026-01-01 00:00:00+00' + make_interval(secs => i * 11),
              now() - make_interval(secs => 600 + (i * 7919) % (20 * 86400))
       FROM generate_series($1::bigint, $2::bigint) AS i`,
      [String(from), String(Math.min(count, from + 249_999))],
    );
  }
  await analyzeDemo(db);
}

/** `--records 100000,1000000` (default `fallback`) as numbers. */
export function recordCounts(argv: readonly string[], fallback: string): number[] {
  const at = argv.indexOf("--records");
  const text = at === -1 ? fallback : (argv[at + 1] ?? fallback);
  const counts = text.split(",").map(Number);
  if (counts.some((n) => !Number.isSafeInteger(n) || n <= 0)) {
    throw new Error(`--records takes record counts separated by commas, not ${JSON.stringify(text)}`);
  }
  return counts;
}

/**
 * Runs `script --child <count> ...childArgs` in a process of its own for each count (with `--expose-gc` and
 * `nodeArgs`; both default none; its output shown) and returns the `RESULT {json}` line each child prints last.
 */
export function runChildren<R>(
  script: string,
  counts: readonly number[],
  nodeArgs: readonly string[] = [],
  childArgs: readonly string[] = [],
): R[] {
  return counts.map((count) => {
    const run = spawnSync(
      process.execPath,
      [...process.execArgv, ...nodeArgs, "--expose-gc", script, "--child", String(count), ...childArgs],
      { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 64 * MB },
    );
    const line = run.stdout.split("\n").find((l) => l.startsWith("RESULT "));
    if (run.status !== 0 || !line) {
      console.error(run.stdout);
      throw new Error(`the benchmark's child for ${count} records exited with ${run.status}`);
    }
    process.stdout.write(run.stdout.replace(/^RESULT .*\n?/m, ""));
    return JSON.parse(line.slice("RESULT ".length)) as R;
  });
}

/**
 * V8 lets the old generation fill with garbage up to a multiple of what is live before it collects, a
 * multiple that grows with the heap's maximum size (by default, from the machine's memory). Flow benches run
 * each count a second time with the old generation capped by this flag.
 */
export const HEAP_CAP_FLAG = "--max-old-space-size=256";

/**
 * Which code was measured: the checkout's commit, and whether the working tree changed the SDK or the
 * examples since (a figure belongs to one revision).
 */
export function runnerRevision(): string {
  const git = (...args: string[]) => execFileSync("git", args, { encoding: "utf8" }).trim();
  try {
    const commit = git("rev-parse", "--short", "HEAD");
    const changed = git("status", "--porcelain", "--", "packages/connector-kit/src/", "examples/") !== "";
    return `commit ${commit}${changed ? " with uncommitted changes" : ""}`;
  } catch {
    return "this checkout";
  }
}
