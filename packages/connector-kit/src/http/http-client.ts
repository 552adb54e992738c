import { ConnectorError, isConnectorError } from "../core/errors/connector-error.js";
import { type Logger, silentLogger } from "../core/log/logger.js";
import { Redactor } from "../core/secrets/redactor.js";
import { type AuthTarget, type HttpAuth, noAuth } from "./auth.js";
import { RateLimiter, type RateLimitOptions } from "./rate-limiter.js";
import { HttpRedaction, type RedactOptions } from "./redact.js";
import {
  abortedError,
  backoffDelay,
  DEFAULT_RETRY,
  isRetryableStatus,
  type RetryOptions,
  serverRequestedWait,
  sleep,
} from "./retry.js";
import { errorForStatus, HttpError, type HttpFailure, urlForMessage } from "./status-errors.js";

/** Headers as an object, pairs or a Headers instance. */
export type HeadersLike =
  | Headers
  | Readonly<Record<string, string>>
  | ReadonlyArray<readonly [string, string]>;

/** A query parameter value; `null` and `undefined` are left out, arrays repeat the parameter. */
export type QueryValue = string | number | boolean | bigint | null | undefined;

/** Query parameters: a record, `[name, value]` pairs (order and repeats kept) or URLSearchParams. */
export type QueryParams =
  | URLSearchParams
  | ReadonlyArray<readonly [string, QueryValue]>
  | Readonly<Record<string, QueryValue | readonly QueryValue[]>>;

/** One request. Everything but the target is optional. */
export interface HttpRequest {
  /** Default: `"GET"`. */
  method?: string;
  /**
   * Path under `baseUrl`: a string (`"/posts/1"`, joined to the base path) or segments (`["posts", id]`, each
   * percent-encoded). Ignored when `url` is given.
   */
  path?: string | readonly (string | number)[];
  /** A URL, absolute or relative to `baseUrl` (e.g. a next-page link or a token from `tokenForUrl`). */
  url?: string | URL;
  /** Added to the URL's query (after what `url`/`baseUrl` already carry). Default: none. */
  query?: QueryParams;
  /** Default: the client's headers. */
  headers?: HeadersLike;
  /** A JSON body (sets `content-type: application/json`). Default: none. */
  json?: unknown;
  /** A raw body, sent again unchanged on a retry. Default: none. */
  body?: string | Uint8Array | URLSearchParams;
  /** Cancels the request and any wait (retry, rate limit). Default: the client's `signal`. */
  signal?: AbortSignal;
  /** Epoch ms by which the request, its retries included, must be done. Default: the client's `deadline`. */
  deadline?: number;
  /** Per attempt, body included. Default: the client's `timeoutMs` (10 s), and never past the deadline. */
  timeoutMs?: number;
  /**
   * Whether re-sending cannot do harm. Default: true for GET, HEAD, OPTIONS, PUT and DELETE. Requests that are
   * not idempotent are retried only after 429, 503 and refused connections.
   */
  idempotent?: boolean;
  /** Overrides the client's retry options for this request; `false` sends it once. Default: the client's. */
  retry?: RetryOptions | false;
  /** Error statuses returned as responses instead of thrown (e.g. `[404]`). Default: none. */
  acceptStatus?: readonly number[];
}

/** A response, its body already read (within the timeout) and held in memory. */
export interface HttpResponse {
  readonly status: number;
  readonly headers: Headers;
  /** The final URL (after redirects). */
  readonly url: string;
  /** Attempts made, the successful one included (a re-send after a token refresh not counted). */
  readonly attempts: number;
  /** The body as text. */
  text(): string;
  /** The body parsed as JSON (parsed once); a body that is not JSON is a ServerError (Lumos invalid_response). */
  json<T = unknown>(): T;
}

