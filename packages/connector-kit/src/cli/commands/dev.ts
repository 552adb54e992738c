import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { dirname, extname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULT_CONSOLE_PORT } from "../../console/serve-console.js";
import { COMMON_FLAGS, type Command, type CommandIo, UsageError } from "../command.js";
import { CONNECTION_NAME_FLAG, commandTarget, flagsWithConnection } from "../config/command-target.js";
import { CONNECTION_FLAGS, logLevelFlag } from "../connection-flags.js";
import {
  DEV_CHECKS,
  type DevCheck,
  type DevWorkerInput,
  type DevWorkerMessage,
} from "../dev/dev-protocol.js";
import { watchSources } from "../dev/watch-sources.js";
import { fixedServeToken } from "../serve-token.js";
import { findTestConfig } from "./test.js";

/** Port of `connector dev --serve` (default): the one `connector serve` uses. */
const DEFAULT_DEV_PORT = 8000;
/** How long a reload's worker may take to stop before it is killed. */
const STOP_GRACE_MS = 5000;

/** The worker module next to this one, as built (.js) or as source (.ts, run with tsx). */
function workerFile(): string {
  const own = fileURLToPath(import.meta.url);
  return resolve(dirname(own), "../dev", `dev-worker${extname(own)}`);
}

/**
 * Node's flags for the worker: this process's (conditions, loaders), with tsx when the worker is TypeScript. A
 * loader named by package (`--import tsx`) is passed as the file it resolves to here, since the worker starts in
 * the project's directory, where that package may not be installed.
 */
function workerExecArgv(file: string): string[] {
  const resolved = (specifier: string) => {
    if (/^(\.|\/|file:|data:)/.test(specifier)) return specifier;
    try {
      return import.meta.resolve(specifier);
    } catch {
      return specifier;
    }
  };
  const argv: string[] = [];
  const given = process.execArgv;
  for (let i = 0; i < given.length; i++) {
    const arg = given[i]!;
    if (arg === "--import" && i + 1 < given.length) argv.push(arg, resolved(given[++i]!));
    else if (arg.startsWith("--import=")) argv.push(`--import=${resolved(arg.slice("--import=".length))}`);
    else argv.push(arg);
  }
  if (file.endsWith(".ts") && !argv.some((a) => a.includes("tsx")))
    argv.push("--import", import.meta.resolve("tsx"));
  return argv;
}

function clock(): string {
  return new Date().toTimeString().slice(0, 8);
}

/** Stops a worker: SIGTERM (it disposes the connector and closes its server), then SIGKILL after the grace time. */
async function stopWorker(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}

