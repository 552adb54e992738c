/**
 * Lumos credentials: the auth models, the body of each, the `auth` object of a request, their JSON Schemas
 * (secret fields marked `x-secret`) and the mapping onto the core {@link Credentials} a connector reads from
 * `ctx.credentials`.
 */
import type { Credentials } from "../core/auth/credentials.js";
import type { JsonObject, JsonSchema, JsonValue } from "./json-schema.js";

/** The auth models Lumos knows, as they key an `auth` object. */
export const AUTH_MODELS = [
  "oauth",
  "oauth_client_credentials",
  "oauth1",
  "basic",
  "token",
  "jwt",
  "service_account",
  "key_pair",
] as const;
/** One of {@link AUTH_MODELS}. */
export type AuthModel = (typeof AUTH_MODELS)[number];

/** `oauth`: an access token obtained by the code flow. */
export interface OAuthCredential {
  access_token: string;
}
/** `oauth_client_credentials`. */
export interface OAuthClientCredential {
  access_token: string;
  client_id: string;
  client_secret: string;
  scopes: string[];
}
/** `oauth1`. */
export interface OAuth1Credential {
  consumer_key: string;
  consumer_secret: string;
  token_id: string;
  token_secret: string;
}
/** `basic`. */
export interface BasicCredential {
  username: string;
  password: string;
}
/** `token`: an API token. */
export interface TokenCredential {
  token: string;
}
/** `jwt`: headers, claims and the signing secret. */
export interface JwtCredential {
  headers: JsonObject;
  claims: JsonObject;
  secret: string;
}

/** The `auth` object of a request (or one entry of `credentials`, which also has `id`). */
export interface AuthCredential {
  id?: string | null;
  oauth?: OAuthCredential | null;
  oauth_client_credentials?: OAuthClientCredential | null;
  oauth1?: OAuth1Credential | null;
  basic?: BasicCredential | null;
  token?: TokenCredential | null;
  jwt?: JwtCredential | null;
  /** Fields not modelled by this SDK: passed through as sent. */
  service_account?: JsonObject | null;
  /** Fields not modelled by this SDK: passed through as sent. */
  key_pair?: JsonObject | null;
}

const str: JsonSchema = { type: "string" };
const secret = (title: string): JsonSchema => ({
  type: "string",
  title,
  "x-secret": true,
  "x-field_type": "SECRET",
});
const hidden = (title: string): JsonSchema => ({
  type: "string",
  title,
  "x-secret": true,
  "x-field_type": "HIDDEN",
});

function credentialSchema(
  model: AuthModel,
  title: string,
  properties: Record<string, JsonSchema>,
  required: string[],
): JsonSchema {
  return { type: "object", title, properties, required, "x-credential-type": model };
}

/** The JSON Schema of each credential body. Secret fields carry `x-secret: true`. */
export const CREDENTIAL_SCHEMAS: Readonly<Record<AuthModel, JsonSchema>> = {
  oauth: credentialSchema("oauth", "OAuthCredential", { access_token: hidden("Access Token") }, [
    "access_token",
  ]),
  oauth_client_credentials: credentialSchema(
    "oauth_client_credentials",
    "OAuthClientCredential",
    {
      access_token: hidden("Access Token"),
      client_id: { type: "string", title: "Client Id" },
      client_secret: secret("Client Secret"),
      scopes: { type: "array", title: "Scopes", items: str },
    },
    ["access_token", "client_id", "client_secret", "scopes"],
  ),
  oauth1: credentialSchema(
    "oauth1",
    "OAuth1Credential",
    {
      consumer_key: { type: "string", title: "Consumer Key" },
      consumer_secret: secret("Consumer Secret"),
      token_id: { type: "string", title: "Token Id" },
      token_secret: secret("Token Secret"),
    },
    ["consumer_key", "consumer_secret", "token_id", "token_secret"],
  ),
  basic: credentialSchema(
    "basic",
    "BasicCredential",
    { username: { type: "string", title: "Username" }, password: secret("Password") },
    ["username", "password"],
  ),
  token: credentialSchema("token", "TokenCredential", { token: secret("Token") }, ["token"]),
  jwt: credentialSchema(
    "jwt",
    "JWTCredential",
    {
      headers: { type: "object", title: "Headers" },
      claims: { type: "object", title: "Claims" },
      secret: secret("Secret"),
    },
    ["headers", "claims", "secret"],
  ),
  service_account: {
    type: "object",
    title: "ServiceAccountCredential",
    "x-credential-type": "service_account",
  },
  key_pair: { type: "object", title: "KeyPairCredential", "x-credential-type": "key_pair" },
};

/** The JSON Schema of an `auth` object (and of one `credentials` entry). */
export const AUTH_CREDENTIAL_SCHEMA: JsonSchema = {
  type: "object",
  title: "AuthCredential",
  properties: {
    id: { anyOf: [str, { type: "null" }] },
    ...Object.fromEntries(AUTH_MODELS.map((m) => [m, { anyOf: [CREDENTIAL_SCHEMAS[m], { type: "null" }] }])),
  },
};

/** Keys whose values are always hidden from logs, whatever the schema says. */
export const SECRET_KEY_NAMES: readonly string[] = [
  "password",
  "secret",
  "token",
  "api_key",
  "api_token",
  "api_secret",
  "access_token",
  "refresh_token",
  "client_secret",
  "consumer_secret",
  "token_secret",
];

/** The credential models present in an `auth` object, in {@link AUTH_MODELS} order. */
export function modelsIn(auth: AuthCredential): AuthModel[] {
  return AUTH_MODELS.filter((m) => auth[m] !== undefined && auth[m] !== null);
}

function stringValues(value: JsonValue | undefined): Record<string, string> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return {};
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item === null || item === undefined) continue;
    out[key] = typeof item === "string" ? item : JSON.stringify(item);
  }
  return out;
}

/**
 * The core credentials of an `auth` object, as `ctx.credentials` shows them: `basic` → BasicAuth, `oauth` and
 * `oauth_client_credentials` → OAuth2, `token` → ApiKey; `oauth1`, `jwt`, `service_account` and `key_pair`
 * → CustomAuth with the model as `customAuthenticationType` and the fields as strings. Null for none.
 */
export function coreCredentialsOf(auth: AuthCredential | null | undefined): Credentials | null {
  if (!auth) return null;
  if (auth.basic) return { type: "BasicAuth", username: auth.basic.username, password: auth.basic.password };
  if (auth.oauth) return { type: "OAuth2", accessToken: auth.oauth.access_token, refreshToken: undefined };
  if (auth.oauth_client_credentials)
    return {
      type: "OAuth2",
      accessToken: auth.oauth_client_credentials.access_token,
      refreshToken: undefined,
    };
  if (auth.token) return { type: "ApiKey", apiKey: auth.token.token, apiSecretKey: undefined };
  for (const model of ["oauth1", "jwt", "service_account", "key_pair"] as const) {
    const body = auth[model];
    if (body) {
      return {
        type: "CustomAuth",
        customAuthenticationType: model,
        values: stringValues(body as unknown as JsonValue),
      };
    }
  }
  return null;
}