/** What {@link createHttpClient} takes. */
export interface HttpClientOptions {
  /** Base of relative paths, e.g. `https://api.example.com/v2/`. Default: none (give absolute `url`s). */
  baseUrl?: string | URL;
  /** Default: {@link noAuth}. Applied only to requests to the base URL's origin (or every one without a base). */
  auth?: HttpAuth;
  /** Headers of every request. Default: `accept: application/json`, `user-agent: connector-kit`. */
  headers?: HeadersLike;
  /** Per attempt, body included. Default: 10000. */
  timeoutMs?: number;
  /** Retries with backoff; `false` turns them off. Default: {@link DEFAULT_RETRY} (4 attempts, 200 ms to 5 s, full jitter). */
  retry?: RetryOptions | false;
  /** Client-side rate limit, or a limiter shared between clients. Default: none. */
  rateLimit?: RateLimitOptions | RateLimiter;
  /** Debug lines per request and response, warn lines per retry. Default: a silent logger. */
  logger?: Logger;
  /** What the logs mask. Default: {@link HttpRedaction}'s defaults plus the auth's names and secret values. */
  redact?: RedactOptions;
  /** Characters of a response body in its debug line (0: none). Default: 1000. */
  logBodyChars?: number;
  /** Largest response body read. Default: 64 MiB. */
  maxResponseBytes?: number;
  /** Cancels every request (e.g. `ctx.signal`). Default: none. */
  signal?: AbortSignal;
  /** Overall deadline of every request in epoch ms (e.g. `ctx.deadline`). Default: none. */
  deadline?: number;
  /** Default: `globalThis.fetch` (undici). */
  fetch?: typeof fetch;
  /** Clock. Default: `Date.now`. */
  now?: () => number;
  /** Randomness of the jitter, in [0, 1). Default: `Math.random`. */
  random?: () => number;
}

/** Request options of the shorthand methods. */
export type HttpRequestOptions = Omit<HttpRequest, "method" | "path" | "json">;

/** The HTTP client: `request` and shorthands, all with retries, deadline, rate limit, auth and logging. */
export interface HttpClient {
  readonly baseUrl: URL | null;
  readonly auth: HttpAuth;
  readonly limiter: RateLimiter | null;
  request(request: HttpRequest): Promise<HttpResponse>;
  get(path: HttpRequest["path"], options?: HttpRequestOptions): Promise<HttpResponse>;
  delete(path: HttpRequest["path"], options?: HttpRequestOptions): Promise<HttpResponse>;
  post(path: HttpRequest["path"], json?: unknown, options?: HttpRequestOptions): Promise<HttpResponse>;
  put(path: HttpRequest["path"], json?: unknown, options?: HttpRequestOptions): Promise<HttpResponse>;
  patch(path: HttpRequest["path"], json?: unknown, options?: HttpRequestOptions): Promise<HttpResponse>;
  /** The URL a request would go to (auth not applied). */
  urlFor(request: Pick<HttpRequest, "path" | "url" | "query">): URL;
  /**
   * A compact text for `url` fit to travel in a page token: path and query when it is on the base URL's
   * origin, the whole URL otherwise, without the auth's query parameters (an API key never reaches a token).
   */
  tokenForUrl(url: string | URL): string;
  /** The same client (auth, limiter, logs) bound to another signal, deadline or logger, e.g. a call's `ctx`. */
  with(bound: { signal?: AbortSignal; deadline?: number; logger?: Logger }): HttpClient;
}

const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"]);
const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
const TIMEOUT = Symbol("timeout");

interface Shared {
  baseUrl: URL | null;
  auth: HttpAuth;
  headers: Headers;
  timeoutMs: number;
  retry: RetryOptions | false;
  limiter: RateLimiter | null;
  redaction: HttpRedaction;
  redactor: Redactor;
  logBodyChars: number;
  maxResponseBytes: number;
  fetch: typeof fetch;
  now: () => number;
  random: () => number;
}

interface Bound {
  signal: AbortSignal | undefined;
  deadline: number | undefined;
  logger: Logger;
}

