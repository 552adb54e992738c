import { ConnectorError } from "../core/errors/connector-error.js";
import type { OAuth2Config } from "./oauth-definition.js";
import {
  type OAuth2ClientInput,
  type OAuth2RequestOptions,
  refreshAccessToken,
  requestClientCredentials,
} from "./token-request.js";
import type { OAuth2Tokens } from "./token-response.js";

/**
 * Where an HTTP client gets its bearer token (the OAuth2 strategy of `src/http` consumes this).
 * `accessToken()` gives a token valid now; `refresh()` renews it, e.g. after a 401.
 */
export interface OAuth2TokenSource {
  /** A usable access token, renewed first when it expires within the skew. */
  accessToken(): Promise<string>;
  /**
   * Renews the access token now. With `rejectedAccessToken` (the token a server just refused), a token that
   * was already renewed by another caller is returned instead of renewing again.
   */
  refresh(rejectedAccessToken?: string): Promise<string>;
}

/** What a token store holds. */
export interface TokenState {
  accessToken: string | null;
  refreshToken: string | null;
  expiresAt: Date | null;
}

/** Tokens to start from, e.g. AppFlow's `accessToken`/`refreshToken`; every field optional. */
export interface InitialTokens {
  /** Default: none (the first `accessToken()` renews). */
  accessToken?: string | null;
  /** Default: none. */
  refreshToken?: string | null;
  /** A Date or ms since the epoch. Default: unknown (the token is used until `refresh()` is called). */
  expiresAt?: Date | number | null;
}

/** Options of {@link OAuth2TokenStore}. */
export interface TokenStoreOptions {
  /** Gets new tokens from the current state (refresh grant, client credentials, …). */
  renew(current: Readonly<TokenState>): Promise<OAuth2Tokens>;
  /** Default: empty. */
  initial?: InitialTokens | null;
  /**
   * Renew this long before expiry, in ms. Default: 60,000 ({@link DEFAULT_REFRESH_SKEW_MS}). For tokens that
   * live less than twice the skew, half their lifetime is used instead, so short tokens are not renewed on
   * every call.
   */
  skewMs?: number;
  /** The clock, in ms since the epoch. Default: `Date.now`. */
  now?: () => number;
  /**
   * Called with every new set of tokens before they are handed out, to persist them (notably a rotated
   * refresh token, which replaces the old one). If it throws, the tokens stay in memory and the error reaches
   * the caller. Default: none.
   */
  onTokens?: (tokens: OAuth2Tokens, state: Readonly<TokenState>) => void | Promise<void>;
}

/** Default {@link TokenStoreOptions.skewMs}: 60 s. */
export const DEFAULT_REFRESH_SKEW_MS = 60_000;

/**
 * An in-memory token holder. It renews ahead of expiry, and concurrent renewals are merged into one request
 * (single flight): a hundred calls racing on an expired token cause one token request, and all get its
 * result or its error. A failed renewal is not cached: the next call tries again.
 */
export class OAuth2TokenStore implements OAuth2TokenSource {
  readonly #options: TokenStoreOptions;
  readonly #skewMs: number;
  readonly #now: () => number;
  #state: TokenState;
  /** When the current access token should be renewed, ms since the epoch; null when unknown. */
  #renewAt: number | null;
  #inflight: Promise<string> | null = null;

  constructor(options: TokenStoreOptions) {
    this.#options = options;
    this.#skewMs = options.skewMs ?? DEFAULT_REFRESH_SKEW_MS;
    if (!(this.#skewMs >= 0)) throw new ConnectorError("InvalidArgument", "skewMs must not be negative");
    this.#now = options.now ?? Date.now;
    const initial = options.initial ?? {};
    const expiresAt =
      initial.expiresAt === undefined || initial.expiresAt === null ? null : new Date(initial.expiresAt);
    this.#state = {
      accessToken: initial.accessToken || null,
      refreshToken: initial.refreshToken || null,
      expiresAt,
    };
    this.#renewAt = this.#renewTime(expiresAt, this.#now());
  }

  /** A copy of the current tokens (for persisting them). */
  get state(): TokenState {
    return { ...this.#state };
  }

  async accessToken(): Promise<string> {
    if (this.#inflight !== null) return this.#inflight;
    if (this.#state.accessToken !== null && this.#fresh()) return this.#state.accessToken;
    return this.refresh();
  }

  refresh(rejectedAccessToken?: string): Promise<string> {
    if (this.#inflight !== null) return this.#inflight;
    const current = this.#state.accessToken;
    if (
      rejectedAccessToken !== undefined &&
      current !== null &&
      current !== rejectedAccessToken &&
      this.#fresh()
    ) {
      return Promise.resolve(current);
    }
    const inflight = this.#renew().finally(() => {
      this.#inflight = null;
    });
    this.#inflight = inflight;
    return inflight;
  }

  async #renew(): Promise<string> {
    const requestedAt = this.#now();
    const tokens = await this.#options.renew({ ...this.#state });
    this.#state = {
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken ?? this.#state.refreshToken,
      expiresAt: tokens.expiresAt,
    };
    this.#renewAt = this.#renewTime(tokens.expiresAt, requestedAt);
    await this.#options.onTokens?.(tokens, { ...this.#state });
    return tokens.accessToken;
  }

  #fresh(): boolean {
    return this.#renewAt === null || this.#now() < this.#renewAt;
  }

  #renewTime(expiresAt: Date | null, obtainedAt: number): number | null {
    if (expiresAt === null) return null;
    const expiry = expiresAt.getTime();
    const lifetime = Math.max(0, expiry - obtainedAt);
    return expiry - Math.min(this.#skewMs, lifetime / 2);
  }
}

/** Creates an {@link OAuth2TokenStore}. */
export function createTokenStore(options: TokenStoreOptions): OAuth2TokenStore {
  return new OAuth2TokenStore(options);
}

/** Options of {@link tokenStoreFor}: the client, request options and store options. */
export interface OAuth2TokenStoreForOptions
  extends OAuth2ClientInput,
    Omit<OAuth2RequestOptions, "now">,
    Omit<TokenStoreOptions, "renew"> {
  /** Scopes for client-credentials requests. Default: the definition's. */
  scopes?: readonly string[];
}

/**
 * A token store renewing by a definition: with the refresh token when it has one (keeping a rotated one),
 * else by the client-credentials grant when the definition supports it, else failing with
 * `InvalidCredentials`.
 */
export function tokenStoreFor(config: OAuth2Config, options: OAuth2TokenStoreForOptions): OAuth2TokenStore {
  const { initial, skewMs, now, onTokens, scopes, ...client } = options;
  const request = now === undefined ? client : { ...client, now };
  return new OAuth2TokenStore({
    ...(initial === undefined ? {} : { initial }),
    ...(skewMs === undefined ? {} : { skewMs }),
    ...(now === undefined ? {} : { now }),
    ...(onTokens === undefined ? {} : { onTokens }),
    renew: async (current) => {
      if (current.refreshToken !== null) {
        return refreshAccessToken(config, { ...request, refreshToken: current.refreshToken });
      }
      if (config.grantTypes.includes("client_credentials")) {
        return requestClientCredentials(config, { ...request, ...(scopes === undefined ? {} : { scopes }) });
      }
      throw new ConnectorError(
        "InvalidCredentials",
        "There is no refresh token to renew the OAuth 2.0 access token",
      );
    },
  });
}
