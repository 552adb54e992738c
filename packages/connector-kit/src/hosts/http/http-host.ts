import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import type { Connector } from "../../core/define/define-connector.js";
import type { ConnectorHandlers } from "../../core/handlers.js";
import { REQUEST_TYPES, type RequestType } from "../../core/model/requests.js";
import { type AppFlowHostOptions, createAppFlowHost } from "../appflow/appflow-host.js";
import { hostError } from "../lumos/envelope.js";
import { createLumosHost, type LumosHostOptions } from "../lumos/lumos-host.js";

/** Options of {@link createHttpApp}. */
export interface HttpHostOptions {
  /** Options of the AppFlow host behind `POST /appflow/<operation>`. Default: the AppFlow host's defaults. */
  appflow?: AppFlowHostOptions;
  /**
   * Options of the Lumos host behind `POST /lumos/<capability>` and `POST /<capability>`. Default: the Lumos
   * host's defaults. The Lumos routes exist only for a `defineConnector` connector.
   */
  lumos?: LumosHostOptions;
  /** Largest request body accepted, in bytes; larger ones get 413. Default: 10 MiB. */
  maxBodyBytes?: number;
}

/** Default {@link HttpHostOptions.maxBodyBytes}: 10 MiB. */
export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;

/** The AppFlow request type an operation names: `QueryData`, `QueryDataRequest` or `query_data`. */
export function appFlowOperation(name: string): RequestType | null {
  const normalized = name.replace(/[-_]/g, "").toLowerCase();
  return (
    REQUEST_TYPES.find((t) => {
      const lower = t.toLowerCase();
      return lower === normalized || lower === `${normalized}request`;
    }) ?? null
  );
}

function isConnector(value: Connector | ConnectorHandlers): value is Connector {
  return "definition" in value && "handlers" in value;
}

const JSON_TYPE = { "content-type": "application/json; charset=utf-8" };

/**
 * The HTTP app of a connector, for local development (a Hono app: serve it with {@link serveHttp}, or
 * mount it in another Hono app). Routes:
 *
 * - `POST /lumos/<capability>` and `POST /<capability>` (also `/<app_id>/<capability>`; dashes read as
 *   underscores): the body is the Lumos request envelope; the answer is the Lumos envelope with status 200,
 *   also for an error envelope (as the Lumos SDK's server does); 404 with a `not_implemented` envelope for
 *   a capability the connector does not serve;
 * - `GET /lumos/info`: the info document; `GET /openapi.json`: the OpenAPI document of the capabilities;
 * - `POST /appflow/<operation>` (`QueryData`, `QueryDataRequest`, `query_data`, …): the body is the
 *   AppFlow request without `type`; the answer is the AppFlow response with status 200;
 * - `GET /health`: `{"status":"ok"}`.
 */
export function createHttpApp(connector: Connector | ConnectorHandlers, options: HttpHostOptions = {}): Hono {
  const appflow = createAppFlowHost(connector, options.appflow);
  const lumos = isConnector(connector) ? createLumosHost(connector, options.lumos) : null;
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const app = new Hono();

  const readBody = async (request: Request): Promise<string | null> => {
    const declared = Number(request.headers.get("content-length") ?? "0");
    if (declared > maxBody) return null;
    const text = await request.text();
    return Buffer.byteLength(text) > maxBody ? null : text;
  };
  const tooLarge = () =>
    new Response(JSON.stringify({ error: `The request body exceeds ${maxBody} bytes` }), {
      status: 413,
      headers: JSON_TYPE,
    });

  app.get("/health", (c) => c.json({ status: "ok" }));

  app.post("/appflow/:operation", async (c) => {
    const type = appFlowOperation(c.req.param("operation"));
    if (!type) {
      return c.json(
        { error: `Unknown AppFlow operation ${c.req.param("operation")}`, operations: [...REQUEST_TYPES] },
        404,
      );
    }
    const text = await readBody(c.req.raw);
    if (text === null) return tooLarge();
    let body: unknown = {};
    if (text.trim() !== "") {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    const event =
      body !== null && typeof body === "object" && !Array.isArray(body) ? { ...body, type } : body;
    return c.json(await appflow.invoke(event));
  });

  if (lumos) {
    const handleLumos = async (capability: string, request: Request): Promise<Response> => {
      const name = capability.replace(/-/g, "_");
      if (!lumos.capabilities.includes(name)) {
        const envelope = hostError(
          lumos.app.appId,
          "not_implemented",
          `Capability '${name}' is not implemented`,
        );
        return new Response(JSON.stringify(envelope), { status: 404, headers: JSON_TYPE });
      }
      const text = await readBody(request);
      if (text === null) return tooLarge();
      const result = await lumos.handle(name, text);
      return new Response(result.text, { status: 200, headers: JSON_TYPE });
    };
    app.get("/lumos/info", () => new Response(lumos.info().text, { headers: JSON_TYPE }));
    app.get("/openapi.json", (c) => c.json(lumos.openApi()));
    app.post("/lumos/:capability", (c) => handleLumos(c.req.param("capability"), c.req.raw));
    app.post(`/${lumos.app.appId}/:capability`, (c) => handleLumos(c.req.param("capability"), c.req.raw));
    app.post("/:capability", (c) => handleLumos(c.req.param("capability"), c.req.raw));
  }
  app.notFound((c) => c.json({ error: `No route ${c.req.method} ${new URL(c.req.url).pathname}` }, 404));
  return app;
}

/** A running HTTP server. */
export interface HttpServer {
  /** `http://<hostname>:<port>`. */
  readonly url: string;
  readonly port: number;
  /** Stops accepting connections and closes open ones. */
  close(): Promise<void>;
}

/** Options of {@link serveHttp}. */
export interface ServeHttpOptions extends HttpHostOptions {
  /** Default: 8000. 0 picks a free port. */
  port?: number;
  /** Default: `127.0.0.1` (local development: not reachable from other machines). */
  hostname?: string;
}

/** Default {@link ServeHttpOptions.port}: 8000 (as the Lumos SDK's development server). */
export const DEFAULT_HTTP_PORT = 8000;

/** Serves {@link createHttpApp} with Node's HTTP server (through `@hono/node-server`). */
export async function serveHttp(
  connector: Connector | ConnectorHandlers,
  options: ServeHttpOptions = {},
): Promise<HttpServer> {
  const app = createHttpApp(connector, options);
  const hostname = options.hostname ?? "127.0.0.1";
  return new Promise<HttpServer>((resolve, reject) => {
    const server = serve(
      { fetch: app.fetch, port: options.port ?? DEFAULT_HTTP_PORT, hostname },
      (info: AddressInfo) => {
        const host = info.family === "IPv6" ? `[${info.address}]` : info.address;
        resolve({
          url: `http://${host}:${info.port}`,
          port: info.port,
          close: () =>
            new Promise<void>((done, fail) => {
              if ("closeAllConnections" in server) server.closeAllConnections();
              server.close((error) => (error ? fail(error) : done()));
            }),
        });
      },
    );
    server.once("error", reject);
  });
}
