import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ConnectorError } from "../core/errors/connector-error.js";
import { defineOAuth2, type OAuth2Options } from "./index.js";
import { type FakeTokenEndpoint, startFakeTokenEndpoint } from "./test-support/fake-token-endpoint.js";

// Request styles oidc-provider does not accept (JSON, query), against a fake token endpoint that records.

let fake: FakeTokenEndpoint;
const client = { clientId: "client-1", clientSecret: "secret-1" };

beforeAll(async () => {
  fake = await startFakeTokenEndpoint();
});
afterAll(async () => {
  await fake?.close();
});
beforeEach(() => {
  fake.requests.length = 0;
  fake.respond(() => ({
    json: { access_token: "fake-access-token", token_type: "Bearer", expires_in: 3600 },
  }));
});

function oauth(options: Partial<OAuth2Options> = {}) {
  return defineOAuth2({
    tokenUrl: `${fake.origin}/token`,
    grantTypes: ["client_credentials"],
    scopes: ["read", "write"],
    ...options,
  });
}

async function rejection(promise: Promise<unknown>): Promise<ConnectorError> {
  const error = await promise.then(
    () => expect.unreachable("expected a rejection"),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConnectorError);
  return error as ConnectorError;
}

function basicHeader(id: string, secret: string): string {
  return `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`;
}

describe("request styles", () => {
  it("form (default): POST form body, client in a Basic header", async () => {
    const tokens = await oauth().clientCredentials(client);
    expect(tokens.accessToken).toBe("fake-access-token");
    const [request] = fake.requests;
    expect(request!.method).toBe("POST");
    expect(request!.url).toBe("/token");
    // oauth4webapi adds ";charset=UTF-8".
    expect(request!.headers["content-type"]).toMatch(/^application\/x-www-form-urlencoded(;|$)/);
    expect(request!.headers["accept"]).toBe("application/json");
    expect(request!.headers["authorization"]).toBe(basicHeader("client-1", "secret-1"));
    expect(Object.fromEntries(new URLSearchParams(request!.body))).toEqual({
      grant_type: "client_credentials",
      scope: "read write",
    });
  });

  it("Basic form-encodes the id and secret (RFC 6749 §2.3.1)", async () => {
    await oauth().clientCredentials({ clientId: "id:1", clientSecret: "s e/c+r~t" });
    expect(fake.requests[0]!.headers["authorization"]).toBe(basicHeader("id%3A1", "s%20e%2Fc%2Br~t"));
  });

  it("json: POST JSON body, client in the body with form client authentication", async () => {
    await oauth({ tokenRequest: "json", clientAuth: "form" }).clientCredentials(client);
    const [request] = fake.requests;
    expect(request!.method).toBe("POST");
    expect(request!.headers["content-type"]).toBe("application/json");
    expect(request!.headers["authorization"]).toBeUndefined();
    expect(JSON.parse(request!.body)).toEqual({
      grant_type: "client_credentials",
      scope: "read write",
      client_id: "client-1",
      client_secret: "secret-1",
    });
  });

  it("query: GET with the parameters in the query string, keeping the URL's own", async () => {
    await oauth({ tokenRequest: "query", tokenUrl: `${fake.origin}/token?version=2` }).clientCredentials(
      client,
    );
    const [request] = fake.requests;
    expect(request!.method).toBe("GET");
    expect(request!.body).toBe("");
    const url = new URL(request!.url, fake.origin);
    expect(url.pathname).toBe("/token");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      version: "2",
      grant_type: "client_credentials",
      scope: "read write",
    });
    expect(request!.headers["authorization"]).toBe(basicHeader("client-1", "secret-1"));
  });

  it("a public client (no secret) sends only client_id, whatever clientAuth says", async () => {
    await oauth().clientCredentials({ clientId: "public-1" });
    const [request] = fake.requests;
    expect(request!.headers["authorization"]).toBeUndefined();
    expect(new URLSearchParams(request!.body).get("client_id")).toBe("public-1");
  });

  it("custom parameters go with the token request; a required one missing fails before sending", async () => {
    const definition = oauth({
      customParameters: [
        { key: "audience", sendWith: "token", required: true, label: "Audience" },
        { key: "prompt", sendWith: "authorization" },
        { key: "region", sendWith: "token", options: ["eu", "us"] },
      ],
    });
    await definition.clientCredentials({
      ...client,
      settings: { audience: "https://api.example.com", prompt: "x" },
    });
    expect(Object.fromEntries(new URLSearchParams(fake.requests[0]!.body))).toEqual({
      grant_type: "client_credentials",
      scope: "read write",
      audience: "https://api.example.com",
    });
    const missing = await rejection(definition.clientCredentials(client));
    expect(missing.code).toBe("InvalidArgument");
    expect(missing.message).toBe("The OAuth 2.0 parameter Audience (audience) is required");
    const unknown = await rejection(
      definition.clientCredentials({ ...client, settings: { audience: "a", region: "mars" } }),
    );
    expect(unknown.message).toBe("The OAuth 2.0 parameter region (region) must be one of its options");
    expect(fake.requests).toHaveLength(1);
  });
});

