import { join, resolve } from "node:path";
import { parseArgs } from "node:util";

/** What both demo flows take from the command line, and where their data lives. */
export interface DemoOptions {
  orders: number;
  customers: number;
  /** Orders changed before the second run (at most `orders`). */
  changes: number;
  /** The demo's directory; the connector's data root. */
  dir: string;
}

/**
 * Reads `--orders` (default 100,000), `--customers` (5,000), `--changes` (250) and `--dir` (`.tmp/<name>` in the
 * repository), and makes `dir` the connector's data root: it opens embedded data directories only inside it
 * (the dataDir setting is untrusted).
 */
export function demoOptions(name: string, repo: string): DemoOptions {
  const { values } = parseArgs({
    options: {
      orders: { type: "string", default: "100000" },
      customers: { type: "string", default: "5000" },
      changes: { type: "string", default: "250" },
      dir: { type: "string", default: join(repo, ".tmp", name) },
    },
  });
  const orders = Number(values.orders);
  const dir = resolve(values.dir);
  process.env["PGLITE_DATA_ROOT"] = dir;
  return {
    orders,
    customers: Number(values.customers),
    changes: Math.min(Number(values.changes), orders),
    dir,
  };
}
