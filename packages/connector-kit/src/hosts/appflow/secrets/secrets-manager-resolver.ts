import type { GetSecretValueCommandOutput, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { AwsSdkClient, AwsSdkClientConfig } from "../../../core/aws-sdk-client.js";
import { ConnectorError } from "../../../core/errors/connector-error.js";
import type { ErrorCode } from "../../../core/errors/error-code.js";
import { abortedError, raceWithSignal, throwIfAborted } from "../../../core/secrets/abort.js";
import type { SecretResolver } from "../../../core/secrets/secret-resolver.js";
import { parseSecretString } from "../../../core/secrets/secret-values.js";

/** Default {@link SecretsManagerResolverOptions.maxAttempts}: 2 (one retry). */
export const DEFAULT_SECRETS_MANAGER_MAX_ATTEMPTS = 2;
/** The region used when neither the options nor `AWS_REGION` / `AWS_DEFAULT_REGION` name one. */
export const DEFAULT_SECRETS_MANAGER_REGION = "us-east-1";

/** Options of {@link SecretsManagerResolver}. */
export interface SecretsManagerResolverOptions {
  /**
   * An existing client to use (its own region, credentials and retry settings apply; `clientConfig` and
   * `maxAttempts` are then ignored, and `destroy()` leaves it open). Default: a client created on first use.
   */
  client?: AwsSdkClient;
  /**
   * Configuration for the client created on first use, passed to `new SecretsManagerClient(...)`, e.g.
   * `{ endpoint, region, credentials }`. Default: `{}`. Its `region` defaults to `AWS_REGION`, then
   * `AWS_DEFAULT_REGION` (Lambda always sets `AWS_REGION`), then `us-east-1`.
   */
  clientConfig?: AwsSdkClientConfig;
  /**
   * Total attempts per request made by the SDK's own retry strategy, for the client created here.
   * Default: 2 (unless `clientConfig.maxAttempts` is set). The SDK's default of 3 with backoff can use up
   * a large part of AppFlow's 10 s deadline (configuration and metadata calls) or 30 s deadline
   * (query and write) before the connector has done any work; one retry rides out a transient blip, and a
   * throttled call is better reported as `RateLimitExceeded` so AppFlow retries the operation later.
   */
  maxAttempts?: number;
}

type SecretsManagerModule = typeof import("@aws-sdk/client-secrets-manager");

let sdkModule: Promise<SecretsManagerModule> | undefined;

/**
 * Loads `@aws-sdk/client-secrets-manager` on first use only: it is a peer dependency present in the
 * AWS Lambda Node.js runtime, and a connector that never reads Secrets Manager does not pay for it.
 */
function loadSdk(): Promise<SecretsManagerModule> {
  sdkModule ??= import("@aws-sdk/client-secrets-manager").catch((error: unknown) => {
    sdkModule = undefined;
    throw new ConnectorError(
      "ServerError",
      "The package @aws-sdk/client-secrets-manager (AWS SDK for JavaScript v3) could not be loaded; " +
        "it is present in the AWS Lambda Node.js runtime, elsewhere install it next to connector-kit",
      { cause: error },
    );
  });
  return sdkModule;
}

/**
 * Resolves a Secrets Manager secret ARN (or name) — the `credentials.secretArn` AppFlow sends — by calling
 * `GetSecretValue`. The secret must be a JSON object of strings (`SecretString`, or a `SecretBinary`
 * holding UTF-8 JSON). It is not cached here: wrap it in a `CachedSecretResolver`.
 *
 * Errors (ConnectorError), by the service's exception name:
 * `ResourceNotFoundException` → `ResourceNotFoundError`; `AccessDeniedException`, `DecryptionFailure` and
 * failures of the caller's own AWS credentials → `AccessDenied`; `ThrottlingException`,
 * `TooManyRequestsException` or HTTP 429 → `RateLimitExceeded` (with `retryAfterSeconds` when the answer
 * had a `Retry-After` header); `InvalidRequestException`, `InvalidParameterException`,
 * `ValidationException` (e.g. a secret scheduled for deletion) → `InvalidArgument`; HTTP 502/503/504 and
 * network failures → `ServiceUnavailable`; anything else → `ServerError`; a secret that is not a JSON object
 * of strings → `InvalidCredentials`; an aborted signal → the signal's ConnectorError reason, else
 * `RequestTimeout`. Messages read "Unable to get secrets from Secrets Manager for secret <ARN>: <reason>"
 * and never contain the secret's value.
 */
export class SecretsManagerResolver implements SecretResolver {
  readonly #options: SecretsManagerResolverOptions;
  #client: SecretsManagerClient | undefined;
  readonly #ownsClient: boolean;

  constructor(options: SecretsManagerResolverOptions = {}) {
    this.#options = options;
    // Any Secrets Manager client fits; the option is typed by shape only (see AwsSdkClient).
    this.#client = options.client as SecretsManagerClient | undefined;
    this.#ownsClient = options.client === undefined;
  }

  async resolve(secretRef: string, options: { signal?: AbortSignal } = {}): Promise<Record<string, string>> {
    const { signal } = options;
    throwIfAborted(signal, secretRef);
    if (secretRef.trim() === "") {
      throw ConnectorError.invalidArgument(
        "No Secrets Manager secret ARN was given (credentials.secretArn is empty)",
      );
    }
    const sdk = await raceWithSignal(loadSdk(), signal, secretRef);
    const client = this.#getClient(sdk);
    let output: GetSecretValueCommandOutput;
    try {
      const command = new sdk.GetSecretValueCommand({ SecretId: secretRef });
      // The race returns at once on abort even if the SDK is between retries.
      output = await raceWithSignal(client.send(command, { abortSignal: signal }), signal, secretRef);
    } catch (error) {
      if (signal?.aborted) throw abortedError(signal, secretRef);
      throw secretsManagerError(error, secretRef);
    }
    return secretValues(output, secretRef);
  }

  /** Closes the client this resolver created (not one passed in `client`); a later `resolve` makes a new one. */
  destroy(): void {
    if (this.#ownsClient && this.#client) {
      this.#client.destroy();
      this.#client = undefined;
    }
  }

  #getClient(sdk: SecretsManagerModule): SecretsManagerClient {
    if (this.#client) return this.#client;
    const config = this.#options.clientConfig ?? {};
    this.#client = new sdk.SecretsManagerClient({
      ...config,
      region: config.region ?? defaultRegion(),
      maxAttempts: this.#options.maxAttempts ?? config.maxAttempts ?? DEFAULT_SECRETS_MANAGER_MAX_ATTEMPTS,
    });
    return this.#client;
  }
}