type Failure =
  | { kind: "status"; status: number; serverWaitMs: number | null; body: string }
  | { kind: "network"; reason: "timeout" | "refused" | "reset"; cause: unknown };

type AttemptResult =
  | { kind: "response"; response: HttpResponse; target: AuthTarget }
  | (Failure & { kind: "network" });

/**
 * Creates an HTTP client on fetch (undici). Every request: auth applied per attempt, a timeout per attempt,
 * the overall deadline, retries with exponential backoff and full jitter on 408/429/5xx and network errors that
 * honour `Retry-After` and rate-limit reset headers but never wait past the deadline (then RateLimitExceeded or
 * ServiceUnavailable with `retryAfterSeconds`), a client-side rate limiter, status → error mapping
 * ({@link HttpError}: AppFlow and Lumos codes), and debug logs with secrets masked.
 */
export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const auth = options.auth ?? noAuth;
  const headers = new Headers({ accept: "application/json", "user-agent": "connector-kit" });
  if (options.headers) setHeaders(headers, options.headers);
  const redactor = new Redactor();
  const userText = options.redact?.text;
  const redaction = new HttpRedaction({
    ...options.redact,
    text: userText ? (t) => userText(redactor.redact(t)) : (t) => redactor.redact(t),
  });
  redaction.addHeaders(auth.sensitiveHeaders ?? []);
  redaction.addQueryParams(auth.sensitiveQueryParams ?? []);
  const shared: Shared = {
    baseUrl: options.baseUrl === undefined ? null : new URL(options.baseUrl),
    auth,
    headers,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    retry: options.retry ?? {},
    limiter:
      options.rateLimit === undefined
        ? null
        : options.rateLimit instanceof RateLimiter
          ? options.rateLimit
          : new RateLimiter(options.rateLimit, options.now),
    redaction,
    redactor,
    logBodyChars: options.logBodyChars ?? 1000,
    maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    fetch: options.fetch ?? globalThis.fetch,
    now: options.now ?? Date.now,
    random: options.random ?? Math.random,
  };
  return new Client(shared, {
    signal: options.signal,
    deadline: options.deadline,
    logger: options.logger ?? silentLogger,
  });
}

class Client implements HttpClient {
  readonly #s: Shared;
  readonly #b: Bound;

  constructor(shared: Shared, bound: Bound) {
    this.#s = shared;
    this.#b = bound;
  }

  get baseUrl(): URL | null {
    return this.#s.baseUrl;
  }
  get auth(): HttpAuth {
    return this.#s.auth;
  }
  get limiter(): RateLimiter | null {
    return this.#s.limiter;
  }

