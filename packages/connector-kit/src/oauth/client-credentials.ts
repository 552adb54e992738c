import { ConnectorError } from "../core/errors/connector-error.js";
import type { OAuth2Config } from "./oauth-definition.js";
import {
  joinScopes,
  type OAuth2ClientInput,
  type OAuth2RequestOptions,
  requestToken,
} from "./token-request.js";
import type { OAuth2Tokens } from "./token-response.js";

/** What {@link requestClientCredentials} takes (Lumos `handle_client_credentials_request` carries all of it). */
export interface ClientCredentialsInput extends OAuth2ClientInput, OAuth2RequestOptions {
  /** Default: the definition's scopes. An empty list sends no `scope`. */
  scopes?: readonly string[];
}

/**
 * The client-credentials grant (RFC 6749 §4.4): `grant_type=client_credentials` and `scope` (when any), with
 * the client authenticated per the definition's `clientAuth`. A wrong secret is refused with
 * `invalid_client` → `InvalidCredentials`.
 *
 * @throws ConnectorError `InvalidArgument` when the definition lacks the client-credentials grant.
 */
export async function requestClientCredentials(
  config: OAuth2Config,
  input: ClientCredentialsInput,
): Promise<OAuth2Tokens> {
  if (!config.grantTypes.includes("client_credentials")) {
    throw new ConnectorError(
      "InvalidArgument",
      "This OAuth 2.0 definition does not support the client_credentials grant",
    );
  }
  const scope = joinScopes(config, input.scopes);
  return requestToken(config, {
    ...input,
    grantType: "client_credentials",
    params: scope === undefined ? {} : { scope },
  });
}
