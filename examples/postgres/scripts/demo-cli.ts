import { relative } from "node:path";
import { runCli } from "connector-kit/cli";

/** A path as the demos print it: relative to the working directory. */
export function shownPath(path: string): string {
  return relative(process.cwd(), path) || ".";
}

/**
 * The demos' `connector …`: the CLI itself, in this process (as `npm run connector -- …` would run it, without
 * starting Node again), with the command echoed first and FLOW_DEMO_DIR set to the demo's `dir`. The demo
 * exits when a command ends with a status not in `accepted` (default: 0 only).
 */
export function demoConnector(
  dir: string,
  accepted: readonly number[] = [0],
): (...args: string[]) => Promise<number> {
  return async (...args) => {
    const shown = ["connector", ...args.map((a) => (a.startsWith("/") ? shownPath(a) : a))].join(" ");
    console.log(`\n$ PGLITE_DATA_ROOT=${shownPath(dir)} FLOW_DEMO_DIR=${shownPath(dir)} ${shown}`);
    const status = await runCli(args, {
      stdout: (text) => process.stdout.write(text),
      stderr: (text) => process.stderr.write(text),
      stdin: async () => null,
      cwd: process.cwd(),
      env: { ...process.env, FLOW_DEMO_DIR: dir },
    });
    if (!accepted.includes(status)) {
      console.error(`connector ${args[0]} ${args[1]} exited with ${status}`);
      process.exit(status);
    }
    return status;
  };
}