  with(bound: { signal?: AbortSignal; deadline?: number; logger?: Logger }): HttpClient {
    return new Client(this.#s, {
      signal: bound.signal ?? this.#b.signal,
      deadline: bound.deadline ?? this.#b.deadline,
      logger: bound.logger ?? this.#b.logger,
    });
  }

  get(path: HttpRequest["path"], options: HttpRequestOptions = {}): Promise<HttpResponse> {
    return this.request({ ...options, method: "GET", path });
  }
  delete(path: HttpRequest["path"], options: HttpRequestOptions = {}): Promise<HttpResponse> {
    return this.request({ ...options, method: "DELETE", path });
  }
  post(path: HttpRequest["path"], json?: unknown, options: HttpRequestOptions = {}): Promise<HttpResponse> {
    return this.request({ ...options, method: "POST", path, json });
  }
  put(path: HttpRequest["path"], json?: unknown, options: HttpRequestOptions = {}): Promise<HttpResponse> {
    return this.request({ ...options, method: "PUT", path, json });
  }
  patch(path: HttpRequest["path"], json?: unknown, options: HttpRequestOptions = {}): Promise<HttpResponse> {
    return this.request({ ...options, method: "PATCH", path, json });
  }

  urlFor(request: Pick<HttpRequest, "path" | "url" | "query">): URL {
    const base = this.#s.baseUrl;
    let url: URL;
    if (request.url !== undefined) {
      try {
        url = base ? new URL(request.url, base) : new URL(request.url);
      } catch (error) {
        throw ConnectorError.invalidArgument("Invalid request URL", error);
      }
    } else {
      if (base === null)
        throw ConnectorError.invalidArgument("A request needs a url, or a client with a baseUrl");
      url = new URL(base);
      url.hash = "";
      const path = request.path ?? "";
      const tail =
        typeof path === "string"
          ? path.replace(/^\/+/, "")
          : path.map((segment) => encodeURIComponent(String(segment))).join("/");
      if (tail !== "") url.pathname = `${base.pathname.replace(/\/+$/, "")}/${tail}`;
    }
    if (request.query !== undefined) appendQuery(url.searchParams, request.query);
    return url;
  }

  tokenForUrl(url: string | URL): string {
    const u = this.urlFor({ url });
    for (const name of this.#s.auth.sensitiveQueryParams ?? []) u.searchParams.delete(name);
    const base = this.#s.baseUrl;
    return base !== null && u.origin === base.origin ? `${u.pathname}${u.search}` : u.toString();
  }

  async request(request: HttpRequest): Promise<HttpResponse> {
    const s = this.#s;
    const method = (request.method ?? "GET").toUpperCase();
    const url = this.urlFor(request);
    const deadline = minDefined(request.deadline, this.#b.deadline);
    const signal = request.signal ?? this.#b.signal;
    const retry: RetryOptions =
      request.retry === false || s.retry === false
        ? { ...(s.retry || {}), ...(request.retry || {}), maxAttempts: 1 }
        : { ...s.retry, ...request.retry };
    const maxAttempts = Math.max(1, retry.maxAttempts ?? DEFAULT_RETRY.maxAttempts);
    const safetyMs = retry.safetyMs ?? DEFAULT_RETRY.safetyMs;
    const retryOn = retry.retryOn ?? isRetryableStatus;
    const idempotent = request.idempotent ?? IDEMPOTENT.has(method);
    const headers = new Headers(s.headers);
    if (request.headers) setHeaders(headers, request.headers);
    let body: string | Uint8Array | URLSearchParams | undefined = request.body;
    if (request.json !== undefined) {
      body = JSON.stringify(request.json);
      if (!headers.has("content-type")) headers.set("content-type", "application/json");
    }
    const withAuth = s.baseUrl === null || url.origin === s.baseUrl.origin;
    const log = this.#b.logger;
    let refreshed = false;
    let attempt = 0;
    for (;;) {
      attempt++;
      const result = await this.#attempt(method, url, headers, body, withAuth, {
        signal,
        deadline,
        timeoutMs: request.timeoutMs ?? s.timeoutMs,
        attempt,
        safetyMs,
      });
      if (result.kind === "response") {
        const status = result.response.status;
        if (status < 400 || request.acceptStatus?.includes(status)) return result.response;
        if (status === 401 && withAuth && !refreshed && s.auth.onUnauthorized) {
          refreshed = true;
          if (await s.auth.onUnauthorized(result.target)) {
            log.debug("HTTP 401: credentials refreshed, sending again", {
              method,
              url: s.redaction.url(url),
            });
            attempt--;
            continue;
          }
        }
        const failure: Failure = {
          kind: "status",
          status,
          serverWaitMs: serverRequestedWait(status, result.response.headers, s.now()),
          body: result.response.text(),
        };
        if (status === 429 && failure.serverWaitMs !== null)
          s.limiter?.pauseUntil(s.now() + failure.serverWaitMs);
        const retryable = retryOn(status) && (idempotent || status === 429 || status === 503);
        if (!retryable) throw this.#statusError(method, url, failure, attempt);
        await this.#backoff(method, url, failure, {
          attempt,
          maxAttempts,
          retry,
          deadline,
          safetyMs,
          signal,
        });
        continue;
      }
      // A network failure: timeout, refused or dropped connection.
      const retryable = idempotent || result.reason === "refused";
      if (!retryable) throw this.#networkError(method, url, result, attempt, "ServiceUnavailable");
      await this.#backoff(method, url, result, { attempt, maxAttempts, retry, deadline, safetyMs, signal });
    }
  }

  /** Waits before the next attempt, or throws when it should give up. */
  async #backoff(
    method: string,
    url: URL,
    failure: Failure,
    o: {
      attempt: number;
      maxAttempts: number;
      retry: RetryOptions;
      deadline: number | undefined;
      safetyMs: number;
      signal: AbortSignal | undefined;
    },
  ): Promise<void> {
    const s = this.#s;
    const serverWait = failure.kind === "status" ? failure.serverWaitMs : null;
    const wait = serverWait ?? backoffDelay(o.attempt, o.retry, s.random);
    if (o.attempt >= o.maxAttempts) throw this.#giveUp(method, url, failure, o.attempt, wait, "attempts");
    const now = s.now();
    if (o.deadline !== undefined && now + wait > o.deadline - o.safetyMs) {
      throw this.#giveUp(method, url, failure, o.attempt, wait, "deadline");
    }
    if (
      o.deadline === undefined &&
      serverWait !== null &&
      serverWait > (o.retry.maxServerWaitMs ?? DEFAULT_RETRY.maxServerWaitMs)
    ) {
      throw this.#giveUp(method, url, failure, o.attempt, wait, "server-wait");
    }
    this.#b.logger.warn("HTTP request failed, retrying", {
      method,
      url: s.redaction.url(url),
      attempt: o.attempt,
      ...(failure.kind === "status" ? { status: failure.status } : { error: failure.reason }),
      waitMs: Math.round(wait),
      waitSource: serverWait === null ? "backoff" : "server",
    });
    await sleep(wait, o.signal);
  }

  #giveUp(
    method: string,
    url: URL,
    failure: Failure,
    attempts: number,
    waitMs: number,
    why: "attempts" | "deadline" | "server-wait",
  ): HttpError {
    const retryAfterSeconds = Math.max(1, Math.ceil(waitMs / 1000));
    const what = failure.kind === "status" ? `HTTP ${failure.status}` : `a ${failure.reason} connection`;
    const reason =
      why === "attempts"
        ? `after ${attempts} attempts`
        : why === "deadline"
          ? `after ${attempts} attempt(s): the next retry (in ${Math.ceil(waitMs)} ms) would pass the operation's deadline`
          : `after ${attempts} attempt(s): the server asks to wait ${Math.ceil(waitMs)} ms`;
    const rateLimited = failure.kind === "status" && failure.status === 429;
    const excerpt = failure.kind === "status" ? this.#excerpt(failure.body, 200) : "";
    return new HttpError(
      rateLimited ? "RateLimitExceeded" : "ServiceUnavailable",
      `Gave up on ${method} ${urlForMessage(url)} ${reason}; last: ${what}${excerpt ? `: ${excerpt}` : ""}`,
      {
        status: failure.kind === "status" ? failure.status : null,
        failure: failure.kind === "status" ? "status" : networkFailure(failure.reason),
        retryAfterSeconds,
        attempts,
        cause: failure.kind === "network" ? failure.cause : undefined,
      },
    );
  }

  #statusError(method: string, url: URL, failure: Failure & { kind: "status" }, attempts: number): HttpError {
    return errorForStatus(failure.status, {
      method,
      url,
      body: this.#excerpt(failure.body, 200),
      retryAfterSeconds:
        failure.serverWaitMs === null ? undefined : Math.max(1, Math.ceil(failure.serverWaitMs / 1000)),
      attempts,
    });
  }

  #networkError(
    method: string,
    url: URL,
    failure: Failure & { kind: "network" },
    attempts: number,
    code: "ServiceUnavailable" | "RequestTimeout",
  ): HttpError {
    return new HttpError(
      failure.reason === "timeout" ? "RequestTimeout" : code,
      `${method} ${urlForMessage(url)} failed: ${failure.reason === "timeout" ? "timed out" : `${failure.reason} connection`}${causeText(failure.cause)}`,
      { status: null, failure: networkFailure(failure.reason), attempts, cause: failure.cause },
    );
  }

  #excerpt(text: string, chars: number): string {
    return this.#s.redaction.text(text.slice(0, chars));
  }

  async #attempt(
    method: string,
    baseTarget: URL,
    baseHeaders: Headers,
    body: string | Uint8Array | URLSearchParams | undefined,
    withAuth: boolean,
    o: {
      signal: AbortSignal | undefined;
      deadline: number | undefined;
      timeoutMs: number;
      attempt: number;
      safetyMs: number;
    },
  ): Promise<AttemptResult> {
    const s = this.#s;
    const log = this.#b.logger;
    if (o.signal?.aborted) throw abortedError(o.signal);
    const target: AuthTarget = { method, url: new URL(baseTarget), headers: new Headers(baseHeaders) };
    if (withAuth) {
      await s.auth.apply(target);
      const secrets = s.auth.secrets?.();
      if (secrets && secrets.length > 0) s.redactor.add(secrets);
    }
    // Values sent under sensitive names are secrets too: hide them wherever they echo (bodies, messages).
    if (s.redactor.size < 512) {
      target.url.searchParams.forEach((value, name) => {
        if (s.redaction.isSensitiveQueryParam(name)) s.redactor.add(value);
      });
      target.headers.forEach((value, name) => {
        if (s.redaction.isSensitiveHeader(name))
          s.redactor.add(value.replace(/^(Bearer|Basic|Token)\s+/i, ""));
      });
    }
    const release = s.limiter
      ? await s.limiter.acquire({
          signal: o.signal,
          deadline: o.deadline === undefined ? undefined : o.deadline - o.safetyMs,
        })
      : null;
    const start = s.now();
    const remaining = o.deadline === undefined ? Number.POSITIVE_INFINITY : o.deadline - start;
    if (remaining <= 0) {
      release?.();
      throw new HttpError(
        "RequestTimeout",
        `${method} ${urlForMessage(baseTarget)}: the operation's deadline has passed`,
        {
          status: null,
          attempts: o.attempt,
        },
      );
    }
    const limitedByDeadline = remaining < o.timeoutMs;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(TIMEOUT), Math.min(o.timeoutMs, remaining));
    const onAbort = () => controller.abort(o.signal?.reason);
    o.signal?.addEventListener("abort", onAbort, { once: true });
    const logging = log !== silentLogger;
    if (logging) {
      log.debug("HTTP request", {
        method,
        url: s.redaction.url(target.url),
        headers: s.redaction.headers(target.headers),
        attempt: o.attempt,
      });
    }
    try {
      const response = await s.fetch(target.url, {
        method,
        headers: target.headers,
        body,
        signal: controller.signal,
      });
      const text = await readBody(response, s.maxResponseBytes, method, baseTarget);
      if (logging) {
        log.debug("HTTP response", {
          method,
          url: s.redaction.url(target.url),
          status: response.status,
          durationMs: s.now() - start,
          headers: s.redaction.headers(response.headers),
          ...(s.logBodyChars > 0 ? { body: this.#excerpt(text, s.logBodyChars) } : {}),
        });
      }
      return { kind: "response", response: bufferedResponse(response, text, o.attempt, method), target };
    } catch (error) {
      if (controller.signal.aborted) {
        if (controller.signal.reason !== TIMEOUT) throw abortedError(o.signal ?? controller.signal);
        if (limitedByDeadline) {
          throw new HttpError(
            "RequestTimeout",
            `${method} ${urlForMessage(baseTarget)} did not answer before the operation's deadline`,
            { status: null, failure: "deadline", attempts: o.attempt, cause: error },
          );
        }
        if (logging)
          log.debug("HTTP timeout", { method, url: s.redaction.url(target.url), timeoutMs: o.timeoutMs });
        return { kind: "network", reason: "timeout", cause: error };
      }
      if (isConnectorError(error)) throw error;
      const reason = networkReason(error);
      if (logging)
        log.debug("HTTP network error", { method, url: s.redaction.url(target.url), error: reason });
      return { kind: "network", reason, cause: error };
    } finally {
      clearTimeout(timer);
      o.signal?.removeEventListener("abort", onAbort);
      release?.();
    }
  }
}

