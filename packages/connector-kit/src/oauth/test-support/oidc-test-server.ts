import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A real authorization server for tests: `oidc-provider` (v9, a certified OpenID Provider, dev dependency
 * only) on 127.0.0.1 and a free port. The user's consent is given programmatically: the interaction URL is
 * answered by a handler that logs in `TEST_ACCOUNT` and grants every requested scope.
 */
export interface OidcTestServer {
  /** The issuer, e.g. `http://127.0.0.1:53122`. */
  readonly issuer: string;
  readonly authorizationEndpoint: string;
  readonly tokenEndpoint: string;
  readonly revocationEndpoint: string;
  readonly introspectionEndpoint: string;
  /** The redirect URI registered for every client (never served: the browser stops at it). */
  readonly redirectUri: string;
  /**
   * Plays the user's browser: follows the authorization URL through login and consent, and returns the URL
   * the server redirected back to (with `code` and `state`, or `error`).
   */
  authorize(authorizationUrl: string): Promise<string>;
  /** Whether the server still accepts a token (RFC 7662 introspection, as `client`). */
  isActive(token: string, client: TestClient): Promise<boolean>;
  /** Revokes a token (RFC 7009, as `client`). */
  revoke(token: string, client: TestClient): Promise<void>;
  close(): Promise<void>;
}

/** A registered client. */
export interface TestClient {
  clientId: string;
  clientSecret: string;
  /** How it is registered to authenticate at the token endpoint. */
  authMethod: "client_secret_basic" | "client_secret_post";
}

/** Authenticates with HTTP Basic; secret with characters that RFC 6749 §2.3.1 form-encoding changes. */
export const BASIC_CLIENT: TestClient = {
  clientId: "basic-client",
  clientSecret: "basic:secret/with+special chars",
  authMethod: "client_secret_basic",
};
/** Authenticates with `client_id`/`client_secret` in the form. */
export const POST_CLIENT: TestClient = {
  clientId: "post-client",
  clientSecret: "post-client-secret-0123456789",
  authMethod: "client_secret_post",
};
/** HTTP Basic; its access tokens live one second. */
export const SHORT_CLIENT: TestClient = {
  clientId: "short-client",
  clientSecret: "short-client-secret-0123456789",
  authMethod: "client_secret_basic",
};
/** The user who consents. */
export const TEST_ACCOUNT = "user-1";

// oidc-provider ships no types (and @types/oidc-provider is not installed): the little used here, typed.
interface Interaction {
  uid: string;
  params: Record<string, unknown>;
}
interface Grant {
  addOIDCScope(scope: string): void;
  save(): Promise<string>;
}
interface Provider {
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
  interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<Interaction>;
  interactionFinished(
    req: IncomingMessage,
    res: ServerResponse,
    result: Record<string, unknown>,
  ): Promise<void>;
  Grant: new (init: { accountId: string; clientId: string }) => Grant;
}
type ProviderConstructor = new (issuer: string, configuration: Record<string, unknown>) => Provider;
interface TokenLike {
  clientId?: string;
  /** The grants it came from, space-separated (`authorization_code refresh_token`). */
  gty?: string;
}

