import { formatRun } from "../../flow/format-run.js";
import { runFlow } from "../../flow/run-flow.js";
import type { CommandIo } from "../command.js";
import {
  type FlowFlags,
  flowLogLevel,
  limitRunnerHeap,
  loadFlowFile,
  progressOf,
  stateDirOf,
  viaOf,
} from "./flow-shared.js";

/** Exit status of a run: 0 succeeded, 3 completed with record errors, 1 failed or interrupted. */
export function exitStatusOf(status: string): number {
  if (status === "succeeded") return 0;
  if (status === "completed_with_errors") return 3;
  return 1;
}

/**
 * Aborts `controller` on the first SIGINT/SIGTERM (the run stops at its next page, resumable); returns the
 * function removing the handlers.
 */
export function abortOnSignals(controller: AbortController, io: CommandIo): () => void {
  const onSignal = () => {
    if (controller.signal.aborted) process.exit(130);
    io.stderr("\nStopping after the current page (press Ctrl-C again to quit at once)…\n");
    controller.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return () => {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  };
}

/** `connector flow run <flow-file>`: one run, with progress and a summary. */
export async function flowRun(positionals: string[], flags: FlowFlags, io: CommandIo): Promise<number> {
  const flow = await loadFlowFile(positionals[0], io);
  limitRunnerHeap(flags, io);
  const controller = new AbortController();
  const removeHandlers = abortOnSignals(controller, io);
  try {
    const summary = await runFlow(flow, {
      stateDir: stateDirOf(flags, io, flow),
      env: io.env,
      reset: flags["reset"] === true,
      via: viaOf(flags),
      signal: controller.signal,
      progress: progressOf(flags, io),
      logLevel: flowLogLevel(flags),
      logWrite: (line) => io.stderr(`${line}\n`),
    });
    if (flags["json"]) io.stdout(`${JSON.stringify(summary)}\n`);
    else {
      io.stdout(
        formatRun(summary, {
          filter: summary.filter,
          watermark: summary.watermark,
          stateDir: summary.stateDir,
        }),
      );
      io.stdout(`  history   connector flow history ${positionals[0]}\n`);
    }
    return exitStatusOf(summary.status);
  } finally {
    removeHandlers();
  }
}
