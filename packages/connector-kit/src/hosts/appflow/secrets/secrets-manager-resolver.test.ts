import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { ConnectorError } from "../../../core/errors/connector-error.js";
import { CachedSecretResolver } from "../../../core/secrets/cached-secret-resolver.js";
import { defaultSecretResolver } from "./default-secret-resolver.js";
import { SecretsManagerResolver, type SecretsManagerResolverOptions } from "./secrets-manager-resolver.js";

const ACCOUNT = "111122223333";
const arn = (name: string): string => `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:${name}-AbCdEf`;

const OAUTH_ARN = arn(`appflow!${ACCOUNT}-myconn-myprofile`);
const OAUTH_SECRET = { accessToken: "at-0123456789-secret", refreshToken: "rt-9876543210-secret" };
const BINARY_ARN = arn("binary");
const NOT_JSON_ARN = arn("not-json");
const NOT_JSON_TEXT = "hunter2-plain-text-password";
const MISSING_ARN = arn("missing");
const THROTTLED_ARN = arn("throttled");
const THROTTLED_WITH_HINT_ARN = arn("throttled-with-hint");
const DELETED_ARN = arn("deleted");
const DENIED_ARN = arn("denied");
const SLOW_ARN = arn("slow");
const BROKEN_ARN = arn("broken");

interface ReceivedRequest {
  method: string | undefined;
  url: string | undefined;
  headers: IncomingMessage["headers"];
  body: { SecretId?: string };
}

/** A minimal Secrets Manager speaking the JSON 1.1 protocol on 127.0.0.1. */
class FakeSecretsManager {
  readonly requests: ReceivedRequest[] = [];
  readonly #server: Server = createServer((req, res) => void this.#handle(req, res));
  readonly #pending = new Set<ServerResponse>();

  get endpoint(): string {
    const { port } = this.#server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  async start(): Promise<void> {
    this.#server.listen(0, "127.0.0.1");
    await once(this.#server, "listening");
  }

  async stop(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { SecretId?: string };
    this.requests.push({ method: req.method, url: req.url, headers: req.headers, body });

    if (req.headers["x-amz-target"] !== "secretsmanager.GetSecretValue") {
      return error(res, 400, "UnknownOperationException", "Unknown operation");
    }
    const id = body.SecretId ?? "";
    switch (id) {
      case OAUTH_ARN:
        return ok(res, {
          ARN: id,
          Name: "oauth",
          SecretString: JSON.stringify(OAUTH_SECRET),
          VersionId: "v1",
        });
      case NOT_JSON_ARN:
        return ok(res, { ARN: id, Name: "not-json", SecretString: NOT_JSON_TEXT, VersionId: "v1" });
      case BINARY_ARN:
        return ok(res, {
          ARN: id,
          Name: "binary",
          SecretBinary: Buffer.from(JSON.stringify({ username: "alice", password: "binary-pass" })).toString(
            "base64",
          ),
          VersionId: "v1",
        });
      case THROTTLED_ARN:
        return error(res, 400, "ThrottlingException", "Rate exceeded");
      case THROTTLED_WITH_HINT_ARN:
        return error(res, 400, "ThrottlingException", "Rate exceeded", { "Retry-After": "7" });
      case DELETED_ARN:
        return error(
          res,
          400,
          "InvalidRequestException",
          "You can't perform this operation on the secret because it was marked for deletion.",
        );
      case DENIED_ARN:
        return error(res, 400, "AccessDeniedException", "User is not authorized to perform GetSecretValue");
      case BROKEN_ARN:
        return error(res, 500, "InternalServiceError", "An error occurred on the server side.");
      case SLOW_ARN:
        this.#pending.add(res); // never answered; the connection is closed in stop()
        return;
      default:
        return error(
          res,
          400,
          "ResourceNotFoundException",
          "Secrets Manager can't find the specified secret.",
        );
    }
  }
}

function ok(res: ServerResponse, payload: object): void {
  res.writeHead(200, { "Content-Type": "application/x-amz-json-1.1", "x-amzn-RequestId": "req-ok" });
  res.end(JSON.stringify(payload));
}

function error(
  res: ServerResponse,
  status: number,
  type: string,
  message: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    "Content-Type": "application/x-amz-json-1.1",
    "x-amzn-RequestId": "req-error",
    "x-amzn-ErrorType": type,
    ...headers,
  });
  res.end(JSON.stringify({ __type: type, message }));
}

