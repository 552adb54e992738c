import { spawnSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeTempDir } from "../test-support/temp-dir.js";
import { FlowStateStore, STATE_JOURNAL } from "./state-store.js";

const CHILD = join(import.meta.dirname, "test-support", "file-limit-child.ts");
/** The child's file-size limit, in bash's 1024-byte blocks. */
const LIMIT_BLOCKS = 8;

// A file-size limit is a real fault of the kernel's, not a fake: a write that crosses it is cut short, and
// Node (which ignores SIGXFSZ) gets EFBIG for the rest, as on a full disk. POSIX shells only.
/** Runs the child under the limit with `args`; returns what it printed. */
function underLimit(args: string[]): unknown {
  const child = spawnSync(
    "bash",
    [
      "-c",
      `ulimit -f ${LIMIT_BLOCKS} && exec "$0" --conditions=source --import tsx "$@"`,
      process.execPath,
      CHILD,
      ...args,
    ],
    { encoding: "utf8", timeout: 60_000 },
  );
  expect(child.status, child.stderr).toBe(0);
  return JSON.parse(child.stdout);
}

describe.skipIf(process.platform === "win32")("the flow state store at a file-size limit", () => {
  it("a journal rewrite cut short leaves the journal as it was and no temporary file", () => {
    const dir = makeTempDir("ck-state-limit-");
    expect(underLimit([dir, "rewrite"])).toEqual({ error: "EFBIG", unchanged: true, files: [STATE_JOURNAL] });
  });

  it("refuses the commit that does not fit, keeps memory and disk at the last whole one, and reopens", async () => {
    const dir = makeTempDir("ck-state-limit-");
    const seen = underLimit([dir]) as {
      saved: number;
      error: string;
      again: string;
      checkpointPages: number;
      recordsWritten: number;
    };
    // Some checkpoints fit, then one crossed the limit; the next one is refused too.
    expect(seen.saved).toBeGreaterThan(2);
    expect(seen.error).toBe("EFBIG");
    expect(seen.again).toBe("EFBIG");
    // The store's memory kept the last checkpoint that reached the disk, not the refused ones.
    expect(seen.checkpointPages).toBe(seen.saved);
    expect(seen.recordsWritten).toBe(seen.saved);

    // The refused append was cut back: the journal ends with a whole line, below the limit.
    const file = join(dir, STATE_JOURNAL);
    const text = readFileSync(file, "utf8");
    expect(text.endsWith("\n")).toBe(true);
    expect(statSync(file).size).toBeLessThan(LIMIT_BLOCKS * 1024);
    for (const line of text.trimEnd().split("\n")) expect(() => JSON.parse(line)).not.toThrow();

    const store = await FlowStateStore.open(dir);
    try {
      expect(await store.checkpoint("orders")).toMatchObject({ pages: seen.saved });
      expect((await store.run(1))?.recordsWritten).toBe(seen.saved);
    } finally {
      await store.close();
    }
  });
});
