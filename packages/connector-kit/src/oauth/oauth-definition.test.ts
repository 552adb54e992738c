import { describe, expect, it } from "vitest";
import { ConnectorError } from "../core/errors/connector-error.js";
import { codeChallengeS256, defineOAuth2, type OAuth2Options, parseCallback } from "./index.js";

function thrown(fn: () => unknown): ConnectorError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConnectorError);
    return error as ConnectorError;
  }
  return expect.unreachable("expected an error");
}

const tenantOAuth = defineOAuth2({
  authorizationUrl: "https://{{SUBDOMAIN}}.auth.example.com/oauth/authorize",
  tokenUrl: "https://{{SUBDOMAIN}}.auth.example.com/oauth/token",
  scopes: ["read", "write", "offline_access"],
  customParameters: [
    { key: "audience", label: "Audience", description: "The API", sendWith: "token", required: true },
    { key: "prompt", sendWith: "authorization", options: ["login", "consent"] },
    { key: "resource_secret", sendWith: "token", sensitive: true },
  ],
});

describe("toAppFlowDefaults", () => {
  it("declares templates, grants, scopes, custom parameters and the default request style", () => {
    expect(tenantOAuth.toAppFlowDefaults()).toEqual({
      tokenURL: ["https://{{SUBDOMAIN}}.auth.example.com/oauth/token"],
      authURL: ["https://{{SUBDOMAIN}}.auth.example.com/oauth/authorize"],
      oAuth2GrantTypesSupported: ["AUTHORIZATION_CODE"],
      oAuthScopes: ["read", "write", "offline_access"],
      oauth2CustomProperties: [
        {
          key: "audience",
          required: true,
          label: "Audience",
          description: "The API",
          type: "TOKEN_URL",
          sensitiveField: false,
          connectorSuppliedValues: null,
        },
        {
          key: "prompt",
          required: false,
          label: "prompt",
          description: "",
          type: "AUTH_URL",
          sensitiveField: false,
          connectorSuppliedValues: ["login", "consent"],
        },
        {
          key: "resource_secret",
          required: false,
          label: "resource_secret",
          description: "",
          type: "TOKEN_URL",
          sensitiveField: true,
          connectorSuppliedValues: null,
        },
      ],
      addBasicAuthHeader: true,
      oAuth2ContentType: "URL_ENCODED",
      oAuth2MethodType: "HTTP_POST",
    });
  });

  it("maps client credentials, form client authentication and the JSON and query styles", () => {
    const base: OAuth2Options = { tokenUrl: "https://login.example.com/token", clientAuth: "form" };
    expect(defineOAuth2({ ...base, tokenRequest: "json" }).toAppFlowDefaults()).toEqual({
      tokenURL: ["https://login.example.com/token"],
      authURL: null,
      oAuth2GrantTypesSupported: ["CLIENT_CREDENTIALS"],
      oAuthScopes: null,
      oauth2CustomProperties: null,
      addBasicAuthHeader: false,
      oAuth2ContentType: "APPLICATION_JSON",
      oAuth2MethodType: "HTTP_POST",
    });
    expect(defineOAuth2({ ...base, tokenRequest: "query" }).toAppFlowDefaults()).toMatchObject({
      oAuth2ContentType: "URL_ENCODED",
      oAuth2MethodType: "HTTP_GET",
    });
    expect(
      defineOAuth2({
        ...base,
        authorizationUrl: "https://login.example.com/authorize",
        grantTypes: ["client_credentials", "authorization_code"],
      }).toAppFlowDefaults(),
    ).toMatchObject({
      authURL: ["https://login.example.com/authorize"],
      oAuth2GrantTypesSupported: ["CLIENT_CREDENTIALS", "AUTHORIZATION_CODE"],
    });
  });

  it("needs appFlowUrls for function URLs, and uses them when given", () => {
    const dynamic: OAuth2Options = {
      authorizationUrl: (s) => `https://${String(s["host"])}/authorize`,
      tokenUrl: (s) => `https://${String(s["host"])}/token`,
    };
    expect(thrown(() => defineOAuth2(dynamic).toAppFlowDefaults()).message).toContain("is a function");
    expect(
      defineOAuth2({
        ...dynamic,
        appFlowUrls: {
          tokenUrls: ["https://login.example.com/token", "https://test.example.com/token"],
          authorizationUrls: ["https://login.example.com/authorize", "https://test.example.com/authorize"],
        },
      }).toAppFlowDefaults(),
    ).toMatchObject({
      tokenURL: ["https://login.example.com/token", "https://test.example.com/token"],
      authURL: ["https://login.example.com/authorize", "https://test.example.com/authorize"],
    });
  });
});

