import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConnectorError } from "../core/errors/connector-error.js";
import { apiKeyAuth } from "./auth.js";
import { createHttpClient, type HttpClient } from "./http-client.js";
import { findLink, parseLinkHeader } from "./link-header.js";
import {
  cursorPaginator,
  nextLinkPaginator,
  offsetPaginator,
  type Paginator,
  pageNumberPaginator,
  readPath,
} from "./paginators.js";
import { json, startTestServer, type TestServer } from "./test-support/test-server.js";

type Item = { id: number };
const ITEMS: Item[] = Array.from({ length: 23 }, (_, i) => ({ id: i + 1 }));

let server: TestServer;
let client: HttpClient;

/** An API with every pagination style over ITEMS, and a few broken ones. */
function api(): void {
  server.handle((req, res) => {
    const q = req.url.searchParams;
    const size = Number(q.get("limit") ?? q.get("_limit") ?? q.get("per_page") ?? 5);
    switch (req.url.pathname) {
      case "/cursor": {
        const from = Number(q.get("cursor") ?? 0);
        const next = from + size < ITEMS.length ? String(from + size) : null;
        return json(res, 200, { data: ITEMS.slice(from, from + size), meta: { next } });
      }
      case "/stuck-cursor":
        return json(res, 200, { data: ITEMS.slice(0, 2), meta: { next: "same" } });
      case "/offset":
        return json(res, 200, ITEMS.slice(Number(q.get("offset")), Number(q.get("offset")) + size), {
          "x-total-count": String(ITEMS.length),
        });
      case "/pages": {
        const page = Number(q.get("page"));
        return json(res, 200, { items: ITEMS.slice((page - 1) * size, page * size) });
      }
      case "/ignores-page":
        return json(res, 200, { items: ITEMS.slice(0, size) });
      case "/linked": {
        const page = Number(q.get("_page") ?? 1);
        const links: string[] = [];
        const last = Math.ceil(ITEMS.length / size);
        const at = (p: number) => {
          const u = new URL(req.url);
          u.searchParams.set("_page", String(p));
          return `${server.url}${u.pathname}${u.search}`;
        };
        links.push(`<${at(1)}>; rel="first"`);
        if (page < last) links.push(`<${at(page + 1)}>; rel="next"`);
        links.push(`<${at(last)}>; rel="last"`);
        return json(res, 200, ITEMS.slice((page - 1) * size, page * size), { link: links.join(", ") });
      }
      case "/body-link": {
        const page = Number(q.get("p") ?? 1);
        const next = page * size < ITEMS.length ? `/body-link?p=${page + 1}&limit=${size}` : null;
        return json(res, 200, { value: ITEMS.slice((page - 1) * size, page * size), links: { next } });
      }
      case "/foreign":
        return json(res, 200, [{ id: 1 }], { link: '<https://elsewhere.example/x?page=2>; rel="next"' });
      default:
        return json(res, 404, {});
    }
  });
}

beforeAll(async () => {
  server = await startTestServer();
  api();
  client = createHttpClient({ baseUrl: server.url });
});
afterAll(() => server.close());

async function all<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of iterable) out.push(x);
  return out;
}

async function failure(iterable: AsyncIterable<unknown>): Promise<ConnectorError> {
  try {
    for await (const _ of iterable) {
      // drain
    }
  } catch (error) {
    return error as ConnectorError;
  }
  throw new Error("expected an error");
}

const CASES: Array<[string, Paginator<Item>, string, Record<string, string>]> = [
  [
    "cursor",
    cursorPaginator<Item>({ cursorPath: "meta.next", recordsPath: "data", pageParams: [["limit", 5]] }),
    "/cursor",
    {},
  ],
  ["offset", offsetPaginator<Item>({ pageSize: 5, totalHeader: "X-Total-Count" }), "/offset", {}],
  ["page number", pageNumberPaginator<Item>({ pageSize: 5, recordsPath: "items" }), "/pages", {}],
  ["Link header", nextLinkPaginator<Item>(), "/linked", { _limit: "5" }],
  [
    "body link",
    nextLinkPaginator<Item>({ from: "body", path: "links.next", recordsPath: "value" }),
    "/body-link",
    { limit: "5" },
  ],
];

