import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import type { ConnectorHandlers } from "../../core/handlers.js";
import { dataCapabilitiesOf, identityCapabilitiesOf } from "../../define/capabilities.js";
import type { Connector } from "../../define/define-connector.js";
import { type AppFlowHostOptions, createAppFlowHost } from "../appflow/appflow-host.js";
import { OPERATION_NAMES, operationNamed } from "../appflow/operation-name.js";
import { defaultSecretResolver } from "../appflow/secrets/default-secret-resolver.js";
import { createLumosHost, type LumosHostOptions } from "../lumos/lumos-host.js";
import { AllowedSecretsResolver } from "./allowed-secrets.js";
import {
  allowedHostCheck,
  createToken,
  isCrossOrigin,
  isJsonContentType,
  readBodyLimited,
  tokenChecker,
} from "./request-guard.js";

/** Options of {@link createHttpApp}. */
export interface HttpHostOptions {
  /**
   * The token every request but `GET /health` must carry, as `Authorization: Bearer <token>` or an
   * `X-Connector-Token` header (at least 16 characters; compared in constant time). Required: pass null
   * only when something in front of the app authenticates callers.
   */
  token: string | null;
  /**
   * Host names accepted in the `Host` header besides the loopback ones (`localhost`, `127.x.x.x`, `::1`);
   * any other host is refused with 403, which defeats DNS rebinding. Default: none.
   */
  allowedHosts?: readonly string[];
  /**
   * The secret references (`credentials.secretArn`) AppFlow requests may name, e.g. `env:SHOP_SECRET`;
   * any other reference is refused with `AccessDenied` before it is resolved. Default: none.
   */
  secrets?: readonly string[];
  /**
   * Options of the AppFlow host behind `POST /appflow/<operation>`. Default: the AppFlow host's defaults
   * (its `secrets` resolver reads only the references in {@link HttpHostOptions.secrets}).
   */
  appflow?: AppFlowHostOptions;
  /**
   * Options of the Lumos host behind `POST /lumos/<capability>` and `POST /<capability>`. Default: the Lumos
   * host's defaults. The Lumos routes exist only for a `defineConnector` connector.
   */
  lumos?: LumosHostOptions;
  /** Largest request body accepted, in bytes, counted while it streams in; larger ones get 413. Default: 10 MiB. */
  maxBodyBytes?: number;
}

/** Default {@link HttpHostOptions.maxBodyBytes}: 10 MiB. */
export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;

function isConnector(value: Connector | ConnectorHandlers): value is Connector {
  return "definition" in value && "handlers" in value;
}

const JSON_TYPE = { "content-type": "application/json; charset=utf-8" };

const errorResponse = (status: number, error: string, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify({ error }), { status, headers: { ...JSON_TYPE, ...headers } });

/**
 * The HTTP app of a connector, for local development (a Hono app: serve it with {@link serveHttp}, or
 * mount it in another Hono app). Routes:
 *
 * - `POST /lumos/<capability>` and `POST /<capability>` (also `/<app_id>/<capability>`; the name exactly,
 *   `list_resources`, never `list-resources`): the body is the Lumos request envelope; the answer is the
 *   Lumos envelope with status 200, also for an error envelope (as the Lumos SDK's server does); 404
 *   `{"detail":"Not Found"}` (FastAPI's) for a capability the connector does not serve;
 * - `GET /lumos/info`: the info document; `GET /openapi.json`: the OpenAPI document of the capabilities;
 * - `POST /appflow/<operation>` (`QueryData`, `QueryDataRequest`, `query_data`, …): the body is the
 *   AppFlow request without `type`; the answer is the AppFlow response with status 200;
 * - `GET /health`: `{"status":"ok"}`.
 *
 * Every request is checked first, because a local server holds the developer's secrets and any web page
 * can send requests to it: a `Host` that is not loopback or allowed gets 403 (DNS rebinding), a request
 * from a web page of another origin gets 403, one without the token gets 401 (except `GET /health`), a
 * `POST` whose `Content-Type` is not JSON gets 415 (forms and `text/plain` need no CORS preflight), and a
 * body over `maxBodyBytes` gets 413 as soon as it is reached.
 */