describe("defineOAuth2 checks", () => {
  const token = "https://login.example.com/token";
  it.each([
    [{ tokenUrl: "" }, "tokenUrl is required"],
    [{ tokenUrl: token, grantTypes: [] }, "grantTypes must not be empty"],
    [{ tokenUrl: token, grantTypes: ["authorization_code"] }, "needs an authorizationUrl"],
    [{ tokenUrl: token, grantTypes: ["password"] }, "unknown grant type password"],
    [{ tokenUrl: token, grantTypes: ["client_credentials", "client_credentials"] }, "duplicates"],
    [{ tokenUrl: token, scopes: ["read write"] }, 'invalid scope "read write"'],
    [{ tokenUrl: token, scopes: [""] }, 'invalid scope ""'],
    [{ tokenUrl: token, scopes: ["a,b"], scopeSeparator: "," }, 'invalid scope "a,b"'],
    [{ tokenUrl: token, scopeSeparator: "" }, "scopeSeparator must not be empty"],
    [
      { tokenUrl: token, customParameters: [{ key: "scope", sendWith: "token" }] },
      "standard OAuth 2.0 parameter",
    ],
    [
      {
        tokenUrl: token,
        customParameters: [
          { key: "a", sendWith: "token" },
          { key: "a", sendWith: "authorization" },
        ],
      },
      "custom parameter a is repeated",
    ],
    [{ tokenUrl: token, timeoutMs: 0 }, "timeoutMs must be a positive number"],
    [{ tokenUrl: "http://login.example.com/token" }, "must use https"],
  ])("refuses %j", (options, problem) => {
    const error = thrown(() => defineOAuth2(options as OAuth2Options));
    expect(error.code).toBe("InvalidArgument");
    expect(error.message).toContain(problem);
  });
});

describe("authorizationUrl", () => {
  it("builds the URL with PKCE, state, scopes and authorization parameters", () => {
    const request = tenantOAuth.authorizationUrl({
      clientId: "client 1",
      redirectUri: "https://app.example.com/callback?x=1",
      settings: { SUBDOMAIN: "acme", prompt: "consent", audience: "not-here" },
      extraParams: { access_type: "offline" },
    });
    const url = new URL(request.url);
    expect(`${url.origin}${url.pathname}`).toBe("https://acme.auth.example.com/oauth/authorize");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: "code",
      client_id: "client 1",
      redirect_uri: "https://app.example.com/callback?x=1",
      scope: "read write offline_access",
      state: request.state,
      code_challenge: codeChallengeS256(request.codeVerifier!),
      code_challenge_method: "S256",
      prompt: "consent",
      access_type: "offline",
    });
    expect(request.state).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("takes the caller's state, scopes and separator; no PKCE when disabled", () => {
    const oauth = defineOAuth2({
      authorizationUrl: "https://login.example.com/authorize?tenant=common",
      tokenUrl: "https://login.example.com/token",
      scopes: ["a"],
      scopeSeparator: ",",
      pkce: false,
    });
    const request = oauth.authorizationUrl({
      clientId: "c",
      redirectUri: "http://localhost:8080/cb",
      state: "lumos-state",
      scopes: ["x", "y"],
    });
    expect(request).toEqual({
      url: "https://login.example.com/authorize?tenant=common&response_type=code&client_id=c&redirect_uri=http%3A%2F%2Flocalhost%3A8080%2Fcb&scope=x%2Cy&state=lumos-state",
      state: "lumos-state",
      codeVerifier: null,
    });
    expect(
      new URL(
        oauth.authorizationUrl({ clientId: "c", redirectUri: "https://a.example/cb", scopes: [] }).url,
      ).searchParams.has("scope"),
    ).toBe(false);
  });

  it("refuses what would make a bad request", () => {
    const input = {
      clientId: "c",
      redirectUri: "https://app.example.com/cb",
      settings: { SUBDOMAIN: "acme" },
    };
    expect(thrown(() => tenantOAuth.authorizationUrl({ ...input, redirectUri: "/cb" })).message).toContain(
      "absolute URL",
    );
    expect(
      thrown(() => tenantOAuth.authorizationUrl({ ...input, redirectUri: "https://a.example/cb#x" })).message,
    ).toContain("fragment");
    expect(
      thrown(() => tenantOAuth.authorizationUrl({ ...input, extraParams: { state: "x" } })).message,
    ).toBe("extraParams may not set the state parameter");
    expect(
      thrown(() => tenantOAuth.authorizationUrl({ ...input, settings: { SUBDOMAIN: "evil.com/" } })).code,
    ).toBe("InvalidArgument");
    expect(
      thrown(() => tenantOAuth.authorizationUrl({ ...input, settings: { SUBDOMAIN: "a", prompt: "none" } }))
        .message,
    ).toContain("must be one of its options");
    const clientOnly = defineOAuth2({ tokenUrl: "https://login.example.com/token" });
    expect(thrown(() => clientOnly.authorizationUrl(input)).message).toContain(
      "does not support the authorization_code grant",
    );
  });
});

