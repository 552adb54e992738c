/**
 * Temporary directories for tests that remove themselves: after the test that made one (when called inside a
 * test), or after the file's tests (when called while collecting), also when the test fails.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, onTestFinished } from "vitest";

/** Creates `<os.tmpdir()>/<prefix>XXXXXX` and schedules its removal. */
export function makeTempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const remove = () => rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  try {
    onTestFinished(remove);
  } catch {
    // Not inside a test: the directory serves the whole file (or describe block).
    afterAll(remove);
  }
  return dir;
}
