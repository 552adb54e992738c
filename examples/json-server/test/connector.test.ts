import { StaticSecretResolver } from "connector-kit";
import { type AppFlowHost, createAppFlowHost } from "connector-kit/appflow";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { jsonServerConnector } from "../src/connector.js";
import { type JsonServerHandle, seedDatabase, startJsonServer } from "./json-server.js";

const ARN = "arn:aws:secretsmanager:us-east-1:111122223333:secret:appflow!json-server-AbCdEf";
type Json = Record<string, unknown>;

let server: JsonServerHandle;
let lines: string[];

function hostFor(secret: string, options: { queryMs?: number } = {}): AppFlowHost {
  return createAppFlowHost(jsonServerConnector, {
    secrets: new StaticSecretResolver({ [ARN]: { apiKey: secret } }),
    logLevel: "debug",
    logWrite: (line) => lines.push(line),
    ...(options.queryMs ? { timeLimitsMs: { QueryDataRequest: options.queryMs }, safetyMarginMs: 300 } : {}),
  });
}

function context(settings: Record<string, string> = {}, entityDefinition: unknown = null) {
  return {
    apiVersion: "v1",
    connectorRuntimeSettings: { baseUrl: server.url, ...settings },
    credentials: { secretArn: ARN, authenticationType: "ApiKey" },
    entityDefinition,
  };
}

async function describePosts(host: AppFlowHost): Promise<Json> {
  const r = await host.invoke({
    type: "DescribeEntityRequest",
    entityIdentifier: "posts",
    connectorContext: context(),
  });
  expect(r["isSuccess"]).toBe(true);
  return r["entityDefinition"] as Json;
}

async function queryAll(
  host: AppFlowHost,
  opts: {
    filter?: string;
    maxResults?: number;
    fields?: string[];
    settings?: Record<string, string>;
    entity?: unknown;
  },
) {
  const records: Json[] = [];
  const tokens: string[] = [];
  let nextToken: string | null = null;
  do {
    const r: Json = await host.invoke({
      type: "QueryDataRequest",
      entityIdentifier: "posts",
      selectedFieldNames: opts.fields ?? null,
      filterExpression: opts.filter ?? null,
      maxResults: opts.maxResults ?? 1000,
      nextToken,
      connectorContext: context(opts.settings, opts.entity ?? null),
    });
    if (r["isSuccess"] !== true) throw new Error(JSON.stringify(r["errorDetails"]));
    records.push(...(r["records"] as string[]).map((s) => JSON.parse(s) as Json));
    nextToken = r["nextToken"] as string | null;
    if (nextToken) tokens.push(nextToken);
  } while (nextToken);
  return { records, tokens };
}

beforeAll(async () => {
  server = await startJsonServer();
});
afterAll(() => server?.close());
beforeEach(() => {
  lines = [];
  server.requests.length = 0;
  server.setFaults(null);
});

