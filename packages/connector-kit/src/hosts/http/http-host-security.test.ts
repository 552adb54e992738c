import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EnvSecretResolver } from "../../core/secrets/env-secret-resolver.js";
import { FileSecretResolver } from "../../core/secrets/file-secret-resolver.js";
import { RoutingSecretResolver } from "../../core/secrets/routing-secret-resolver.js";
import { type HttpServer, serveHttp } from "./http-host.js";
import {
  allowedHostCheck,
  hostName,
  isCrossOrigin,
  isJsonContentType,
  tokenChecker,
} from "./request-guard.js";
import { connector } from "./test-support/api-key-connector.js";
import { type Recorder, rawRequest, startRecorder } from "./test-support/recorder.js";

const SHOP_KEY = "sk_shop_allowed_key";
const OTHER_KEY = "sk_other_env_key";
const FILE_KEY = "sk_file_key";

describe("connector serve's HTTP host against hostile requests", () => {
  let attacker: Recorder;
  let server: HttpServer;
  let dir: string;
  let keyFile: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "ck-http-guard-"));
    keyFile = join(dir, "key.json");
    await writeFile(keyFile, JSON.stringify({ apiKey: FILE_KEY }));
    attacker = await startRecorder();
    const env = {
      SHOP_KEY: JSON.stringify({ apiKey: SHOP_KEY }),
      OTHER_KEY: JSON.stringify({ apiKey: OTHER_KEY }),
    };
    server = await serveHttp(connector, {
      port: 0,
      secrets: ["env:SHOP_KEY"],
      appflow: {
        secrets: new RoutingSecretResolver({
          "env:": new EnvSecretResolver({ env }),
          "file:": new FileSecretResolver({ cwd: dir }),
        }),
        logLevel: "silent",
      },
    });
  });
  afterAll(async () => {
    await server?.close();
    await attacker?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** An AppFlow ListEntities request sending the named secret's API key to the attacker's listener. */
  const exfiltrate = (secretArn: string) =>
    JSON.stringify({
      connectorContext: {
        apiVersion: "v1",
        connectorRuntimeSettings: { baseUrl: attacker.url },
        credentials: { secretArn, authenticationType: "ApiKey" },
      },
    });
  const port = () => new URL(server.url).port;
  const bearer = () => `Bearer ${server.token}`;

  const hostile: {
    name: string;
    headers: () => Record<string, string>;
    secret: () => string;
    status: number;
    errorCode?: string;
  }[] = [
    {
      name: "a text/plain POST from another origin's page (no CORS preflight), no token",
      headers: () => ({ "content-type": "text/plain", origin: "http://evil.example" }),
      secret: () => "env:SHOP_KEY",
      status: 403,
    },
    {
      name: "a text/plain POST without Origin, no token",
      headers: () => ({ "content-type": "text/plain" }),
      secret: () => "env:SHOP_KEY",
      status: 401,
    },
    {
      name: "JSON without the token",
      headers: () => ({ "content-type": "application/json" }),
      secret: () => "env:SHOP_KEY",
      status: 401,
    },
    {
      name: "JSON with a wrong token",
      headers: () => ({ "content-type": "application/json", authorization: `Bearer ${"x".repeat(43)}` }),
      secret: () => "env:SHOP_KEY",
      status: 401,
    },
    {
      name: "DNS rebinding: a foreign Host name resolving to this machine, even with the token",
      headers: () => ({
        "content-type": "application/json",
        host: `evil.example:${port()}`,
        authorization: bearer(),
      }),
      secret: () => "env:SHOP_KEY",
      status: 403,
    },
    {
      name: "a cross-origin browser request, even with the token",
      headers: () => ({
        "content-type": "application/json",
        origin: "http://localhost:3000",
        authorization: bearer(),
      }),
      secret: () => "env:SHOP_KEY",
      status: 403,
    },
    {
      name: "a cross-site fetch metadata header, even with the token",
      headers: () => ({
        "content-type": "application/json",
        "sec-fetch-site": "cross-site",
        authorization: bearer(),
      }),
      secret: () => "env:SHOP_KEY",
      status: 403,
    },
    {
      name: "text/plain with the token",
      headers: () => ({ "content-type": "text/plain", authorization: bearer() }),
      secret: () => "env:SHOP_KEY",
      status: 415,
    },
    {
      name: "the token, naming an environment variable the server was not started with",
      headers: () => ({ "content-type": "application/json", authorization: bearer() }),
      secret: () => "env:OTHER_KEY",
      status: 200,
      errorCode: "AccessDenied",
    },
    {
      name: "the token, naming a file",
      headers: () => ({ "content-type": "application/json", authorization: bearer() }),
      secret: () => `file:${keyFile}`,
      status: 200,
      errorCode: "AccessDenied",
    },
    {
      name: "the token, naming a Secrets Manager ARN",
      headers: () => ({ "content-type": "application/json", authorization: bearer() }),
      secret: () => "arn:aws:secretsmanager:us-east-1:111122223333:secret:appflow!111122223333-x-y-AbCdEf",
      status: 200,
      errorCode: "AccessDenied",
    },
  ];

  for (const attack of hostile) {
    it(`sends no secret for ${attack.name}`, async () => {
      const answer = await rawRequest(server.url, "/appflow/ListEntities", {
        headers: attack.headers(),
        body: exfiltrate(attack.secret()),
      });
      expect(answer.status).toBe(attack.status);
      if (attack.errorCode) {
        expect(JSON.parse(answer.body)).toMatchObject({
          isSuccess: false,
          errorDetails: { errorCode: attack.errorCode },
        });
      }
      for (const key of [SHOP_KEY, OTHER_KEY, FILE_KEY]) expect(answer.body).not.toContain(key);
      expect(attacker.received).toEqual([]);
    });
  }

  it("control: the secret it was started with does reach the configured upstream", async () => {
    const answer = await rawRequest(server.url, "/appflow/ListEntities", {
      headers: { "content-type": "application/json", "x-connector-token": server.token! },
      body: exfiltrate("env:SHOP_KEY"),
    });
    expect(JSON.parse(answer.body)).toMatchObject({ isSuccess: true });
    expect(attacker.received.map((h) => h["x-api-key"])).toEqual([SHOP_KEY]);
    attacker.received.length = 0;
  });

  it("answers GET /health without the token, but nothing else", async () => {
    expect((await rawRequest(server.url, "/health", { method: "GET" })).status).toBe(200);
    const info = await rawRequest(server.url, "/appflow/DescribeConnectorConfiguration", {
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(info.status).toBe(401);
    expect(info.headers["www-authenticate"]).toBe("Bearer");
    const rebound = await rawRequest(server.url, "/health", {
      method: "GET",
      headers: { host: `evil.example:${port()}` },
    });
    expect(rebound.status).toBe(403);
  });

  it("stops reading a chunked body at the limit and answers 413 (the rest is never received)", async () => {
    const limit = 1024 * 1024;
    const small = await serveHttp(connector, {
      port: 0,
      maxBodyBytes: limit,
      appflow: { logLevel: "silent" },
    });
    try {
      const offered = 1024 * 1024 * 1024; // 1 GiB, far beyond the limit
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const outcome = await new Promise<{ status: number | null; written: number }>((resolve) => {
        let written = 0;
        let settled = false;
        const finish = (status: number | null) => {
          if (settled) return;
          settled = true;
          req.destroy();
          resolve({ status, written });
        };
        const req = request(new URL("/appflow/ListEntities", small.url), {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${small.token}` },
        });
        req.on("response", (res) => {
          res.resume();
          finish(res.statusCode ?? null);
        });
        req.on("error", () => finish(null));
        req.on("close", () => finish(null));
        const pump = () => {
          while (!settled && written < offered) {
            written += chunk.byteLength;
            if (!req.write(chunk)) {
              req.once("drain", pump);
              return;
            }
          }
          if (!settled) req.end();
        };
        req.write("[");
        pump();
      });
      expect(outcome.status).toBe(413);
      // What was sent before the server stopped is the limit plus socket buffers, not the gigabyte offered.
      expect(outcome.written).toBeLessThan(16 * 1024 * 1024);
    } finally {
      await small.close();
    }
  }, 60_000);
});

describe("request guard", () => {
  it("reads host names without port or brackets", () => {
    expect(["localhost:8000", "LOCALHOST.", "[::1]:80", "127.0.0.1", "a b", ""].map(hostName)).toEqual([
      "localhost",
      "localhost",
      "::1",
      "127.0.0.1",
      null,
      null,
    ]);
  });

  it("accepts loopback hosts and the allowed ones only", () => {
    const allowed = allowedHostCheck(["dev.internal", "0.0.0.0", "::"]);
    for (const host of ["localhost:8000", "127.0.0.1:1", "127.1.2.3", "[::1]:8000", "dev.internal:9"])
      expect(allowed(host), host).toBe(true);
    for (const host of ["evil.example", "localhost.evil.example", "0.0.0.0:8000", "[::]:80", "", null])
      expect(allowed(host), String(host)).toBe(false);
  });

  it("tells cross-origin browser requests", () => {
    const h = (init: Record<string, string>) => new Headers(init);
    expect(isCrossOrigin(h({ host: "localhost:8000" }))).toBe(false);
    expect(isCrossOrigin(h({ host: "localhost:8000", origin: "http://localhost:8000" }))).toBe(false);
    expect(isCrossOrigin(h({ host: "localhost:8000", "sec-fetch-site": "same-origin" }))).toBe(false);
    expect(isCrossOrigin(h({ host: "localhost:8000", origin: "http://localhost:3000" }))).toBe(true);
    expect(isCrossOrigin(h({ host: "localhost:8000", origin: "null" }))).toBe(true);
    expect(isCrossOrigin(h({ host: "localhost:8000", "sec-fetch-site": "same-site" }))).toBe(true);
  });

  it("accepts JSON content types only", () => {
    for (const t of ["application/json", "Application/JSON; charset=utf-8", "application/vnd.api+json"])
      expect(isJsonContentType(t), t).toBe(true);
    for (const t of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data", "", null])
      expect(isJsonContentType(t), String(t)).toBe(false);
  });

  it("checks the token from Authorization: Bearer or X-Connector-Token", () => {
    const valid = tokenChecker("0123456789abcdef-token");
    expect(valid(new Headers({ authorization: "Bearer 0123456789abcdef-token" }))).toBe(true);
    expect(valid(new Headers({ authorization: "bearer 0123456789abcdef-token" }))).toBe(true);
    expect(valid(new Headers({ "x-connector-token": "0123456789abcdef-token" }))).toBe(true);
    expect(valid(new Headers({ authorization: "Bearer 0123456789abcdef-toke" }))).toBe(false);
    expect(valid(new Headers({ authorization: "Basic 0123456789abcdef-token" }))).toBe(false);
    expect(valid(new Headers())).toBe(false);
    expect(() => tokenChecker("short")).toThrow(/at least 16/);
  });
});
