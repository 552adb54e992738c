/**
 * Test fixture run as a child process: `lock-race-child.ts <base-dir> <rounds> <start-epoch-ms> <slot-ms>`.
 * Round r starts at start + r × slot, in `<base-dir>/<r>`: the child tries to take the lock `<r>/locks`; when it
 * gets it, it marks `<r>/holder` by exclusive creation (a mark already there is a second holder), holds for a
 * few milliseconds, unmarks and releases. Prints `{ acquired, doubles }`.
 */
import { closeSync, openSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import { sleep } from "../../core/sleep.js";
import { FlowRunError } from "../flow-run-error.js";
import { acquireLock } from "../state-lock.js";

const [base, roundsText, startText, slotText] = process.argv.slice(2);
const rounds = Number(roundsText);
const start = Number(startText);
const slot = Number(slotText);
let acquired = 0;
let doubles = 0;
for (let round = 0; round < rounds; round++) {
  await sleep(start + round * slot - Date.now());
  const dir = join(base!, String(round));
  let release: (() => void) | null = null;
  try {
    release = acquireLock(join(dir, "locks"));
  } catch (error) {
    if (!(error instanceof FlowRunError && error.code === "StateLocked")) throw error;
  }
  if (!release) continue;
  acquired++;
  let marked = false;
  try {
    closeSync(openSync(join(dir, "holder"), "wx"));
    marked = true;
  } catch {
    doubles++; // another process holds the lock at the same time
  }
  const until = Date.now() + 4;
  while (Date.now() < until) {} // hold it (synchronously: no other work of this process interleaves)
  if (marked) unlinkSync(join(dir, "holder"));
  release();
}
process.stdout.write(`${JSON.stringify({ acquired, doubles })}\n`);