describe("parseCallback", () => {
  const base = "https://app.example.com/cb";
  it("returns the code when the state matches", () => {
    expect(
      parseCallback({ callbackUrl: `${base}?code=abc&state=s1&iss=https%3A%2F%2Fas`, expectedState: "s1" }),
    ).toEqual({
      code: "abc",
      state: "s1",
      issuer: "https://as",
    });
    expect(parseCallback({ params: { code: "abc", state: "s1" }, expectedState: "s1" }).code).toBe("abc");
    expect(parseCallback({ params: new URLSearchParams("code=abc"), expectedState: null }).code).toBe("abc");
  });

  it.each([
    [`${base}?code=abc&state=s2`, "The state of the authorization callback does not match"],
    [`${base}?code=abc&state=s`, "The state of the authorization callback does not match"],
    [`${base}?code=abc`, "The authorization callback has no state"],
    [`${base}?state=s1`, "The authorization callback has no code"],
    [
      `${base}?state=s1&error=access_denied&error_description=User%20said%20no`,
      "The authorization server refused the authorization (access_denied): User said no",
    ],
  ])("refuses %s", (callbackUrl, message) => {
    expect(thrown(() => parseCallback({ callbackUrl, expectedState: "s1" })).message).toBe(message);
  });

  it("checks the state before reading an error, and maps error codes", () => {
    expect(
      thrown(() =>
        parseCallback({ callbackUrl: `${base}?error=access_denied&state=evil`, expectedState: "s1" }),
      ).message,
    ).toContain("does not match");
    const code = (error: string) =>
      thrown(() => parseCallback({ params: { error, state: "s1" }, expectedState: "s1" })).code;
    expect(code("access_denied")).toBe("AccessDenied");
    expect(code("invalid_scope")).toBe("InvalidArgument");
    expect(code("temporarily_unavailable")).toBe("ServiceUnavailable");
    expect(code("server_error")).toBe("ServiceUnavailable");
    expect(code("anything")).toBe("InvalidArgument");
  });

  it("refuses a repeated parameter and an implicit-flow answer", () => {
    expect(
      thrown(() => parseCallback({ callbackUrl: `${base}?code=c&state=s1&iss=a&iss=b`, expectedState: "s1" }))
        .message,
    ).toBe('The authorization callback is malformed: "iss" parameter must be provided only once');
    expect(
      thrown(() =>
        parseCallback({ params: { code: "c", access_token: "x", token: "t" }, expectedState: null }),
      ).code,
    ).toBe("InvalidArgument");
  });

  it("checks iss when told to", () => {
    const expectedIssuer = "https://as.example.com";
    expect(
      thrown(() => parseCallback({ params: { code: "c", state: "s1" }, expectedState: "s1", expectedIssuer }))
        .message,
    ).toContain("has no iss");
    expect(
      thrown(() =>
        parseCallback({
          params: { code: "c", state: "s1", iss: "https://x" },
          expectedState: "s1",
          expectedIssuer,
        }),
      ).message,
    ).toContain("not the expected issuer");
  });

  it("needs a redirect URI when given params, and derives it from the callback URL otherwise", async () => {
    const oauth = defineOAuth2({
      authorizationUrl: "https://l.example.com/a",
      tokenUrl: "https://l.example.com/t",
      pkce: false,
    });
    const error = await oauth
      .handleCallback({ params: { code: "c", state: "s" }, expectedState: "s", clientId: "c" })
      .catch((e: unknown) => e);
    expect((error as Error).message).toBe("redirectUri is required when the callback is given as params");

    let sent = "";
    await oauth.handleCallback({
      callbackUrl: "https://app.example.com/cb?code=c&state=s",
      expectedState: "s",
      clientId: "c",
      fetch: async (_url, init) => {
        sent = String(init?.body);
        return Response.json({ access_token: "a" });
      },
    });
    expect(Object.fromEntries(new URLSearchParams(sent))).toEqual({
      grant_type: "authorization_code",
      code: "c",
      redirect_uri: "https://app.example.com/cb",
      client_id: "c",
    });
  });

  it("needs the code verifier with PKCE", async () => {
    const oauth = defineOAuth2({
      authorizationUrl: "https://l.example.com/a",
      tokenUrl: "https://l.example.com/t",
    });
    const error = await oauth
      .exchangeCode({ code: "c", redirectUri: "https://app.example.com/cb", clientId: "c" })
      .catch((e: unknown) => e);
    expect((error as Error).message).toBe("The PKCE code verifier of the authorization request is required");
  });
});
