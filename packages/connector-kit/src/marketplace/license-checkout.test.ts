import { afterEach, describe, expect, it } from "vitest";
import { isConnectorError } from "../core/errors/connector-error.js";
import { createJsonLogger } from "../core/log/logger.js";
import {
  FAKE_CREDENTIALS,
  type RecordingEndpoint,
  startRecordingEndpoint,
} from "../deploy/test-support/recording-endpoint.js";
import { requireEntitlement } from "./entitlement.js";
import { createLicenseCheck, MARKETPLACE_KEY_FINGERPRINT } from "./license-checkout.js";

const HOUR = 3_600_000;
let endpoint: RecordingEndpoint | undefined;
afterEach(async () => {
  await endpoint?.close();
  endpoint = undefined;
});

type Reply = { status?: number; body: unknown; headers?: Record<string, string> };

async function setup(reply: () => Reply, recheckEveryMs?: number) {
  endpoint = await startRecordingEndpoint(() => reply());
  let t = Date.parse("2026-12-03T12:00:00Z");
  const lines: string[] = [];
  const check = createLicenseCheck({
    productSku: "prod-sku-123",
    clientConfig: {
      region: "eu-west-1",
      endpoint: endpoint.url,
      credentials: FAKE_CREDENTIALS,
      maxAttempts: 1,
    },
    now: () => t,
    logger: createJsonLogger({ level: "debug", write: (l) => lines.push(l) }),
    ...(recheckEveryMs ? { recheckEveryMs } : {}),
  });
  return { check, advance: (ms: number) => (t += ms), lines, requests: endpoint.requests };
}

const allowed = (): Reply => ({
  body: {
    CheckoutType: "PROVISIONAL",
    EntitlementsAllowed: [{ Name: "AWS::Marketplace::Usage", Unit: "None", Value: "Enabled" }],
    LicenseConsumptionToken: "token",
    Expiration: "2026-12-03T13:00:00Z",
  },
});

describe("createLicenseCheck", () => {
  it("checks the licence out as the official SDKs do, once per hour per warm container", async () => {
    const { check, advance, requests } = await setup(allowed);
    expect(await Promise.all([check.isEntitled(), check.isEntitled()])).toEqual([true, true]);
    expect(requests).toHaveLength(1);
    expect(requests[0]!.headers["x-amz-target"]).toBe("AWSLicenseManager.CheckoutLicense");
    expect(requests[0]!.headers["authorization"]).toMatch(/\/eu-west-1\/license-manager\/aws4_request/);
    expect(requests[0]!.body).toEqual({
      ProductSKU: "prod-sku-123",
      CheckoutType: "PROVISIONAL",
      KeyFingerprint: MARKETPLACE_KEY_FINGERPRINT,
      Entitlements: [{ Name: "AWS::Marketplace::Usage", Unit: "None" }],
      ClientToken: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(MARKETPLACE_KEY_FINGERPRINT).toBe("aws:294406891311:AWS/Marketplace:issuer-fingerprint");
    advance(HOUR - 1);
    await requireEntitlement(check);
    expect(requests).toHaveLength(1);
    advance(1);
    expect(await check.isEntitled()).toBe(true);
    expect(requests).toHaveLength(2);
    expect((requests[1]!.body as { ClientToken: string }).ClientToken).not.toBe(
      (requests[0]!.body as { ClientToken: string }).ClientToken,
    );
  });

  it("honours a configured frequency", async () => {
    const { check, advance, requests } = await setup(allowed, 5 * 60_000);
    await check.isEntitled();
    advance(5 * 60_000);
    await check.isEntitled();
    expect(requests).toHaveLength(2);
  });

  it("denies access when License Manager allows no entitlement, and says so", async () => {
    const { check, lines } = await setup(() => ({
      status: 400,
      body: { __type: "NoEntitlementsAllowedException", message: "No entitlements are allowed" },
    }));
    const error = await requireEntitlement(check).catch((e: unknown) => e);
    expect(isConnectorError(error) && error.code).toBe("AccessDenied");
    expect((error as Error).message).toBe("This connector needs an active AWS Marketplace subscription");
    expect(lines).toEqual([]); // an answer, not a failure
  });

  it("denies access when the entitlement is not among those allowed", async () => {
    const { check } = await setup(() => ({
      body: { EntitlementsAllowed: [{ Name: "Other", Unit: "None" }] },
    }));
    expect(await check.isEntitled()).toBe(false);
  });

  it("fails closed when the check cannot be made, naming why", async () => {
    const { check, lines } = await setup(() => ({
      status: 400,
      body: {
        __type: "AccessDeniedException",
        message: "not authorized to perform license-manager:CheckoutLicense",
      },
    }));
    const error = await requireEntitlement(check, "Subscribe to Planets on AWS Marketplace").catch(
      (e: unknown) => e,
    );
    expect(isConnectorError(error) && error.code).toBe("AccessDenied");
    expect((error as Error).message).toBe(
      "Subscribe to Planets on AWS Marketplace (the entitlement could not be checked: AccessDeniedException: not authorized to perform license-manager:CheckoutLicense)",
    );
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: "warn", keepingLastAnswer: false });
  });

  it("needs a product SKU", () => {
    expect(() => createLicenseCheck({ productSku: "" })).toThrow(/needs a productSku/);
  });
});
