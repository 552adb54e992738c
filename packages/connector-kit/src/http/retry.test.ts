import { describe, expect, it } from "vitest";
import { RateLimiter } from "./rate-limiter.js";
import { HttpRedaction } from "./redact.js";
import {
  backoffDelay,
  isRetryableStatus,
  parseRateLimitReset,
  parseRetryAfter,
  serverRequestedWait,
} from "./retry.js";
import { appflowErrorCodeForStatus } from "./status-errors.js";

describe("retry", () => {
  it("computes exponential backoff with full, equal or no jitter, capped", () => {
    const o = { baseDelayMs: 100, maxDelayMs: 1000 };
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, { ...o, jitter: "none" }))).toEqual([
      100, 200, 400, 800, 1000,
    ]);
    expect(backoffDelay(3, { ...o, jitter: "full" }, () => 0.5)).toBe(200);
    expect(backoffDelay(3, { ...o, jitter: "equal" }, () => 0)).toBe(200);
    for (let i = 0; i < 100; i++) expect(backoffDelay(10, o)).toBeLessThanOrEqual(1000);
  });

  it("parses Retry-After as seconds or an HTTP-date", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfter("120", now)).toBe(120_000);
    expect(parseRetryAfter("0.5", now)).toBe(500);
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("Wed, 31 Dec 2025 00:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });

  it("reads rate-limit reset headers: delta seconds, epoch seconds, epoch ms, IETF draft", () => {
    const now = 1_700_000_000_000;
    const h = (init: Record<string, string>) => new Headers(init);
    expect(parseRateLimitReset(h({ "x-ratelimit-reset": "30" }), now)).toBe(30_000);
    expect(parseRateLimitReset(h({ "x-ratelimit-reset": String(now / 1000 + 12) }), now)).toBe(12_000);
    expect(parseRateLimitReset(h({ "x-rate-limit-reset": String(now + 700) }), now)).toBe(700);
    expect(parseRateLimitReset(h({ "ratelimit-reset": "7" }), now)).toBe(7000);
    expect(parseRateLimitReset(h({ ratelimit: "limit=100, remaining=0, reset=9" }), now)).toBe(9000);
    expect(parseRateLimitReset(h({}), now)).toBeNull();
    // A reset header alone only counts on a 429 or when nothing remains.
    expect(serverRequestedWait(503, h({ "x-ratelimit-reset": "30" }), now)).toBeNull();
    expect(
      serverRequestedWait(200, h({ "x-ratelimit-reset": "30", "x-ratelimit-remaining": "0" }), now),
    ).toBe(30_000);
    expect(serverRequestedWait(429, h({ "x-ratelimit-reset": "30", "retry-after": "2" }), now)).toBe(2000);
  });

  it("retries 408, 429 and 5xx but 501/505", () => {
    expect([408, 429, 500, 502, 503, 504, 599].every(isRetryableStatus)).toBe(true);
    expect([400, 401, 404, 501, 505].some(isRetryableStatus)).toBe(false);
  });
});

describe("status mapping", () => {
  it("maps HTTP statuses to AppFlow codes", () => {
    const map = Object.fromEntries(
      [400, 401, 403, 404, 408, 409, 413, 429, 500, 502, 503].map((s) => [s, appflowErrorCodeForStatus(s)]),
    );
    expect(map).toEqual({
      400: "InvalidArgument",
      401: "InvalidCredentials",
      403: "AccessDenied",
      404: "ResourceNotFoundError",
      408: "RequestTimeout",
      409: "ClientError",
      413: "InvalidArgument",
      429: "RateLimitExceeded",
      500: "ServerError",
      502: "ServerError",
      503: "ServiceUnavailable",
    });
  });
});

describe("HttpRedaction", () => {
  it("masks sensitive headers, query parameters and user info", () => {
    const r = new HttpRedaction({ headers: ["X-Secret"], queryParams: ["sessionId"] });
    expect(
      r.headers(new Headers({ Authorization: "Bearer x", "x-secret": "s", accept: "a", cookie: "c=1" })),
    ).toEqual({ authorization: "[REDACTED]", "x-secret": "[REDACTED]", accept: "a", cookie: "[REDACTED]" });
    expect(r.url("https://u:p@h.example/a?api_key=1&q=2&SESSIONID=3&token=4&token=5")).toBe(
      "https://%5BREDACTED%5D:%5BREDACTED%5D@h.example/a?q=2&api_key=%5BREDACTED%5D&SESSIONID=%5BREDACTED%5D&token=%5BREDACTED%5D&token=%5BREDACTED%5D",
    );
  });
});

describe("RateLimiter", () => {
  it("serves waiters first in, first out, and lets an aborted one go", async () => {
    const limiter = new RateLimiter({ requestsPerSecond: 50, burst: 1 });
    const order: number[] = [];
    const controller = new AbortController();
    const waits = [0, 1, 2, 3].map((i) =>
      limiter
        .acquire(i === 1 ? { signal: controller.signal } : {})
        .then((release) => {
          order.push(i);
          release();
        })
        .catch(() => order.push(-i)),
    );
    controller.abort();
    await Promise.all(waits);
    expect(order).toEqual([0, -1, 2, 3]);
  });

  it("pauses every request until a given time", async () => {
    const limiter = new RateLimiter({});
    limiter.pauseUntil(Date.now() + 100);
    const start = Date.now();
    (await limiter.acquire())();
    expect(Date.now() - start).toBeGreaterThanOrEqual(95);
  });
});
