import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConnectorError } from "../core/errors/connector-error.js";
import { defineOAuth2, type OAuth2Definition, type OAuth2Tokens } from "./index.js";
import {
  BASIC_CLIENT,
  type OidcTestServer,
  POST_CLIENT,
  SHORT_CLIENT,
  startOidcTestServer,
  type TestClient,
} from "./test-support/oidc-test-server.js";

// End to end against oidc-provider, a certified authorization server, on loopback.

let server: OidcTestServer;
/** HTTP Basic client authentication (the default). */
let basicOAuth: OAuth2Definition;
/** Form client authentication. */
let formOAuth: OAuth2Definition;

beforeAll(async () => {
  server = await startOidcTestServer();
  const common = {
    authorizationUrl: server.authorizationEndpoint,
    tokenUrl: server.tokenEndpoint,
    scopes: ["read", "write"],
    grantTypes: ["authorization_code", "client_credentials"] as const,
  };
  basicOAuth = defineOAuth2(common);
  formOAuth = defineOAuth2({ ...common, clientAuth: "form" });
});

afterAll(async () => {
  await server?.close();
});

/** Runs the whole authorization-code flow: URL, the user's consent, the callback with its code exchange. */
async function authorize(oauth: OAuth2Definition, client: TestClient): Promise<OAuth2Tokens> {
  const request = oauth.authorizationUrl({ clientId: client.clientId, redirectUri: server.redirectUri });
  const callbackUrl = await server.authorize(request.url);
  return oauth.handleCallback({
    ...client,
    callbackUrl,
    expectedState: request.state,
    expectedIssuer: server.issuer,
    codeVerifier: request.codeVerifier,
  });
}

/** The ConnectorError a promise rejects with. */
async function rejection(promise: Promise<unknown>): Promise<ConnectorError> {
  const error = await promise.then(
    () => expect.unreachable("expected a rejection"),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConnectorError);
  return error as ConnectorError;
}

