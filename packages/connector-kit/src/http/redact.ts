import { REDACTED } from "../core/secrets/redactor.js";

/**
 * Header names (lower case) whose values never reach a log: Authorization, Proxy-Authorization, Cookie,
 * Set-Cookie, X-Api-Key, Api-Key, X-Auth-Token, X-Access-Token, X-Amz-Security-Token.
 */
export const DEFAULT_SENSITIVE_HEADERS: readonly string[] = [
  "authorization",
  "proxy-authorization",
  "cookie",
  "set-cookie",
  "x-api-key",
  "api-key",
  "apikey",
  "x-auth-token",
  "x-access-token",
  "x-amz-security-token",
];

/**
 * Query parameter names (compared case-insensitively) whose values never reach a log: api_key, apikey,
 * api-key, key, token, access_token, refresh_token, id_token, client_secret, password, secret, signature, sig,
 * code.
 */
export const DEFAULT_SENSITIVE_QUERY_PARAMS: readonly string[] = [
  "api_key",
  "apikey",
  "api-key",
  "key",
  "token",
  "access_token",
  "refresh_token",
  "id_token",
  "client_secret",
  "password",
  "secret",
  "signature",
  "sig",
  "code",
];

/** What the HTTP client hides in its debug logs. */
export interface RedactOptions {
  /** More header names to mask (any case), added to {@link DEFAULT_SENSITIVE_HEADERS}. Default: none. */
  headers?: readonly string[];
  /** More query parameter names to mask, added to {@link DEFAULT_SENSITIVE_QUERY_PARAMS}. Default: none. */
  queryParams?: readonly string[];
  /**
   * Applied to every logged text (URLs, header values, body excerpts), e.g. `redactor.redact` of the secret
   * values seen so far. Default: identity (the logger's own redaction still applies).
   */
  text?: (text: string) => string;
}

/** Masks sensitive headers, query parameters and secret values for logs. */
export class HttpRedaction {
  readonly #headers: Set<string>;
  readonly #query: Set<string>;
  readonly #text: (text: string) => string;

  constructor(options: RedactOptions = {}) {
    this.#headers = new Set([...DEFAULT_SENSITIVE_HEADERS, ...(options.headers ?? [])].map(lower));
    this.#query = new Set([...DEFAULT_SENSITIVE_QUERY_PARAMS, ...(options.queryParams ?? [])].map(lower));
    this.#text = options.text ?? ((t) => t);
  }

  /** Adds header names to mask. */
  addHeaders(names: Iterable<string>): void {
    for (const n of names) this.#headers.add(lower(n));
  }

  /** Adds query parameter names to mask. */
  addQueryParams(names: Iterable<string>): void {
    for (const n of names) this.#query.add(lower(n));
  }

  /** True when the query parameter `name` is masked. */
  isSensitiveQueryParam(name: string): boolean {
    return this.#query.has(lower(name));
  }

  /** True when the header `name` is masked. */
  isSensitiveHeader(name: string): boolean {
    return this.#headers.has(lower(name));
  }

  /** Headers as a plain object, sensitive values replaced by `[REDACTED]`. */
  headers(headers: Headers): Record<string, string> {
    const out: Record<string, string> = {};
    headers.forEach((value, name) => {
      out[name] = this.#headers.has(name) ? REDACTED : this.#text(value);
    });
    return out;
  }

  /** The URL as text, sensitive query values and any user info replaced by `[REDACTED]`. */
  url(url: URL | string): string {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      return this.#text(String(url));
    }
    if (u.username || u.password) {
      u.username = u.username ? REDACTED : "";
      u.password = u.password ? REDACTED : "";
    }
    const params = u.searchParams;
    const names = new Set<string>();
    params.forEach((_v, name) => {
      if (this.#query.has(lower(name))) names.add(name);
    });
    for (const name of names) {
      const count = params.getAll(name).length;
      params.delete(name);
      for (let i = 0; i < count; i++) params.append(name, REDACTED);
    }
    return this.#text(u.toString());
  }

  /** Free text (a body excerpt) with secret values removed. */
  text(text: string): string {
    return this.#text(text);
  }
}

function lower(s: string): string {
  return s.toLowerCase();
}
