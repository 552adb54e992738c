import { createReadStream, existsSync } from "node:fs";
import { createInterface } from "node:readline";
import { formatRun } from "../../flow/format-run.js";
import { FlowStateStore } from "../../flow/state-store.js";
import { type CommandIo, UsageError } from "../command.js";
import { type FlowFlags, loadFlowFile, positiveIntFlag, stateDirOf } from "./flow-shared.js";

/** The first `n` lines of a file. */
async function headLines(path: string, n: number): Promise<string[]> {
  const lines: string[] = [];
  const reader = createInterface({
    input: createReadStream(path, "utf8"),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  for await (const line of reader) {
    lines.push(line);
    if (lines.length >= n) break;
  }
  reader.close();
  return lines;
}

/** `connector flow show <run> [flow-file]`: one run in full, with its first record errors. */
export async function flowShow(positionals: string[], flags: FlowFlags, io: CommandIo): Promise<number> {
  const [runText, file] = positionals;
  const id = Number(runText);
  if (!runText || !Number.isSafeInteger(id) || id <= 0)
    throw new UsageError("Usage: connector flow show <run-id> [flow-file]");
  const flow = file ? await loadFlowFile(file, io) : null;
  const store = await FlowStateStore.open(stateDirOf(flags, io, flow));
  try {
    const run = await store.run(id);
    if (!run) throw new UsageError(`No run ${id} in ${store.dir}`);
    // Run ids count across the flows of a state directory: the flow file named must be the run's own.
    if (flow && run.flow !== flow.name) {
      throw new UsageError(
        `Run ${id} is a run of ${run.flow}, not of ${flow.name} (connector flow history ${file} lists its runs)`,
      );
    }
    const [watermark, checkpoint] = await Promise.all([
      store.watermark(run.flow),
      store.checkpoint(run.flow),
    ]);
    const errorCount = positiveIntFlag(flags, "errors", 5) ?? 5;
    const errors =
      run.errorFile && existsSync(run.errorFile) ? await headLines(run.errorFile, errorCount) : [];
    if (flags["json"]) {
      io.stdout(
        `${JSON.stringify({ run, watermark, checkpoint, errors: errors.map((e) => JSON.parse(e) as unknown) })}\n`,
      );
      return 0;
    }
    io.stdout(formatRun(run, { watermark: watermark?.value ?? null, stateDir: store.dir }));
    if (checkpoint && checkpoint.runId === run.id) {
      io.stdout(
        `  checkpoint ${checkpoint.pages} pages accepted; the next run of ${run.flow} resumes there\n`,
      );
    }
    if (errors.length > 0) {
      io.stdout(`\nFirst ${errors.length} of ${run.recordsFailed} record errors (${run.errorFile}):\n`);
      for (const line of errors) {
        const e = JSON.parse(line) as {
          stage: string;
          taskType: string | null;
          message: string;
          record: unknown;
        };
        const record = JSON.stringify(e.record);
        io.stdout(
          `  [${e.stage}${e.taskType ? ` ${e.taskType}` : ""}] ${e.message}: ${record.length > 120 ? `${record.slice(0, 117)}...` : record}\n`,
        );
      }
    }
    return 0;
  } finally {
    await store.close();
  }
}
