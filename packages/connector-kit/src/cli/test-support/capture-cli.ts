import { runCli } from "../run-cli.js";

/** What one `runCli` call printed and returned. */
export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the `connector` CLI in-process with captured output, in `cwd`, with only `env` as environment and
 * `stdin` as standard input (default: none, as from a terminal).
 */
export async function captureCli(
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
  stdin: string | null = null,
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
    stdin: async () => stdin,
    cwd,
    env,
  });
  return { status, stdout, stderr };
}