/** Starts an {@link OidcTestServer}. */
export async function startOidcTestServer(): Promise<OidcTestServer> {
  const { server, issuer, redirectUri } = await withoutProviderWarnings(startProvider);
  return {
    issuer,
    authorizationEndpoint: `${issuer}/auth`,
    tokenEndpoint: `${issuer}/token`,
    revocationEndpoint: `${issuer}/token/revocation`,
    introspectionEndpoint: `${issuer}/token/introspection`,
    redirectUri,
    authorize: (url) => followAsBrowser(url, redirectUri),
    async isActive(token, client) {
      const response = await fetch(`${issuer}/token/introspection`, {
        method: "POST",
        ...authenticated(client, { token }),
      });
      return ((await response.json()) as { active?: boolean }).active === true;
    },
    async revoke(token, client) {
      const response = await fetch(`${issuer}/token/revocation`, {
        method: "POST",
        ...authenticated(client, { token }),
      });
      if (!response.ok) throw new Error(`Revocation failed with HTTP ${response.status}`);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/**
 * Runs `start` with oidc-provider's start-up warnings filtered out: they are expected here (in-memory adapter,
 * development signing keys, and on Node.js 20 "unsupported runtime": v9 asks for Node.js 22 yet passes these
 * tests on 20).
 */
async function withoutProviderWarnings<T>(start: () => Promise<T>): Promise<T> {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (!String(args[0]).startsWith("oidc-provider WARNING")) warn(...args);
  };
  try {
    return await start();
  } finally {
    console.warn = warn;
  }
}

async function startProvider(): Promise<{ server: Server; issuer: string; redirectUri: string }> {
  const specifier: string = "oidc-provider";
  const { default: ProviderClass } = (await import(specifier)) as { default: ProviderConstructor };

  let provider: Provider | undefined;
  let providerCallback: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  const server = createServer((req, res) => {
    if (req.url?.startsWith("/interaction/")) {
      completeInteraction(provider!, req, res).catch((error: unknown) => {
        res.statusCode = 500;
        res.end(String(error));
      });
      return;
    }
    providerCallback!(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const redirectUri = `${issuer}/cb`;
  const client = (test: TestClient) => ({
    client_id: test.clientId,
    client_secret: test.clientSecret,
    token_endpoint_auth_method: test.authMethod,
    grant_types: ["authorization_code", "refresh_token", "client_credentials"],
    response_types: ["code"],
    redirect_uris: [redirectUri],
    scope: "openid offline_access read write",
  });
  provider = new ProviderClass(issuer, {
    clients: [client(BASIC_CLIENT), client(POST_CLIENT), client(SHORT_CLIENT)],
    scopes: ["openid", "offline_access", "read", "write"],
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      revocation: { enabled: true, allowedPolicy: async () => true },
      introspection: { enabled: true, allowedPolicy: async () => true },
    },
    interactions: { url: (_ctx: unknown, interaction: Interaction) => `/interaction/${interaction.uid}` },
    pkce: { required: () => true },
    rotateRefreshToken: true,
    issueRefreshToken: async (_ctx: unknown, c: { grantTypeAllowed(type: string): boolean }) =>
      c.grantTypeAllowed("refresh_token"),
    findAccount: async (_ctx: unknown, id: string) => ({ accountId: id, claims: async () => ({ sub: id }) }),
    cookies: { keys: ["oidc-test-server-cookie-key"] },
    ttl: {
      // SHORT_CLIENT's first access token lives one second, so tests can see it expire; one renewed by a refresh
      // token lives as long as the others, so a test checking it is not racing the clock on a busy machine.
      AccessToken: (_ctx: unknown, token: TokenLike) =>
        token.clientId === SHORT_CLIENT.clientId && !(token.gty ?? "").includes("refresh_token") ? 1 : 600,
      AuthorizationCode: 60,
      ClientCredentials: 600,
      IdToken: 600,
      RefreshToken: 3600,
      Grant: 3600,
      Interaction: 600,
      Session: 3600,
    },
  });
  providerCallback = provider.callback();
  // The warnings are printed on the first request.
  await (await fetch(`${issuer}/.well-known/openid-configuration`)).arrayBuffer();
  return { server, issuer, redirectUri };
}

/** A form body and headers authenticating `client` its registered way (Basic: id and secret form-encoded). */
function authenticated(
  client: TestClient,
  params: Record<string, string>,
): { body: URLSearchParams; headers: Record<string, string> } {
  if (client.authMethod === "client_secret_post") {
    return {
      body: new URLSearchParams({
        ...params,
        client_id: client.clientId,
        client_secret: client.clientSecret,
      }),
      headers: {},
    };
  }
  const pair = `${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret)}`;
  return {
    body: new URLSearchParams(params),
    headers: { authorization: `Basic ${Buffer.from(pair).toString("base64")}` },
  };
}

/** Logs `TEST_ACCOUNT` in and grants all requested scopes, in one step. */
async function completeInteraction(
  provider: Provider,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const interaction = await provider.interactionDetails(req, res);
  const clientId = String(interaction.params["client_id"]);
  const grant = new provider.Grant({ accountId: TEST_ACCOUNT, clientId });
  const scope = typeof interaction.params["scope"] === "string" ? interaction.params["scope"] : "";
  if (scope !== "") grant.addOIDCScope(scope);
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { login: { accountId: TEST_ACCOUNT }, consent: { grantId } });
}

/** Follows redirects with a cookie jar until one points at `redirectUri`. */
async function followAsBrowser(start: string, redirectUri: string): Promise<string> {
  const jar = new Map<string, string>();
  let url = start;
  for (let hop = 0; hop < 10; hop++) {
    const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
    const response = await fetch(url, { redirect: "manual", headers: cookie ? { cookie } : {} });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const eq = pair.indexOf("=");
      if (eq > 0) jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    const location = response.headers.get("location");
    await response.arrayBuffer();
    if (location === null)
      throw new Error(`The authorization server answered ${response.status} without redirect`);
    url = new URL(location, url).toString();
    if (url.startsWith(`${redirectUri}?`)) return url;
  }
  throw new Error("Too many redirects");
}
