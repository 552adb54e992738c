import { DEFAULT_HTTP_PORT, serveHttp } from "../../hosts/http/http-host.js";
import { TOKEN_HEADER } from "../../hosts/http/request-guard.js";
import { COMMON_FLAGS, type Command, UsageError } from "../command.js";
import { CONNECTION_NAME_FLAG, commandTarget, shownModule, targetSecrets } from "../config/command-target.js";
import { logLevelFlag } from "../connection-flags.js";
import { loadConnectorModule } from "../load-connector.js";
import { fixedServeToken } from "../serve-token.js";

export { SERVE_TOKEN_ENV } from "../serve-token.js";

/** `connector serve`: the HTTP host (Lumos capabilities and AppFlow operations) for local development. */
export const serveCommand: Command = {
  name: "serve",
  usage: "[connector]",
  flags: {
    ...COMMON_FLAGS,
    port: {
      type: "string",
      short: "p",
      valueName: "port",
      description: `Port to listen on; 0 picks a free one (default: ${DEFAULT_HTTP_PORT})`,
    },
    host: { type: "string", valueName: "address", description: "Address to listen on (default: 127.0.0.1)" },
    secret: {
      type: "string",
      multiple: true,
      valueName: "ref",
      description:
        "A secret reference AppFlow requests may name as credentials.secretArn: env:NAME, file:path or a Secrets Manager ARN (repeatable; default: none, no request can read a secret)",
    },
    ...CONNECTION_NAME_FLAG,
    "allow-host": {
      type: "string",
      multiple: true,
      valueName: "name",
      description:
        "A Host header name to answer besides localhost, 127.0.0.1, ::1 and --host (repeatable; default: none)",
    },
    "log-level": {
      type: "string",
      valueName: "level",
      description: "debug, info, warn, error or silent (default: info), on stderr",
    },
  },
  examples: [
    "connector serve src/connector.ts",
    "connector serve src/connector.ts --port 9000 --secret env:SHOP_SECRET",
    "connector serve --connection staging   # connector.config.ts: its connector, and the connection's secret may be named",
    `curl -s localhost:8000/list_accounts -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' -d '{"auth":{"token":{"token":"…"}},"request":{},"settings":{}}'`,
  ],
  async run({ positionals, flags }, io) {
    const usage = "connector serve <connector> [--port 8000] [--secret <ref>]";
    const target = await commandTarget(positionals, flags, io.cwd, { positionalCount: 1, usage });
    if (target.rest.length > 0) throw new UsageError(`Usage: ${usage}`);
    const module = shownModule(target, io.cwd);
    const portText = (flags["port"] as string | undefined) ?? String(DEFAULT_HTTP_PORT);
    const port = Number(portText);
    if (!/^\d+$/.test(portText) || port > 65535)
      throw new UsageError(`--port must be 0 to 65535, got "${portText}"`);
    // The connection's secret joins those requests may name; settings travel in each request.
    const secrets = [
      ...new Set([
        ...((flags["secret"] as string[] | undefined) ?? []),
        ...(target.connection?.secret ? [target.connection.secret] : []),
      ]),
    ];
    if (secrets.some((ref) => ref.trim() === "")) throw new UsageError("--secret needs a reference");
    const fixedToken = fixedServeToken(io.env);
    const level = logLevelFlag(flags["log-level"], "info");
    const logWrite = (line: string) => io.stderr(`${line}\n`);
    const { connector, dispose } = await loadConnectorModule(target.module, io.cwd);
    const server = await serveHttp(connector, {
      port,
      hostname: (flags["host"] as string | undefined) ?? "127.0.0.1",
      allowedHosts: (flags["allow-host"] as string[] | undefined) ?? [],
      ...(fixedToken !== undefined ? { token: fixedToken } : {}),
      secrets,
      appflow: { secrets: targetSecrets(target, io.cwd, io.env), logLevel: level, logWrite },
      lumos: { logLevel: level, logWrite },
    });
    // The handlers are in place before the URL is printed: a client may stop the server as soon as it reads it.
    const stopped = new Promise<void>((resolve) => {
      const stop = () => {
        process.off("SIGINT", stop);
        process.off("SIGTERM", stop);
        // Close the server, then what the connector keeps open (pools, embedded databases).
        server
          .close()
          .catch(() => {})
          .then(() => dispose?.())
          .then(resolve, resolve);
      };
      process.on("SIGINT", stop);
      process.on("SIGTERM", stop);
    });
    const url = server.url;
    if (flags["json"]) io.stdout(`${JSON.stringify({ url, token: server.token, secrets })}\n`);
    else
      io.stdout(
        [
          `Serving ${module} on ${url}`,
          `  Token: ${server.token}`,
          `  Send it with every request as "Authorization: Bearer <token>" (or ${TOKEN_HEADER}), and JSON bodies:`,
          `  curl -s ${url}/lumos/info -H "authorization: Bearer ${server.token}"`,
          `  POST ${url}/<capability>          Lumos capabilities`,
          `  POST ${url}/appflow/<operation>  AppFlow operations`,
          `  GET  ${url}/openapi.json`,
          secrets.length > 0
            ? `  Secrets requests may name: ${secrets.join(", ")}`
            : "  Secrets: none (give --secret <ref> to let AppFlow requests use one)",
          "Press Ctrl+C to stop.",
          "",
        ].join("\n"),
      );
    await stopped;
    return 0;
  },
};
