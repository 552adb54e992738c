/**
 * An AWS SDK for JavaScript v3 client as connector-kit's options accept one: any client of the service the
 * option names (a `LambdaClient` for `clients.lambda`, say). Declared by shape so that connector-kit's types
 * do not need the AWS SDK packages, which are optional peers.
 */
export interface AwsSdkClient {
  send(command: object, options?: object): Promise<unknown>;
  destroy(): void;
}

/**
 * Settings for a client connector-kit creates, passed to the client's constructor: `region`, `endpoint`,
 * `credentials`, `maxAttempts` and the rest of the AWS SDK's client configuration.
 */
export interface AwsSdkClientConfig {
  region?: string;
  endpoint?: string;
  maxAttempts?: number;
  [setting: string]: unknown;
}