/** `connector dev`: watch, reload in a fresh process, check, print, optionally serve; Ctrl-C stops. */
export const devCommand: Command = {
  name: "dev",
  usage: "[connector]",
  flags: {
    ...COMMON_FLAGS,
    json: { type: "boolean", description: "Print one JSON line per event instead of readable lines" },
    ...CONNECTION_FLAGS,
    ...CONNECTION_NAME_FLAG,
    check: {
      type: "string",
      valueName: "kind",
      description:
        "What runs after each reload: quick (DescribeConnectorConfiguration and ListEntities, read-only), conformance (the whole suite, writes included, as `connector test`) or none (default: quick)",
    },
    serve: {
      type: "boolean",
      description:
        "Serve the reloaded connector over HTTP as `connector serve` does, on the same port and token across reloads",
    },
    console: {
      type: "boolean",
      description:
        "Open the reloaded connector in `connector console` (127.0.0.1, one port and token across reloads); the page reloads itself after each change",
    },
    port: {
      type: "string",
      short: "p",
      valueName: "port",
      description: `Port of --serve or --console; 0 picks a free one, kept across reloads (default: ${DEFAULT_DEV_PORT}, console ${DEFAULT_CONSOLE_PORT})`,
    },
    host: { type: "string", valueName: "address", description: "Address of --serve (default: 127.0.0.1)" },
    debounce: {
      type: "string",
      valueName: "ms",
      description: "Quiet time after the last change before reloading (default: 150)",
    },
    "log-level": {
      type: "string",
      valueName: "level",
      description: "Connector log level on stderr: debug, info, warn, error, silent (default: warn)",
    },
  },
  examples: [
    "connector dev src/connector.ts --setting baseUrl=http://127.0.0.1:3000/ --secret env:API_SECRET",
    "connector dev --connection local --serve   # connector.config.ts names the connector",
    "connector dev src/connector.ts --check conformance",
    "connector dev --console   # the console on the reloaded connector, the page reloading itself",
  ],
  async run({ positionals, flags }, io) {
    const usage = "connector dev <connector>";
    const target = await commandTarget(positionals, flags, io.cwd, { positionalCount: 1, usage });
    if (target.rest.length > 0) throw new UsageError(`Usage: ${usage}`);
    const module = resolve(io.cwd, target.module);
    if (!existsSync(module)) throw new UsageError(`No connector module at ${module}`);
    const check = (flags["check"] ?? "quick") as DevCheck;
    if (!DEV_CHECKS.includes(check)) throw new UsageError(`--check must be one of ${DEV_CHECKS.join(", ")}`);
    const debounceText = (flags["debounce"] as string | undefined) ?? "150";
    if (!/^\d+$/.test(debounceText))
      throw new UsageError(`--debounce must be milliseconds, got "${debounceText}"`);
    const logLevel = logLevelFlag(flags["log-level"], "warn");
    const json = flags["json"] === true;
    // As `connector test`: a TestConfig found next to the connector says how to connect, unless a connection
    // is named; only the flags given go over it.
    const connection =
      check === "conformance" && flags["connection"] === undefined && findTestConfig(module)
        ? undefined
        : target.connection;
    const connectionFlags = flagsWithConnection(flags, connection);
    let serve: DevWorkerInput["serve"];
    if (flags["serve"] === true) {
      const portText = (flags["port"] as string | undefined) ?? String(DEFAULT_DEV_PORT);
      if (!/^\d+$/.test(portText) || Number(portText) > 65535)
        throw new UsageError(`--port must be 0 to 65535, got "${portText}"`);
      const secret = connectionFlags["secret"] as string | undefined;
      serve = {
        port: Number(portText),
        hostname: (flags["host"] as string | undefined) ?? "127.0.0.1",
        // One token for the whole session, so a client keeps working across reloads.
        token: fixedServeToken(io.env) ?? randomBytes(32).toString("base64url"),
        secrets: secret ? [secret] : [],
      };
    }
    let consoleInput: DevWorkerInput["console"];
    if (flags["console"] === true) {
      if (serve) throw new UsageError("--serve and --console cannot be used together");
      if (flags["host"] !== undefined)
        throw new UsageError("--host is an option of --serve (the console listens on 127.0.0.1 only)");
      const portText = (flags["port"] as string | undefined) ?? String(DEFAULT_CONSOLE_PORT);
      if (!/^\d+$/.test(portText) || Number(portText) > 65535)
        throw new UsageError(`--port must be 0 to 65535, got "${portText}"`);
      consoleInput = {
        port: Number(portText),
        // One token for the whole session: the page's cookie stays valid across reloads.
        token: randomBytes(32).toString("base64url"),
        connections: [...(target.config?.connections.values() ?? [])].map((c) => ({
          name: c.name,
          authenticationType: c.authType ?? null,
          apiVersion: c.apiVersion ?? null,
          settings: c.settings,
          secretRef: c.secret ?? null,
        })),
      };
    }
    if (!serve && !consoleInput && (flags["port"] !== undefined || flags["host"] !== undefined)) {
      throw new UsageError("--port and --host are options of --serve and --console");
    }
    const input: DevWorkerInput = {
      module,
      cwd: io.cwd,
      secretsDir: connection && target.config ? target.config.dir : io.cwd,
      flags: connectionFlags,
      check,
      logLevel,
      stderrIsTTY: io.stderrIsTTY === true,
      ...(serve ? { serve } : {}),
      ...(consoleInput ? { console: consoleInput } : {}),
    };
    const watched = dirname(module);
    const shown = relative(io.cwd, module) || module;
    if (!json)
      io.stdout(
        `Watching ${relative(io.cwd, watched) || "."} for ${shown} (check: ${check}${connection ? `, connection: ${connection.name}` : ""}). Ctrl-C stops.\n`,
      );
    return devLoop(io, input, watched, Number(debounceText), json);
  },
};

