/**
 * `connector flow run` and `connector test` as real child processes: they close what they opened and exit once they
 * have printed their verdict — also after an unclean close of the embedded source database (before: ~10 s late, then never).
 */
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { closeAllDatabases, openDatabase, seedDemo } from "../../../../examples/postgres/src/index.js";
import { openPGlite } from "../pglite/pglite-template.js";
import { tempDir } from "./test-support/fixtures.js";

const MAIN = join(import.meta.dirname, "..", "cli", "main.ts");
const POSTGRES = join(import.meta.dirname, "../../../../examples/postgres/src/index.ts");
/** The repository, where `--import tsx` resolves. */
const REPO = join(import.meta.dirname, "../../../..");

afterAll(async () => {
  await closeAllDatabases();
});

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
  /** From the last output to the process's end: the time it stayed alive after its verdict. */
  lingerMs: number;
}

/** Runs the CLI; a process still alive after `limitMs` is killed (and reported with code null). */
function runCli(args: string[], limitMs = 60_000): Promise<Exit> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--conditions=source", "--import", "tsx", MAIN, ...args], {
      cwd: REPO,
      env: { ...process.env, FORCE_COLOR: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    let last = Date.now();
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
      last = Date.now();
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
      last = Date.now();
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), limitMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, lingerMs: Date.now() - last });
    });
  });
}

describe("connector flow run exits promptly", () => {
  it("runs twice on the same directories, each exiting within seconds of its summary", async () => {
    const dir = tempDir("ck-flow-exit-");
    const dataDir = join(dir, "source-db");
    await (await openPGlite(dataDir)).close();
    const db = await openDatabase({ kind: "embedded", dataDir });
    await seedDemo(db, { customers: 10, orders: 200 });
    await db.query("UPDATE orders SET updated_at = now() - interval '1 hour'");
    await closeAllDatabases();
    writeFileSync(
      join(dir, "flow.yaml"),
      `name: exits
source:
  connector: ${JSON.stringify(POSTGRES)}
  settings: { mode: embedded, dataDir: ${JSON.stringify(dataDir)} }
  entity: public.orders
destination:
  connector: connector-kit/connectors/jsonl
  settings: { directory: "\${FLOW_DIR}/out" }
  entity: orders
  operation: UPSERT
  idFieldNames: [id]
trigger: { type: incremental, field: updated_at }
`,
    );
    for (const run of [1, 2]) {
      const exit = await runCli(["flow", "run", join(dir, "flow.yaml"), "--progress", "none"]);
      expect(exit.stdout, exit.stderr).toContain(`Run ${run} of exits: succeeded`);
      expect(exit.code).toBe(0);
      expect(exit.lingerMs).toBeLessThan(3000);
    }
    // The state store is closed and its lock released: history opens it and exits as promptly.
    const history = await runCli(["flow", "history", join(dir, "flow.yaml")]);
    expect(history.code).toBe(0);
    expect(history.stdout).toMatch(/\n2 +exits +succeeded/);
    expect(history.lingerMs).toBeLessThan(3000);
  }, 180_000);

  it("connector test closes the PostgreSQL example's database and exits with its verdict", async () => {
    const exit = await runCli(["test", POSTGRES, "--failures-only"]);
    expect(exit.stdout, exit.stderr).toMatch(/PostgreSQL: \d+ passed/);
    expect(exit.code).not.toBeNull(); // it exited by itself
    expect(exit.lingerMs).toBeLessThan(3000); // before: about 10 s, the embedded database never closed
  }, 120_000);
});
