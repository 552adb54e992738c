import type { MarketplaceEntitlementServiceClient } from "@aws-sdk/client-marketplace-entitlement-service";
import type { AwsSdkClient } from "../core/aws-sdk-client.js";
import { ConnectorError } from "../core/errors/connector-error.js";
import { createJsonLogger, type Logger } from "../core/log/logger.js";
import { missingPeer } from "../core/peer-dependency.js";

/** One entitlement, as the AWS Marketplace Entitlement Service returns it. */
export interface MarketplaceEntitlement {
  productCode?: string;
  dimension?: string;
  customerIdentifier?: string;
  customerAwsAccountId?: string;
  /** Milliseconds since the epoch; absent for an entitlement that does not expire. */
  expiresAt?: number;
  /** False for a boolean entitlement that is off, or an integer entitlement of 0. */
  active: boolean;
}

/** Client settings of the default entitlement source. */
export interface EntitlementClientConfig {
  /** Default: {@link ENTITLEMENT_SERVICE_REGION} (the only Region of the service). */
  region?: string;
  /** Endpoint URL replacing the service's (tests). Default: the service's. */
  endpoint?: string;
  /** Default: the AWS SDK's default provider chain (in Lambda, the function's role). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Attempts per call including the SDK's retries (throttling is retried). Default: the SDK's (3). */
  maxAttempts?: number;
}

/** Options of {@link createEntitlementCheck}. */
export interface EntitlementCheckOptions {
  /** The product code of the Marketplace product. Required. */
  productCode: string;
  /** Only this customer's entitlements (`CUSTOMER_IDENTIFIER` filter). Default: no filter. */
  customerIdentifier?: string;
  /** Only this customer account's entitlements (`CUSTOMER_AWS_ACCOUNT_ID` filter). Default: no filter. */
  customerAwsAccountId?: string;
  /** Only entitlements to this pricing dimension (`DIMENSION` filter). Default: any dimension. */
  dimension?: string;
  /** How long an answer is reused before the service is asked again. Default: {@link DEFAULT_RECHECK_EVERY_MS} (1 hour). */
  recheckEveryMs?: number;
  /**
   * How long the last successful answer stays in force while the service fails (throttling, outage).
   * After it, a failing check answers false. Default: {@link DEFAULT_GRACE_MS} (24 hours).
   */
  graceMs?: number;
  /** How long to wait after a failed call before calling again. Default: {@link DEFAULT_RETRY_AFTER_FAILURE_MS} (1 minute). */
  retryAfterFailureMs?: number;
  /** A Marketplace Entitlement Service client to use. Default: one made from `clientConfig`, on first use. */
  client?: AwsSdkClient;
  /** Settings of the client made when `client` is not given. Default: Region us-east-1. */
  clientConfig?: EntitlementClientConfig;
  /**
   * Where entitlements come from, replacing GetEntitlements (e.g. a License Manager check). Default:
   * AWS Marketplace Entitlement Service GetEntitlements, every page.
   */
  source?: () => Promise<MarketplaceEntitlement[]>;
  /** Clock. Default: `Date.now`. */
  now?: () => number;
  /** Where failures are logged (name and message only). Default: a JSON logger on stdout. */
  logger?: Logger;
}

/** The state of an entitlement check. */
export interface EntitlementStatus {
  entitled: boolean;
  /** When the service last answered, in milliseconds since the epoch; null before the first answer. */
  checkedAt: number | null;
  /** When the entitlement found expires; null when it does not, or none was found. */
  expiresAt: number | null;
  /** `fresh`: within the recheck period; `grace`: the service fails and the last answer is kept; `failed`: no usable answer. */
  basis: "fresh" | "grace" | "failed";
  /** The last failure's `name: message`, or null. */
  lastError: string | null;
}