describe("paginators", () => {
  for (const [name, paginator, path, query] of CASES) {
    it(`${name}: reads every record once, in order, and resumes from any page's token`, async () => {
      const pages = await all(paginator.pages(client, { path, query }));
      expect(pages.flatMap((p) => p.records)).toEqual(ITEMS);
      expect(pages).toHaveLength(5);
      expect(pages.at(-1)!.nextToken).toBeNull();
      expect(pages[0]!.token).toBeNull();
      for (let i = 1; i < pages.length; i++) expect(pages[i]!.token).toBe(pages[i - 1]!.nextToken);
      // Resuming at page 3's token gives pages 3… again, identical (repeatable pages).
      const resumed = await all(paginator.pages(client, { path, query }, { token: pages[2]!.token }));
      expect(resumed.map((p) => p.records)).toEqual(pages.slice(2).map((p) => p.records));
      expect(await all(paginator.records(client, { path, query }))).toEqual(ITEMS);
      const recordPages = await all(paginator.recordPages(client, { path, query }));
      expect(recordPages[0]).toEqual({ records: ITEMS.slice(0, 5), nextToken: pages[0]!.nextToken });
    });
  }

  it("stops on a repeated cursor with a ServerError instead of looping", async () => {
    const error = await failure(
      cursorPaginator({ cursorPath: "meta.next", recordsPath: "data" }).pages(client, {
        path: "/stuck-cursor",
      }),
    );
    expect(error.code).toBe("ServerError");
    expect(error.message).toMatch(/repeated page/);
  });

  it("stops on a repeated page (an API ignoring the page parameter)", async () => {
    const error = await failure(
      pageNumberPaginator({ recordsPath: "items" }).pages(client, { path: "/ignores-page" }),
    );
    expect(error.code).toBe("ServerError");
    expect(error.message).toMatch(/repeated page/);
    expect(error.message).toMatch(/page 2/);
  });

  it("enforces maxPages and stopWhen", async () => {
    const paginator = offsetPaginator<Item>({ pageSize: 5 });
    const error = await failure(paginator.pages(client, { path: "/offset" }, { maxPages: 2 }));
    expect(error.message).toMatch(/more than 2 pages/);
    const pages = await all(paginator.pages(client, { path: "/offset" }, { stopWhen: (p) => p.index === 2 }));
    expect(pages).toHaveLength(2);
    expect(pages[1]!.nextToken).toBeNull();
  });

  it("refuses links to another origin, and malformed tokens", async () => {
    const error = await failure(nextLinkPaginator().pages(client, { path: "/foreign" }));
    expect(error.message).toMatch(/another origin/);
    const bad = await failure(
      offsetPaginator({ pageSize: 5 }).pages(client, { path: "/offset" }, { token: "x" }),
    );
    expect(bad.code).toBe("InvalidArgument");
  });

  it("keeps an API key sent in the query out of link tokens", async () => {
    const keyed = createHttpClient({ baseUrl: server.url, auth: apiKeyAuth("sekret-key", { in: "query" }) });
    const pages = await all(
      nextLinkPaginator<Item>().pages(keyed, { path: "/linked", query: { _limit: "10" } }),
    );
    expect(pages).toHaveLength(3);
    for (const page of pages) expect(page.nextToken ?? "").not.toContain("sekret");
    expect(pages[0]!.nextToken).toBe("/linked?_limit=10&_page=2");
    expect(server.requests.at(-1)!.url.searchParams.get("api_key")).toBe("sekret-key");
  });

  it("puts pagination parameters first (json-server rewrites the first `page=` it finds)", () => {
    const request = pageNumberPaginator({ pageParam: "_page", pageSize: 5, sizeParam: "_limit" }).resume(
      { path: "/x", query: { homepage: "1" } },
      "3",
    );
    expect(client.urlFor(request).search).toBe("?_page=3&_limit=5&homepage=1");
  });
});

describe("Link header (RFC 8288)", () => {
  it("parses several links, quoted and unquoted parameters, commas inside URLs", () => {
    const header =
      '<https://a.example/x?a=1,2&page=2>; rel="next"; title="a, b; c", <https://a.example/x?page=9>;rel=last, <//broken, <https://a.example/y>; REL="prev first"';
    const links = parseLinkHeader(header);
    expect(links.map((l) => l.uri)).toEqual([
      "https://a.example/x?a=1,2&page=2",
      "https://a.example/x?page=9",
      "https://a.example/y",
    ]);
    expect(links[0]!.params["title"]).toBe("a, b; c");
    expect(links[2]!.rel).toEqual(["prev", "first"]);
    expect(findLink(header, "NEXT")).toBe("https://a.example/x?a=1,2&page=2");
    expect(findLink(header, "first")).toBe("https://a.example/y");
    expect(findLink(null, "next")).toBeNull();
    expect(parseLinkHeader("garbage")).toEqual([]);
  });

  it("reads JSON paths", () => {
    expect(readPath({ a: { b: [1, { c: 2 }] } }, "a.b.1.c")).toBe(2);
    expect(readPath({ "@odata.nextLink": "x" }, ["@odata.nextLink"])).toBe("x");
    expect(readPath({ a: 1 }, "a.b")).toBeUndefined();
  });
});