describe("json-server connector through the AppFlow host", () => {
  it("validates the API key", async () => {
    const event = (key: string) =>
      hostFor(key).invoke({
        type: "ValidateCredentialsRequest",
        credentials: { secretArn: ARN, authenticationType: "ApiKey" },
        connectorRuntimeSettings: { baseUrl: server.url },
      });
    expect((await event(server.apiKey))["isSuccess"]).toBe(true);
    expect((await event("jsk_wrong_key_000"))["errorDetails"]).toMatchObject({
      errorCode: "InvalidCredentials",
    });
  });

  it("lists the collections of GET /db (not singular resources), or those of the setting", async () => {
    const host = hostFor(server.apiKey);
    const all = await host.invoke({
      type: "ListEntitiesRequest",
      connectorContext: context(),
      entitiesPath: null,
    });
    expect((all["entities"] as Json[]).map((e) => e["entityIdentifier"])).toEqual([
      "posts",
      "comments",
      "users",
    ]);
    const some = await host.invoke({
      type: "ListEntitiesRequest",
      connectorContext: context({ collections: "users, posts" }),
      entitiesPath: null,
    });
    expect((some["entities"] as Json[]).map((e) => e["entityIdentifier"])).toEqual(["users", "posts"]);
  });

  it("describes a collection by sampling its records", async () => {
    const definition = await describePosts(hostFor(server.apiKey));
    const types = Object.fromEntries(
      (definition["fields"] as Json[]).map((f) => [f["fieldName"], f["dataType"]]),
    );
    expect(types).toEqual({
      id: "Integer",
      title: "String",
      views: "Integer",
      rating: "Double",
      published: "Boolean",
      createdAt: "DateTime",
      day: "Date",
      tags: "List",
      author: "Struct",
    });
    const id = (definition["fields"] as Json[])[0]!;
    expect(id).toMatchObject({ isPrimaryKey: true });
    const missing = await hostFor(server.apiKey).invoke({
      type: "DescribeEntityRequest",
      entityIdentifier: "nope",
      connectorContext: context(),
    });
    expect(missing["errorDetails"]).toMatchObject({ errorCode: "ResourceNotFoundError" });
  });

  it("pages with _page/_limit and the Link header; tokens never carry the API key", async () => {
    const host = hostFor(server.apiKey);
    const { records, tokens } = await queryAll(host, { maxResults: 4, settings: { apiKeyIn: "query" } });
    expect(records.map((r) => r["id"])).toEqual(range(1, 25));
    expect(tokens).toHaveLength(6);
    for (const token of tokens)
      expect(Buffer.from(token, "base64url").toString()).not.toContain(server.apiKey);
    expect(server.requests[0]!.url).toBe("/posts?_page=1&_limit=4");
    expect(lines.join("\n")).not.toContain(server.apiKey);
    expect(lines.join("\n")).toContain("HTTP request");
  });

  it("pushes the AND-ed comparisons down and filters the rest exactly", async () => {
    const host = hostFor(server.apiKey);
    const entity = await describePosts(host);
    const posts = seedDatabase().posts as Json[];
    const filter =
      "views > 20 AND published = true AND createdAt >= 2024-01-05T08:04:00Z AND title CONTAINS 'Post' AND (views < 90 OR id = 1) LIMIT 50";
    server.requests.length = 0;
    const { records } = await queryAll(host, { filter, fields: ["id", "views"], entity });
    const expected = posts
      .filter(
        (p) =>
          (p["views"] as number) > 20 &&
          p["published"] === true &&
          Date.parse(p["createdAt"] as string) >= Date.parse("2024-01-05T08:04:00Z") &&
          ((p["views"] as number) < 90 || p["id"] === 1),
      )
      .map((p) => ({ id: p["id"], views: p["views"] }));
    expect(records).toEqual(expected);
    const sent = new URL(server.requests[0]!.url, "http://x").searchParams;
    expect(sent.get("views_gte")).toBe("20");
    expect(sent.get("published")).toBe("true");
    expect(sent.get("createdAt_gte")).toBe("2024-01-04");
    expect(sent.get("title_like")).toBe("Post");
    expect(sent.has("views_lte")).toBe(false); // inside an OR: left to the client-side filter
  });

  it("retrieves by ids", async () => {
    const host = hostFor(server.apiKey);
    const r = await host.invoke({
      type: "RetrieveDataRequest",
      entityIdentifier: "posts",
      selectedFieldNames: ["id", "title"],
      idFieldName: "id",
      ids: ["2", "5", "999"],
      connectorContext: context(),
    });
    expect((r["records"] as string[]).map((s) => JSON.parse(s))).toEqual([
      { id: 2, title: "Post 2" },
      { id: 5, title: "Post 5" },
    ]);
  });

  it("writes with POST/PATCH/PUT/DELETE and one result per record", async () => {
    const host = hostFor(server.apiKey);
    const write = (operation: string, records: Json[], idFieldNames = ["id"]) =>
      host.invoke({
        type: "WriteDataRequest",
        entityIdentifier: "comments",
        operation,
        idFieldNames,
        records: records.map((r) => JSON.stringify(r)),
        allOrNone: false,
        connectorContext: context(),
      });
    const inserted = await write("INSERT", [
      { postId: 1, body: "first" },
      { id: 1, body: "duplicate id" },
    ]);
    const results = inserted["writeRecordResults"] as Json[];
    expect(results[0]).toMatchObject({ isSuccess: true, recordId: "13" });
    expect(results[1]).toMatchObject({ isSuccess: false });
    const updated = await write("UPDATE", [
      { id: 13, body: "edited" },
      { id: 404, body: "x" },
    ]);
    expect((updated["writeRecordResults"] as Json[]).map((r) => r["isSuccess"])).toEqual([true, false]);
    const upserted = await write("UPSERT", [
      { id: 13, body: "replaced", postId: 2 },
      { id: 500, body: "new" },
    ]);
    expect((upserted["writeRecordResults"] as Json[]).map((r) => r["recordId"])).toEqual(["13", "500"]);
    const comments = server.db["comments"] as Json[];
    expect(comments.find((c) => c["id"] === 13)).toEqual({ id: 13, body: "replaced", postId: 2 });
    const deleted = await write("DELETE", [{ id: 13 }, { id: 500 }]);
    expect((deleted["writeRecordResults"] as Json[]).every((r) => r["isSuccess"])).toBe(true);
    expect(comments.some((c) => c["id"] === 13 || c["id"] === 500)).toBe(false);
  });

  it("fails fast with RateLimitExceeded when the upstream asks to wait past the deadline", async () => {
    server.setFaults({ every: 1, kinds: ["429"], retryAfter: 120 });
    const start = Date.now();
    const r = await hostFor(server.apiKey).invoke({
      type: "QueryDataRequest",
      entityIdentifier: "posts",
      maxResults: 5,
      connectorContext: context(),
    });
    expect(Date.now() - start).toBeLessThan(2000);
    expect(r["errorDetails"]).toMatchObject({ errorCode: "RateLimitExceeded" });
  });

  it("answers a partial page with a nextToken when rate limited after some pages", async () => {
    const host = hostFor(server.apiKey, { queryMs: 2500 });
    // An OR is filtered client-side, so pages of 2 are read until 2 records match; after 2 pages the
    // upstream says "come back in 2 minutes": the page guard answers at the deadline with what it has.
    server.setFaults({ after: 2, every: 1, kinds: ["429"], retryAfter: 120 });
    const query = (nextToken: unknown) =>
      host.invoke({
        type: "QueryDataRequest",
        entityIdentifier: "posts",
        maxResults: 2,
        filterExpression: "id = 1 OR id = 25",
        connectorContext: context(),
        nextToken,
      });
    const start = Date.now();
    const first = await query(null);
    expect(Date.now() - start).toBeLessThan(2500);
    expect(first["isSuccess"]).toBe(true);
    expect((first["records"] as string[]).map((s) => JSON.parse(s)["id"])).toEqual([1]);
    expect(first["nextToken"]).toEqual(expect.any(String));
    server.setFaults(null);
    const rest = await query(first["nextToken"]);
    expect((rest["records"] as string[]).map((s) => JSON.parse(s)["id"])).toEqual([25]);
    expect(rest["nextToken"]).toBeNull();
  });
});

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
