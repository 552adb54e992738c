import { Hono } from "hono";
import type { ConnectorHandlers } from "../core/handlers.js";
import { MAX_RESPONSE_BYTES, OPERATION_TIME_LIMIT_MS } from "../core/limits.js";
import type { LogLevel } from "../core/log/logger.js";
import type { SecretResolver } from "../core/secrets/secret-resolver.js";
import { identityCapabilitiesOf } from "../define/capabilities.js";
import type { Connector } from "../define/define-connector.js";
import { createHttpApp } from "../hosts/http/http-host.js";
import { readBodyLimited } from "../hosts/http/request-guard.js";
import { clientAssets } from "./client-bundle.js";
import { type ConformanceEvent, runConsoleConformance } from "./conformance-run.js";
import { ConnectionInputError, type ConnectionStore, parseConnectionInput } from "./connection-store.js";
import type { ConsoleGuard } from "./console-guard.js";
import { consolePage } from "./console-page.js";
import type { FlowRuns } from "./flow-runs.js";

/** Options of {@link createConsoleApp}. */
export interface ConsoleAppOptions {
  connector: Connector | ConnectorHandlers;
  /** The connector module as the user named it, shown in the page's title. */
  connectorLabel: string;
  /** The session's checks (token, Host, Origin). */
  guard: ConsoleGuard;
  /** The named connections, with their secret files. */
  connections: ConnectionStore;
  /** Resolves the connections' secret references (only those; the HTTP host refuses any other). */
  secrets: SecretResolver;
  /** The project's flows; null when the console was started without `--flows`. */
  flows: FlowRuns | null;
  /** Largest request body, in bytes. Default: 10 MiB (the HTTP host's). */
  maxBodyBytes?: number;
  /** The connector's log level. Default: `"warn"`. */
  logLevel?: LogLevel;
  /** Where the connector's log lines go. Default: none (dropped). */
  logWrite?: (line: string) => void;
  /**
   * Identifies this server's run, with `reloadOnChange`: the page reloads itself when a restarted server (a
   * reload of `connector dev --console`) answers with another. Default: none (the page never reloads).
   */
  reload?: { instance: string };
}

/** Default {@link ConsoleAppOptions.maxBodyBytes}: 10 MiB. */
export const DEFAULT_CONSOLE_BODY_BYTES = 10 * 1024 * 1024;

/** Headers of every console answer: nothing cached, no referrer (the opening URL holds the token), no framing. */
const SECURITY_HEADERS: Record<string, string> = {
  "cache-control": "no-store",
  "referrer-policy": "no-referrer",
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "content-security-policy":
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'",
};

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8" },
  });

/**
 * The console's HTTP app: the page and its assets, the console's own API (`/api/…`: connections, conformance,
 * flows), and the connector's HTTP host mounted at `/host/…` — the same AppFlow operations and Lumos
 * capabilities `connector serve` answers, through the same hosts. Every request passes the guard first; the
 * opening URL `/?token=…` trades the token for an HttpOnly, SameSite=Strict cookie and redirects to `/`.
 */
