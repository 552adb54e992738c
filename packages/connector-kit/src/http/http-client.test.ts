import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ConnectorError } from "../core/errors/connector-error.js";
import { createJsonLogger } from "../core/log/logger.js";
import { lumosCodeOf } from "../identity/errors.js";
import {
  type AccessTokenProvider,
  apiKeyAuth,
  authFromCredentials,
  basicAuth,
  bearerToken,
  oauth2AccessToken,
} from "./auth.js";
import { createHttpClient } from "./http-client.js";
import type { HttpError } from "./status-errors.js";
import { delay, json, startTestServer, type TestServer } from "./test-support/test-server.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  server.inFlight.max = 0;
});

async function caught(promise: Promise<unknown>): Promise<HttpError> {
  try {
    await promise;
  } catch (error) {
    return error as HttpError;
  }
  throw new Error("expected a rejection");
}

/** Answers the n-th request (1-based) with `fail(n)` while it returns true, then 200. */
function failing(times: number, fail: (res: import("node:http").ServerResponse, n: number) => void) {
  let n = 0;
  server.handle((req, res) => {
    n++;
    if (n <= times) fail(res, n);
    else json(res, 200, { ok: true, path: req.url.pathname, n });
  });
}

describe("createHttpClient: requests", () => {
  it("joins paths to the base path, encodes segments and appends the query", async () => {
    server.handle((req, res) => json(res, 200, { path: req.url.pathname, search: req.url.search }));
    const client = createHttpClient({ baseUrl: `${server.url}/api/v1/` });
    const a = await client.get("/posts", { query: { a: 1, b: [true, "x y"], c: null } });
    expect(a.json()).toEqual({ path: "/api/v1/posts", search: "?a=1&b=true&b=x+y" });
    const b = await client.get(["posts", "a/b?c"]);
    expect(b.json<{ path: string }>().path).toBe("/api/v1/posts/a%2Fb%3Fc");
    expect(client.urlFor({ url: "/other?x=1" }).toString()).toBe(`${server.url}/other?x=1`);
  });

  it("sends JSON bodies with their content type", async () => {
    server.handle((req, res) =>
      json(res, 201, { got: JSON.parse(req.body), type: req.headers["content-type"] }),
    );
    const client = createHttpClient({ baseUrl: server.url });
    const response = await client.post("/posts", { title: "é" });
    expect(response.status).toBe(201);
    expect(response.json()).toEqual({ got: { title: "é" }, type: "application/json" });
  });

  it("maps error statuses to AppFlow and Lumos codes, with a safe message", async () => {
    const client = createHttpClient({ baseUrl: server.url, retry: false });
    for (const [status, code, lumos] of [
      [400, "InvalidArgument", "bad_request"],
      [401, "InvalidCredentials", "unauthorized"],
      [403, "AccessDenied", "permission_denied"],
      [404, "ResourceNotFoundError", "not_found"],
      [409, "ClientError", "api_error"],
      [501, "ServerError", "api_error"],
    ] as const) {
      server.handle((_req, res) => json(res, status, { error: "nope" }));
      const error = await caught(client.get("/x", { query: { api_key: "k" } }));
      expect(error).toBeInstanceOf(ConnectorError);
      expect(error.code).toBe(code);
      expect(lumosCodeOf(error)).toBe(lumos);
      expect(error.status).toBe(status);
      expect(error.message).toBe(`HTTP ${status} from GET ${server.url}/x: {"error":"nope"}`);
    }
  });

  it("returns accepted error statuses instead of throwing", async () => {
    server.handle((_req, res) => json(res, 404, { error: "gone" }));
    const client = createHttpClient({ baseUrl: server.url });
    const response = await client.get("/x", { acceptStatus: [404] });
    expect(response.status).toBe(404);
  });

  it("rejects a body that is not JSON with ServerError / invalid_response", async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<html>");
    });
    const client = createHttpClient({ baseUrl: server.url });
    const response = await client.get("/x");
    expect(response.text()).toBe("<html>");
    const error = await caught(Promise.resolve().then(() => response.json()));
    expect(error.code).toBe("ServerError");
    expect(lumosCodeOf(error)).toBe("invalid_response");
  });

  it("refuses bodies larger than maxResponseBytes", async () => {
    server.handle((_req, res) => {
      res.writeHead(200);
      res.write("x".repeat(600));
      res.end("x".repeat(600));
    });
    const client = createHttpClient({ baseUrl: server.url, maxResponseBytes: 1000 });
    expect((await caught(client.get("/big"))).message).toMatch(/exceeds 1000 bytes/);
  });
});

