import { ConnectorError } from "../core/errors/connector-error.js";
import type { OAuth2Config } from "./oauth-definition.js";
import { type OAuth2ClientInput, type OAuth2RequestOptions, requestToken } from "./token-request.js";
import type { OAuth2Tokens } from "./token-response.js";

/** What {@link refreshAccessToken} takes (Lumos `refresh_access_token` carries all of it). */
export interface RefreshInput extends OAuth2ClientInput, OAuth2RequestOptions {
  refreshToken: string;
  /**
   * A narrower scope to ask for (RFC 6749 §6). Default: no `scope` parameter, i.e. the scope originally
   * granted.
   */
  scopes?: readonly string[];
}

/** Refreshed tokens: `refreshToken` is always the one to store from now on. */
export interface RefreshedTokens extends OAuth2Tokens {
  /** The refresh token to keep: the new one when the server rotated it, else the one just used. */
  refreshToken: string;
  /** True when the server sent a different refresh token (the old one may no longer work). */
  refreshTokenRotated: boolean;
}

/**
 * Renews the access token (RFC 6749 §6): `grant_type=refresh_token`, `refresh_token`, and `scope` only when
 * `scopes` is given. When the server sends a new refresh token (rotation) it is returned and must replace the
 * old one; when it sends none the old one is returned. A revoked or expired refresh token is refused with
 * `invalid_grant` → `InvalidCredentials`.
 */
export async function refreshAccessToken(
  config: OAuth2Config,
  input: RefreshInput,
): Promise<RefreshedTokens> {
  if (!input.refreshToken) throw new ConnectorError("InvalidArgument", "The refresh token is required");
  const params: Record<string, string> = { refresh_token: input.refreshToken };
  if (input.scopes !== undefined && input.scopes.length > 0)
    params["scope"] = input.scopes.join(config.scopeSeparator);
  const tokens = await requestToken(config, {
    ...input,
    grantType: "refresh_token",
    params,
    secrets: [input.refreshToken],
  });
  const refreshToken = tokens.refreshToken ?? input.refreshToken;
  return { ...tokens, refreshToken, refreshTokenRotated: refreshToken !== input.refreshToken };
}
