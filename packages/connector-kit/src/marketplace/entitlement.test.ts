import { afterEach, describe, expect, it } from "vitest";
import { isConnectorError } from "../core/errors/connector-error.js";
import { createJsonLogger } from "../core/log/logger.js";
import {
  FAKE_CREDENTIALS,
  type RecordingEndpoint,
  startRecordingEndpoint,
} from "../deploy/test-support/recording-endpoint.js";
import { createEntitlementCheck, requireEntitlement } from "./entitlement.js";

const HOUR = 3_600_000;
let endpoint: RecordingEndpoint | undefined;
afterEach(async () => {
  await endpoint?.close();
  endpoint = undefined;
});

/** A clock tests move by hand. */
function clock(start = Date.parse("2024-05-01T12:00:00Z")) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

const entitlement = (expiresAtMs?: number) => ({
  ProductCode: "prod-123",
  Dimension: "monthly",
  CustomerIdentifier: "cust-1",
  Value: { BooleanValue: true },
  ...(expiresAtMs === undefined ? {} : { ExpirationDate: expiresAtMs / 1000 }),
});

async function setup(reply: () => { status?: number; body: unknown; headers?: Record<string, string> }) {
  endpoint = await startRecordingEndpoint(() => reply());
  const c = clock();
  const lines: string[] = [];
  const check = createEntitlementCheck({
    productCode: "prod-123",
    customerIdentifier: "cust-1",
    dimension: "monthly",
    clientConfig: { endpoint: endpoint.url, credentials: FAKE_CREDENTIALS, maxAttempts: 1 },
    now: c.now,
    logger: createJsonLogger({ level: "debug", write: (l) => lines.push(l) }),
  });
  return { check, clock: c, lines, requests: endpoint.requests };
}

describe("createEntitlementCheck", () => {
  it("asks GetEntitlements once per recheck period, shared by concurrent callers", async () => {
    const { check, clock: c, requests } = await setup(() => ({ body: { Entitlements: [entitlement()] } }));
    expect(await Promise.all([check.isEntitled(), check.isEntitled(), check.isEntitled()])).toEqual([
      true,
      true,
      true,
    ]);
    expect(requests).toHaveLength(1);
    expect(requests[0]!.headers["x-amz-target"]).toBe("AWSMPEntitlementService.GetEntitlements");
    expect(requests[0]!.headers["content-type"]).toBe("application/x-amz-json-1.1");
    expect(requests[0]!.headers["authorization"]).toMatch(/\/us-east-1\/aws-marketplace\//);
    expect(requests[0]!.body).toEqual({
      ProductCode: "prod-123",
      Filter: { CUSTOMER_IDENTIFIER: ["cust-1"], DIMENSION: ["monthly"] },
    });
    c.advance(HOUR - 1);
    expect(await check.isEntitled()).toBe(true);
    expect(requests).toHaveLength(1);
    c.advance(1);
    expect(await check.status()).toMatchObject({ entitled: true, basis: "fresh", expiresAt: null });
    expect(requests).toHaveLength(2);
  });

  it("follows NextToken", async () => {
    let calls = 0;
    const { check, requests } = await setup(() =>
      ++calls === 1
        ? { body: { Entitlements: [], NextToken: "t2" } }
        : { body: { Entitlements: [entitlement()] } },
    );
    expect(await check.isEntitled()).toBe(true);
    expect(requests[1]!.body).toMatchObject({ NextToken: "t2" });
  });

  it("answers false for an expired entitlement, and turns false when one expires between checks", async () => {
    const start = Date.parse("2024-05-01T12:00:00Z");
    const expired = await setup(() => ({ body: { Entitlements: [entitlement(start - 1000)] } }));
    expect(await expired.check.isEntitled()).toBe(false);
    await endpoint!.close();

    const soon = await setup(() => ({ body: { Entitlements: [entitlement(start + 10 * 60_000)] } }));
    expect(await soon.check.status()).toMatchObject({ entitled: true, expiresAt: start + 10 * 60_000 });
    soon.clock.advance(10 * 60_000);
    expect(await soon.check.isEntitled()).toBe(false);
    expect(soon.requests).toHaveLength(1);
  });

  it("answers false for no entitlement or one switched off", async () => {
    const none = await setup(() => ({ body: { Entitlements: [] } }));
    expect(await none.check.isEntitled()).toBe(false);
    await endpoint!.close();
    const off = await setup(() => ({
      body: { Entitlements: [{ ...entitlement(), Value: { BooleanValue: false } }] },
    }));
    expect(await off.check.isEntitled()).toBe(false);
  });

  it("keeps the last answer through throttling within the grace period, then answers false", async () => {
    let throttle = false;
    const {
      check,
      clock: c,
      lines,
      requests,
    } = await setup(() =>
      throttle
        ? { status: 400, body: { __type: "ThrottlingException", message: "Rate exceeded" } }
        : { body: { Entitlements: [entitlement()] } },
    );
    expect(await check.isEntitled()).toBe(true);
    throttle = true;
    c.advance(HOUR);
    expect(await check.status()).toMatchObject({
      entitled: true,
      basis: "grace",
      lastError: "ThrottlingException: Rate exceeded",
    });
    expect(requests).toHaveLength(2);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: "warn",
      msg: "Marketplace entitlement check failed",
      error: "ThrottlingException: Rate exceeded",
      keepingLastAnswer: true,
    });
    // No new call until the retry delay (1 minute) has passed.
    c.advance(30_000);
    await check.isEntitled();
    expect(requests).toHaveLength(2);
    c.advance(30_000);
    await check.isEntitled();
    expect(requests).toHaveLength(3);
    c.advance(24 * HOUR);
    expect(await check.status()).toMatchObject({ entitled: false, basis: "failed" });
    throttle = false;
    c.advance(60_000);
    expect(await check.isEntitled()).toBe(true);
  });

  it("answers false when the very first check fails", async () => {
    const { check, lines } = await setup(() => ({
      status: 400,
      body: { __type: "ThrottlingException", message: "Rate exceeded" },
    }));
    expect(await check.isEntitled()).toBe(false);
    expect(JSON.parse(lines[0]!)).toMatchObject({ keepingLastAnswer: false });
  });
});

describe("requireEntitlement", () => {
  it("throws AccessDenied unless entitled", async () => {
    const yes = createEntitlementCheck({ productCode: "p", source: async () => [{ active: true }] });
    await expect(requireEntitlement(yes)).resolves.toBeUndefined();
    const no = createEntitlementCheck({ productCode: "p", source: async () => [] });
    const error = await requireEntitlement(no, "Subscribe first").catch((e: unknown) => e);
    expect(isConnectorError(error) && error.code).toBe("AccessDenied");
    expect((error as Error).message).toBe("Subscribe first");
  });
});
