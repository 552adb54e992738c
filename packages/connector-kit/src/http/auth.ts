import type { Credentials } from "../core/auth/credentials.js";
import { ConnectorError } from "../core/errors/connector-error.js";

/** The request an auth strategy decorates: its URL (query included) and headers, both mutable. */
export interface AuthTarget {
  readonly method: string;
  readonly url: URL;
  readonly headers: Headers;
}

/**
 * How requests are authenticated. `apply` adds credentials to each attempt (it runs again on every retry, so
 * a refreshed token is used). `onUnauthorized`, when present, runs after a 401: returning true re-sends the
 * request once (not counted as a retry). `sensitiveHeaders` / `sensitiveQueryParams` name where the
 * credentials travel, so logs mask them and next-page links drop them; `secrets` lists values to redact.
 */
export interface HttpAuth {
  apply(target: AuthTarget): void | Promise<void>;
  onUnauthorized?(target: AuthTarget): Promise<boolean>;
  readonly sensitiveHeaders?: readonly string[];
  readonly sensitiveQueryParams?: readonly string[];
  secrets?(): string[];
}

/** No authentication. */
export const noAuth: HttpAuth = { apply() {} };

/** HTTP Basic: `Authorization: Basic base64(username:password)` (UTF-8). */
export function basicAuth(username: string, password: string): HttpAuth {
  const value = `Basic ${Buffer.from(`${username}:${password}`, "utf8").toString("base64")}`;
  return {
    apply: (t) => t.headers.set("authorization", value),
    sensitiveHeaders: ["authorization"],
    secrets: () => [password, value.slice(6)],
  };
}

/** Options of {@link apiKeyAuth}. */
export interface ApiKeyAuthOptions {
  /** Where the key travels. Default: `"header"`. */
  in?: "header" | "query";
  /** Header or query parameter name. Default: `X-Api-Key` in a header, `api_key` in the query. */
  name?: string;
  /** Text before the key in a header, e.g. `"Token "`. Default: none. */
  prefix?: string;
}

/** An API key in a header (`X-Api-Key: key`) or a query parameter (`?api_key=key`). */
export function apiKeyAuth(key: string, options: ApiKeyAuthOptions = {}): HttpAuth {
  const where = options.in ?? "header";
  const name = options.name ?? (where === "header" ? "X-Api-Key" : "api_key");
  if (where === "query") {
    return {
      apply: (t) => t.url.searchParams.set(name, key),
      sensitiveQueryParams: [name],
      secrets: () => [key],
    };
  }
  const value = `${options.prefix ?? ""}${key}`;
  return {
    apply: (t) => t.headers.set(name, value),
    sensitiveHeaders: [name.toLowerCase()],
    secrets: () => [key],
  };
}

/** A bearer token, fixed or read for every attempt: `Authorization: Bearer <token>`. No refresh on 401. */
export function bearerToken(token: string | (() => string | Promise<string>)): HttpAuth {
  let last = typeof token === "string" ? token : "";
  return {
    async apply(t) {
      last = typeof token === "string" ? token : await token();
      t.headers.set("authorization", `Bearer ${last}`);
    },
    sensitiveHeaders: ["authorization"],
    secrets: () => (last ? [last] : []),
  };
}

/**
 * Where OAuth 2.0 access tokens come from. `accessToken()` returns the current token (fetching one when
 * there is none); `refresh()` gets a new one (after a 401) and returns it. The `connector-kit/oauth` token
 * managers implement it; any object with these two methods does.
 */
export interface AccessTokenProvider {
  accessToken(): Promise<string>;
  refresh(): Promise<string>;
}

/** Options of {@link oauth2AccessToken}. */
export interface OAuth2AccessTokenOptions {
  /** Header carrying the token. Default: `Authorization`. */
  header?: string;
  /** Scheme before the token. Default: `"Bearer"`. */
  scheme?: string;
}

/**
 * An OAuth 2.0 access token from `provider`, sent as `Authorization: Bearer <token>`. After a 401 the token
 * is refreshed once and the request re-sent; concurrent 401s share one refresh, and a request that was sent
 * with an already replaced token is simply re-sent with the new one.
 */
export function oauth2AccessToken(
  provider: AccessTokenProvider,
  options: OAuth2AccessTokenOptions = {},
): HttpAuth {
  const header = (options.header ?? "authorization").toLowerCase();
  const scheme = options.scheme ?? "Bearer";
  const format = (token: string) => (scheme ? `${scheme} ${token}` : token);
  let current: string | null = null;
  let refreshing: Promise<string> | null = null;
  const seen: string[] = [];
  const remember = (token: string) => {
    current = token;
    if (!seen.includes(token)) seen.push(token);
    if (seen.length > 8) seen.shift();
    return token;
  };
  return {
    async apply(t) {
      const token = refreshing ? await refreshing : remember(await provider.accessToken());
      t.headers.set(header, format(token));
    },
    async onUnauthorized(t) {
      const sent = t.headers.get(header);
      if (current !== null && sent !== format(current)) return true; // someone refreshed meanwhile
      refreshing ??= provider
        .refresh()
        .then(remember)
        .finally(() => {
          refreshing = null;
        });
      try {
        await refreshing;
      } catch (error) {
        throw new ConnectorError(
          "InvalidCredentials",
          "The OAuth access token was refused and could not be refreshed",
          {
            cause: error,
          },
        );
      }
      return true;
    },
    sensitiveHeaders: [header],
    secrets: () => [...seen],
  };
}

/** A strategy of your own, e.g. a signature computed per request. Returns `strategy` typed as HttpAuth. */
export function customAuth(strategy: HttpAuth): HttpAuth {
  return strategy;
}

/** Options of {@link authFromCredentials}. */
export interface AuthFromCredentialsOptions {
  /** How an `ApiKey` credential travels. Default: `{ in: "header", name: "X-Api-Key" }`. */
  apiKey?: ApiKeyAuthOptions;
  /** For `CustomAuth` credentials: build the strategy from the values. Default: InvalidCredentials. */
  custom?: (credentials: Extract<Credentials, { type: "CustomAuth" }>) => HttpAuth;
}

/**
 * The strategy for a connector's resolved credentials (`ctx.credentials`): BasicAuth → {@link basicAuth},
 * ApiKey → {@link apiKeyAuth}, OAuth2 → {@link bearerToken} with the access token (AppFlow refreshes OAuth2
 * tokens itself when a call fails with InvalidCredentials, which a 401 becomes), CustomAuth → `custom`,
 * null → {@link noAuth}.
 */
export function authFromCredentials(
  credentials: Credentials | null,
  options: AuthFromCredentialsOptions = {},
): HttpAuth {
  if (credentials === null) return noAuth;
  switch (credentials.type) {
    case "BasicAuth":
      return basicAuth(credentials.username, credentials.password);
    case "ApiKey":
      return apiKeyAuth(credentials.apiKey, options.apiKey);
    case "OAuth2":
      return bearerToken(credentials.accessToken);
    case "CustomAuth":
      if (options.custom) return options.custom(credentials);
      throw new ConnectorError(
        "InvalidCredentials",
        `Custom authentication ${credentials.customAuthenticationType} is not supported here`,
      );
    default:
      throw new ConnectorError(
        "InvalidCredentials",
        `Authentication type ${credentials.authenticationType} is not supported`,
      );
  }
}
