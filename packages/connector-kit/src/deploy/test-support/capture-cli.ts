import { runCli } from "../../cli/run-cli.js";

/** What one `runCli` call printed and returned. */
export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs the `connector` CLI in-process with captured output, in `cwd`, with only `env` as environment. */
export async function captureCli(
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const status = await runCli(args, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    stdin: async () => null,
    cwd,
    env,
  });
  return { status, stdout, stderr };
}