function defaultRegion(): string {
  return process.env["AWS_REGION"] || process.env["AWS_DEFAULT_REGION"] || DEFAULT_SECRETS_MANAGER_REGION;
}

function secretValues(output: GetSecretValueCommandOutput, secretRef: string): Record<string, string> {
  if (output.SecretString !== undefined) return parseSecretString(output.SecretString, secretRef);
  if (output.SecretBinary !== undefined) {
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(output.SecretBinary);
    } catch {
      throw new ConnectorError(
        "InvalidCredentials",
        `Secret ${secretRef} is binary and not UTF-8 text; it must be a JSON object of strings`,
      );
    }
    return parseSecretString(text, secretRef);
  }
  throw new ConnectorError(
    "InvalidCredentials",
    `Secret ${secretRef} has no value (neither SecretString nor SecretBinary)`,
  );
}

/** The parts of an AWS SDK v3 error (a ServiceException, or a network error) that are read here. */
interface SdkErrorShape {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  $metadata?: { httpStatusCode?: unknown };
  $response?: { headers?: Record<string, string | undefined> };
}

const ACCESS_DENIED_NAMES = new Set([
  "AccessDeniedException",
  "DecryptionFailure",
  "UnrecognizedClientException",
  "InvalidClientTokenId",
  "InvalidSignatureException",
  "SignatureDoesNotMatch",
  "IncompleteSignature",
  "MissingAuthenticationToken",
  "ExpiredTokenException",
  "ExpiredToken",
  "CredentialsProviderError",
]);
const THROTTLING_NAMES = new Set([
  "ThrottlingException",
  "TooManyRequestsException",
  "RequestLimitExceeded",
  "Throttling",
  "ThrottledException",
]);
const INVALID_ARGUMENT_NAMES = new Set([
  "InvalidRequestException",
  "InvalidParameterException",
  "ValidationException",
]);
const NETWORK_ERROR_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
]);

