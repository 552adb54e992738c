import { describe, expect, it } from "vitest";
import { ConnectorError } from "../core/errors/connector-error.js";
import { Redactor } from "../core/secrets/redactor.js";
import { parseRetryAfter, parseTokenResponse } from "./token-response.js";

const now = () => Date.parse("2025-01-01T00:00:00Z");
const noHeaders = new Headers();

/** A token endpoint's answer: `body` as JSON, or as text when a string. */
function answer(status: number, body: unknown, headers = noHeaders): Response {
  return new Response(typeof body === "string" ? body : JSON.stringify(body), { status, headers });
}

async function failure(
  status: number,
  body: unknown,
  headers = noHeaders,
  redactor?: Redactor,
): Promise<ConnectorError> {
  const error = await parseTokenResponse(answer(status, body, headers), {
    now,
    ...(redactor ? { redactor } : {}),
  }).then(
    () => expect.unreachable("expected an error"),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConnectorError);
  return error as ConnectorError;
}

describe("parseTokenResponse", () => {
  it("normalises a token response", async () => {
    const body = {
      access_token: "at",
      token_type: "Bearer",
      expires_in: 3600,
      refresh_token: "rt",
      scope: "a b",
      x: 1,
    };
    expect(await parseTokenResponse(answer(200, body), { now })).toEqual({
      accessToken: "at",
      tokenType: "bearer",
      expiresIn: 3600,
      expiresAt: new Date("2025-01-01T01:00:00Z"),
      refreshToken: "rt",
      scope: "a b",
      idToken: null,
      raw: body,
    });
  });

  it("is lenient where servers differ: token_type absent, expires_in as a string, empty refresh token", async () => {
    const tokens = await parseTokenResponse(
      answer(201, { access_token: "at", expires_in: "60", refresh_token: "" }),
      { now },
    );
    expect(tokens).toMatchObject({ tokenType: "bearer", expiresIn: 60, refreshToken: null, scope: null });
    expect(tokens.expiresAt).toEqual(new Date("2025-01-01T00:01:00Z"));
    for (const expires of [0, -5, "soon", null, Number.POSITIVE_INFINITY]) {
      const parsed = await parseTokenResponse(answer(200, { access_token: "at", expires_in: expires }));
      expect(parsed.expiresAt).toBeNull();
    }
  });

  it("hands over another token type and an id_token as received", async () => {
    const tokens = await parseTokenResponse(
      answer(200, { access_token: "at", token_type: "Bot", id_token: "h.p.s" }),
    );
    expect(tokens).toMatchObject({ tokenType: "bot", idToken: "h.p.s" });
  });

  it("names what is wrong with a 2xx answer, and keeps no cause that would hold its tokens", async () => {
    const error = await failure(200, { access_token: "at-secret", refresh_token: "rt-secret", scope: 5 });
    expect(error.code).toBe("ServerError");
    expect(error.message).toBe(
      'The token endpoint answered HTTP 200 without a valid token response ("response" body "scope" property must be a string)',
    );
    expect(error.cause).toBeUndefined();
  });

  it.each([
    [400, { error: "invalid_grant" }, "InvalidCredentials"],
    [401, { error: "invalid_client" }, "InvalidCredentials"],
    [400, { error: "invalid_scope" }, "InvalidArgument"],
    [400, { error: "invalid_request" }, "InvalidArgument"],
    [400, { error: "unsupported_grant_type" }, "InvalidArgument"],
    [400, { error: "unauthorized_client" }, "AccessDenied"],
    [400, { error: "slow_down" }, "RateLimitExceeded"],
    [500, { error: "server_error" }, "ServiceUnavailable"],
    [200, { error: "invalid_grant", access_token: "x" }, "InvalidCredentials"],
    [400, { error: "something_else" }, "ClientError"],
    [401, "Unauthorized", "InvalidCredentials"],
    [403, "", "AccessDenied"],
    [404, "not found", "ClientError"],
    [429, { error: "invalid_request" }, "RateLimitExceeded"],
    [500, "oops", "ServiceUnavailable"],
    [504, "", "ServiceUnavailable"],
    [302, "", "ClientError"],
    [200, "not json", "ServerError"],
    [200, [1, 2], "ServerError"],
    [200, { access_token: 5 }, "ServerError"],
  ] as const)("HTTP %i %j → %s", async (status, body, code) => {
    expect((await failure(status, body)).code).toBe(code);
  });

  it("keeps a description, without control characters or known secrets, shortened; never the body", async () => {
    const redactor = new Redactor(["s3cret-value"]);
    const error = await failure(
      400,
      { error: "invalid_grant", error_description: "bad\r\ngrant for s3cret-value", refresh_token: "leaked" },
      noHeaders,
      redactor,
    );
    expect(error.message).toBe(
      "The token endpoint refused the request (HTTP 400, invalid_grant): bad grant for [REDACTED]",
    );
    expect(
      (await failure(400, { error: "invalid_grant", error_description: "x".repeat(1000) })).message.length,
    ).toBeLessThan(400);
    expect((await failure(500, "stack trace with s3cret-value")).message).toBe(
      "The token endpoint refused the request (HTTP 500)",
    );
  });

  it("carries Retry-After on 429 and 503", async () => {
    expect((await failure(429, "", new Headers({ "retry-after": "30" }))).retryAfterSeconds).toBe(30);
    expect((await failure(503, "", new Headers({ "retry-after": "2" }))).retryAfterSeconds).toBe(2);
    expect((await failure(400, "", new Headers({ "retry-after": "2" }))).retryAfterSeconds).toBeUndefined();
  });
});

it("parseRetryAfter reads seconds and HTTP dates", () => {
  const at = Date.parse("2025-01-01T00:00:00Z");
  expect(parseRetryAfter("120", at)).toBe(120);
  expect(parseRetryAfter("Wed, 01 Jan 2025 00:00:10 GMT", at)).toBe(10);
  expect(parseRetryAfter("Tue, 31 Dec 2024 00:00:00 GMT", at)).toBe(0);
  expect(parseRetryAfter("later", at)).toBeUndefined();
  expect(parseRetryAfter(null, at)).toBeUndefined();
});