const server = new FakeSecretsManager();
const resolvers: SecretsManagerResolver[] = [];

beforeAll(() => server.start());
afterAll(() => server.stop());
afterEach(() => {
  for (const resolver of resolvers.splice(0)) resolver.destroy();
  server.requests.length = 0;
});

function makeResolver(options: SecretsManagerResolverOptions = {}): SecretsManagerResolver {
  const resolver = new SecretsManagerResolver({
    ...options,
    clientConfig: {
      endpoint: server.endpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "fake" },
      ...options.clientConfig,
    },
  });
  resolvers.push(resolver);
  return resolver;
}

async function rejection(promise: Promise<unknown>): Promise<ConnectorError> {
  const error = await promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConnectorError);
  return error as ConnectorError;
}

describe("SecretsManagerResolver against a local Secrets Manager", () => {
  it("sends a signed GetSecretValue request and parses SecretString", async () => {
    const values = await makeResolver().resolve(OAUTH_ARN);

    expect(values).toEqual(OAUTH_SECRET);
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request?.method).toBe("POST");
    expect(request?.url).toBe("/");
    expect(request?.headers["x-amz-target"]).toBe("secretsmanager.GetSecretValue");
    expect(request?.headers["content-type"]).toBe("application/x-amz-json-1.1");
    expect(request?.body).toEqual({ SecretId: OAUTH_ARN });
    expect(request?.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/secretsmanager\/aws4_request, SignedHeaders=.*x-amz-target.*, Signature=[0-9a-f]{64}$/,
    );
  });

  it("decodes a SecretBinary holding UTF-8 JSON", async () => {
    await expect(makeResolver().resolve(BINARY_ARN)).resolves.toEqual({
      username: "alice",
      password: "binary-pass",
    });
  });

  it("uses a client passed in", async () => {
    const client = new SecretsManagerClient({
      endpoint: server.endpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "fake" },
    });
    try {
      const resolver = new SecretsManagerResolver({ client });
      await expect(resolver.resolve(OAUTH_ARN)).resolves.toEqual(OAUTH_SECRET);
      resolver.destroy(); // leaves the caller's client open
      await expect(resolver.resolve(OAUTH_ARN)).resolves.toEqual(OAUTH_SECRET);
    } finally {
      client.destroy();
    }
  });

  it("serves a cached secret without a request, and asks again after the TTL", async () => {
    let now = 1_000_000;
    const cached = new CachedSecretResolver(makeResolver(), { ttlMs: 60_000, now: () => now });

    await expect(cached.resolve(OAUTH_ARN)).resolves.toEqual(OAUTH_SECRET);
    now += 59_999;
    await expect(cached.resolve(OAUTH_ARN)).resolves.toEqual(OAUTH_SECRET);
    expect(server.requests).toHaveLength(1);

    now += 1;
    await expect(cached.resolve(OAUTH_ARN)).resolves.toEqual(OAUTH_SECRET);
    expect(server.requests).toHaveLength(2);
  });

  it("defaultSecretResolver caches Secrets Manager answers", async () => {
    let now = 0;
    const resolver = defaultSecretResolver({
      secretsManager: {
        clientConfig: {
          endpoint: server.endpoint,
          region: "us-east-1",
          credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "fake" },
        },
      },
      cache: { now: () => now },
    });
    expect(resolver).toBeInstanceOf(CachedSecretResolver);
    await Promise.all([resolver.resolve(OAUTH_ARN), resolver.resolve(OAUTH_ARN)]);
    await resolver.resolve(OAUTH_ARN);
    expect(server.requests).toHaveLength(1);
    now += 5 * 60 * 1000;
    await resolver.resolve(OAUTH_ARN);
    expect(server.requests).toHaveLength(2);
  });

  it("maps a missing secret to ResourceNotFoundError", async () => {
    const error = await rejection(makeResolver().resolve(MISSING_ARN));
    expect(error.code).toBe("ResourceNotFoundError");
    expect(error.message).toBe(
      `Unable to get secrets from Secrets Manager for secret ${MISSING_ARN}: ` +
        "ResourceNotFoundException - Secrets Manager can't find the specified secret.",
    );
    expect(server.requests).toHaveLength(1); // not retried
  });

  it("maps throttling to RateLimitExceeded, after the default one retry", async () => {
    const error = await rejection(makeResolver().resolve(THROTTLED_ARN));
    expect(error.code).toBe("RateLimitExceeded");
    expect(error.retryAfterSeconds).toBeUndefined();
    expect(error.message).toBe(
      `Unable to get secrets from Secrets Manager for secret ${THROTTLED_ARN}: ThrottlingException - Rate exceeded`,
    );
    expect(server.requests).toHaveLength(2); // maxAttempts defaults to 2
  });

  it("passes Retry-After on as retryAfterSeconds, and honours maxAttempts", async () => {
    const error = await rejection(makeResolver({ maxAttempts: 1 }).resolve(THROTTLED_WITH_HINT_ARN));
    expect(error.code).toBe("RateLimitExceeded");
    expect(error.retryAfterSeconds).toBe(7);
    expect(server.requests).toHaveLength(1);
  });

  it("maps a secret marked for deletion to InvalidArgument and access denied to AccessDenied", async () => {
    expect((await rejection(makeResolver().resolve(DELETED_ARN))).code).toBe("InvalidArgument");
    expect((await rejection(makeResolver().resolve(DENIED_ARN))).code).toBe("AccessDenied");
    expect((await rejection(makeResolver().resolve(""))).code).toBe("InvalidArgument");
  });

  it("maps a server error to ServerError and a closed port to ServiceUnavailable", async () => {
    expect((await rejection(makeResolver({ maxAttempts: 1 }).resolve(BROKEN_ARN))).code).toBe("ServerError");

    const closed = createServer();
    closed.listen(0, "127.0.0.1");
    await once(closed, "listening");
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const resolver = makeResolver({ maxAttempts: 1, clientConfig: { endpoint: `http://127.0.0.1:${port}` } });
    const error = await rejection(resolver.resolve(OAUTH_ARN));
    expect(error.code).toBe("ServiceUnavailable");
    expect(error.message).toContain(OAUTH_ARN);
  });

  it("rejects a secret that is not JSON with InvalidCredentials, without showing it", async () => {
    const error = await rejection(makeResolver().resolve(NOT_JSON_ARN));
    expect(error.code).toBe("InvalidCredentials");
    expect(error.message).toContain(NOT_JSON_ARN);
    expect(error.message).not.toContain(NOT_JSON_TEXT);
    expect(String(error.cause ?? "")).not.toContain(NOT_JSON_TEXT);
  });

  it("stops waiting when the signal is aborted", async () => {
    const controller = new AbortController();
    const pending = makeResolver().resolve(SLOW_ARN, { signal: controller.signal });
    await vi.waitFor(() => expect(server.requests).toHaveLength(1));
    const started = Date.now();
    controller.abort();
    const error = await rejection(pending);
    expect(error.code).toBe("RequestTimeout");
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it("stops waiting when the signal is aborted while the SDK waits to retry", async () => {
    // The SDK would wait up to ~5 s (it honours Retry-After) before its second attempt.
    const controller = new AbortController();
    const pending = makeResolver().resolve(THROTTLED_WITH_HINT_ARN, { signal: controller.signal });
    await vi.waitFor(() => expect(server.requests).toHaveLength(1));
    const started = Date.now();
    controller.abort();
    expect((await rejection(pending)).code).toBe("RequestTimeout");
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it("rethrows a ConnectorError given as the abort reason, and makes no request when already aborted", async () => {
    const deadline = new ConnectorError("RequestTimeout", "The 10 s deadline has passed");
    await expect(makeResolver().resolve(OAUTH_ARN, { signal: AbortSignal.abort(deadline) })).rejects.toBe(
      deadline,
    );
    expect(server.requests).toHaveLength(0);
  });

  it("defaults the region to AWS_REGION, then us-east-1", async () => {
    vi.stubEnv("AWS_REGION", "eu-west-3");
    vi.stubEnv("AWS_DEFAULT_REGION", "");
    try {
      const inEnv = new SecretsManagerResolver({
        clientConfig: {
          endpoint: server.endpoint,
          credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "fake" },
        },
      });
      resolvers.push(inEnv);
      await inEnv.resolve(OAUTH_ARN);
      expect(server.requests[0]?.headers.authorization).toContain("/eu-west-3/secretsmanager/");

      vi.stubEnv("AWS_REGION", "");
      const fallback = new SecretsManagerResolver({
        clientConfig: {
          endpoint: server.endpoint,
          credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "fake" },
        },
      });
      resolvers.push(fallback);
      await fallback.resolve(OAUTH_ARN);
      expect(server.requests[1]?.headers.authorization).toContain("/us-east-1/secretsmanager/");
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