/** Maps an error from `GetSecretValue` to a ConnectorError without copying any secret into its message. */
export function secretsManagerError(error: unknown, secretRef: string): ConnectorError {
  const e: SdkErrorShape = typeof error === "object" && error !== null ? (error as SdkErrorShape) : {};
  const name = typeof e.name === "string" ? e.name : "";
  const status = typeof e.$metadata?.httpStatusCode === "number" ? e.$metadata.httpStatusCode : undefined;
  const prefix = `Unable to get secrets from Secrets Manager for secret ${secretRef}: `;

  // A failure on a successful answer (it could not be read) may quote the answer, which holds the secret:
  // neither its message nor the error itself is kept.
  if (status !== undefined && status >= 200 && status < 300) {
    return new ConnectorError("ServerError", `${prefix}the answer could not be read (HTTP ${status})`);
  }

  const message = typeof e.message === "string" && e.message !== "" ? e.message : "";
  const reason = `${name || "Error"}${message ? ` - ${firstLine(message)}` : ""}`;
  const code = errorCode(name, status, e.code);
  return new ConnectorError(code, prefix + reason, {
    cause: error,
    retryAfterSeconds: code === "RateLimitExceeded" ? retryAfterSeconds(e.$response?.headers) : undefined,
  });
}

function errorCode(name: string, status: number | undefined, systemCode: unknown): ErrorCode {
  if (name === "ResourceNotFoundException") return "ResourceNotFoundError";
  if (ACCESS_DENIED_NAMES.has(name)) return "AccessDenied";
  if (THROTTLING_NAMES.has(name) || status === 429) return "RateLimitExceeded";
  if (INVALID_ARGUMENT_NAMES.has(name)) return "InvalidArgument";
  if (status === 502 || status === 503 || status === 504) return "ServiceUnavailable";
  if (status === undefined) {
    if (name === "TimeoutError" || (typeof systemCode === "string" && NETWORK_ERROR_CODES.has(systemCode))) {
      return "ServiceUnavailable";
    }
  }
  return "ServerError";
}

/** Seconds from a `Retry-After` header (seconds or an HTTP date) or `x-amz-retry-after` (milliseconds). */
function retryAfterSeconds(headers: Record<string, string | undefined> | undefined): number | undefined {
  if (!headers) return undefined;
  const header = (name: string): string | undefined => {
    const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
    return key === undefined ? undefined : headers[key]?.trim() || undefined;
  };
  const retryAfter = header("retry-after");
  if (retryAfter !== undefined) {
    if (/^\d+(\.\d+)?$/.test(retryAfter)) return Math.ceil(Number(retryAfter));
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, Math.ceil((date - Date.now()) / 1000));
  }
  const amzRetryAfterMs = header("x-amz-retry-after");
  if (amzRetryAfterMs !== undefined && /^\d+$/.test(amzRetryAfterMs)) {
    return Math.ceil(Number(amzRetryAfterMs) / 1000);
  }
  return undefined;
}

function firstLine(text: string): string {
  const line = text.split("\n", 1)[0] ?? "";
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