describe("per-tenant URLs", () => {
  it("fills a path placeholder from the settings, encoded as one segment", async () => {
    const definition = oauth({ tokenUrl: `${fake.origin}/tenants/{{TENANT}}/oauth/token` });
    await definition.clientCredentials({ ...client, settings: { tenant: "acme corp/eu" } });
    expect(fake.requests[0]!.url).toBe("/tenants/acme%20corp%2Feu/oauth/token");
    const error = await rejection(definition.clientCredentials({ ...client, settings: { TENANT: ".." } }));
    expect(error.message).toBe(
      "The value of {{TENANT}} for the OAuth 2.0 token URL must be a path segment other than . and ..",
    );
  });

  it("fills a subdomain placeholder, and refuses a value that would change the host", async () => {
    const definition = oauth({ tokenUrl: "https://{{SUBDOMAIN}}.auth.example.com/oauth/token" });
    const seen: string[] = [];
    // Route the tenant's host to the fake, recording where the request was meant to go.
    const fetchVia: typeof fetch = (input, init) => {
      const url = new URL(input instanceof Request ? input.url : input);
      seen.push(url.toString());
      return fetch(`${fake.origin}${url.pathname}${url.search}`, init);
    };
    await definition.clientCredentials({ ...client, settings: { SUBDOMAIN: "Acme" }, fetch: fetchVia });
    expect(seen).toEqual(["https://acme.auth.example.com/oauth/token"]);
    for (const evil of ["evil.com/", "evil.com#", "a@evil.com", "evil.com:443", "-bad", ""]) {
      const error = await rejection(
        definition.clientCredentials({ ...client, settings: { SUBDOMAIN: evil }, fetch: fetchVia }),
      );
      expect(error.code).toBe("InvalidArgument");
    }
    expect(seen).toHaveLength(1);
  });

  it("takes a function of the settings", async () => {
    const definition = oauth({
      tokenUrl: (settings) => `${fake.origin}/${String(settings["edition"])}/token`,
    });
    await definition.clientCredentials({ ...client, settings: { edition: "enterprise" } });
    expect(fake.requests[0]!.url).toBe("/enterprise/token");
    const error = await rejection(
      oauth({ tokenUrl: () => "ftp://example.com/token" }).clientCredentials(client),
    );
    expect(error.message).toBe(
      "The OAuth 2.0 token URL must use https (http only for a loopback host), not ftp:",
    );
  });
});

