/**
 * Vitest global setup: the whole suite writes its temporary files into one fresh directory, and the run fails
 * if anything is left there at the end. Every test must remove what it creates, also when it fails.
 *
 * `TMPDIR` is set before the worker processes start, so `os.tmpdir()` in tests, in the code under test and in
 * the child processes they spawn all point into the guarded directory.
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), "ck-suite-"));
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = root;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    // tsx keeps its compile cache in the temporary directory (tsx-<uid>); it is the tool's, not a test's.
    const left = readdirSync(root).filter((name) => !/^tsx-\d+$/.test(name));
    rmSync(root, { recursive: true, force: true });
    if (left.length > 0) {
      throw new Error(
        `the test suite left ${left.length} entr${left.length === 1 ? "y" : "ies"} in its temporary directory: ${left.sort().join(", ")}`,
      );
    }
  };
}