/** A cached, periodically re-checked Marketplace entitlement. */
export interface EntitlementCheck {
  /** True when the customer is entitled; asks the service at most once per recheck period, shared by concurrent callers. */
  isEntitled(): Promise<boolean>;
  /** Like {@link EntitlementCheck.isEntitled}, with the details. */
  status(): Promise<EntitlementStatus>;
  /** Forgets the cached answer: the next call asks the service. */
  invalidate(): void;
}

/** Default recheck period: 1 hour (the AppFlow Marketplace guide suggests hourly or daily, not per invocation). */
export const DEFAULT_RECHECK_EVERY_MS = 3_600_000;
/** Default grace period while the service fails: 24 hours. */
export const DEFAULT_GRACE_MS = 86_400_000;
/** Default wait after a failed call: 1 minute. */
export const DEFAULT_RETRY_AFTER_FAILURE_MS = 60_000;
/** The Region of the AWS Marketplace Entitlement Service. */
export const ENTITLEMENT_SERVICE_REGION = "us-east-1";

type EntitlementModule = typeof import("@aws-sdk/client-marketplace-entitlement-service");

function getEntitlementsSource(options: EntitlementCheckOptions): () => Promise<MarketplaceEntitlement[]> {
  let module: Promise<EntitlementModule> | undefined;
  let client = options.client as MarketplaceEntitlementServiceClient | undefined;
  const filter: Record<string, string[]> = {};
  if (options.customerIdentifier) filter["CUSTOMER_IDENTIFIER"] = [options.customerIdentifier];
  if (options.customerAwsAccountId) filter["CUSTOMER_AWS_ACCOUNT_ID"] = [options.customerAwsAccountId];
  if (options.dimension) filter["DIMENSION"] = [options.dimension];
  return async () => {
    module ??= import("@aws-sdk/client-marketplace-entitlement-service").catch(
      missingPeer("@aws-sdk/client-marketplace-entitlement-service", "The Marketplace entitlement check"),
    );
    const M = await module;
    client ??= new M.MarketplaceEntitlementServiceClient({
      region: ENTITLEMENT_SERVICE_REGION,
      ...options.clientConfig,
    });
    const found: MarketplaceEntitlement[] = [];
    let nextToken: string | undefined;
    do {
      const page = await client.send(
        new M.GetEntitlementsCommand({
          ProductCode: options.productCode,
          ...(Object.keys(filter).length ? { Filter: filter } : {}),
          ...(nextToken ? { NextToken: nextToken } : {}),
        }),
      );
      for (const e of page.Entitlements ?? []) {
        found.push({
          ...(e.ProductCode ? { productCode: e.ProductCode } : {}),
          ...(e.Dimension ? { dimension: e.Dimension } : {}),
          ...(e.CustomerIdentifier ? { customerIdentifier: e.CustomerIdentifier } : {}),
          ...(e.CustomerAWSAccountId ? { customerAwsAccountId: e.CustomerAWSAccountId } : {}),
          ...(e.ExpirationDate ? { expiresAt: e.ExpirationDate.getTime() } : {}),
          active: e.Value?.BooleanValue !== false && e.Value?.IntegerValue !== 0,
        });
      }
      nextToken = page.NextToken;
    } while (nextToken);
    return found;
  };
}

