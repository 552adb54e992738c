import { readFileSync } from "node:fs";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { interfaceMembers, readmeExamples, runExample } from "../test-support/readme-examples.js";

const README = new URL("./README.md", import.meta.url);
const require = createRequire(import.meta.url);

// json-server 0.17 (the REST example's upstream), started as its own tests start it: an API-key guard and a
// fault queue in front of its router.
type Handler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
interface JsonServerModule {
  create(): {
    use(...handlers: Array<Handler | Handler[]>): void;
    listen(port: number, host: string, cb: () => void): Server;
  };
  router(db: Record<string, unknown>): Handler;
  defaults(options: { logger: boolean; noCors?: boolean }): Handler[];
}
type Fault = "429" | "503" | "drop";

const API_KEY = "readme-key-0123456789";
let server: Server;
let url = "";
let db: { posts: Array<{ id: number; title: string }> };
const seen: string[] = [];
const faults: Fault[] = [];

beforeAll(async () => {
  const jsonServer = require("json-server") as JsonServerModule;
  db = { posts: Array.from({ length: 25 }, (_, i) => ({ id: i + 1, title: `Post ${i + 1}` })) };
  const app = jsonServer.create();
  app.use(jsonServer.defaults({ logger: false, noCors: true }));
  app.use((req, res, next) => {
    seen.push(`${req.method} ${req.url}`);
    if (req.headers["x-api-key"] !== API_KEY) {
      res.writeHead(401, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: "missing or wrong API key" }));
      return;
    }
    const fault = faults.shift();
    if (fault === "drop") return void req.socket.destroy();
    if (fault) {
      res.writeHead(Number(fault), { "content-type": "application/json", "retry-after": "0" });
      res.end(JSON.stringify({ error: fault }));
      return;
    }
    next();
  });
  app.use(jsonServer.router(db));
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

describe("the README's example", () => {
  const code = readmeExamples(README).get("json-server")!;

  it("imports connector-kit/http as a user would", () => {
    expect(code).toMatch(/from "connector-kit\/http"/);
  });

  it("pages through json-server, creates a post and maps a 404, retrying through a 429, a 503 and a dropped connection", async () => {
    seen.length = 0;
    faults.push("429", "503", "drop");
    const run = await runExample(code, { env: { API_URL: url, API_KEY } });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split("\n");
    expect(lines).toEqual([
      "page 1: 10 posts, next token 2",
      "page 2: 10 posts, next token 3",
      "page 3: 5 posts, next token null",
      "25 posts",
      "created post 26",
      `HTTP 404 → ResourceNotFoundError (status): HTTP 404 from GET ${url}/posts/424242: {}`,
    ]);
    expect(faults).toEqual([]);
    // The first page took four attempts; the key travelled in the header, never in a URL.
    expect(seen.filter((line) => line === "GET /posts?_page=1&_limit=10")).toHaveLength(4);
    expect(seen.some((line) => line.includes(API_KEY))).toBe(false);
    expect(db.posts.at(-1)).toEqual({ id: 26, title: "Hello from connector-kit" });
  });

  it("fails with InvalidCredentials when the server refuses the key, without retrying", async () => {
    seen.length = 0;
    const run = await runExample(code, { env: { API_URL: url, API_KEY: "not-the-key-5150" } });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/HTTP 401 from GET http:\/\/127\.0\.0\.1:\d+\/posts: /);
    expect(run.stderr).toMatch(/code: 'InvalidCredentials'/);
    expect(run.stderr).not.toContain("not-the-key-5150");
    expect(seen).toEqual(["GET /posts?_page=1&_limit=10"]);
  });

  it("stops after its five attempts with ServiceUnavailable when the server keeps answering 503", async () => {
    seen.length = 0;
    faults.push(...Array<Fault>(50).fill("503"));
    try {
      const run = await runExample(code, { env: { API_URL: url, API_KEY } });
      expect(run.status).not.toBe(0);
      expect(run.stderr).toMatch(/Gave up on GET .*\/posts after 5 attempts; last: HTTP 503/);
      expect(run.stderr).toMatch(/code: 'ServiceUnavailable'/);
    } finally {
      faults.length = 0;
    }
  });
});

describe("the README's option tables", () => {
  const readme = readFileSync(README, "utf8");
  const sources: Record<string, string> = {
    HttpClientOptions: "./http-client.ts",
    HttpRequest: "./http-client.ts",
    RetryOptions: "./retry.ts",
    RateLimitOptions: "./rate-limiter.ts",
    AcquireOptions: "./rate-limiter.ts",
    RedactOptions: "./redact.ts",
    ApiKeyAuthOptions: "./auth.ts",
    OAuth2AccessTokenOptions: "./auth.ts",
    AuthFromCredentialsOptions: "./auth.ts",
    PaginateOptions: "./paginators.ts",
    CursorPaginatorOptions: "./paginators.ts",
    NextLinkPaginatorOptions: "./paginators.ts",
    OffsetPaginatorOptions: "./paginators.ts",
    PageNumberPaginatorOptions: "./paginators.ts",
    ErrorForStatusOptions: "./status-errors.ts",
    HttpErrorOptions: "./status-errors.ts",
  };

  it.each(Object.entries(sources))("lists every option of %s with a default", (name, source) => {
    const section = readme.split(`### \`${name}\``)[1]?.split("\n### ")[0];
    expect(section, `a section for ${name}`).toBeDefined();
    const rows = [...section!.matchAll(/^\| `(\w+)` \| ([^|]+) \|/gm)].map(([, option, fallback]) => ({
      option: option!,
      fallback: fallback!.trim(),
    }));
    expect(rows.map((r) => r.option).sort()).toEqual(
      interfaceMembers(new URL(source, import.meta.url), name).sort(),
    );
    for (const row of rows) expect(row.fallback, row.option).not.toBe("");
  });

  it("has a section for every exported options interface of the module", () => {
    const index = readFileSync(new URL("./index.ts", import.meta.url), "utf8");
    const exported = [...index.matchAll(/type (\w+Options)\b/g)].map(([, name]) => name!);
    for (const name of exported.filter((n) => n !== "HttpRequestOptions"))
      expect(Object.keys(sources)).toContain(name);
  });
});
