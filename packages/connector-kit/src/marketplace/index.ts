/**
 * `connector-kit/marketplace`: helpers for connectors sold on AWS Marketplace.
 */
export {
  createEntitlementCheck,
  DEFAULT_GRACE_MS,
  DEFAULT_RECHECK_EVERY_MS,
  DEFAULT_RETRY_AFTER_FAILURE_MS,
  ENTITLEMENT_SERVICE_REGION,
  type EntitlementCheck,
  type EntitlementCheckOptions,
  type EntitlementClientConfig,
  type EntitlementStatus,
  type MarketplaceEntitlement,
  requireEntitlement,
} from "./entitlement.js";
export {
  createLicenseCheck,
  type LicenseCheckOptions,
  MARKETPLACE_KEY_FINGERPRINT,
  MARKETPLACE_USAGE_ENTITLEMENT,
} from "./license-checkout.js";