interface Answer {
  checkedAt: number;
  /** Latest expiry of the entitlements in force; null when one never expires; undefined when none. */
  expiresAt: number | null | undefined;
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * An entitlement check for a paid AWS Marketplace connector: asks the AWS Marketplace Entitlement
 * Service (GetEntitlements) whether the customer is entitled to `productCode`, caches the answer for
 * `recheckEveryMs` (default 1 hour) as the AppFlow Marketplace guide advises, lets concurrent callers
 * share one call, and honours expiry dates between checks. When the service fails, the last successful
 * answer is kept for `graceMs` (default 24 hours), else the answer is false; failures are logged.
 * Create it once, at module load, so the cache lives as long as the warm Lambda.
 *
 * @throws RangeError without a `productCode` (a programming error).
 */
export function createEntitlementCheck(options: EntitlementCheckOptions): EntitlementCheck {
  if (!options.productCode) throw new RangeError("createEntitlementCheck needs a productCode");
  const now = options.now ?? Date.now;
  const recheck = options.recheckEveryMs ?? DEFAULT_RECHECK_EVERY_MS;
  const grace = options.graceMs ?? DEFAULT_GRACE_MS;
  const retryAfterFailure = options.retryAfterFailureMs ?? DEFAULT_RETRY_AFTER_FAILURE_MS;
  const source = options.source ?? getEntitlementsSource(options);
  let logger = options.logger;
  let answer: Answer | undefined;
  let failedAt: number | undefined;
  let lastError: string | null = null;
  let inFlight: Promise<void> | undefined;

  const ask = async (): Promise<void> => {
    const at = now();
    try {
      const entitlements = await source();
      const inForce = entitlements.filter(
        (e) =>
          e.active &&
          (e.productCode === undefined || e.productCode === options.productCode) &&
          (options.dimension === undefined ||
            e.dimension === undefined ||
            e.dimension === options.dimension) &&
          (e.expiresAt === undefined || e.expiresAt > at),
      );
      const expiresAt =
        inForce.length === 0
          ? undefined
          : inForce.some((e) => e.expiresAt === undefined)
            ? null
            : Math.max(...inForce.map((e) => e.expiresAt!));
      answer = { checkedAt: at, expiresAt };
      failedAt = undefined;
      lastError = null;
    } catch (error) {
      failedAt = at;
      lastError = describeError(error);
      logger ??= createJsonLogger();
      logger.warn("Marketplace entitlement check failed", {
        productCode: options.productCode,
        error: lastError,
        keepingLastAnswer: answer !== undefined && at - answer.checkedAt <= grace,
      });
    }
  };

  const current = (): EntitlementStatus => {
    const t = now();
    const usable = answer !== undefined && t - answer.checkedAt <= (failedAt === undefined ? recheck : grace);
    const entitled =
      usable && answer!.expiresAt !== undefined && (answer!.expiresAt === null || answer!.expiresAt > t);
    return {
      entitled,
      checkedAt: answer?.checkedAt ?? null,
      expiresAt: answer?.expiresAt ?? null,
      basis: !usable ? "failed" : failedAt === undefined ? "fresh" : "grace",
      lastError,
    };
  };

  const due = (): boolean => {
    const t = now();
    if (failedAt !== undefined) return t - failedAt >= retryAfterFailure;
    return answer === undefined || t - answer.checkedAt >= recheck;
  };

  const status = async (): Promise<EntitlementStatus> => {
    if (due()) {
      inFlight ??= ask().finally(() => {
        inFlight = undefined;
      });
      await inFlight;
    } else if (inFlight) await inFlight;
    return current();
  };

  return {
    status,
    isEntitled: async () => (await status()).entitled,
    invalidate: () => {
      answer = undefined;
      failedAt = undefined;
    },
  };
}

/**
 * Throws `ConnectorError("AccessDenied", message)` unless `check` finds the customer entitled (the message
 * also names the failure when the check could not be made); call it first in a connector's functions (it costs
 * a call to the service only once per recheck period). Works with {@link createEntitlementCheck} and
 * `createLicenseCheck` alike. Default message: "This connector needs an active AWS Marketplace subscription".
 */
export async function requireEntitlement(
  check: EntitlementCheck,
  message = "This connector needs an active AWS Marketplace subscription",
): Promise<void> {
  const status = await check.status();
  if (status.entitled) return;
  // Say when the check itself failed (missing permission, throttling), not only that access is denied.
  const why =
    status.basis === "failed" && status.lastError
      ? ` (the entitlement could not be checked: ${status.lastError})`
      : "";
  throw new ConnectorError("AccessDenied", `${message}${why}`);
}
