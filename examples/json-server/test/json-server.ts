/**
 * Starts the real `json-server` (0.17) on 127.0.0.1 with a seeded in-memory database, behind a middleware
 * that requires an API key (header `X-Api-Key` or query `api_key`) and injects faults on demand.
 */
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";

const require = createRequire(import.meta.url);

/** The faults the middleware can inject. `drop` destroys the socket without an answer. */
export type FaultKind = "429" | "503" | "slow" | "drop";

export interface FaultPlan {
  /** Every n-th request gets a fault (1 = every request). */
  every: number;
  /** Requests left alone before the plan starts. Default: 0. */
  after?: number;
  /** Faults used in turn. */
  kinds: FaultKind[];
  /** `Retry-After` seconds sent with 429 and 503. Default: 1. */
  retryAfter?: number;
  /** Delay of a slow response, ms. Default: 300. */
  slowMs?: number;
  /**
   * Methods whose connections may be dropped. Default: GET and HEAD (a dropped POST may have been applied,
   * so no client can retry it safely).
   */
  dropMethods?: string[];
}

export interface JsonServerHandle {
  readonly url: string;
  readonly apiKey: string;
  /** The database the router serves (mutated by writes). */
  readonly db: Record<string, unknown>;
  /** Requests seen (method, path with query, api key removed). */
  readonly requests: Array<{ method: string; url: string }>;
  /** Faults injected so far, by kind. */
  readonly injected: Record<FaultKind, number>;
  /** Turns the periodic faults on (or off with null). */
  setFaults(plan: FaultPlan | null): void;
  /** The next requests get these faults, in order, before any plan. */
  queueFaults(...kinds: FaultKind[]): void;
  close(): Promise<void>;
}

interface JsonServerModule {
  create(): ExpressApp;
  router(db: Record<string, unknown>): Handler;
  defaults(options: { logger: boolean; noCors?: boolean }): Handler[];
}
type Handler = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;
interface ExpressApp {
  use(...handlers: Array<Handler | Handler[]>): void;
  listen(port: number, host: string, callback: () => void): Server;
}

const DATES = ["2024-01-05", "2024-02-10", "2024-03-01", "2024-03-04", "2024-04-20"];

/** A seeded database: posts (every JSON type), comments, users, and a singular resource (not an entity). */
export function seedDatabase(posts = 25): Record<string, unknown> {
  return {
    posts: Array.from({ length: posts }, (_, i) => ({
      id: i + 1,
      title: `Post ${i + 1}${i % 5 === 0 ? " (featured)" : ""}`,
      views: (i * 37) % 101,
      rating: i % 4 === 0 ? null : Math.round(((i * 13) % 50) * 1.5) / 10,
      published: i % 3 !== 0,
      createdAt: new Date(Date.UTC(2024, 0, 1 + i, 8, i % 60, 0)).toISOString(),
      day: DATES[i % DATES.length],
      tags: i % 2 === 0 ? ["news", `t${i % 4}`] : ["blog"],
      author: { name: `author ${i % 3}`, verified: i % 2 === 0 },
    })),
    comments: Array.from({ length: 12 }, (_, i) => ({
      id: i + 1,
      postId: (i % 5) + 1,
      body: `Comment ${i + 1}: ${i % 2 ? "agree" : "disagree"} [really?] (1+1)`,
    })),
    users: [
      { id: 1, name: "Ada", email: "ada@example.com" },
      { id: 2, name: "Linus", email: "linus@example.com" },
      { id: 3, name: "Grace", email: "grace@example.com" },
    ],
    profile: { name: "typicode" },
  };
}

/** Starts json-server on a loopback port: `port`, by default an ephemeral one. */
export async function startJsonServer(
  options: { db?: Record<string, unknown>; apiKey?: string; port?: number } = {},
): Promise<JsonServerHandle> {
  const jsonServer = require("json-server") as JsonServerModule;
  const db = options.db ?? seedDatabase();
  const apiKey = options.apiKey ?? "jsk_test_0123456789abcdef";
  const app = jsonServer.create();
  const requests: Array<{ method: string; url: string }> = [];
  const injected: Record<FaultKind, number> = { "429": 0, "503": 0, slow: 0, drop: 0 };
  let plan: FaultPlan | null = null;
  const queue: FaultKind[] = [];
  let counter = 0;
  let turn = 0;

  const nextFault = (method: string): FaultKind | null => {
    const queued = queue.shift();
    if (queued) return queued;
    if (!plan) return null;
    counter++;
    const after = plan.after ?? 0;
    if (counter <= after || (counter - after) % plan.every !== 0) return null;
    let kind = plan.kinds[turn++ % plan.kinds.length]!;
    if (kind === "drop" && !(plan.dropMethods ?? ["GET", "HEAD"]).includes(method)) kind = "503";
    return kind;
  };

  const guard: Handler = (req, res, next) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const key = req.headers["x-api-key"] ?? url.searchParams.get("api_key");
    url.searchParams.delete("api_key");
    requests.push({ method: req.method ?? "GET", url: `${url.pathname}${url.search}` });
    const query = (req as IncomingMessage & { query?: Record<string, unknown> }).query;
    if (query) delete query["api_key"];
    if (key !== apiKey) {
      res.writeHead(401, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: "missing or wrong API key" }));
      return;
    }
    const fault = nextFault(req.method ?? "GET");
    if (fault === null) return next();
    injected[fault]++;
    const retryAfter = String(plan?.retryAfter ?? 1);
    switch (fault) {
      case "429":
        res.writeHead(429, { "content-type": "application/json", "retry-after": retryAfter });
        res.end(JSON.stringify({ error: "rate limited" }));
        return;
      case "503":
        res.writeHead(503, { "content-type": "application/json", "retry-after": retryAfter });
        res.end(JSON.stringify({ error: "unavailable" }));
        return;
      case "slow":
        setTimeout(next, plan?.slowMs ?? 300);
        return;
      case "drop":
        req.socket.destroy();
        return;
    }
  };

  app.use(jsonServer.defaults({ logger: false, noCors: true }));
  app.use(guard);
  app.use(jsonServer.router(db));
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(options.port ?? 0, "127.0.0.1", () => resolve(s));
    s.once("error", reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    db,
    requests,
    injected,
    setFaults(next) {
      plan = next;
      counter = 0;
      turn = 0;
    },
    queueFaults(...kinds) {
      queue.push(...kinds);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
