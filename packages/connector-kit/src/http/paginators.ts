import { createHash } from "node:crypto";
import { ConnectorError, isConnectorError } from "../core/errors/connector-error.js";
import type { HttpClient, HttpRequest, HttpResponse, QueryParams, QueryValue } from "./http-client.js";
import { findLink } from "./link-header.js";
import { sleep } from "./retry.js";

/** A path into a JSON body: `"data.items"`, `["data", "items"]`, or `""` / `[]` for the body itself. */
export type JsonPath = string | readonly (string | number)[];

/** One fetched page. */
export interface Page<R = unknown> {
  readonly records: R[];
  /** The token that opened this page; null for the first page. */
  readonly token: string | null;
  /** The token of the page after it; null when it is the last. */
  readonly nextToken: string | null;
  readonly response: HttpResponse;
  /** 1 for the first page fetched by this iteration. */
  readonly index: number;
}

/** What a strategy sees of a page to find the next one. */
export interface PageContext<R = unknown> {
  readonly records: R[];
  readonly token: string | null;
  readonly response: HttpResponse;
  readonly client: HttpClient;
}

/** Options of an iteration ({@link Paginator.pages}, `records`, `recordPages`). */
export interface PaginateOptions<R = unknown> {
  /** Start at this token (a `nextToken` of an earlier page, e.g. AppFlow's upstream token). Default: null, the first page. */
  token?: string | null;
  /** Most pages fetched by one iteration; one more is a ServerError. Default: 10000. */
  maxPages?: number;
  /** Stop after a page for which this returns true. Default: never (the strategy decides). */
  stopWhen?: (page: Page<R>) => boolean;
  /** Passed to every request. Default: the client's. */
  signal?: AbortSignal;
  /** Passed to every request. Default: the client's. */
  deadline?: number;
  /**
   * When a page request gives up (RateLimitExceeded, ServiceUnavailable, RequestTimeout) after this iteration
   * already produced pages, wait until `deadline` (or `signal`) before throwing. Inside a connector's `query`
   * this lets the SDK's page guard close the page at the deadline with a `nextToken` at the failed page, so
   * AppFlow gets the records read so far and continues later, instead of an error. Needs `deadline`.
   * Default: false.
   */
  partialPageOnGiveUp?: boolean;
}

/**
 * A pagination strategy with iteration built in. `resume(request, token)` is the request for the page at a
 * token (null = the first); `tokenFor(page)` the token of the page after it. Tokens are short strings (a
 * cursor, a relative link, an offset, a page number), fit for AppFlow's upstream token, so a connector's
 * `query(ctx, input, upstreamToken)` simply iterates from `upstreamToken`.
 *
 * Every iteration detects a repeated token and a repeated page (same body as an earlier page of the
 * iteration) and stops with a ServerError "repeated page" instead of looping, and enforces `maxPages`.
 */
export interface Paginator<R = unknown> {
  resume(request: HttpRequest, token: string | null): HttpRequest;
  tokenFor(page: PageContext<R>): string | null;
  /** The records of a response. */
  recordsOf(response: HttpResponse): R[];
  /** Pages one at a time, fetched only when asked for. */
  pages(client: HttpClient, request: HttpRequest, options?: PaginateOptions<R>): AsyncGenerator<Page<R>>;
  /** Records one at a time; one page in memory at once. */
  records(client: HttpClient, request: HttpRequest, options?: PaginateOptions<R>): AsyncGenerator<R>;
  /** Pages as a connector's `query` returns them: `{ records, nextToken }`. */
  recordPages(
    client: HttpClient,
    request: HttpRequest,
    options?: PaginateOptions<R>,
  ): AsyncGenerator<{ records: R[]; nextToken: string | null }>;
}

/** Where records are in a body. Default: the body itself, which must then be an array. */
export interface RecordsOption {
  recordsPath?: JsonPath;
}

/** Default {@link PaginateOptions.maxPages}: 10000. */
export const DEFAULT_MAX_PAGES = 10_000;

/** Reads `path` from a parsed JSON value; undefined when any step is missing. */
export function readPath(value: unknown, path: JsonPath): unknown {
  const steps = typeof path === "string" ? (path === "" ? [] : path.split(".")) : path;
  let current: unknown = value;
  for (const step of steps) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[String(step)];
  }
  return current;
}

