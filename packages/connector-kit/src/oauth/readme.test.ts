import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  fileDeclaring,
  interfaceMembers,
  readmeExamples,
  runExample,
} from "../test-support/readme-examples.js";
import { BASIC_CLIENT, type OidcTestServer, startOidcTestServer } from "./test-support/oidc-test-server.js";

const README = new URL("./README.md", import.meta.url);
const examples = readmeExamples(README);

let oidc: OidcTestServer;
/** A resource server: `GET /me` answers who the bearer token belongs to, checked by introspection. */
let api: Server;
let apiUrl = "";
/** Bearer tokens the API received, in order. */
const received: string[] = [];
/** The API revokes the token of its n-th request before checking it (0: never). */
let revokeOnRequest = 0;

async function introspect(token: string): Promise<{ active: boolean; client_id?: string; scope?: string }> {
  const basic = Buffer.from(
    `${encodeURIComponent(BASIC_CLIENT.clientId)}:${encodeURIComponent(BASIC_CLIENT.clientSecret)}`,
  ).toString("base64");
  const response = await fetch(oidc.introspectionEndpoint, {
    method: "POST",
    headers: { authorization: `Basic ${basic}` },
    body: new URLSearchParams({ token }),
  });
  return (await response.json()) as { active: boolean; client_id?: string; scope?: string };
}

beforeAll(async () => {
  oidc = await startOidcTestServer();
  api = createServer((req, res) => {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1] ?? "";
    received.push(token);
    const answer = async () => {
      if (received.length === revokeOnRequest) await oidc.revoke(token, BASIC_CLIENT);
      const info = token ? await introspect(token) : { active: false };
      if (req.url !== "/me") return [404, { error: "not found" }] as const;
      if (!info.active) return [401, { error: "invalid_token" }] as const;
      return [200, { client: info.client_id, scope: info.scope }] as const;
    };
    answer().then(
      ([status, body]) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      },
      (error: unknown) => {
        res.writeHead(500);
        res.end(String(error));
      },
    );
  });
  await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
  apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
});

afterAll(async () => {
  api?.closeAllConnections();
  await new Promise<void>((resolve) => (api ? api.close(() => resolve()) : resolve()));
  await oidc?.close();
});

const env = (extra: Record<string, string> = {}) => ({
  OAUTH_ISSUER: oidc.issuer,
  CLIENT_ID: BASIC_CLIENT.clientId,
  CLIENT_SECRET: BASIC_CLIENT.clientSecret,
  API_URL: apiUrl,
  REDIRECT_URI: oidc.redirectUri,
  ...extra,
});

describe("the README's client-credentials example", () => {
  const code = examples.get("client-credentials")!;

  it("imports the modules as a user would", () => {
    expect(code).toMatch(/from "connector-kit\/oauth"/);
    expect(code).toMatch(/from "connector-kit\/http"/);
  });

  it("gets a token, calls the API with it, and renews it once when the API refuses a revoked token", async () => {
    received.length = 0;
    revokeOnRequest = 2;
    try {
      const run = await runExample(code, { env: env() });
      expect(run.stderr).toBe("");
      expect(run.status).toBe(0);
      const lines = run.stdout.trim().split("\n");
      expect(lines.slice(0, 3)).toEqual([
        "[ 'CLIENT_CREDENTIALS' ]",
        "basic-client may read",
        "basic-client may read",
      ]);
      expect(lines[3]).toMatch(/^token expires at \d{4}-\d\d-\d\dT/);
      // First token, the same token again (revoked, 401), then the renewed one.
      expect(received).toHaveLength(3);
      expect(received[1]).toBe(received[0]);
      expect(received[2]).not.toBe(received[1]);
      expect((await introspect(received[2]!)).active).toBe(true);
    } finally {
      revokeOnRequest = 0;
    }
  });

  it("fails with InvalidCredentials for a wrong client secret, never showing it", async () => {
    received.length = 0;
    const run = await runExample(code, { env: env({ CLIENT_SECRET: "wrong-secret-5150" }) });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/code: 'InvalidCredentials'/);
    expect(run.stderr).toMatch(/invalid_client/);
    expect(run.stderr).not.toContain("wrong-secret-5150");
    expect(received).toEqual([]);
  });
});

describe("the README's authorization-code example", () => {
  const code = examples.get("authorization-code")!;

  it("sends the user to the server, exchanges the code with PKCE, and refreshes with rotation", async () => {
    let authorizationUrl = "";
    const run = await runExample(code, {
      env: env(),
      onLine: async (line) => {
        if (!line.startsWith("Open ")) return undefined;
        authorizationUrl = line.slice("Open ".length);
        return oidc.authorize(authorizationUrl);
      },
    });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const params = new URL(authorizationUrl).searchParams;
    expect(params.get("code_challenge_method")).toBe("S256");
    expect(params.get("redirect_uri")).toBe(oidc.redirectUri);
    expect(run.stdout).toContain("scope read write, expires in 600 s, refresh token: true\n");
    expect(run.stdout).toContain("refreshed; the refresh token was rotated: true\n");
  });

  it("refuses a callback whose state is not the one sent, before any token request", async () => {
    const run = await runExample(code, {
      env: env(),
      onLine: async (line) => {
        if (!line.startsWith("Open ")) return undefined;
        const callback = new URL(await oidc.authorize(line.slice("Open ".length)));
        callback.searchParams.set("state", "forged");
        return callback.toString();
      },
    });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/The state of the authorization callback does not match/);
    expect(run.stdout).not.toContain("scope ");
  });
});

describe("the README's option tables", () => {
  const readme = readFileSync(README, "utf8");
  // Where each interface lives is looked up, so moving one between files keeps the check.
  const names = [
    "OAuth2Options",
    "OAuth2CustomParameterDefinition",
    "AuthorizationUrlInput",
    "CallbackParamsInput",
    "CallbackInput",
    "ExchangeCodeInput",
    "ClientCredentialsInput",
    "RefreshInput",
    "OAuth2ClientInput",
    "OAuth2RequestOptions",
    "OAuth2TokenStoreForOptions",
    "TokenStoreOptions",
    "InitialTokens",
    "ParseTokenResponseOptions",
  ];

  it.each(names)("lists every option of %s with a default", (name) => {
    const section = readme.split(`### \`${name}\``)[1]?.split("\n### ")[0];
    expect(section, `a section for ${name}`).toBeDefined();
    const rows = [...section!.matchAll(/^\| `(\w+)` \| ([^|]+) \|/gm)].map(([, option, fallback]) => ({
      option: option!,
      fallback: fallback!.trim(),
    }));
    const source = fileDeclaring(new URL(".", import.meta.url), name);
    expect(source, `the source of ${name}`).toBeDefined();
    // A table lists the interface's own options; the sections of those it extends are named above it.
    expect(rows.map((r) => r.option).sort()).toEqual(
      interfaceMembers(source!, name, { inherited: false }).sort(),
    );
    for (const row of rows) expect(row.fallback, row.option).not.toBe("");
  });

  it("has a section for every exported input and options interface of the module", () => {
    const index = readFileSync(new URL("./index.ts", import.meta.url), "utf8");
    const exported = [...index.matchAll(/type (\w+(?:Options|Input|Definition))\b/g)].map(
      ([, name]) => name!,
    );
    const covered = new Set([...names, "OAuth2Definition"]);
    for (const name of exported) expect(covered, name).toContain(name);
  });
});