export function createHttpApp(connector: Connector | ConnectorHandlers, options: HttpHostOptions): Hono {
  const appflowOptions = options.appflow ?? {};
  const inner = appflowOptions.secrets === undefined ? defaultSecretResolver() : appflowOptions.secrets;
  // Each host serves what it can: a data-only connector has no Lumos routes, an identity-only one no AppFlow routes.
  const servesData = !isConnector(connector) || dataCapabilitiesOf(connector.definition).length > 0;
  const appflow = servesData
    ? createAppFlowHost(connector, {
        ...appflowOptions,
        secrets: inner ? new AllowedSecretsResolver(options.secrets ?? [], inner) : null,
      })
    : null;
  const lumos =
    isConnector(connector) && identityCapabilitiesOf(connector.definition).length > 0
      ? createLumosHost(connector, options.lumos)
      : null;
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const hostAllowed = allowedHostCheck(options.allowedHosts ?? []);
  const tokenValid = options.token === null ? null : tokenChecker(options.token);
  const app = new Hono();

  app.use(async (c, next) => {
    const headers = c.req.raw.headers;
    if (!hostAllowed(headers.get("host"))) return errorResponse(403, "This Host is not served");
    if (isCrossOrigin(headers)) return errorResponse(403, "Requests from other origins are refused");
    const open = c.req.method === "GET" && c.req.path === "/health";
    if (!open && tokenValid && !tokenValid(headers)) {
      return errorResponse(401, "Send the token printed at start as Authorization: Bearer <token>", {
        "www-authenticate": "Bearer",
      });
    }
    if (
      c.req.method !== "GET" &&
      c.req.method !== "HEAD" &&
      !isJsonContentType(headers.get("content-type"))
    ) {
      return errorResponse(415, "Send the body as Content-Type: application/json");
    }
    await next();
  });

  // The request is left partly unread: closing the connection stops the client sending the rest.
  const tooLarge = () =>
    errorResponse(413, `The request body exceeds ${maxBody} bytes`, { connection: "close" });
  const readBody = (request: Request) => readBodyLimited(request, maxBody);

  app.get("/health", (c) => c.json({ status: "ok" }));

  app.post("/appflow/:operation", async (c) => {
    if (!appflow) {
      return c.json(
        { error: "This connector has no data capabilities: it serves only the Lumos routes" },
        404,
      );
    }
    const type = operationNamed(c.req.param("operation"));
    if (!type) {
      return c.json(
        { error: `Unknown AppFlow operation ${c.req.param("operation")}`, operations: OPERATION_NAMES },
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
    const handleLumos = async (name: string, request: Request): Promise<Response> => {
      // Lumos' server has one route per capability, spelled exactly (no dashes), and FastAPI's 404 elsewhere.
      if (!lumos.capabilities.includes(name)) {
        return new Response(JSON.stringify({ detail: "Not Found" }), { status: 404, headers: JSON_TYPE });
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
  /** The token requests must carry (see {@link HttpHostOptions.token}); null when none is checked. */
  readonly token: string | null;
  /** Stops accepting connections and closes open ones. */
  close(): Promise<void>;
}

/** Options of {@link serveHttp}. */
export interface ServeHttpOptions extends Omit<HttpHostOptions, "token"> {
  /** Default: 8000. 0 picks a free port. */
  port?: number;
  /** Default: `127.0.0.1` (local development: not reachable from other machines). */
  hostname?: string;
  /**
   * The token requests must carry (see {@link HttpHostOptions.token}). Default: a new random one (256 bits),
   * returned in {@link HttpServer.token}. Null turns the check off: only behind something that authenticates.
   */
  token?: string | null;
}

/** Default {@link ServeHttpOptions.port}: 8000 (as the Lumos SDK's development server). */
export const DEFAULT_HTTP_PORT = 8000;

/**
 * Serves {@link createHttpApp} with Node's HTTP server (through `@hono/node-server`). The address it is
 * bound to is an allowed `Host` besides the loopback names.
 */
export async function serveHttp(
  connector: Connector | ConnectorHandlers,
  options: ServeHttpOptions = {},
): Promise<HttpServer> {
  const hostname = options.hostname ?? "127.0.0.1";
  const token = options.token === undefined ? createToken() : options.token;
  const app = createHttpApp(connector, {
    ...options,
    token,
    allowedHosts: [...(options.allowedHosts ?? []), hostname],
  });
  return new Promise<HttpServer>((resolve, reject) => {
    const server = serve(
      { fetch: app.fetch, port: options.port ?? DEFAULT_HTTP_PORT, hostname },
      (info: AddressInfo) => {
        const host = info.family === "IPv6" ? `[${info.address}]` : info.address;
        resolve({
          url: `http://${host}:${info.port}`,
          port: info.port,
          token,
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