describe("createHttpClient: retries", () => {
  it("retries 429 honouring Retry-After (seconds)", async () => {
    failing(1, (res) => json(res, 429, {}, { "retry-after": "1" }));
    const client = createHttpClient({ baseUrl: server.url, retry: { baseDelayMs: 1 } });
    const start = Date.now();
    const response = await client.get("/x");
    expect(response.status).toBe(200);
    expect(response.attempts).toBe(2);
    const gap = server.requests[1]!.at - server.requests[0]!.at;
    expect(gap).toBeGreaterThanOrEqual(950);
    expect(Date.now() - start).toBeLessThan(2000);
  });

  it("retries 429 honouring Retry-After as an HTTP-date and X-RateLimit-Reset", async () => {
    failing(2, (res, n) =>
      n === 1
        ? json(res, 429, {}, { "retry-after": new Date(Date.now() + 1000).toUTCString() })
        : json(res, 429, {}, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": "0.2" }),
    );
    const client = createHttpClient({ baseUrl: server.url, retry: { baseDelayMs: 1 } });
    const response = await client.get("/x");
    expect(response.attempts).toBe(3);
    expect(server.requests[2]!.at - server.requests[1]!.at).toBeGreaterThanOrEqual(180);
  });

  it("retries 5xx with exponential backoff, then gives up with the status' code", async () => {
    server.handle((_req, res) => json(res, 500, { error: "boom" }));
    const waits: number[] = [];
    const client = createHttpClient({
      baseUrl: server.url,
      retry: { maxAttempts: 3, baseDelayMs: 20, jitter: "none" },
    });
    const error = await caught(client.get("/x"));
    expect(server.requests).toHaveLength(3);
    for (let i = 1; i < 3; i++) waits.push(server.requests[i]!.at - server.requests[i - 1]!.at);
    expect(waits[0]).toBeGreaterThanOrEqual(18);
    expect(waits[1]).toBeGreaterThanOrEqual(38);
    expect(error.code).toBe("ServiceUnavailable");
    expect(error.status).toBe(500);
    expect(error.attempts).toBe(3);
    expect(error.retryAfterSeconds).toBe(1);
  });

  it("never waits past the deadline: an endless 429 with a long Retry-After fails at once", async () => {
    server.handle((_req, res) => json(res, 429, { error: "slow down" }, { "retry-after": "120" }));
    const client = createHttpClient({ baseUrl: server.url });
    const start = Date.now();
    const error = await caught(client.get("/x", { deadline: Date.now() + 5000 }));
    expect(Date.now() - start).toBeLessThan(500);
    expect(error.code).toBe("RateLimitExceeded");
    expect(error.retryAfterSeconds).toBe(120);
    expect(lumosCodeOf(error)).toBe("rate_limit");
    expect(server.requests).toHaveLength(1);
  });

  it("stops backing off before the deadline with ServiceUnavailable", async () => {
    server.handle((_req, res) => json(res, 503, {}));
    const client = createHttpClient({
      baseUrl: server.url,
      retry: { maxAttempts: 50, baseDelayMs: 50, jitter: "none", safetyMs: 50 },
    });
    const start = Date.now();
    const deadline = start + 600;
    const error = await caught(client.get("/x", { deadline }));
    expect(Date.now()).toBeLessThan(deadline);
    expect(error.code).toBe("ServiceUnavailable");
    expect(lumosCodeOf(error)).toBe("bad_gateway");
    expect(server.requests.length).toBeGreaterThanOrEqual(3);
  });

  it("without a deadline, gives up when the server asks for more than maxServerWaitMs", async () => {
    server.handle((_req, res) => json(res, 429, {}, { "retry-after": "3600" }));
    const client = createHttpClient({ baseUrl: server.url });
    const error = await caught(client.get("/x"));
    expect(error.code).toBe("RateLimitExceeded");
    expect(error.retryAfterSeconds).toBe(3600);
  });

  it("times out slow attempts and retries them", async () => {
    let n = 0;
    server.handle(async (_req, res) => {
      n++;
      if (n === 1) await delay(400);
      json(res, 200, { n });
    });
    const client = createHttpClient({ baseUrl: server.url, timeoutMs: 100, retry: { baseDelayMs: 1 } });
    const response = await client.get("/x");
    expect(response.json()).toEqual({ n: 2 });
    expect(response.attempts).toBe(2);
  });

  it("fails with RequestTimeout when every attempt is too slow", async () => {
    server.handle(async (_req, res) => {
      await delay(300);
      json(res, 200, {});
    });
    const client = createHttpClient({
      baseUrl: server.url,
      timeoutMs: 50,
      retry: { maxAttempts: 2, baseDelayMs: 1 },
    });
    const error = await caught(client.get("/x"));
    expect(error.code).toBe("ServiceUnavailable");
    expect(lumosCodeOf(error)).toBe("connection_timeout");
    const late = await caught(client.get("/x", { deadline: Date.now() + 80, timeoutMs: 1000 }));
    expect(late.code).toBe("RequestTimeout");
  });

  it("retries a dropped connection for GET, not for POST", async () => {
    failing(1, (res) => res.socket?.destroy());
    const client = createHttpClient({ baseUrl: server.url, retry: { baseDelayMs: 1 } });
    expect((await client.get("/x")).attempts).toBe(2);
    failing(1, (res) => res.socket?.destroy());
    const error = await caught(client.post("/x", { a: 1 }));
    expect(error.code).toBe("ServiceUnavailable");
    expect(lumosCodeOf(error)).toBe("connection_closed");
    expect(server.requests).toHaveLength(3);
    failing(1, (res) => json(res, 503, {}));
    expect((await client.post("/x", { a: 1 })).attempts).toBe(2);
  });

  it("retries a refused connection even for POST, and names it", async () => {
    const gone = await startTestServer();
    const url = gone.url;
    await gone.close();
    const client = createHttpClient({ baseUrl: url, retry: { maxAttempts: 2, baseDelayMs: 1 } });
    const error = await caught(client.post("/x", {}));
    expect(error.code).toBe("ServiceUnavailable");
    expect(lumosCodeOf(error)).toBe("connection_rejected");
    expect(error.attempts).toBe(2);
  });

  it("stops waiting when the signal aborts", async () => {
    server.handle((_req, res) => json(res, 503, {}, { "retry-after": "10" }));
    const client = createHttpClient({ baseUrl: server.url });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const start = Date.now();
    const error = await caught(client.get("/x", { signal: controller.signal }));
    expect(Date.now() - start).toBeLessThan(1000);
    expect(error.code).toBe("RequestTimeout");
  });
});

describe("createHttpClient: rate limit", () => {
  it("paces requests with a token bucket", async () => {
    server.handle((_req, res) => json(res, 200, {}));
    const client = createHttpClient({ baseUrl: server.url, rateLimit: { requestsPerSecond: 20, burst: 1 } });
    const start = Date.now();
    await Promise.all(Array.from({ length: 6 }, () => client.get("/x")));
    const elapsed = Date.now() - start;
    expect(elapsed).toBeGreaterThanOrEqual(240); // 5 waits of 50 ms
    const times = server.requests.map((r) => r.at).sort((a, b) => a - b);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(35);
  });

  it("caps concurrent requests", async () => {
    server.handle(async (_req, res) => {
      await delay(40);
      json(res, 200, {});
    });
    const client = createHttpClient({ baseUrl: server.url, rateLimit: { maxConcurrent: 2 } });
    await Promise.all(Array.from({ length: 8 }, () => client.get("/x")));
    expect(server.inFlight.max).toBe(2);
    expect(client.limiter?.active).toBe(0);
  });

  it("fails fast when the rate limit leaves no time before the deadline", async () => {
    server.handle((_req, res) => json(res, 200, {}));
    const client = createHttpClient({ baseUrl: server.url, rateLimit: { requestsPerSecond: 1, burst: 1 } });
    await client.get("/x");
    const error = await caught(client.get("/x", { deadline: Date.now() + 300 }));
    expect(error.code).toBe("RateLimitExceeded");
    expect(error.retryAfterSeconds).toBe(1);
  });
});

describe("createHttpClient: auth", () => {
  const seen = () => server.requests.at(-1)!;
  beforeEach(() => server.handle((_req, res) => json(res, 200, {})));

  it("injects Basic, API key (header or query), bearer and credentials-derived auth", async () => {
    await createHttpClient({ baseUrl: server.url, auth: basicAuth("user", "pä:ss") }).get("/x");
    expect(seen().headers.authorization).toBe(`Basic ${Buffer.from("user:pä:ss").toString("base64")}`);
    await createHttpClient({ baseUrl: server.url, auth: apiKeyAuth("k-123") }).get("/x");
    expect(seen().headers["x-api-key"]).toBe("k-123");
    await createHttpClient({
      baseUrl: server.url,
      auth: apiKeyAuth("k&1", { in: "query", name: "key" }),
    }).get("/x", {
      query: { a: "1" },
    });
    expect(seen().url.searchParams.get("key")).toBe("k&1");
    expect(seen().url.searchParams.get("a")).toBe("1");
    await createHttpClient({ baseUrl: server.url, auth: bearerToken(async () => "tok") }).get("/x");
    expect(seen().headers.authorization).toBe("Bearer tok");
    const fromCreds = authFromCredentials(
      { type: "ApiKey", apiKey: "abc", apiSecretKey: undefined },
      {
        apiKey: { name: "Authorization", prefix: "Token " },
      },
    );
    await createHttpClient({ baseUrl: server.url, auth: fromCreds }).get("/x");
    expect(seen().headers.authorization).toBe("Token abc");
  });

  it("never sends credentials to another origin", async () => {
    const other = await startTestServer((_req, res) => json(res, 200, {}));
    try {
      await createHttpClient({ baseUrl: server.url, auth: apiKeyAuth("secret-key") }).get("/x", {
        url: `${other.url}/y`,
      });
      expect(other.requests[0]!.headers["x-api-key"]).toBeUndefined();
    } finally {
      await other.close();
    }
  });

  it("refreshes an OAuth2 access token once after a 401 and re-sends", async () => {
    server.handle((req, res) =>
      req.headers.authorization === "Bearer fresh" ? json(res, 200, { ok: true }) : json(res, 401, {}),
    );
    let refreshes = 0;
    const provider: AccessTokenProvider = {
      accessToken: async () => (refreshes === 0 ? "stale" : "fresh"),
      refresh: async () => {
        refreshes++;
        await delay(10);
        return "fresh";
      },
    };
    const client = createHttpClient({ baseUrl: server.url, auth: oauth2AccessToken(provider) });
    const responses = await Promise.all([client.get("/a"), client.get("/b"), client.get("/c")]);
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(responses.every((r) => r.attempts === 1)).toBe(true);
    expect(refreshes).toBe(1);
  });

  it("gives InvalidCredentials when the refreshed token is refused too", async () => {
    server.handle((_req, res) => json(res, 401, { error: "invalid_token" }));
    let refreshes = 0;
    const client = createHttpClient({
      baseUrl: server.url,
      auth: oauth2AccessToken({ accessToken: async () => "a", refresh: async () => `r${++refreshes}` }),
    });
    const error = await caught(client.get("/x"));
    expect(error.code).toBe("InvalidCredentials");
    expect(refreshes).toBe(1);
    expect(server.requests).toHaveLength(2);
  });
});

describe("createHttpClient: logs", () => {
  it("logs requests and responses at debug level with every secret masked", async () => {
    const secrets = ["sk_live_0123456789", "bearer-token-xyz", "p4ssw0rd!"];
    server.handle((req, res) =>
      json(
        res,
        429 - (server.requests.length > 1 ? 229 : 0),
        { echo: req.url.search, auth: req.headers["x-api-key"] },
        {
          "set-cookie": "session=sk_live_0123456789",
          "retry-after": "0",
        },
      ),
    );
    const lines: string[] = [];
    const logger = createJsonLogger({ level: "debug", write: (line) => lines.push(line) });
    const clients = [
      createHttpClient({ baseUrl: server.url, auth: apiKeyAuth(secrets[0]!), logger }),
      createHttpClient({ baseUrl: server.url, auth: apiKeyAuth(secrets[0]!, { in: "query" }), logger }),
      createHttpClient({ baseUrl: server.url, auth: bearerToken(secrets[1]!), logger }),
      createHttpClient({ baseUrl: server.url, auth: basicAuth("me", secrets[2]!), logger }),
    ];
    for (const client of clients) await client.get("/x", { query: { token: secrets[1]!, q: "visible" } });
    const text = lines.join("\n");
    expect(lines.length).toBeGreaterThanOrEqual(8);
    expect(text).toContain("visible");
    expect(text).toContain("[REDACTED]");
    expect(text).toContain("HTTP request failed, retrying");
    for (const secret of [...secrets, Buffer.from(`me:${secrets[2]}`).toString("base64")]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(encodeURIComponent(secret));
    }
  });
});