describe("refresh without rotation", () => {
  it("keeps the refresh token that was used", async () => {
    const definition = oauth({ tokenRequest: "json" });
    const tokens = await definition.refresh({ ...client, refreshToken: "refresh-1" });
    expect(tokens.refreshToken).toBe("refresh-1");
    expect(tokens.refreshTokenRotated).toBe(false);
    expect(JSON.parse(fake.requests[0]!.body)).toEqual({
      grant_type: "refresh_token",
      refresh_token: "refresh-1",
    });
  });

  it("takes the new one when the server rotates", async () => {
    fake.respond(() => ({ json: { access_token: "a2", token_type: "bearer", refresh_token: "refresh-2" } }));
    const tokens = await oauth().refresh({ ...client, refreshToken: "refresh-1", scopes: ["read"] });
    expect(tokens).toMatchObject({ refreshToken: "refresh-2", refreshTokenRotated: true, expiresAt: null });
    expect(new URLSearchParams(fake.requests[0]!.body).get("scope")).toBe("read");
  });
});

describe("token endpoint failures", () => {
  it("maps 429 and 5xx, with Retry-After", async () => {
    fake.respond(() => ({ status: 429, text: "slow down", headers: { "retry-after": "7" } }));
    const limited = await rejection(oauth().clientCredentials(client));
    expect(limited.code).toBe("RateLimitExceeded");
    expect(limited.retryAfterSeconds).toBe(7);

    fake.respond(() => ({ status: 503, json: { error: "temporarily_unavailable" } }));
    expect((await rejection(oauth().clientCredentials(client))).code).toBe("ServiceUnavailable");
    fake.respond(() => ({ status: 502, text: "<html>bad gateway</html>" }));
    expect((await rejection(oauth().clientCredentials(client))).code).toBe("ServiceUnavailable");
  });

  it("maps OAuth error codes, also in a 200, and hides echoed secrets", async () => {
    fake.respond(() => ({
      status: 400,
      json: { error: "invalid_scope", error_description: "scope admin refused for secret-1" },
    }));
    const scope = await rejection(oauth().clientCredentials(client));
    expect(scope.code).toBe("InvalidArgument");
    expect(scope.message).toBe(
      "The token endpoint refused the request (HTTP 400, invalid_scope): scope admin refused for [REDACTED]",
    );
    fake.respond(() => ({ json: { error: "invalid_grant" } }));
    const refresh = await rejection(oauth().refresh({ ...client, refreshToken: "refresh-secret" }));
    expect(refresh.code).toBe("InvalidCredentials");
  });

  it("refuses a 200 that is not a token response", async () => {
    fake.respond(() => ({ text: "<html>login</html>" }));
    expect((await rejection(oauth().clientCredentials(client))).code).toBe("ServerError");
    fake.respond(() => ({ json: { token: "x" } }));
    expect((await rejection(oauth().clientCredentials(client))).code).toBe("ServerError");
  });

  it("does not follow a redirect (it could carry the secret elsewhere)", async () => {
    fake.respond((request) =>
      request.url === "/token" ? { status: 307, headers: { location: "/elsewhere" } } : {},
    );
    const error = await rejection(oauth().clientCredentials(client));
    expect(error.code).toBe("ClientError");
    expect(error.message).toContain("redirects are not followed");
    expect(fake.requests.map((r) => r.url)).toEqual(["/token"]);
  });

  it("turns an unreachable endpoint into ServiceUnavailable and a slow one into RequestTimeout", async () => {
    const other = await startFakeTokenEndpoint();
    await other.close();
    const unreachable = await rejection(
      oauth({ tokenUrl: `${other.origin}/token` }).clientCredentials(client),
    );
    expect(unreachable.code).toBe("ServiceUnavailable");

    const never: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) =>
        init?.signal?.addEventListener("abort", () => reject(init.signal?.reason)),
      );
    const slow = await rejection(oauth().clientCredentials({ ...client, fetch: never, timeoutMs: 50 }));
    expect(slow.code).toBe("RequestTimeout");
    expect(slow.message).toBe("The token endpoint did not answer within 50 ms");
  });
});
