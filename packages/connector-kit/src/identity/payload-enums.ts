/**
 * The enumerated values of the identity payloads (Lumos' own lists): the schema in
 * `schema/lumos-payloads.ts` builds its unions from these constants, and the generated `payloads.ts`
 * re-exports them beside the types.
 */

/** The state of an account. Lumos expects mostly ACTIVE and SUSPENDED from `list_accounts`. */
export const ACCOUNT_STATUSES = [
  "ACTIVE",
  "INACTIVE",
  "SUSPENDED",
  "DEPROVISIONED",
  "PENDING",
  "DELETED",
] as const;
/** One of {@link ACCOUNT_STATUSES}. */
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

/** `service` for machine accounts, `user` for people. */
export const ACCOUNT_TYPES = ["service", "user"] as const;
/** One of {@link ACCOUNT_TYPES}. */
export type AccountType = (typeof ACCOUNT_TYPES)[number];

/** The kinds of activity Lumos names for `get_last_activity` (the wire takes any string). */
export const ACTIVITY_EVENT_TYPES = ["last_login", "last_activity"] as const;
/** One of {@link ACTIVITY_EVENT_TYPES}. */
export type ActivityEventType = (typeof ACTIVITY_EVENT_TYPES)[number];

/** The categories an app is listed under. */
export const APP_CATEGORIES = [
  "HR_AND_LEARNING",
  "OFFICE_AND_LEGAL",
  "SALES_AND_SUPPORT",
  "COMMERCE_AND_MARKETPLACES",
  "IT_AND_SECURITY",
  "COMMUNICATION",
  "DESIGN_AND_CREATIVITY",
  "OTHER",
  "MARKETING_AND_ANALYTICS",
  "DEVELOPERS",
  "ACCOUNTING_AND_FINANCE",
  "COLLABORATION",
  "CONTENT_AND_SOCIAL_MEDIA",
  "INTERNAL",
  "EARLY_ACCESS",
] as const;
/** One of {@link APP_CATEGORIES}. */
export type AppCategory = (typeof APP_CATEGORIES)[number];
