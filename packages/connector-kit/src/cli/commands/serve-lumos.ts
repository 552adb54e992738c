import { DEFAULT_HTTP_PORT, serveHttp } from "../../hosts/http/http-host.js";
import { COMMON_FLAGS, type Command, UsageError } from "../command.js";
import { logLevelFlag } from "../connection-flags.js";
import { loadConnector } from "../load-connector.js";
import { localSecretResolver } from "../local-secrets.js";

/** `connector serve`: the HTTP host (Lumos capabilities and AppFlow operations) for local development. */
export const serveCommand: Command = {
  name: "serve",
  usage: "<connector>",
  flags: {
    ...COMMON_FLAGS,
    port: {
      type: "string",
      short: "p",
      valueName: "port",
      description: `Port to listen on; 0 picks a free one (default: ${DEFAULT_HTTP_PORT})`,
    },
    host: { type: "string", valueName: "address", description: "Address to listen on (default: 127.0.0.1)" },
    "log-level": {
      type: "string",
      valueName: "level",
      description: "debug, info, warn, error or silent (default: info), on stderr",
    },
  },
  examples: [
    "connector serve src/connector.ts",
    "connector serve src/connector.ts --port 9000",
    `curl -s localhost:8000/list_accounts -d '{"auth":{"token":{"token":"…"}},"request":{},"settings":{}}'`,
  ],
  async run({ positionals, flags }, io) {
    const [module] = positionals;
    if (!module) throw new UsageError("Usage: connector serve <connector> [--port 8000]");
    const portText = (flags["port"] as string | undefined) ?? String(DEFAULT_HTTP_PORT);
    const port = Number(portText);
    if (!/^\d+$/.test(portText) || port > 65535)
      throw new UsageError(`--port must be 0 to 65535, got "${portText}"`);
    const level = logLevelFlag(flags["log-level"], "info");
    const logWrite = (line: string) => io.stderr(`${line}\n`);
    const connector = await loadConnector(module, io.cwd);
    const server = await serveHttp(connector, {
      port,
      hostname: (flags["host"] as string | undefined) ?? "127.0.0.1",
      appflow: { secrets: localSecretResolver(io.cwd, io.env), logLevel: level, logWrite },
      lumos: { logLevel: level, logWrite },
    });
    if (flags["json"]) io.stdout(`${JSON.stringify({ url: server.url })}\n`);
    else
      io.stdout(
        `Serving ${module} on ${server.url}\n  POST ${server.url}/<capability>          Lumos capabilities\n  POST ${server.url}/appflow/<operation>  AppFlow operations\n  GET  ${server.url}/openapi.json\nPress Ctrl+C to stop.\n`,
      );
    await new Promise<void>((resolve) => {
      const stop = () => {
        process.off("SIGINT", stop);
        process.off("SIGTERM", stop);
        server.close().then(resolve, resolve);
      };
      process.on("SIGINT", stop);
      process.on("SIGTERM", stop);
    });
    return 0;
  },
};
