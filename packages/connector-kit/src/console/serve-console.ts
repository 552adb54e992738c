import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import type { ConnectorHandlers } from "../core/handlers.js";
import type { LogLevel } from "../core/log/logger.js";
import { missingPeer } from "../core/peer-dependency.js";
import type { SecretResolver } from "../core/secrets/secret-resolver.js";
import type { Connector } from "../define/define-connector.js";
import { createToken } from "../hosts/http/request-guard.js";
import { ConnectionStore } from "./connection-store.js";
import { createConsoleApp } from "./console-app.js";
import { ConsoleGuard } from "./console-guard.js";
import { FlowRuns } from "./flow-runs.js";

/** Options of {@link serveConsole}. */
export interface ServeConsoleOptions {
  connector: Connector | ConnectorHandlers;
  /** The connector module as the user named it. */
  connectorLabel: string;
  /** The project directory: connections and their secret files go in its `.connector/console/`. */
  projectDir: string;
  /** Resolves secret references; it is asked only for the saved connections' references. */
  secrets: SecretResolver;
  /** The flows directory; null or absent for no Flows section. Default: none. */
  flowsDir?: string | null;
  /** The environment flows' `env:` references read. Default: `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Port; 0 picks a free one. Default: 8400. */
  port?: number;
  /** Host names accepted in `Host` besides the loopback ones. Default: none. */
  allowedHosts?: readonly string[];
  /** The session's token. Default: a new random one (256 bits). */
  token?: string;
  /**
   * Connections listed for this session only — the project config's named connections, and `cli` from the
   * command line's connection flags — their secrets the references given, never written. Default: none.
   */
  presetConnections?: readonly PresetConnection[];
  /**
   * The page reloads itself when the console behind its port restarts (`connector dev --console` restarts it
   * on every change of the connector). Default: false.
   */
  reloadOnRestart?: boolean;
  /** The connector's log level. Default: `"warn"`. */
  logLevel?: LogLevel;
  /** Where log lines go. Default: none. */
  logWrite?: (line: string) => void;
}

/** A connection the console lists without saving it (see {@link ServeConsoleOptions.presetConnections}). */
export interface PresetConnection {
  name: string;
  authenticationType: string | null;
  apiVersion: string | null;
  settings: Record<string, string>;
  /** A secret reference (env:, file:, an ARN), or null. */
  secretRef: string | null;
}

/** Default {@link ServeConsoleOptions.port}: 8400. */
export const DEFAULT_CONSOLE_PORT = 8400;

/** A running console. */
export interface ConsoleServer {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** The URL to open: it carries the token once, which the page trades for a cookie. */
  readonly openUrl: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

/**
 * Serves the console on 127.0.0.1 only (never another address: it holds the developer's secrets), through
 * Node's HTTP server. The port is known only once bound, and the guard's cookie is named after it.
 */
export async function serveConsole(options: ServeConsoleOptions): Promise<ConsoleServer> {
  const { serve } = await import("@hono/node-server").catch(
    missingPeer("@hono/node-server", "The console (connector console)", { dev: true }),
  );
  const hostname = "127.0.0.1";
  const token = options.token ?? createToken();
  const connections = await ConnectionStore.open(options.projectDir);
  for (const preset of options.presetConnections ?? []) {
    connections.addReference(preset.name, preset, preset.secretRef);
  }
  const flows = options.flowsDir ? new FlowRuns(options.flowsDir, options.env ?? process.env) : null;
  // The app needs the port for its cookie's name, so it is made once the socket is bound.
  let app: ReturnType<typeof createConsoleApp> | undefined;
  return new Promise<ConsoleServer>((resolve, reject) => {
    const server = serve(
      {
        fetch: (request: Request) => (app ? app.fetch(request) : new Response("starting", { status: 503 })),
        port: options.port ?? DEFAULT_CONSOLE_PORT,
        hostname,
      },
      (info: AddressInfo) => {
        app = createConsoleApp({
          connector: options.connector,
          connectorLabel: options.connectorLabel,
          guard: new ConsoleGuard(token, info.port, [hostname, ...(options.allowedHosts ?? [])]),
          connections,
          secrets: options.secrets,
          flows,
          ...(options.reloadOnRestart ? { reload: { instance: randomUUID() } } : {}),
          ...(options.logLevel ? { logLevel: options.logLevel } : {}),
          ...(options.logWrite ? { logWrite: options.logWrite } : {}),
        });
        const url = `http://${hostname}:${info.port}`;
        resolve({
          url,
          openUrl: `${url}/?token=${encodeURIComponent(token)}`,
          port: info.port,
          token,
          close: async () => {
            await new Promise<void>((done, fail) => {
              if ("closeAllConnections" in server) server.closeAllConnections();
              server.close((error) => (error ? fail(error) : done()));
            });
            await flows?.close();
          },
        });
      },
    );
    server.once("error", reject);
  });
}
