import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { localSecretResolver } from "../flow/local-secrets.js";
import { makeOrders, ordersConnector } from "../hosts/appflow/test-support/orders-connector.js";
import { rawRequest } from "../hosts/http/test-support/recorder.js";
import { makeTempDir } from "../test-support/temp-dir.js";
import type { ConformanceReport } from "../testing/conformance/report.js";
import type { ConformanceEvent } from "./conformance-run.js";
import type { ConsoleRun, FlowListing } from "./flow-runs.js";
import { type ConsoleServer, serveConsole } from "./serve-console.js";

const PASSWORD = "s3cret-pa55word-value";

describe("connector console server", () => {
  let server: ConsoleServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const start = async (options: { flowsDir?: string } = {}) => {
    const projectDir = makeTempDir("ck-console-");
    server = await serveConsole({
      connector: ordersConnector({
        orders: makeOrders(25, 10),
        upstreamPageSize: 10,
        clientSideFilter: true,
      }),
      connectorLabel: "orders",
      projectDir,
      secrets: localSecretResolver(projectDir, {}),
      port: 0,
      ...options,
    });
    const s = server;
    const call = (path: string, init: RequestInit = {}) =>
      fetch(`${s.url}${path}`, {
        ...init,
        headers: { "x-connector-token": s.token, "content-type": "application/json", ...init.headers },
      });
    /** The JSON answer of a call (typed loosely: the assertions say what it must hold). */
    // biome-ignore lint/suspicious/noExplicitAny: test answers are checked by the assertions below
    const body = async (answer: Promise<Response>): Promise<any> => (await answer).json();
    return { projectDir, server: s, call, body };
  };

  it("trades the opening URL's token for an HttpOnly cookie and refuses requests without it", async () => {
    const { server: s } = await start();
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const opened = await fetch(s.openUrl, { redirect: "manual" });
    expect(opened.status).toBe(303);
    expect(opened.headers.get("location")).toBe("/");
    const cookie = opened.headers.get("set-cookie")!;
    expect(cookie).toContain(`connector_console_${s.port}=`);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(opened.headers.get("referrer-policy")).toBe("no-referrer");

    const page = await fetch(`${s.url}/`, { headers: { cookie: cookie.split(";")[0]! } });
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect(await page.text()).toContain('<script type="module" src="/assets/console.js">');

    expect((await fetch(`${s.url}/`)).status).toBe(401);
    expect((await fetch(`${s.url}/api/session`)).status).toBe(401);
    expect((await fetch(`${s.url}/?token=not-the-token-at-all`, { redirect: "manual" })).status).toBe(401);
    const wrongCookie = await fetch(`${s.url}/api/session`, {
      headers: { cookie: `connector_console_${s.port}=nope` },
    });
    expect(wrongCookie.status).toBe(401);
    expect(await wrongCookie.json()).toEqual({ error: expect.stringContaining("URL printed at start") });
  });

  it("refuses other Hosts, other origins, bodies that are not JSON and bodies over the limit", async () => {
    const { call, server: s } = await start();
    const rebound = await rawRequest(s.url, "/api/session", {
      method: "GET",
      headers: { host: "attacker.example", "x-connector-token": s.token },
    });
    expect(rebound.status).toBe(403);
    expect(JSON.parse(rebound.body)).toEqual({ error: "This Host is not served" });
    const crossOrigin = await call("/api/session", { headers: { origin: "http://attacker.example" } });
    expect(crossOrigin.status).toBe(403);
    const crossSite = await call("/api/session", { headers: { "sec-fetch-site": "cross-site" } });
    expect(crossSite.status).toBe(403);
    const form = await call("/api/connections/a", {
      method: "PUT",
      body: "x=1",
      headers: { "content-type": "text/plain" },
    });
    expect(form.status).toBe(415);
    const huge = await call("/api/connections/a", {
      method: "PUT",
      body: JSON.stringify({ settings: { a: "x".repeat(11 * 1024 * 1024) } }),
    });
    expect(huge.status).toBe(413);
  });

  it("serves the client bundle with the SDK's filter parser in it", async () => {
    const { call } = await start();
    const script = await call("/assets/console.js");
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toContain("text/javascript");
    const text = await script.text();
    expect(text).toContain("Invalid filter expression at line"); // FilterSyntaxError's message, bundled
    expect((await call("/assets/console.css")).status).toBe(200);
  });

  it("writes a connection's secret to a 0600 file, answers only its keys, and validates through the HTTP host", async () => {
    const { call, projectDir } = await start();
    const saved = await call("/api/connections/main", {
      method: "PUT",
      body: JSON.stringify({
        authenticationType: "BasicAuth",
        settings: { region: "eu" },
        secret: { username: "ada", password: PASSWORD },
      }),
    });
    expect(saved.status).toBe(200);
    const text = await saved.text();
    expect(text).not.toContain(PASSWORD);
    const connection = JSON.parse(text);
    expect(connection).toEqual({
      name: "main",
      authenticationType: "BasicAuth",
      apiVersion: null,
      settings: { region: "eu" },
      secretRef: "file:.connector/console/secrets/main.json",
      secretKeys: ["password", "username"],
    });
    const file = join(projectDir, ".connector/console/secrets/main.json");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(projectDir, ".connector/console/secrets")).mode & 0o777).toBe(0o700);
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual({ username: "ada", password: PASSWORD });
    expect(readFileSync(join(projectDir, ".connector/console/connections.json"), "utf8")).not.toContain(
      PASSWORD,
    );

    const session = await (await call("/api/session")).text();
    expect(session).not.toContain(PASSWORD);
    expect(JSON.parse(session).connections).toEqual([connection]);

    const valid = await call("/host/appflow/ValidateCredentials", {
      method: "POST",
      body: JSON.stringify({
        credentials: { secretArn: connection.secretRef, authenticationType: "BasicAuth" },
        connectorRuntimeSettings: {},
      }),
    });
    expect(await valid.json()).toMatchObject({ isSuccess: true });

    // Saving again without secret values keeps the stored ones.
    await call("/api/connections/main", {
      method: "PUT",
      body: JSON.stringify({ authenticationType: "BasicAuth", settings: { region: "eu" } }),
    });
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual({ username: "ada", password: PASSWORD });
  });

  it("resolves only saved connections' references: any other is AccessDenied", async () => {
    const { call } = await start();
    for (const secretArn of [
      "file:/etc/hostname",
      "env:HOME",
      "file:.connector/console/secrets/other.json",
    ]) {
      const answer = await call("/host/appflow/ValidateCredentials", {
        method: "POST",
        body: JSON.stringify({
          credentials: { secretArn, authenticationType: "BasicAuth" },
          connectorRuntimeSettings: {},
        }),
      });
      expect(await answer.json()).toMatchObject({
        isSuccess: false,
        errorDetails: { errorCode: "AccessDenied" },
      });
    }
  });

  it("names the field of a connection input it refuses", async () => {
    const { call } = await start();
    const badName = await call("/api/connections/..%2Fescape", { method: "PUT", body: "{}" });
    expect(badName.status).toBe(400);
    expect(await badName.json()).toMatchObject({ field: "name" });
    const badSecret = await call("/api/connections/a", {
      method: "PUT",
      body: JSON.stringify({ secret: { password: 42 } }),
    });
    expect(await badSecret.json()).toEqual({
      error: "secret.password must be a string",
      field: "secret.password",
    });
    const badKey = await call("/api/connections/a", {
      method: "PUT",
      body: JSON.stringify({ settings: { "../x": "1" } }),
    });
    expect(await badKey.json()).toMatchObject({ field: "settings.../x" });
    const notJson = await call("/api/connections/a", { method: "PUT", body: "{" });
    expect(notJson.status).toBe(400);
  });

  it("answers the connector's settings errors by field", async () => {
    const { call } = await start();
    const answer = await call("/host/appflow/ValidateConnectorRuntimeSettings", {
      method: "POST",
      body: JSON.stringify({
        scope: "SOURCE",
        connectorRuntimeSettings: { region: "us" },
        authenticationType: "BasicAuth",
      }),
    });
    expect(await answer.json()).toMatchObject({
      isSuccess: false,
      errorsByInputField: { region: "Region us is closed for maintenance" },
    });
  });

  it("runs the conformance suite with a saved connection", async () => {
    const { call } = await start();
    await call("/api/connections/main", {
      method: "PUT",
      body: JSON.stringify({
        authenticationType: "BasicAuth",
        settings: { region: "eu" },
        secret: { username: "ada", password: PASSWORD },
      }),
    });
    const report = (await (
      await call("/api/conformance", { method: "POST", body: JSON.stringify({ connection: "main" }) })
    ).json()) as ConformanceReport;
    expect(report.checks.filter((c) => c.status === "fail")).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.checks.some((c) => c.id.startsWith("query."))).toBe(true);
    const missing = await call("/api/conformance", {
      method: "POST",
      body: JSON.stringify({ connection: "nope" }),
    });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ field: "connection" });
  });

  it("streams a conformance run: each check as a line as it completes, then the report", async () => {
    const { call } = await start();
    await call("/api/connections/main", {
      method: "PUT",
      body: JSON.stringify({
        authenticationType: "BasicAuth",
        settings: { region: "eu" },
        secret: { username: "ada", password: PASSWORD },
      }),
    });
    const answer = await call("/api/conformance/stream", {
      method: "POST",
      body: JSON.stringify({ connection: "main" }),
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toContain("application/x-ndjson");
    expect(answer.headers.get("cache-control")).toBe("no-store");
    const events = (await answer.text())
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as ConformanceEvent);
    const last = events.at(-1);
    if (last?.type !== "report") throw new Error(`the stream ended with ${JSON.stringify(last)}`);
    const checks = events.slice(0, -1);
    expect(checks.every((e) => e.type === "check")).toBe(true);
    expect(checks.map((e) => (e.type === "check" ? e.index : -1))).toEqual(
      last.report.checks.map((_, i) => i),
    );
    expect(checks.map((e) => (e.type === "check" ? e.check : null))).toEqual(last.report.checks);
    expect(last.report.ok).toBe(true);

    const missing = await call("/api/conformance/stream", {
      method: "POST",
      body: JSON.stringify({ connection: "nope" }),
    });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ field: "connection" });
    const unnamed = await call("/api/conformance/stream", { method: "POST", body: "not json" });
    expect(unnamed.status).toBe(400);
  });

  it("lists the flows of --flows, runs one with progress, and shows its history", async () => {
    const flowsDir = makeTempDir("ck-console-flows-");
    mkdirSync(join(flowsDir, "in"));
    writeFileSync(
      join(flowsDir, "in", "orders.jsonl"),
      makeOrders(30, 5)
        .map((o) => `${JSON.stringify(o)}\n`)
        .join(""),
    );
    writeFileSync(
      join(flowsDir, "copy.yaml"),
      `name: copy
source:
  connector: connector-kit/connectors/jsonl
  settings: { directory: "\${FLOW_DIR}/in" }
  entity: orders
destination:
  connector: connector-kit/connectors/jsonl
  settings: { directory: "\${FLOW_DIR}/out" }
  entity: orders
  operation: INSERT
trigger: { type: scheduled, every: 1h }
`,
    );
    writeFileSync(join(flowsDir, "broken.yaml"), "name: [\n");
    const { call } = await start({ flowsDir });
    const list = (await (await call("/api/flows")).json()) as FlowListing[];
    expect(list.map((f) => f.file)).toEqual(["broken.yaml", "copy.yaml"]);
    expect(list[0]!.error).toEqual(expect.any(String));
    expect(list[1]).toMatchObject({ name: "copy", schedule: "every 3600 s", error: null });
    expect(list[1]!.nextRunAt).toEqual(expect.any(String));

    const started = await call("/api/flows/runs", {
      method: "POST",
      body: JSON.stringify({ file: "copy.yaml" }),
    });
    expect(await started.clone().json()).toMatchObject({ state: "running" });
    expect(started.status).toBe(202);
    const { id } = (await started.json()) as ConsoleRun;
    let run: { state: string; summary: { status: string; recordsWritten: number } | null; rates: number[] };
    do {
      await new Promise((r) => setTimeout(r, 100));
      run = (await (await call(`/api/flows/runs/${id}`)).json()) as ConsoleRun;
    } while (run.state === "running");
    expect(run.state).toBe("done");
    expect(run.summary).toMatchObject({ status: "succeeded", recordsWritten: 30 });
    expect(run.rates.length).toBeGreaterThan(0);

    const history = (await (await call("/api/flows/history?file=copy.yaml")).json()) as { runs: unknown[] };
    expect(history.runs).toHaveLength(1);
    const outside = await call("/api/flows/runs", {
      method: "POST",
      body: JSON.stringify({ file: "../copy.yaml" }),
    });
    expect(outside.status).toBe(404);
    expect((await call("/api/flows/runs/999")).status).toBe(404);
  });
});
