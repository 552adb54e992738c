/**
 * One reload of `connector dev`, in a process of its own so every reload imports the connector and everything
 * it imports afresh (Node's module cache cannot be emptied, and tsx compiles each file once per process): load
 * the module, check it, report to the dev loop over IPC, then exit or, with `serve`, serve it until stopped.
 */
import { performance } from "node:perf_hooks";
import { runConformanceCommand } from "../../testing/cli.js";
import { findTestConfig, testConnectionOf } from "../commands/test.js";
import { logLevelFlag } from "../connection-flags.js";
import { loadConnectorModule } from "../load-connector.js";
import { logWriter } from "../log-output.js";
import { secretsBeside } from "../secrets-beside.js";
import type { DevWorkerInput, DevWorkerMessage } from "./dev-protocol.js";
import { quickCheck } from "./quick-check.js";

const started = performance.now();
const input = JSON.parse(process.argv[2] ?? "{}") as DevWorkerInput;

function report(message: DevWorkerMessage): Promise<void> {
  return new Promise((done) => {
    if (!process.send || !process.connected) return done();
    process.send(message, undefined, {}, () => done());
  });
}

const cleanups: Array<() => Promise<void>> = [];
let stopping = false;
async function stop(): Promise<never> {
  if (!stopping) {
    stopping = true;
    // The server first, so no request reaches a disposed connector; each step is given its chance.
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  }
  process.exit(0);
}
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
process.on("disconnect", () => void stop());

const io = {
  stdout: (text: string) => void process.stdout.write(text),
  stderr: (text: string) => void process.stderr.write(text),
  stdin: async () => null,
  cwd: input.cwd,
  env: process.env,
  // The worker's stderr is a pipe to the dev loop; what the person sees is the loop's.
  stderrIsTTY: input.stderrIsTTY,
};
const level = logLevelFlag(input.logLevel, "warn");
const secrets = secretsBeside(input.secretsDir, input.cwd, process.env);
const elapsed = () => Math.round(performance.now() - started);

let loaded: Awaited<ReturnType<typeof loadConnectorModule>>;
try {
  loaded = await loadConnectorModule(input.module, input.cwd);
} catch (error) {
  const [first = "", ...rest] = (error as Error).message.split("\n");
  await report({ type: "checked", ok: false, summary: first, details: rest, ms: elapsed() });
  await stop();
}
const { connector, dispose } = loaded!;
if (dispose) cleanups.push(dispose);

if (input.check === "quick") {
  const result = await quickCheck(connector, input.flags, {
    secrets,
    logLevel: level,
    logWrite: logWriter(io, level),
  });
  await report({ type: "checked", ...result, ms: elapsed() });
} else if (input.check === "conformance") {
  let text = "";
  const configPath = findTestConfig(input.module);
  const connection = testConnectionOf(input.flags);
  const status = await runConformanceCommand(connector, {
    ...(configPath ? { configPath } : {}),
    ...(connection ? { connection } : {}),
    failuresOnly: true,
    secrets,
    logLevel: level,
    write: (chunk) => {
      text += chunk;
    },
  });
  const lines = text
    .trim()
    .split("\n")
    .filter((line) => line !== "");
  await report({
    type: "checked",
    ok: status === 0,
    summary: lines.at(-1) ?? "the conformance suite gave no report",
    details: lines.slice(0, -1),
    ms: elapsed(),
  });
} else {
  await report({ type: "checked", ok: true, summary: "loaded", details: [], ms: elapsed() });
}

if (input.console) {
  const { port, token, connections } = input.console;
  // Imported here: the console needs hono, an optional peer, only for --console.
  const { serveConsole } = await import("../../console/serve-console.js");
  const server = await serveConsole({
    connector,
    connectorLabel: input.module,
    projectDir: input.cwd,
    secrets,
    flowsDir: null,
    env: process.env,
    port,
    token,
    presetConnections: connections,
    reloadOnRestart: true,
    logLevel: level,
    logWrite: (line) => io.stderr(`${line}\n`),
  });
  cleanups.push(() => server.close());
  if (stopping) await stop();
  await report({ type: "serving", url: server.url, port: server.port, openUrl: server.openUrl });
} else if (!input.serve) await stop();
else {
  const { port, hostname, token, secrets: allowed } = input.serve;
  const logWrite = (line: string) => io.stderr(`${line}\n`);
  // Imported here: the HTTP host needs hono, an optional peer, only for --serve.
  const { serveHttp } = await import("../../hosts/http/http-host.js");
  const server = await serveHttp(connector, {
    port,
    hostname,
    token,
    secrets: allowed,
    appflow: { secrets, logLevel: level, logWrite },
    lumos: { logLevel: level, logWrite },
  });
  cleanups.push(() => server.close());
  if (stopping) await stop();
  await report({ type: "serving", url: server.url, port: server.port });
}