function recordsAt<R>(response: HttpResponse, path: JsonPath | undefined): R[] {
  const body = response.json();
  const found = readPath(body, path ?? "");
  if (!Array.isArray(found)) {
    const where =
      path === undefined || path === "" || (Array.isArray(path) && path.length === 0)
        ? "the body"
        : `"${String(path)}"`;
    throw new ConnectorError("ServerError", `The upstream's response has no array of records at ${where}`);
  }
  return found as R[];
}

/** The request with `params` put before its own query parameters (pagination first). */
function withParams(request: HttpRequest, params: ReadonlyArray<readonly [string, QueryValue]>): HttpRequest {
  const merged = new URLSearchParams();
  for (const [name, value] of params)
    if (value !== null && value !== undefined) merged.append(name, String(value));
  if (request.query !== undefined) appendAll(merged, request.query);
  return { ...request, query: merged };
}

function appendAll(target: URLSearchParams, query: QueryParams): void {
  if (query instanceof URLSearchParams) {
    query.forEach((v, k) => {
      target.append(k, v);
    });
    return;
  }
  const pairs = Array.isArray(query)
    ? (query as ReadonlyArray<readonly [string, QueryValue]>)
    : Object.entries(query as Record<string, QueryValue | readonly QueryValue[]>).flatMap(([k, v]) =>
        Array.isArray(v)
          ? (v as readonly QueryValue[]).map((x) => [k, x] as const)
          : [[k, v as QueryValue] as const],
      );
  for (const [k, v] of pairs) if (v !== null && v !== undefined) target.append(k, String(v));
}

function nonNegativeInteger(token: string, what: string): number {
  if (!/^\d{1,15}$/.test(token)) throw ConnectorError.invalidArgument(`The page token is not ${what}`);
  return Number(token);
}

type Strategy<R> = Pick<Paginator<R>, "resume" | "tokenFor" | "recordsOf">;

const GIVE_UP_CODES = new Set(["RateLimitExceeded", "ServiceUnavailable", "RequestTimeout"]);

function paginator<R>(strategy: Strategy<R>): Paginator<R> {
  async function* pages(
    client: HttpClient,
    request: HttpRequest,
    options: PaginateOptions<R> = {},
  ): AsyncGenerator<Page<R>> {
    const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
    const tokens = new Set<string>();
    const bodies = new Set<string>();
    let token = options.token ?? null;
    if (token !== null) tokens.add(token);
    for (let index = 1; ; index++) {
      if (index > maxPages) {
        throw new ConnectorError(
          "ServerError",
          `The upstream returned more than ${maxPages} pages; stopping (maxPages)`,
        );
      }
      let response: HttpResponse;
      try {
        response = await client.request({
          ...strategy.resume(request, token),
          signal: options.signal ?? request.signal,
          deadline: options.deadline ?? request.deadline,
        });
      } catch (error) {
        const deadline = options.deadline ?? request.deadline;
        if (
          options.partialPageOnGiveUp &&
          index > 1 &&
          deadline !== undefined &&
          isConnectorError(error) &&
          GIVE_UP_CODES.has(error.code)
        ) {
          await sleep(Math.max(0, deadline - Date.now()) + 1000, options.signal ?? request.signal).catch(
            () => {},
          );
        }
        throw error;
      }
      const records = strategy.recordsOf(response);
      if (records.length > 0) {
        const digest = createHash("sha256").update(response.text()).digest("base64");
        if (bodies.has(digest)) {
          throw new ConnectorError(
            "ServerError",
            `The upstream returned a repeated page (page ${index} has the same content as an earlier one); stopping instead of looping`,
          );
        }
        bodies.add(digest);
      }
      let nextToken = strategy.tokenFor({ records, token, response, client });
      const page: Page<R> = { records, token, nextToken, response, index };
      if (nextToken !== null && options.stopWhen?.(page)) nextToken = null;
      if (nextToken !== null && tokens.has(nextToken)) {
        throw new ConnectorError(
          "ServerError",
          "The upstream returned a repeated page token (a cursor or link seen before); stopping instead of looping",
        );
      }
      yield nextToken === page.nextToken ? page : { ...page, nextToken };
      if (nextToken === null) return;
      tokens.add(nextToken);
      token = nextToken;
    }
  }
  return {
    ...strategy,
    pages,
    async *records(client, request, options) {
      for await (const page of pages(client, request, options)) yield* page.records;
    },
    async *recordPages(client, request, options) {
      for await (const page of pages(client, request, options)) {
        yield { records: page.records, nextToken: page.nextToken };
      }
    },
  };
}

