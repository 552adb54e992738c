/** Shared helpers of the flow runner's tests. */
import { makeTempDir } from "../../test-support/temp-dir.js";

/** A new temporary directory, removed after the test (or the file, when made outside a test). */
export function tempDir(prefix = "ck-flow-"): string {
  return makeTempDir(prefix);
}

export { readJsonlEntity } from "./read-jsonl.js";