function bufferedResponse(response: Response, text: string, attempts: number, method: string): HttpResponse {
  let parsed: { value: unknown } | undefined;
  return {
    status: response.status,
    headers: response.headers,
    url: response.url,
    attempts,
    text: () => text,
    json<T>(): T {
      if (parsed === undefined) {
        try {
          parsed = { value: JSON.parse(text) };
        } catch (error) {
          throw new HttpError(
            "ServerError",
            `${method} ${urlForMessage(response.url)} answered ${response.status} with a body that is not JSON`,
            { status: response.status, failure: "invalid-response", attempts, cause: error },
          );
        }
      }
      return parsed.value as T;
    },
  };
}

async function readBody(response: Response, maxBytes: number, method: string, url: URL): Promise<string> {
  const tooLarge = () =>
    new HttpError(
      "ServerError",
      `${method} ${urlForMessage(url)}: the response body exceeds ${maxBytes} bytes`,
      {
        status: response.status,
        failure: "invalid-response",
      },
    );
  const length = response.headers.get("content-length");
  if (length !== null && /^\d+$/.test(length)) {
    if (Number(length) > maxBytes) {
      await response.body?.cancel().catch(() => {});
      throw tooLarge();
    }
    return response.text();
  }
  if (response.body === null) return "";
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let size = 0;
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

function appendQuery(params: URLSearchParams, query: QueryParams): void {
  const add = (name: string, value: QueryValue) => {
    if (value !== null && value !== undefined) params.append(name, String(value));
  };
  if (query instanceof URLSearchParams) {
    query.forEach((value, name) => {
      params.append(name, value);
    });
  } else if (Array.isArray(query)) {
    for (const [name, value] of query as ReadonlyArray<readonly [string, QueryValue]>) add(name, value);
  } else {
    for (const [name, value] of Object.entries(query as Record<string, QueryValue | readonly QueryValue[]>)) {
      if (Array.isArray(value)) for (const v of value as readonly QueryValue[]) add(name, v);
      else add(name, value as QueryValue);
    }
  }
}

function setHeaders(target: Headers, source: HeadersLike): void {
  if (source instanceof Headers) {
    source.forEach((value, name) => {
      target.set(name, value);
    });
  } else if (Array.isArray(source)) {
    for (const [name, value] of source as ReadonlyArray<readonly [string, string]>) target.set(name, value);
  } else {
    for (const [name, value] of Object.entries(source as Record<string, string>)) target.set(name, value);
  }
}

function minDefined(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}

function networkReason(error: unknown): "refused" | "reset" {
  let e: unknown = error;
  for (let depth = 0; depth < 4 && e; depth++) {
    const code = (e as { code?: unknown }).code;
    if (code === "ECONNREFUSED") return "refused";
    e = (e as { cause?: unknown }).cause;
  }
  return "reset";
}

function causeText(cause: unknown): string {
  let e: unknown = cause;
  for (let depth = 0; depth < 4 && e; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return ` (${code})`;
    e = (e as { cause?: unknown }).cause;
  }
  return "";
}

function networkFailure(reason: "timeout" | "refused" | "reset"): HttpFailure {
  return reason === "timeout" ? "connect-timeout" : reason;
}
