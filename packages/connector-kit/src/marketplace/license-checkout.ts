import { randomUUID } from "node:crypto";
import type { LicenseManagerClient } from "@aws-sdk/client-license-manager";
import type { AwsSdkClient } from "../core/aws-sdk-client.js";
import type { Logger } from "../core/log/logger.js";
import { missingPeer } from "../core/peer-dependency.js";
import {
  createEntitlementCheck,
  type EntitlementCheck,
  type EntitlementClientConfig,
  type MarketplaceEntitlement,
} from "./entitlement.js";

/** The key fingerprint of AWS Marketplace as a licence issuer, which `CheckoutLicense` names for Marketplace products. */
export const MARKETPLACE_KEY_FINGERPRINT = "aws:294406891311:AWS/Marketplace:issuer-fingerprint";

/** The entitlement a Marketplace usage-priced (or free-trial) product grants: `AWS::Marketplace::Usage`. */
export const MARKETPLACE_USAGE_ENTITLEMENT = "AWS::Marketplace::Usage";

/** Options of {@link createLicenseCheck}. */
export interface LicenseCheckOptions {
  /** The product SKU (the product id of the Marketplace listing). Required. */
  productSku: string;
  /** The entitlement to check out. Default: {@link MARKETPLACE_USAGE_ENTITLEMENT}. */
  entitlementName?: string;
  /** The entitlement's unit. Default: `"None"` (a usage entitlement counts nothing). */
  unit?: string;
  /** The issuer's key fingerprint. Default: {@link MARKETPLACE_KEY_FINGERPRINT}. */
  keyFingerprint?: string;
  /** `PROVISIONAL` (released after an hour, for periodic checks) or `PERPETUAL`. Default: `PROVISIONAL`. */
  checkoutType?: "PROVISIONAL" | "PERPETUAL";
  /** How long an answer is reused before checking out again. Default: 1 hour (once per hour per warm container). */
  recheckEveryMs?: number;
  /** How long the last successful answer stays in force while License Manager fails. Default: 24 hours. */
  graceMs?: number;
  /** Wait after a failed call before calling again. Default: 1 minute. */
  retryAfterFailureMs?: number;
  /** A License Manager client to use. Default: one made from `clientConfig`, on first use. */
  client?: AwsSdkClient;
  /** Settings of the client made when `client` is not given. Default: the SDK's (the function's Region and role). */
  clientConfig?: EntitlementClientConfig;
  /** The idempotency token of each checkout. Default: a random UUID per call. */
  clientToken?: () => string;
  /** Clock. Default: `Date.now`. */
  now?: () => number;
  /** Where failures are logged (name and message only). Default: a JSON logger on stdout. */
  logger?: Logger;
}

/** License Manager's answers that mean "not entitled" rather than "could not check". */
const NOT_ENTITLED = new Set(["NoEntitlementsAllowedException", "EntitlementNotAllowedException"]);

type LicenseManagerModule = typeof import("@aws-sdk/client-license-manager");

/**
 * The licence check the official AppFlow custom connector SDKs make for paid connectors: AWS License Manager
 * `CheckoutLicense` of `productSku` with the Marketplace issuer's key fingerprint, the `AWS::Marketplace::Usage`
 * entitlement (unit `None`), a `PROVISIONAL` checkout and a fresh client token; entitled when the entitlement is
 * among `EntitlementsAllowed`. Cached and re-checked like {@link createEntitlementCheck} (default once per hour
 * per warm container, concurrent callers sharing one call), failing closed: no entitlement, or a failure with no
 * recent good answer, is `false` (use `requireEntitlement` to throw `AccessDenied`). Needs
 * `license-manager:CheckoutLicense` and the optional peer `@aws-sdk/client-license-manager` (in the Lambda
 * runtime already).
 */
export function createLicenseCheck(options: LicenseCheckOptions): EntitlementCheck {
  if (!options.productSku) throw new RangeError("createLicenseCheck needs a productSku");
  const name = options.entitlementName ?? MARKETPLACE_USAGE_ENTITLEMENT;
  let module: Promise<LicenseManagerModule> | undefined;
  let client = options.client as LicenseManagerClient | undefined;
  const source = async (): Promise<MarketplaceEntitlement[]> => {
    module ??= import("@aws-sdk/client-license-manager").catch(
      missingPeer("@aws-sdk/client-license-manager", "The License Manager licence check"),
    );
    const M = await module;
    client ??= new M.LicenseManagerClient({ ...options.clientConfig });
    try {
      const answer = await client.send(
        new M.CheckoutLicenseCommand({
          ProductSKU: options.productSku,
          CheckoutType: options.checkoutType ?? "PROVISIONAL",
          KeyFingerprint: options.keyFingerprint ?? MARKETPLACE_KEY_FINGERPRINT,
          Entitlements: [{ Name: name, Unit: (options.unit ?? "None") as "None" }],
          ClientToken: (options.clientToken ?? randomUUID)(),
        }),
      );
      const allowed = (answer.EntitlementsAllowed ?? []).some((e) => e.Name === name);
      return allowed ? [{ productCode: options.productSku, active: true }] : [];
    } catch (error) {
      if (NOT_ENTITLED.has((error as { name?: string }).name ?? "")) return [];
      throw error;
    }
  };
  return createEntitlementCheck({
    productCode: options.productSku,
    source,
    ...(options.recheckEveryMs !== undefined ? { recheckEveryMs: options.recheckEveryMs } : {}),
    ...(options.graceMs !== undefined ? { graceMs: options.graceMs } : {}),
    ...(options.retryAfterFailureMs !== undefined
      ? { retryAfterFailureMs: options.retryAfterFailureMs }
      : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
}
