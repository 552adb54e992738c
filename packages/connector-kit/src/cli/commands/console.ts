import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { DEFAULT_CONSOLE_PORT, serveConsole } from "../../console/serve-console.js";
import { COMMON_FLAGS, type Command, UsageError } from "../command.js";
import { CONNECTION_FLAGS, logLevelFlag, settingsFromFlags } from "../connection-flags.js";
import { loadConnectorModule } from "../load-connector.js";
import { localSecretResolver } from "../local-secrets.js";

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
  ],
  async run({ positionals, flags }, io) {
    const module =
      positionals[0] ?? (existsSync(resolve(io.cwd, DEFAULT_MODULE)) ? DEFAULT_MODULE : undefined);
    if (!module)
      throw new UsageError(
        `Usage: connector console [connector] [--flows dir] [--port ${DEFAULT_CONSOLE_PORT}]`,
      );
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
    const settings = settingsFromFlags(flags);
    const secretRef = (flags["secret"] as string | undefined) ?? null;
    const level = logLevelFlag(flags["log-level"], "warn");
    const { connector, dispose } = await loadConnectorModule(module, io.cwd);
    const server = await serveConsole({
      connector,
      connectorLabel: module,
      projectDir: io.cwd,
      secrets: localSecretResolver(io.cwd, io.env),
      flowsDir,
      env: io.env,
      port,
      ...(token !== undefined ? { token } : {}),
      logLevel: level,
      logWrite: (line) => io.stderr(`${line}\n`),
      ...(secretRef !== null || Object.keys(settings).length > 0
        ? {
            commandLineConnection: {
              authenticationType: (flags["auth-type"] as string | undefined) ?? null,
              apiVersion: (flags["api-version"] as string | undefined) ?? null,
              settings,
              secretRef,
            },
          }
        : {}),
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
    await new Promise<void>((done) => {
      const stop = () => {
        process.off("SIGINT", stop);
        process.off("SIGTERM", stop);
        server.close().then(done, done);
      };
      process.on("SIGINT", stop);
      process.on("SIGTERM", stop);
    });
    await dispose?.();
    return 0;
  },
};
