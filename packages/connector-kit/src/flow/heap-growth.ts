import { setFlagsFromString } from "node:v8";

/**
 * How much V8 may raise its heap limit after each full collection while `connector flow run` or
 * `connector flow schedule` runs: 50 %. With V8's own factor (up to 4× what a collection left on a machine with
 * memory to spare), the garbage of the records a flow has in flight piles up in the old generation between
 * full collections, and the runner's memory climbs with the length of the run; at 50 % it stays flat.
 */
export const FLOW_HEAP_GROWING_PERCENT = 50;

/** A Node or V8 option sizing the heap, as the command line or NODE_OPTIONS give it (`-` or `_` alike). */
const HEAP_SIZING =
  /(^|\s)--(heap[-_]growing[-_]percent|max[-_]old[-_]space[-_]size|max[-_]heap[-_]size)(=|\s|$)/;

/** Whether the process was started with an option of its own that sizes the heap. */
export function heapSizedByUser(execArgv: readonly string[], nodeOptions: string | undefined): boolean {
  return execArgv.some((arg) => HEAP_SIZING.test(arg)) || HEAP_SIZING.test(nodeOptions ?? "");
}

/**
 * Sets V8's heap growing factor for a long flow run (see FLOW_HEAP_GROWING_PERCENT), unless the heap was sized
 * by the user (`execArgv`, default `process.execArgv`; `nodeOptions`, default the NODE_OPTIONS variable). V8
 * reads this factor at each full collection, so it takes effect when set at run time. The CLI calls this before
 * a run; `runFlow` does not, since a library must not change its host process's V8 settings. A program of your
 * own that runs flows can call it first. Returns whether it set the factor.
 */
export function limitHeapGrowth(
  execArgv: readonly string[] = process.execArgv,
  nodeOptions: string | undefined = process.env["NODE_OPTIONS"],
): boolean {
  if (heapSizedByUser(execArgv, nodeOptions)) return false;
  setFlagsFromString(`--heap-growing-percent=${FLOW_HEAP_GROWING_PERCENT}`);
  return true;
}
