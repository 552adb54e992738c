import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { DEFAULT_CONSOLE_PORT, type PresetConnection, serveConsole } from "../../console/serve-console.js";
import { COMMON_FLAGS, type Command, UsageError } from "../command.js";
import { commandTarget } from "../config/command-target.js";
import { CONNECTION_FLAGS, logLevelFlag, settingsFromFlags } from "../connection-flags.js";
import { loadConnectorModule } from "../load-connector.js";
import { secretsBeside } from "../secrets-beside.js";

/** Environment variable holding a fixed console token (default: a new random one per start). */
export const CONSOLE_TOKEN_ENV = "CONNECTOR_CONSOLE_TOKEN";

/** The connector module used when none is named: the one `connector init` writes. */
const DEFAULT_MODULE = "src/connector.ts";

/** `connector console`: a local web page to try a connector — connections, entities, queries, writes, tests, flows. */
export const consoleCommand: Command = {
  name: "console",
  usage: "[connector]",
  flags: {
    ...COMMON_FLAGS,
    ...CONNECTION_FLAGS,
    port: {
      type: "string",
      short: "p",
      valueName: "port",
      description: `Port to listen on, on 127.0.0.1 only; 0 picks a free one (default: ${DEFAULT_CONSOLE_PORT})`,
    },
    flows: {
      type: "string",
      valueName: "dir",
      description: "A directory of flow files to list and run in the console (default: none)",
    },
    "log-level": {
      type: "string",
      valueName: "level",
      description: "Connector log level on stderr: debug, info, warn, error or silent (default: warn)",
    },
  },
  examples: [
    "connector console",
    "connector console src/connector.ts --flows flows",
    "connector console src/connector.ts --secret env:SHOP_SECRET --setting region=eu   # a connection named cli",
    "connector console   # the project config's connector, its connections listed by name",
  ],
  async run({ positionals, flags }, io) {
    const usage = `connector console [connector] [--flows dir] [--port ${DEFAULT_CONSOLE_PORT}]`;
    // The connector: as given, else the project config's, else the one `connector init` writes.
    const options = { positionalCount: 1, usage, useDefaultConnection: false };
    const target = await commandTarget(positionals, flags, io.cwd, options).catch((error: unknown) => {
      if (!(error instanceof UsageError) || positionals.length > 0) throw error;
      if (!existsSync(resolve(io.cwd, DEFAULT_MODULE))) throw error;
      return commandTarget([DEFAULT_MODULE], flags, io.cwd, options);
    });
    const module = target.module;
    const portText = (flags["port"] as string | undefined) ?? String(DEFAULT_CONSOLE_PORT);
    const port = Number(portText);
    if (!/^\d+$/.test(portText) || port > 65535)
      throw new UsageError(`--port must be 0 to 65535, got "${portText}"`);
    const flowsFlag = flags["flows"] as string | undefined;
    const flowsDir = flowsFlag === undefined ? null : resolve(io.cwd, flowsFlag);
    if (flowsDir !== null && !existsSync(flowsDir)) throw new UsageError(`--flows: no directory ${flowsDir}`);
    const token = io.env[CONSOLE_TOKEN_ENV];
    if (token !== undefined && token.length < 16) {
      throw new UsageError(`${CONSOLE_TOKEN_ENV} must have at least 16 characters`);
    }
    // Every connection of the project config, and `cli` when connection flags are given.
    const presets: PresetConnection[] = [...(target.config?.connections.values() ?? [])].map((c) => ({
      name: c.name,
      authenticationType: c.authType ?? null,
      apiVersion: c.apiVersion ?? null,
      settings: c.settings,
      secretRef: c.secret ?? null,
    }));
    const settings = settingsFromFlags(flags);
    const secretRef = (flags["secret"] as string | undefined) ?? null;
    if (secretRef !== null || Object.keys(settings).length > 0) {
      presets.push({
        name: "cli",
        authenticationType: (flags["auth-type"] as string | undefined) ?? null,
        apiVersion: (flags["api-version"] as string | undefined) ?? null,
        settings,
        secretRef,
      });
    }
    const level = logLevelFlag(flags["log-level"], "warn");
    const { connector, dispose } = await loadConnectorModule(module, io.cwd);
    const server = await serveConsole({
      connector,
      connectorLabel: module,
      projectDir: io.cwd,
      // A config connection's relative file: reference is read next to the config first.
      secrets: secretsBeside(target.config ? target.config.dir : io.cwd, io.cwd, io.env),
      flowsDir,
      env: io.env,
      port,
      ...(token !== undefined ? { token } : {}),
      logLevel: level,
      logWrite: (line) => io.stderr(`${line}\n`),
      presetConnections: presets,
    });
    // The handlers are in place before the URL is printed: a client may stop the console as soon as it reads it.
    const stopped = new Promise<void>((done) => {
      const stop = () => {
        process.off("SIGINT", stop);
        process.off("SIGTERM", stop);
        server.close().then(done, done);
      };
      process.on("SIGINT", stop);
      process.on("SIGTERM", stop);
    });
    if (flags["json"]) io.stdout(`${JSON.stringify({ url: server.url, openUrl: server.openUrl })}\n`);
    else
      io.stdout(
        [
          `Console of ${module} on ${server.url}`,
          `  Open: ${server.openUrl}`,
          "  (the URL carries this session's token; the page keeps it in a cookie)",
          "Press Ctrl+C to stop.",
          "",
        ].join("\n"),
      );
    await stopped;
    await dispose?.();
    return 0;
  },
};