export function createConsoleApp(options: ConsoleAppOptions): Hono {
  const { guard, connections } = options;
  const maxBody = options.maxBodyBytes ?? DEFAULT_CONSOLE_BODY_BYTES;
  const logLevel = options.logLevel ?? "warn";
  const logWrite = options.logWrite ?? (() => {});
  // The Lumos section exists when the HTTP host serves Lumos: a connector with identity capabilities.
  const connector = options.connector;
  const hasLumos =
    "definition" in connector &&
    "handlers" in connector &&
    identityCapabilitiesOf(connector.definition).length > 0;

  // The HTTP host resolves only the references of saved connections: rebuilt when that list changes.
  let hostRefs = "";
  let host: Hono | undefined;
  const hostApp = (): Hono => {
    const refs = connections.secretRefs();
    if (!host || refs.join("\n") !== hostRefs) {
      hostRefs = refs.join("\n");
      host = createHttpApp(options.connector, {
        token: null, // the console's guard has checked the token already
        secrets: refs,
        maxBodyBytes: maxBody,
        appflow: { secrets: options.secrets, logLevel, logWrite },
        lumos: { logLevel, logWrite },
      });
    }
    return host;
  };

  const app = new Hono();
  app.use(async (c, next) => {
    const url = new URL(c.req.url);
    // The opening URL: the token leaves the address bar for a cookie scripts cannot read.
    if (c.req.method === "GET" && url.pathname === "/" && url.searchParams.has("token")) {
      const refused = guard.checkOrigin(c.req.raw);
      if (refused) return json(refused.status, { error: refused.message });
      if (!guard.isToken(url.searchParams.get("token") ?? "")) {
        return json(401, { error: "This token is not the one printed at start" });
      }
      return new Response(null, {
        status: 303,
        headers: {
          location: "/",
          "set-cookie": `${guard.cookie}=${url.searchParams.get("token")}; Path=/; HttpOnly; SameSite=Strict`,
          ...SECURITY_HEADERS,
        },
      });
    }
    const refused = guard.check(c.req.raw);
    if (refused) {
      return new Response(JSON.stringify({ error: refused.message }), {
        status: refused.status,
        headers: { "content-type": "application/json; charset=utf-8", ...SECURITY_HEADERS },
      });
    }
    await next();
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.res.headers.set(name, value);
  });

  const readJson = async (request: Request): Promise<{ body: unknown } | Response> => {
    const text = await readBodyLimited(request, maxBody);
    if (text === null) return json(413, { error: `The request body exceeds ${maxBody} bytes` });
    try {
      return { body: text.trim() === "" ? {} : JSON.parse(text) };
    } catch {
      return json(400, { error: "The request body is not JSON" });
    }
  };

  /** The saved connection a request's JSON body names (`connection`), or the error response saying why not. */
  const namedConnection = async (request: Request) => {
    const read = await readJson(request);
    if (read instanceof Response) return read;
    const name = (read.body as { connection?: unknown }).connection;
    const connection = typeof name === "string" ? connections.get(name) : undefined;
    return (
      connection ??
      json(404, { error: `No saved connection named ${JSON.stringify(name)}`, field: "connection" })
    );
  };

  app.get("/", (c) => c.html(consolePage(options.connectorLabel)));
  app.get("/assets/console.js", async () => {
    const { script } = await clientAssets();
    return new Response(script, { headers: { "content-type": "text/javascript; charset=utf-8" } });
  });
  app.get("/assets/console.css", async () => {
    const { style } = await clientAssets();
    return new Response(style, { headers: { "content-type": "text/css; charset=utf-8" } });
  });

  app.get("/api/session", () =>
    json(200, {
      connector: options.connectorLabel,
      lumos: hasLumos,
      flows: options.flows !== null,
      connections: connections.list(),
      limits: { maxResponseBytes: MAX_RESPONSE_BYTES, timeLimitsMs: OPERATION_TIME_LIMIT_MS },
      instance: options.reload?.instance ?? null,
    }),
  );

  app.put("/api/connections/:name", async (c) => {
    const read = await readJson(c.req.raw);
    if (read instanceof Response) return read;
    try {
      const saved = await connections.save(c.req.param("name"), parseConnectionInput(read.body));
      return json(200, saved);
    } catch (error) {
      if (error instanceof ConnectionInputError)
        return json(400, { error: error.message, field: error.field });
      throw error;
    }
  });

  app.post("/api/conformance", async (c) => {
    const connection = await namedConnection(c.req.raw);
    if (connection instanceof Response) return connection;
    const report = await runConsoleConformance(options.connector, connection, options.secrets);
    return json(200, report);
  });

  // The same run, streamed: one JSON event a line (NDJSON) — each check as it completes, then the report —
  // read by the page with fetch (EventSource cannot POST).
  app.post("/api/conformance/stream", async (c) => {
    const connection = await namedConnection(c.req.raw);
    if (connection instanceof Response) return connection;
    const encoder = new TextEncoder();
    const stream = new ReadableStream<Uint8Array>({
      start: async (controller) => {
        const send = (event: ConformanceEvent) => {
          try {
            controller.enqueue(encoder.encode(`${JSON.stringify(event)}\n`));
          } catch {
            // The page went away: the run finishes anyway, unread.
          }
        };
        try {
          const report = await runConsoleConformance(
            options.connector,
            connection,
            options.secrets,
            (check, index) => send({ type: "check", index, check }),
          );
          send({ type: "report", report });
        } catch (error) {
          send({ type: "error", error: error instanceof Error ? error.message : String(error) });
        }
        try {
          controller.close();
        } catch {
          // Already closed by a page that went away.
        }
      },
    });
    return new Response(stream, { headers: { "content-type": "application/x-ndjson; charset=utf-8" } });
  });

  if (options.flows) {
    const flows = options.flows;
    app.get("/api/flows", async () => json(200, await flows.list()));
    app.post("/api/flows/runs", async (c) => {
      const read = await readJson(c.req.raw);
      if (read instanceof Response) return read;
      const file = (read.body as { file?: unknown }).file;
      if (typeof file !== "string") return json(400, { error: "Name the flow file to run", field: "file" });
      const started = await flows.start(file);
      return "id" in started ? json(202, started) : json(404, started);
    });
    app.get("/api/flows/runs/:id", (c) => {
      const run = flows.progress(c.req.param("id"));
      return run ? json(200, run) : json(404, { error: `No run ${c.req.param("id")} in this session` });
    });
    app.get("/api/flows/history", async (c) => {
      const history = await flows.history(c.req.query("file") ?? "");
      return "runs" in history ? json(200, history) : json(404, history);
    });
  }

  // The connector's own HTTP host: `/host/appflow/<operation>`, `/host/lumos/<capability>`, `/host/lumos/info`.
  app.all("/host/*", (c) => {
    const url = new URL(c.req.url);
    url.pathname = url.pathname.slice("/host".length);
    const raw = c.req.raw;
    const init: RequestInit & { duplex?: "half" } = { method: raw.method, headers: raw.headers };
    if (raw.body) {
      init.body = raw.body;
      init.duplex = "half";
    }
    return hostApp().fetch(new Request(url, init));
  });

  app.notFound((c) => json(404, { error: `No route ${c.req.method} ${new URL(c.req.url).pathname}` }));
  app.onError((error) => {
    logWrite(JSON.stringify({ level: "error", message: `console: ${error.message}` }));
    return json(500, { error: error.message });
  });
  return app;
}
