import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operationNamed } from "../appflow/operation-name.js";
import {
  createTestDirectory,
  TEST_PASSWORD,
  TEST_USERNAME,
} from "../lumos/test-support/test-directory-connector.js";
import { type HttpServer, serveHttp } from "./http-host.js";

interface Answer {
  response: { integration_specific_id: string }[];
  page: { token: string; size: number | null } | null;
  error: { error_code: string };
  [key: string]: unknown;
}
const json = async (r: Response | Promise<Response>) => (await (await r).json()) as Answer;

const auth = { basic: { username: TEST_USERNAME, password: TEST_PASSWORD } };
const settings = { baseDn: "dc=example,dc=com" };

describe("HTTP host on a real server", () => {
  let server: HttpServer;
  beforeAll(async () => {
    server = await serveHttp(createTestDirectory().connector, {
      port: 0,
      lumos: { logLevel: "silent" },
      appflow: { secrets: null, logLevel: "silent" },
      maxBodyBytes: 100_000,
    });
  });
  afterAll(() => server.close());

  const authorization = () => ({ authorization: `Bearer ${server.token}` });
  const post = (path: string, body: unknown) =>
    fetch(`${server.url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...authorization() },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
  const get = (path: string) => fetch(`${server.url}${path}`, { headers: authorization() });

  it("listens on 127.0.0.1 with a fresh random token", async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.token).toMatch(/^[\w-]{43}$/);
    const other = await serveHttp(createTestDirectory().connector, {
      port: 0,
      lumos: { logLevel: "silent" },
    });
    try {
      expect(other.token).not.toBe(server.token);
      const r = await fetch(`${other.url}/lumos/info`, { headers: authorization() });
      expect(r.status).toBe(401);
    } finally {
      await other.close();
    }
  });

  it("POST /lumos/<capability>, /<capability> and /<app_id>/<capability> answer the Lumos envelope", async () => {
    for (const path of [
      "/lumos/validate_credentials",
      "/validate_credentials",
      "/test-directory/validate_credentials",
    ]) {
      const r = await post(path, { auth, settings, request: {} });
      expect(r.status, path).toBe(200);
      expect(r.headers.get("content-type")).toMatch(/application\/json/);
      expect(await r.json()).toEqual({
        response: { valid: true, unique_tenant_id: "test-directory:dc=example,dc=com" },
        raw_data: null,
        page: null,
        execution_summary: null,
      });
    }
  });

  it("serves each capability under its exact name only: a dashed name is FastAPI's 404", async () => {
    for (const path of ["/list-resources", "/lumos/list-resources", "/test-directory/list-resources"]) {
      const r = await post(path, { auth, settings, request: {} });
      expect(r.status, path).toBe(404);
      expect(await r.json()).toEqual({ detail: "Not Found" });
    }
    expect((await post("/list_resources", { auth, settings, request: {} })).status).toBe(200);
  });

  it("pages list_accounts over HTTP", async () => {
    const first = await json(post("/list_accounts", { auth, settings, request: {}, page: { size: 3 } }));
    expect(first.response).toHaveLength(3);
    const second = await json(post("/list_accounts", { auth, settings, request: {}, page: first.page }));
    expect(second.response.map((a) => a.integration_specific_id)).toEqual(["uid=linus", "uid=ken"]);
    expect(second.page).toBeNull();
  });

  it("answers error envelopes with 200, an unknown capability with 404, an oversized body with 413", async () => {
    const bad = await post("/list_accounts", "{oops");
    expect(bad.status).toBe(200);
    expect((await json(bad)).error.error_code).toBe("bad_request");
    for (const path of ["/lumos/list_expenses", "/list_expenses", "/test-directory/list_expenses"]) {
      const unknown = await post(path, {});
      expect(unknown.status, path).toBe(404);
      expect(await unknown.json()).toEqual({ detail: "Not Found" });
    }
    const big = await post("/list_accounts", { request: {}, pad: "x".repeat(200_000) });
    expect(big.status).toBe(413);
  });

  it("GET /lumos/info, /openapi.json and /health", async () => {
    const info = await json(get("/lumos/info"));
    expect((info.response as unknown as { app_id: string }).app_id).toBe("test-directory");
    const openapi = await json(get("/openapi.json"));
    expect(openapi["openapi"]).toBe("3.0.0");
    expect(await (await fetch(`${server.url}/health`)).json()).toEqual({ status: "ok" });
  });

  it("POST /appflow/<operation> runs the AppFlow host", async () => {
    const config = await json(post("/appflow/DescribeConnectorConfiguration", {}));
    expect(config).toMatchObject({
      isSuccess: true,
      connectorName: "Test Directory",
      connectorVersion: "1.2.3",
    });
    const query = await json(
      post("/appflow/query", {
        entityIdentifier: "users",
        maxResults: 2,
        connectorContext: { apiVersion: "v1", connectorRuntimeSettings: settings },
      }),
    );
    expect(query["isSuccess"]).toBe(true);
    expect((query["records"] as string[]).map((r) => JSON.parse(r).id)).toEqual(["uid=ada", "uid=alan"]);
    const unknown = await post("/appflow/Teleport", {});
    expect(unknown.status).toBe(404);
  });

  it("maps operation names the way the CLI does", () => {
    expect(
      [
        "QueryData",
        "QueryDataRequest",
        "query_data",
        "query",
        "list-entities",
        "list_entities",
        "configuration",
      ].map(operationNamed),
    ).toEqual([
      "QueryDataRequest",
      "QueryDataRequest",
      "QueryDataRequest",
      "QueryDataRequest",
      "ListEntitiesRequest",
      "ListEntitiesRequest",
      "DescribeConnectorConfigurationRequest",
    ]);
    expect(operationNamed("nope")).toBeNull();
  });
});

describe("HTTP host: each platform's routes only for the capabilities a connector has", () => {
  it("an identity-only connector answers the Lumos routes and refuses the AppFlow ones; a data-only one the reverse", async () => {
    const { defineConnector } = await import("../../define/define-connector.js");
    const identityOnly = defineConnector({
      name: "Only People",
      owner: "x",
      version: "1",
      identity: {
        async listAccounts() {
          return [{ integration_specific_id: "u1" }];
        },
      },
    });
    const dataOnly = defineConnector({
      name: "Only Data",
      owner: "x",
      version: "1",
      async listEntities() {
        return [{ entityIdentifier: "things", hasNestedEntities: false }];
      },
      async describeEntity() {
        return { entity: { entityIdentifier: "things", hasNestedEntities: false }, fields: [] };
      },
      async query() {
        return { records: [] };
      },
    });
    for (const [connector, lumosStatus, appflowStatus] of [
      [identityOnly, 200, 404],
      [dataOnly, 404, 200],
    ] as const) {
      const server = await serveHttp(connector, {
        port: 0,
        lumos: { logLevel: "silent" },
        appflow: { secrets: null, logLevel: "silent" },
      });
      try {
        const post = (path: string, body: unknown) =>
          fetch(`${server.url}${path}`, {
            method: "POST",
            headers: { "content-type": "application/json", authorization: `Bearer ${server.token}` },
            body: JSON.stringify(body),
          });
        const lumos = await post("/list_accounts", { request: {}, auth: { token: { token: "t" } } });
        expect(lumos.status, connector.definition.name).toBe(lumosStatus);
        const appflow = await post("/appflow/list-entities", { entitiesPath: null });
        expect(appflow.status, connector.definition.name).toBe(appflowStatus);
        if (appflowStatus === 404) expect(await appflow.text()).toMatch(/no data capabilities/);
      } finally {
        await server.close();
      }
    }
  });
});
