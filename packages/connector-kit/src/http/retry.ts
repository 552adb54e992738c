import { ConnectorError } from "../core/errors/connector-error.js";
import { sleep as wait } from "../core/sleep.js";

/** How the HTTP client retries. */
export interface RetryOptions {
  /** Attempts in all, the first included; 1 turns retries off. Default: 4. */
  maxAttempts?: number;
  /** Backoff base: attempt n (1-based) waits up to `baseDelayMs · 2^(n-1)`. Default: 200. */
  baseDelayMs?: number;
  /** Cap of the computed backoff (not of a server's `Retry-After`). Default: 5000. */
  maxDelayMs?: number;
  /**
   * `"full"`: a uniformly random wait in [0, backoff] (AWS' "full jitter"); `"equal"`: backoff/2 plus a random
   * half; `"none"`: exactly the backoff. Default: `"full"`.
   */
  jitter?: "full" | "equal" | "none";
  /**
   * Longest wait a server may ask for (`Retry-After`, rate-limit reset) when the request has no deadline; a
   * longer one gives up at once. With a deadline, the deadline decides. Default: 60000.
   */
  maxServerWaitMs?: number;
  /** Time kept free before the deadline: a wait ending later than `deadline - safetyMs` gives up. Default: 250. */
  safetyMs?: number;
  /**
   * Statuses retried. Default: 408, 429 and every 5xx but 501 and 505 ({@link isRetryableStatus}).
   * Requests that are not idempotent (POST, PATCH, unless marked `idempotent`) are retried only on 429 and
   * 503, which say the request was not processed, and on refused connections.
   */
  retryOn?: (status: number) => boolean;
}

/** The defaults of {@link RetryOptions}. */
export const DEFAULT_RETRY: Required<Omit<RetryOptions, "retryOn">> = {
  maxAttempts: 4,
  baseDelayMs: 200,
  maxDelayMs: 5000,
  jitter: "full",
  maxServerWaitMs: 60_000,
  safetyMs: 250,
};

/** 408, 429, and 5xx except 501 (Not Implemented) and 505 (HTTP Version Not Supported). */
export function isRetryableStatus(status: number): boolean {
  return (
    status === 408 || status === 429 || (status >= 500 && status <= 599 && status !== 501 && status !== 505)
  );
}

/**
 * The backoff before retry number `retry` (1 = the first retry): `min(maxDelayMs, baseDelayMs · 2^(retry-1))`,
 * jittered. `random` returns [0, 1) (default `Math.random`).
 */
export function backoffDelay(
  retry: number,
  options: Pick<RetryOptions, "baseDelayMs" | "maxDelayMs" | "jitter"> = {},
  random: () => number = Math.random,
): number {
  const base = options.baseDelayMs ?? DEFAULT_RETRY.baseDelayMs;
  const max = options.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs;
  const cap = Math.min(max, base * 2 ** Math.max(0, retry - 1));
  switch (options.jitter ?? DEFAULT_RETRY.jitter) {
    case "none":
      return cap;
    case "equal":
      return cap / 2 + random() * (cap / 2);
    default:
      return random() * cap;
  }
}

/**
 * Milliseconds a `Retry-After` value asks to wait: delay-seconds (`"120"`) or an HTTP-date (`"Wed, 21 Oct 2015
 * 07:28:00 GMT"`, relative to `now`). Null when absent or unreadable; never negative.
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | null {
  if (value === null || value === undefined) return null;
  const text = value.trim();
  if (text === "") return null;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - now);
}

/**
 * Milliseconds until a rate-limit window resets, from `RateLimit-Reset` (IETF draft: delta seconds), the
 * `reset=` parameter of a `RateLimit` header, or `X-RateLimit-Reset` / `X-Rate-Limit-Reset` (delta seconds;
 * epoch seconds when above 10^9 as GitHub sends; epoch milliseconds when above 10^12). Null when none.
 */
export function parseRateLimitReset(headers: Headers, now: number = Date.now()): number | null {
  const draft = headers.get("ratelimit-reset");
  if (draft !== null && /^\d+(\.\d+)?$/.test(draft.trim())) return Math.round(Number(draft.trim()) * 1000);
  const structured = headers.get("ratelimit");
  const match = structured === null ? null : /(?:^|[;,\s])r(?:eset)?=(\d+(?:\.\d+)?)/.exec(structured);
  if (match) return Math.round(Number(match[1]) * 1000);
  const legacy = headers.get("x-ratelimit-reset") ?? headers.get("x-rate-limit-reset");
  if (legacy === null || !/^\d+(\.\d+)?$/.test(legacy.trim())) return null;
  const n = Number(legacy.trim());
  if (n > 1e12) return Math.max(0, n - now);
  if (n > 1e9) return Math.max(0, n * 1000 - now);
  return Math.round(n * 1000);
}

/**
 * How long the server asks to wait before another request: `Retry-After` first, else a rate-limit reset
 * header when the response is a 429 or says no request remains (`X-RateLimit-Remaining: 0`). Null when the
 * server says nothing.
 */
export function serverRequestedWait(
  status: number,
  headers: Headers,
  now: number = Date.now(),
): number | null {
  const retryAfter = parseRetryAfter(headers.get("retry-after"), now);
  if (retryAfter !== null) return retryAfter;
  const remaining = headers.get("x-ratelimit-remaining") ?? headers.get("ratelimit-remaining");
  if (status === 429 || remaining?.trim() === "0") return parseRateLimitReset(headers, now);
  return null;
}

/**
 * Waits `ms` milliseconds, or rejects as soon as `signal` aborts (with a RequestTimeout ConnectorError).
 */
export async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) throw abortedError(signal);
  await wait(ms, signal);
  if (signal?.aborted) throw abortedError(signal);
}

/** The error for an operation cancelled through `signal`. */
export function abortedError(signal: AbortSignal): ConnectorError {
  const reason: unknown = signal.reason;
  if (reason instanceof ConnectorError) return reason;
  return new ConnectorError("RequestTimeout", "The request was cancelled (the operation's time is up)", {
    cause: reason,
  });
}