/** Options of {@link cursorPaginator}. */
export interface CursorPaginatorOptions extends RecordsOption {
  /** Where the next cursor is in the body, e.g. `"meta.next_cursor"`. */
  cursorPath: JsonPath;
  /** Query parameter carrying the cursor. Default: `"cursor"`. */
  param?: string;
  /** Extra query parameters of every page, e.g. `{ limit: 100 }`. Default: none. */
  pageParams?: ReadonlyArray<readonly [string, QueryValue]>;
}

/**
 * Cursor pagination: the body names the next cursor (`cursorPath`); it is sent as `?cursor=…`. The end: a
 * missing, null, false or empty cursor. Token: the cursor.
 */
export function cursorPaginator<R = unknown>(options: CursorPaginatorOptions): Paginator<R> {
  const param = options.param ?? "cursor";
  const extra = options.pageParams ?? [];
  return paginator<R>({
    resume: (request, token) => withParams(request, token === null ? extra : [...extra, [param, token]]),
    tokenFor: (page) => {
      const cursor = readPath(page.response.json(), options.cursorPath);
      if (cursor === undefined || cursor === null || cursor === false || cursor === "") return null;
      if (typeof cursor !== "string" && typeof cursor !== "number") {
        throw new ConnectorError(
          "ServerError",
          "The upstream's next cursor is neither a string nor a number",
        );
      }
      return String(cursor);
    },
    recordsOf: (response) => recordsAt<R>(response, options.recordsPath),
  });
}

/** Options of {@link nextLinkPaginator}. */
export interface NextLinkPaginatorOptions extends RecordsOption {
  /** Where the link is: the `Link` header (RFC 8288) or the body. Default: `"link-header"`. */
  from?: "link-header" | "body";
  /** With `from: "body"`: where the URL is, e.g. `"links.next"` or `"@odata.nextLink"` as `["@odata.nextLink"]`. */
  path?: JsonPath;
  /** With `from: "link-header"`: the relation. Default: `"next"`. */
  rel?: string;
  /**
   * Follow links to another origin than the client's base URL (auth is never sent there). Default: false
   * (such a link is a ServerError).
   */
  allowOtherOrigins?: boolean;
}

/**
 * Next-link pagination: each response links to the next page, in the `Link` header (`rel="next"`) or the
 * body. The link is followed as given (its own query), relative links resolved against the response URL.
 * Token: the link's path and query (`client.tokenForUrl`: the auth's query parameters removed).
 *
 * @throws TypeError for `from: "body"` without a `path` (a programming error).
 */
export function nextLinkPaginator<R = unknown>(options: NextLinkPaginatorOptions = {}): Paginator<R> {
  const from = options.from ?? "link-header";
  if (from === "body" && options.path === undefined)
    throw new TypeError("nextLinkPaginator: `path` is needed with from: body");
  return paginator<R>({
    resume: (request, token) =>
      token === null ? request : { ...request, path: undefined, query: undefined, url: token },
    tokenFor: (page) => {
      const raw =
        from === "link-header"
          ? findLink(page.response.headers.get("link"), options.rel ?? "next")
          : readPath(page.response.json(), options.path!);
      if (raw === undefined || raw === null || raw === "") return null;
      if (typeof raw !== "string")
        throw new ConnectorError("ServerError", "The upstream's next link is not a string");
      let url: URL;
      try {
        url = new URL(raw, page.response.url || page.client.baseUrl || undefined);
      } catch (error) {
        throw new ConnectorError("ServerError", "The upstream's next link is not a valid URL", {
          cause: error,
        });
      }
      const base = page.client.baseUrl;
      if (!options.allowOtherOrigins && base !== null && url.origin !== base.origin) {
        throw new ConnectorError(
          "ServerError",
          `The upstream's next link leads to another origin (${url.origin})`,
        );
      }
      return page.client.tokenForUrl(url);
    },
    recordsOf: (response) => recordsAt<R>(response, options.recordsPath),
  });
}