describe("authorization code with PKCE", () => {
  it("ends in tokens with HTTP Basic client authentication", async () => {
    const before = Date.now();
    const tokens = await authorize(basicOAuth, BASIC_CLIENT);
    expect(tokens.tokenType).toBe("bearer");
    expect(tokens.scope).toBe("read write");
    expect(tokens.expiresIn).toBe(600);
    expect(tokens.expiresAt!.getTime()).toBeGreaterThanOrEqual(before + 600_000);
    expect(tokens.refreshToken).toEqual(expect.any(String));
    expect(await server.isActive(tokens.accessToken, BASIC_CLIENT)).toBe(true);
  });

  it("ends in tokens with form client authentication", async () => {
    const tokens = await authorize(formOAuth, POST_CLIENT);
    expect(await server.isActive(tokens.accessToken, POST_CLIENT)).toBe(true);
  });

  it("sends S256 PKCE in the authorization URL", () => {
    const request = basicOAuth.authorizationUrl({
      clientId: BASIC_CLIENT.clientId,
      redirectUri: server.redirectUri,
    });
    const params = new URL(request.url).searchParams;
    expect(params.get("code_challenge_method")).toBe("S256");
    expect(params.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(request.codeVerifier).toMatch(/^[A-Za-z0-9_-]{64}$/);
  });

  it("rejects a callback whose state differs, before any token request", async () => {
    const request = basicOAuth.authorizationUrl({
      clientId: BASIC_CLIENT.clientId,
      redirectUri: server.redirectUri,
    });
    const callbackUrl = await server.authorize(request.url);
    let fetched = false;
    const error = await rejection(
      basicOAuth.handleCallback({
        ...BASIC_CLIENT,
        callbackUrl,
        expectedState: `${request.state}x`,
        codeVerifier: request.codeVerifier,
        fetch: async () => {
          fetched = true;
          return new Response("{}");
        },
      }),
    );
    expect(error.code).toBe("InvalidArgument");
    expect(error.message).toBe("The state of the authorization callback does not match");
    expect(fetched).toBe(false);
  });

  it("is refused by the server with a wrong code verifier: invalid_grant → InvalidCredentials", async () => {
    const request = basicOAuth.authorizationUrl({
      clientId: BASIC_CLIENT.clientId,
      redirectUri: server.redirectUri,
    });
    const callbackUrl = await server.authorize(request.url);
    const wrongVerifier = "w".repeat(64);
    const error = await rejection(
      basicOAuth.handleCallback({
        ...BASIC_CLIENT,
        callbackUrl,
        expectedState: request.state,
        codeVerifier: wrongVerifier,
      }),
    );
    expect(error.code).toBe("InvalidCredentials");
    expect(error.message).toMatch(/^The token endpoint refused the request \(HTTP 400, invalid_grant\)/);
    for (const secret of [wrongVerifier, request.codeVerifier!, BASIC_CLIENT.clientSecret]) {
      expect(error.message).not.toContain(secret);
    }
  });

  it("is refused with a wrong client secret: invalid_client → InvalidCredentials", async () => {
    const request = basicOAuth.authorizationUrl({
      clientId: BASIC_CLIENT.clientId,
      redirectUri: server.redirectUri,
    });
    const callbackUrl = await server.authorize(request.url);
    const error = await rejection(
      basicOAuth.handleCallback({
        ...BASIC_CLIENT,
        clientSecret: "not-the-secret",
        callbackUrl,
        expectedState: request.state,
        codeVerifier: request.codeVerifier,
      }),
    );
    expect(error.code).toBe("InvalidCredentials");
    expect(error.message).toContain("invalid_client");
    expect(error.message).not.toContain("not-the-secret");
  });

  it("rejects a callback from another issuer (RFC 9207)", async () => {
    const request = basicOAuth.authorizationUrl({
      clientId: BASIC_CLIENT.clientId,
      redirectUri: server.redirectUri,
    });
    const callbackUrl = await server.authorize(request.url);
    const error = await rejection(
      basicOAuth.handleCallback({
        ...BASIC_CLIENT,
        callbackUrl,
        expectedState: request.state,
        expectedIssuer: "https://elsewhere.example.com",
        codeVerifier: request.codeVerifier,
      }),
    );
    expect(error.code).toBe("InvalidArgument");
  });
});

describe("refresh", () => {
  it("stores the rotated refresh token; the old one no longer works", async () => {
    const first = await authorize(basicOAuth, BASIC_CLIENT);
    const refreshed = await basicOAuth.refresh({ ...BASIC_CLIENT, refreshToken: first.refreshToken! });
    expect(refreshed.refreshTokenRotated).toBe(true);
    expect(refreshed.refreshToken).not.toBe(first.refreshToken);
    expect(refreshed.accessToken).not.toBe(first.accessToken);
    expect(await server.isActive(refreshed.accessToken, BASIC_CLIENT)).toBe(true);

    const again = await basicOAuth.refresh({ ...BASIC_CLIENT, refreshToken: refreshed.refreshToken });
    expect(again.refreshTokenRotated).toBe(true);
    expect(await server.isActive(again.accessToken, BASIC_CLIENT)).toBe(true);

    const reused = await rejection(
      basicOAuth.refresh({ ...BASIC_CLIENT, refreshToken: first.refreshToken! }),
    );
    expect(reused.code).toBe("InvalidCredentials");
  });

  it("turns a revoked refresh token into InvalidCredentials", async () => {
    const tokens = await authorize(formOAuth, POST_CLIENT);
    await server.revoke(tokens.refreshToken!, POST_CLIENT);
    const error = await rejection(formOAuth.refresh({ ...POST_CLIENT, refreshToken: tokens.refreshToken! }));
    expect(error.code).toBe("InvalidCredentials");
    expect(error.message).toContain("invalid_grant");
    expect(error.message).not.toContain(tokens.refreshToken!);

    const store = formOAuth.tokenStore({ ...POST_CLIENT, initial: { refreshToken: tokens.refreshToken } });
    expect((await rejection(store.accessToken())).code).toBe("InvalidCredentials");
  });

  it("renews an expired access token in the token store and keeps the rotated refresh token", async () => {
    const tokens = await authorize(basicOAuth, SHORT_CLIENT);
    expect(tokens.expiresIn).toBe(1);
    const persisted: string[] = [];
    const store = basicOAuth.tokenStore({
      ...SHORT_CLIENT,
      initial: tokens,
      skewMs: 0,
      onTokens: (_tokens, state) => {
        persisted.push(state.refreshToken!);
      },
    });
    expect(await store.accessToken()).toBe(tokens.accessToken);

    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await server.isActive(tokens.accessToken, SHORT_CLIENT)).toBe(false);
    const renewed = await store.accessToken();
    expect(renewed).not.toBe(tokens.accessToken);
    // The renewed token lives the test server's usual 600 s, so the check below does not race its expiry.
    expect(store.state.expiresAt!.getTime() - Date.now()).toBeGreaterThan(60_000);
    expect(await server.isActive(renewed, SHORT_CLIENT)).toBe(true);
    expect(persisted).toHaveLength(1);
    expect(persisted[0]).not.toBe(tokens.refreshToken);
    expect(store.state.refreshToken).toBe(persisted[0]);
  });
});

describe("client credentials", () => {
  it("obtains a token with HTTP Basic client authentication", async () => {
    const tokens = await basicOAuth.clientCredentials({ ...BASIC_CLIENT });
    expect(tokens.scope).toBe("read write");
    expect(tokens.refreshToken).toBeNull();
    expect(await server.isActive(tokens.accessToken, BASIC_CLIENT)).toBe(true);
  });

  it("obtains a token with form client authentication and a narrower scope", async () => {
    const tokens = await formOAuth.clientCredentials({ ...POST_CLIENT, scopes: ["read"] });
    expect(tokens.scope).toBe("read");
    expect(await server.isActive(tokens.accessToken, POST_CLIENT)).toBe(true);
  });

  it("is refused with a wrong client secret in the form: invalid_client → InvalidCredentials", async () => {
    const error = await rejection(
      formOAuth.clientCredentials({ ...POST_CLIENT, clientSecret: "wrong-secret" }),
    );
    expect(error.code).toBe("InvalidCredentials");
    expect(error.message).toContain("invalid_client");
    expect(error.message).not.toContain("wrong-secret");
  });

  it("feeds a token store without a refresh token", async () => {
    const store = basicOAuth.tokenStore({ ...BASIC_CLIENT });
    const token = await store.accessToken();
    expect(await store.accessToken()).toBe(token);
    const renewed = await store.refresh(token);
    expect(renewed).not.toBe(token);
    expect(await server.isActive(renewed, BASIC_CLIENT)).toBe(true);
  });
});