/** Runs the loop until SIGINT or SIGTERM; returns the exit status (0). */
async function devLoop(
  io: CommandIo,
  input: DevWorkerInput,
  watched: string,
  debounceMs: number,
  json: boolean,
) {
  const file = workerFile();
  const execArgv = workerExecArgv(file);
  let current: ChildProcess | undefined;
  let pending: Set<string> | null = new Set();
  let busy = false;
  let stopped = false;
  let reloads = 0;
  const print = (event: Record<string, unknown>, text: string) =>
    io.stdout(json ? `${JSON.stringify(event)}\n` : `[${clock()}] ${text}\n`);

  /** Starts a worker and waits for its check (or its end). */
  const start = (changed: string[]) =>
    new Promise<void>((done) => {
      const reload = ++reloads;
      if (changed.length > 0) print({ event: "changed", files: changed }, `changed: ${changed.join(", ")}`);
      const child = spawn(process.execPath, [...execArgv, file, JSON.stringify(input)], {
        cwd: input.cwd,
        env: io.env as NodeJS.ProcessEnv,
        stdio: ["ignore", "pipe", "pipe", "ipc"],
      });
      current = child;
      child.stdout?.setEncoding("utf8").on("data", (text: string) => io.stderr(text));
      child.stderr?.setEncoding("utf8").on("data", (text: string) => io.stderr(text));
      let checked = false;
      child.on("message", (message: DevWorkerMessage) => {
        if (message.type === "checked") {
          checked = true;
          const { type: _type, ...result } = message;
          print(
            { event: "checked", reload, changed, ...result },
            [
              `${message.ok ? "✓" : "✗"} ${message.summary} (${message.ms} ms)`,
              ...message.details.map((d) => `    ${d}`),
            ].join("\n"),
          );
          done();
        } else if (message.type === "serving") {
          // A port of 0 is chosen once; the next reloads serve on the same one.
          if (input.serve) input.serve.port = message.port;
          if (input.console) input.console.port = message.port;
          if (reload === 1 && input.console)
            print(
              { event: "console", url: message.url, openUrl: message.openUrl },
              `console on ${message.url}; open ${message.openUrl}`,
            );
          else if (reload === 1)
            print(
              { event: "serving", url: message.url, token: input.serve?.token },
              `serving on ${message.url} (token: ${input.serve?.token}; POST /appflow/<operation>, /<capability>)`,
            );
        }
      });
      child.on("exit", (code, signal) => {
        if (!checked && !stopped)
          print(
            {
              event: "checked",
              reload,
              changed,
              ok: false,
              summary: `the worker stopped (${signal ?? `exit ${code}`})`,
              details: [],
            },
            `✗ the worker stopped before its check (${signal ?? `exit ${code}`})`,
          );
        done();
      });
    });

  const drain = async () => {
    if (busy) return;
    busy = true;
    while (pending && !stopped) {
      const changed = [...pending];
      pending = null;
      await stopWorker(current);
      if (!stopped) await start(changed);
    }
    busy = false;
  };

  const unwatch = watchSources(
    watched,
    (files) => {
      pending ??= new Set();
      for (const f of files) pending.add(relative(input.cwd, join(watched, f)));
      void drain();
    },
    { debounceMs },
  );
  await new Promise<void>((resolveStop) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      stopped = true;
      unwatch();
      void stopWorker(current).then(() => resolveStop());
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
    void drain();
  });
  if (!json) io.stdout("Stopped.\n");
  return 0;
}
