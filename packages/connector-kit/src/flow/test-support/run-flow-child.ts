/**
 * Test fixture run as a child process: `node --conditions=source --import tsx run-flow-child.ts <flow-file>
 * <state-dir>`. Runs the flow and prints one JSON line per progress update and one with the summary.
 */
import { readFlowFile } from "../parse-flow.js";
import { runFlow } from "../run-flow.js";

const [file, stateDir] = process.argv.slice(2);
const flow = await readFlowFile(file!);
const summary = await runFlow(flow, {
  stateDir: stateDir!,
  progress: {
    update: (s) => process.stdout.write(`${JSON.stringify({ progress: s })}\n`),
  },
});
process.stdout.write(`${JSON.stringify({ summary })}\n`);
