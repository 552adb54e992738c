import type { AppflowClient } from "@aws-sdk/client-appflow";
import type { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import type { LambdaClient } from "@aws-sdk/client-lambda";
import type { MarketplaceEntitlementServiceClient } from "@aws-sdk/client-marketplace-entitlement-service";
import type { SecretsManagerClient, SecretsManagerClientConfig } from "@aws-sdk/client-secrets-manager";
import { expectTypeOf, it } from "vitest";
import type { AwsSdkClient, AwsSdkClientConfig } from "./aws-sdk-client.js";

it("accepts the real AWS SDK clients and their configuration", () => {
  expectTypeOf<AppflowClient>().toMatchTypeOf<AwsSdkClient>();
  expectTypeOf<CloudWatchLogsClient>().toMatchTypeOf<AwsSdkClient>();
  expectTypeOf<LambdaClient>().toMatchTypeOf<AwsSdkClient>();
  expectTypeOf<MarketplaceEntitlementServiceClient>().toMatchTypeOf<AwsSdkClient>();
  expectTypeOf<SecretsManagerClient>().toMatchTypeOf<AwsSdkClient>();
  expectTypeOf<{ region: "eu-west-1"; endpoint: "http://127.0.0.1:4566" }>().toMatchTypeOf<
    AwsSdkClientConfig & SecretsManagerClientConfig
  >();
  expectTypeOf<{ send(): void }>().not.toMatchTypeOf<AwsSdkClient>();
});
