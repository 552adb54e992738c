// Run by state-store-file-limit.test.ts under a file-size limit (`ulimit -f`): a real limit that makes the
// kernel cut a write short and refuse the rest (EFBIG), as a full disk does. By default, saves checkpoints
// until one fails, tries one more, and prints what the store saw as JSON. With `rewrite`, writes a small
// journal, then tries to rewrite it larger than the limit, and prints the error and what the directory holds.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { writeJournal } from "../state-journal.js";
import { FlowStateStore, type RunCounts, STATE_JOURNAL } from "../state-store.js";

const dir = process.argv[2]!;
if (process.argv[3] === "rewrite") {
  const file = join(dir, STATE_JOURNAL);
  await writeJournal(file, [{ small: true }]);
  const before = readFileSync(file, "utf8");
  let error = "";
  try {
    await writeJournal(
      file,
      Array.from({ length: 100 }, (_, i) => ({ i, pad: "x".repeat(300) })),
    );
  } catch (e) {
    error = (e as NodeJS.ErrnoException).code ?? String(e);
  }
  const unchanged = readFileSync(file, "utf8") === before;
  process.stdout.write(JSON.stringify({ error, unchanged, files: readdirSync(dir) }));
  process.exit(0);
}
const counts = (n: number): RunCounts => ({
  recordsRead: n,
  recordsWritten: n,
  recordsSkipped: 0,
  recordsFailed: 0,
  pages: n,
  batches: n,
  bytesRead: n,
  bytesWritten: n,
});

const store = await FlowStateStore.open(dir, { compactAfter: 1_000_000 });
await store.registerFlow("orders", null, "h1");
const run = await store.startRun({
  flow: "orders",
  trigger: "onDemand",
  windowFrom: null,
  windowTo: null,
  resumedFrom: null,
});
const save = (pages: number) =>
  store.saveCheckpoint(
    {
      flow: "orders",
      runId: run.id,
      definitionHash: "h1",
      windowFrom: null,
      windowTo: null,
      // Long tokens, so that the limit falls inside a line.
      nextToken: `page-${pages}-${"x".repeat(300)}`,
      pages,
    },
    counts(pages),
  );
let saved = 0;
let error = "";
for (let pages = 1; pages < 10_000; pages++) {
  try {
    await save(pages);
    saved = pages;
  } catch (e) {
    error = (e as NodeJS.ErrnoException).code ?? String(e);
    break;
  }
}
let again = "";
await save(saved + 1).catch((e: NodeJS.ErrnoException) => {
  again = e.code ?? String(e);
});
const checkpoint = await store.checkpoint("orders");
const current = await store.run(run.id);
await store.close();
process.stdout.write(
  JSON.stringify({
    saved,
    error,
    again,
    checkpointPages: checkpoint?.pages,
    recordsWritten: current?.recordsWritten,
  }),
);
