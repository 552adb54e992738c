import { resolve } from "node:path";
import { createJsonLogger, type LogLevel } from "../../core/log/logger.js";
import type { FlowDefinition } from "../../flow/flow-definition.js";
import { FlowFileError } from "../../flow/flow-file-error.js";
import { FLOW_HEAP_GROWING_PERCENT, limitHeapGrowth } from "../../flow/heap-growth.js";
import { readFlowFile } from "../../flow/parse-flow.js";
import { createProgressPrinter, type ProgressListener } from "../../flow/progress.js";
import { defaultStateDir } from "../../flow/run-flow.js";
import { type CommandIo, UsageError } from "../command.js";
import { logLevelFlag } from "../connection-flags.js";

/** Flags of `connector flow …`, as parsed. */
export type FlowFlags = Record<string, string | boolean | string[] | undefined>;

/**
 * Reads a flow file; its problems become a usage error listing each line and key (with `--json`: `file` and
 * `problems`, each `{ path, line, column, message }`).
 */
export async function loadFlowFile(path: string | undefined, io: CommandIo): Promise<FlowDefinition> {
  if (!path) throw new UsageError("Name the flow file, e.g. connector flow run flows/orders.yaml");
  try {
    return await readFlowFile(resolve(io.cwd, path), { env: io.env });
  } catch (error) {
    if (error instanceof FlowFileError) {
      throw new UsageError(error.message, { file: error.file, problems: error.problems });
    }
    throw error;
  }
}

/** The state directory: `--state-dir`, else the flow's default, else `.connector/state` in the cwd. */
export function stateDirOf(flags: FlowFlags, io: CommandIo, flow: FlowDefinition | null): string {
  if (typeof flags["state-dir"] === "string") return resolve(io.cwd, flags["state-dir"]);
  return flow ? defaultStateDir(flow) : resolve(io.cwd, ".connector", "state");
}

/** The progress display the flags ask for, on standard error. */
export function progressOf(flags: FlowFlags, io: CommandIo): ProgressListener | undefined {
  const mode = (flags["progress"] as string | undefined) ?? "auto";
  if (!["auto", "tty", "plain", "none"].includes(mode))
    throw new UsageError("--progress must be auto, tty, plain or none");
  if (mode === "none" || flags["json"]) return undefined;
  const isTTY = mode === "tty" || (mode === "auto" && process.stderr.isTTY === true);
  return createProgressPrinter({ write: io.stderr, isTTY });
}

/** How in-process connectors are called (`--via`): in-process (default) or lambda. */
export function viaOf(flags: FlowFlags): "in-process" | "lambda" {
  const via = (flags["via"] as string | undefined) ?? "in-process";
  if (via !== "in-process" && via !== "lambda") throw new UsageError("--via must be in-process or lambda");
  return via;
}

/** The connector log level (`--log-level`, default error). */
export function flowLogLevel(flags: FlowFlags): LogLevel {
  return logLevelFlag(flags["log-level"], "error");
}

/**
 * Before the runs of `flow run` and `flow schedule`: limits V8's heap growth (see `limitHeapGrowth`), unless the
 * user sized the heap, and says which at the debug log level, on standard error.
 */
export function limitRunnerHeap(flags: FlowFlags, io: CommandIo): void {
  const limited = limitHeapGrowth();
  createJsonLogger({ level: flowLogLevel(flags), write: (line) => io.stderr(`${line}\n`) }).debug(
    limited
      ? `V8's heap growing factor set to ${FLOW_HEAP_GROWING_PERCENT} %`
      : "V8's heap growth left as the user sized the heap",
    { heapGrowingPercent: limited ? FLOW_HEAP_GROWING_PERCENT : null },
  );
}

/** A positive integer flag. */
export function positiveIntFlag(
  flags: FlowFlags,
  name: string,
  fallback: number | undefined,
): number | undefined {
  const value = flags[name];
  if (value === undefined) return fallback;
  const n = Number(value);
  if (typeof value !== "string" || !Number.isSafeInteger(n) || n <= 0)
    throw new UsageError(`--${name} must be a positive integer`);
  return n;
}