/** Options of {@link offsetPaginator}. */
export interface OffsetPaginatorOptions extends RecordsOption {
  /** Records per page. */
  pageSize: number;
  /** Default: `"limit"`. */
  limitParam?: string;
  /** Default: `"offset"`. */
  offsetParam?: string;
  /** Where the total count is in the body, to stop exactly at the end. Default: none. */
  totalPath?: JsonPath;
  /** A header with the total count, e.g. `"X-Total-Count"`. Default: none. */
  totalHeader?: string;
}

/**
 * Offset/limit pagination: `?limit=100&offset=200`. The end: a page shorter than `pageSize` (an empty one
 * included), or the total count reached when `totalPath`/`totalHeader` gives it. Token: the offset.
 *
 * @throws RangeError for a `pageSize` below 1 (a programming error).
 */
export function offsetPaginator<R = unknown>(options: OffsetPaginatorOptions): Paginator<R> {
  const limitParam = options.limitParam ?? "limit";
  const offsetParam = options.offsetParam ?? "offset";
  if (!(options.pageSize >= 1)) throw new RangeError("offsetPaginator: pageSize must be at least 1");
  return paginator<R>({
    resume: (request, token) =>
      withParams(request, [
        [limitParam, options.pageSize],
        [offsetParam, token === null ? 0 : nonNegativeInteger(token, "an offset")],
      ]),
    tokenFor: (page) => {
      const offset = page.token === null ? 0 : Number(page.token);
      const next = offset + page.records.length;
      if (page.records.length < options.pageSize) return null;
      const total = totalOf(page.response, options.totalPath, options.totalHeader);
      if (total !== null && next >= total) return null;
      return String(next);
    },
    recordsOf: (response) => recordsAt<R>(response, options.recordsPath),
  });
}

/** Options of {@link pageNumberPaginator}. */
export interface PageNumberPaginatorOptions extends RecordsOption {
  /** Default: `"page"`. */
  pageParam?: string;
  /** Records per page, sent as `sizeParam` when both are given; a shorter page ends. Default: none. */
  pageSize?: number;
  /** Default: `"per_page"`. */
  sizeParam?: string;
  /** Number of the first page. Default: 1. */
  startPage?: number;
  /** Where the total number of pages is in the body. Default: none. */
  totalPagesPath?: JsonPath;
  /** A header with the total record count, e.g. `"X-Total-Count"` (needs `pageSize`). Default: none. */
  totalHeader?: string;
}

/**
 * Page-number pagination: `?page=3&per_page=50`. The end: an empty page, a page shorter than `pageSize`,
 * the last page by `totalPagesPath`, or the total count by `totalHeader`. Token: the page number.
 */
export function pageNumberPaginator<R = unknown>(options: PageNumberPaginatorOptions = {}): Paginator<R> {
  const pageParam = options.pageParam ?? "page";
  const sizeParam = options.sizeParam ?? "per_page";
  const start = options.startPage ?? 1;
  return paginator<R>({
    resume: (request, token) =>
      withParams(request, [
        [pageParam, token === null ? start : nonNegativeInteger(token, "a page number")],
        ...(options.pageSize === undefined ? [] : [[sizeParam, options.pageSize] as const]),
      ]),
    tokenFor: (page) => {
      const number = page.token === null ? start : Number(page.token);
      if (page.records.length === 0) return null;
      if (options.pageSize !== undefined && page.records.length < options.pageSize) return null;
      if (options.totalPagesPath !== undefined) {
        const pages = Number(readPath(page.response.json(), options.totalPagesPath));
        if (Number.isFinite(pages) && number >= pages + start - 1) return null;
      }
      if (options.totalHeader !== undefined && options.pageSize !== undefined) {
        const total = totalOf(page.response, undefined, options.totalHeader);
        if (total !== null && (number - start + 1) * options.pageSize >= total) return null;
      }
      return String(number + 1);
    },
    recordsOf: (response) => recordsAt<R>(response, options.recordsPath),
  });
}

function totalOf(
  response: HttpResponse,
  path: JsonPath | undefined,
  header: string | undefined,
): number | null {
  if (path !== undefined) {
    const n = Number(readPath(response.json(), path));
    if (Number.isFinite(n)) return n;
  }
  if (header !== undefined) {
    const text = response.headers.get(header);
    if (text !== null && /^\d+$/.test(text.trim())) return Number(text.trim());
  }
  return null;
}
