import type { ECRClient } from "@aws-sdk/client-ecr";
import type { AwsSdkClient } from "../../core/aws-sdk-client.js";
import { missingPeer } from "../../core/peer-dependency.js";
import { type AwsClientOptions, awsClientConfig } from "../aws-client-options.js";
import { ImageError } from "./image-error.js";
import type { RegistryCredentials } from "./registry-auth.js";

/** The account and Region of an Amazon ECR private registry host, or null for another host. */
export function parseEcrRegistry(registry: string): { accountId: string; region: string } | null {
  const m = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/.exec(registry);
  return m ? { accountId: m[1]!, region: m[2]! } : null;
}

/** Options of {@link ecrCredentials}. */
export interface EcrCredentialsOptions extends AwsClientOptions {
  /** An ECR client to use instead of making one. Default: made from the options. */
  client?: AwsSdkClient;
}

/**
 * Registry credentials for Amazon ECR from `GetAuthorizationToken` (AWS SDK v3, the optional peer
 * `@aws-sdk/client-ecr`): the token is base64 `AWS:<password>`, valid 12 hours for the registries of the Region
 * the caller may use. Needs `ecr:GetAuthorizationToken`.
 */
export async function ecrCredentials(options: EcrCredentialsOptions): Promise<RegistryCredentials> {
  const E = await import("@aws-sdk/client-ecr").catch(
    missingPeer("@aws-sdk/client-ecr", "Pushing to Amazon ECR"),
  );
  const client = (options.client as ECRClient | undefined) ?? new E.ECRClient(awsClientConfig(options));
  const answer = await client.send(new E.GetAuthorizationTokenCommand({}));
  const token = answer.authorizationData?.[0]?.authorizationToken;
  const decoded = token ? Buffer.from(token, "base64").toString("utf8") : "";
  const colon = decoded.indexOf(":");
  if (colon <= 0) {
    throw new ImageError("AuthRefused", "ECR GetAuthorizationToken answered without a usable token");
  }
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
