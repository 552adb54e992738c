import { formatRun } from "../../flow/format-run.js";
import { describeSchedule, flowScheduleOf, scheduleFlows } from "../../flow/schedule-flows.js";
import { type CommandIo, UsageError } from "../command.js";
import { abortOnSignals } from "./flow-run.js";
import {
  type FlowFlags,
  flowLogLevel,
  limitRunnerHeap,
  loadFlowFile,
  positiveIntFlag,
  progressOf,
  viaOf,
} from "./flow-shared.js";

/** `connector flow schedule <flow-file>...`: keeps running, and runs each flow when it is due. */
export async function flowSchedule(positionals: string[], flags: FlowFlags, io: CommandIo): Promise<number> {
  if (positionals.length === 0) throw new UsageError("Usage: connector flow schedule <flow-file>...");
  const flows = await Promise.all(positionals.map((p) => loadFlowFile(p, io)));
  for (const flow of flows) {
    if (flowScheduleOf(flow) === null) {
      throw new UsageError(
        `Flow ${flow.name} has no schedule: give its trigger an interval (trigger.type scheduled, or incremental with every, schedule or cron)`,
      );
    }
  }
  limitRunnerHeap(flags, io);
  const controller = new AbortController();
  const removeHandlers = abortOnSignals(controller, io);
  let failures = 0;
  try {
    io.stderr(
      `Scheduling ${flows.map((f) => `${f.name} ${describeSchedule(flowScheduleOf(f)!)}`).join(", ")}; Ctrl-C stops\n`,
    );
    await scheduleFlows(flows, {
      signal: controller.signal,
      maxRuns: positiveIntFlag(flags, "max-runs", undefined),
      run: {
        ...(typeof flags["state-dir"] === "string" ? { stateDir: flags["state-dir"] } : {}),
        env: io.env,
        via: viaOf(flags),
        progress: progressOf(flags, io),
        logLevel: flowLogLevel(flags),
        logWrite: (line) => io.stderr(`${line}\n`),
      },
      onRun: (summary) => {
        if (summary.status === "failed") failures++;
        io.stdout(
          flags["json"]
            ? `${JSON.stringify(summary)}\n`
            : formatRun(summary, { watermark: summary.watermark }),
        );
      },
      onWait: (flow, dueAt) => io.stderr(`Next: ${flow} at ${new Date(dueAt).toISOString()}\n`),
    });
    return failures > 0 ? 1 : 0;
  } finally {
    removeHandlers();
  }
}
