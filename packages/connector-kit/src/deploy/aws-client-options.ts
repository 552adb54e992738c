/** Static AWS credentials. */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** How the AWS SDK clients of `deploy` and `logs` are made. */
export interface AwsClientOptions {
  /** AWS Region, e.g. `us-east-1`. Required. */
  region: string;
  /** Endpoint URL replacing the service's (LocalStack, tests). Default: the service's endpoint in `region`. */
  endpoint?: string;
  /** Credentials. Default: the AWS SDK's default provider chain (environment, profile, SSO, instance role). */
  credentials?: AwsCredentials;
  /** Attempts per call, including retries. Default: the SDK's (3). */
  maxAttempts?: number;
}

/** The client configuration for an AWS SDK v3 client. */
export function awsClientConfig(options: AwsClientOptions): {
  region: string;
  endpoint?: string;
  credentials?: AwsCredentials;
  maxAttempts?: number;
} {
  return {
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
  };
}

/**
 * Static credentials from `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY` (and `AWS_SESSION_TOKEN`) in `env`,
 * or undefined to let the SDK's provider chain find them.
 */
export function credentialsFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): AwsCredentials | undefined {
  const accessKeyId = env["AWS_ACCESS_KEY_ID"];
  const secretAccessKey = env["AWS_SECRET_ACCESS_KEY"];
  if (!accessKeyId || !secretAccessKey) return undefined;
  const sessionToken = env["AWS_SESSION_TOKEN"];
  return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
}

/** The name of an AWS SDK error (`ResourceNotFoundException`, ...), or undefined. */
export function awsErrorName(error: unknown): string | undefined {
  const name = (error as { name?: unknown } | null)?.name;
  return typeof name === "string" ? name : undefined;
}
