#!/usr/bin/env node
import { runCli } from "./run-cli.js";

async function readStdin(): Promise<string | null> {
  if (process.stdin.isTTY) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

// A reader that stops early (`connector flow history | head`) closes the pipe: the output is no longer wanted,
// which is not a crash. Exit as a shell command does then, without a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
}

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stdin: readStdin,
  // CONNECTOR_CWD: where relative paths start when a wrapper script runs the CLI from elsewhere (this
  // repository's `npm run connector` passes the caller's directory). Default: the working directory.
  cwd: process.env["CONNECTOR_CWD"] || process.cwd(),
  env: process.env,
  stderrIsTTY: process.stderr.isTTY === true,
});
