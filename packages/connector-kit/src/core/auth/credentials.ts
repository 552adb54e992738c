import { ConnectorError } from "../errors/connector-error.js";
import type { CredentialsRef } from "../model/requests.js";

/** Resolved credentials, by the authentication type AppFlow named. Field names follow the secret's keys. */
export type Credentials =
  | { type: "BasicAuth"; username: string; password: string }
  | { type: "ApiKey"; apiKey: string; apiSecretKey: string | undefined }
  | { type: "OAuth2"; accessToken: string; refreshToken: string | undefined }
  | { type: "CustomAuth"; customAuthenticationType: string; values: Readonly<Record<string, string>> }
  /** An authentication type this SDK does not know; the secret's pairs as they are. */
  | { type: "Unknown"; authenticationType: string | null; values: Readonly<Record<string, string>> };

function need(secret: Record<string, string>, key: string, type: string): string {
  const value = secret[key];
  if (value === undefined || value === "") {
    throw new ConnectorError("InvalidCredentials", `The ${type} secret has no "${key}" value`);
  }
  return value;
}

/** Reads a resolved secret as the credentials of `ref.authenticationType` (keys as AppFlow stores them). */
export function credentialsFromSecret(ref: CredentialsRef, secret: Record<string, string>): Credentials {
  switch (ref.authenticationType) {
    case "BasicAuth":
      return {
        type: "BasicAuth",
        username: need(secret, "username", "BasicAuth"),
        password: need(secret, "password", "BasicAuth"),
      };
    case "ApiKey":
      return {
        type: "ApiKey",
        apiKey: need(secret, "apiKey", "ApiKey"),
        apiSecretKey: secret["apiSecretKey"],
      };
    case "OAuth2":
      return {
        type: "OAuth2",
        accessToken: need(secret, "accessToken", "OAuth2"),
        refreshToken: secret["refreshToken"],
      };
    case "CustomAuth": {
      const { customAuthenticationType = "", authenticationType: _ignored, ...values } = secret;
      return { type: "CustomAuth", customAuthenticationType, values };
    }
    default:
      return { type: "Unknown", authenticationType: ref.authenticationType, values: { ...secret } };
  }
}
