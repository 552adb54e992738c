/**
 * Capability names, exactly as Lumos spells them on the wire, and the camelCase names of the functions a
 * connector implements them with.
 */

/** The standard capabilities a connector-kit connector can implement, with their function names. */
export const CAPABILITY_FUNCTIONS = {
  validate_credentials: "validateCredentials",
  list_accounts: "listAccounts",
  list_resources: "listResources",
  list_entitlements: "listEntitlements",
  find_entitlement_associations: "findEntitlementAssociations",
  get_last_activity: "getLastActivity",
  list_custom_attributes_schema: "listCustomAttributesSchema",
  create_account: "createAccount",
  update_account: "updateAccount",
  delete_account: "deleteAccount",
  activate_account: "activateAccount",
  deactivate_account: "deactivateAccount",
  assign_entitlement: "assignEntitlement",
  unassign_entitlement: "unassignEntitlement",
} as const;

/** A standard capability implemented by a connector function (everything but `app_info` and OAuth). */
export type ImplementableCapabilityName = keyof typeof CAPABILITY_FUNCTIONS;

/** The camelCase function name of an implementable capability. */
export type CapabilityFunctionName = (typeof CAPABILITY_FUNCTIONS)[ImplementableCapabilityName];

/** The OAuth capabilities, provided by an OAuth provider (see `IdentityOAuth`). */
export const OAUTH_CAPABILITY_NAMES = [
  "get_authorization_url",
  "handle_authorization_callback",
  "handle_client_credentials_request",
  "refresh_access_token",
] as const;

/** One of {@link OAUTH_CAPABILITY_NAMES}. */
export type OAuthCapabilityName = (typeof OAUTH_CAPABILITY_NAMES)[number];

/** The capabilities with a typed payload in this SDK: the implementable ones, OAuth and `app_info`. */
export type StandardCapabilityName = ImplementableCapabilityName | OAuthCapabilityName | "app_info";

/** Every {@link StandardCapabilityName}, in the order the documentation lists them. */
export const STANDARD_CAPABILITY_NAMES: readonly StandardCapabilityName[] = [
  ...(Object.keys(CAPABILITY_FUNCTIONS) as ImplementableCapabilityName[]),
  ...OAUTH_CAPABILITY_NAMES,
  "app_info",
];

/**
 * Every name Lumos reserves for a standard capability (including those without a typed payload here, such
 * as `list_expenses` or the `*_application*` family): a custom capability may not take one.
 */
export const RESERVED_CAPABILITY_NAMES: readonly string[] = [
  "app_info",
  "info",
  "connected_info",
  "activate_account",
  "assign_entitlement",
  "create_account",
  "update_account",
  "deactivate_account",
  "delete_account",
  "find_entitlement_associations",
  "get_account_entitlement_associations",
  "get_authorization_url",
  "get_last_activity",
  "handle_authorization_callback",
  "handle_client_credentials_request",
  "list_accounts",
  "list_updated_accounts",
  "get_account",
  "get_data_recency",
  "list_activity_records",
  "list_custom_attributes_schema",
  "list_entitlements",
  "list_expenses",
  "list_resources",
  "refresh_access_token",
  "unassign_entitlement",
  "validate_credentials",
  "transfer_data",
  "release_resources",
  "downgrade_license",
  "assign_application",
  "get_application",
  "get_application_account",
  "list_applications",
  "list_applications_accounts",
  "list_applications_activity_records",
  "list_applications_entitlements",
  "list_applications_resources",
  "unassign_application",
  "list_applications_entitlement_associations",
  "unassign_application_entitlement",
  "assign_application_entitlement",
  "validate_credential_config",
];

/** What a custom capability name must look like: snake_case letters, e.g. `list_group_owners`. */
export const CUSTOM_CAPABILITY_NAME = /^[a-z]+(_[a-z]+)*$/;

/** The capabilities that read (tagged "Read Capabilities" in the OpenAPI document). */
export const READ_CAPABILITIES: readonly string[] = [
  "validate_credentials",
  "list_accounts",
  "list_resources",
  "list_entitlements",
  "find_entitlement_associations",
  "get_last_activity",
  "list_custom_attributes_schema",
  "app_info",
];

/** The capabilities that write (tagged "Write Capabilities"; their envelopes carry `execution_summary`). */
export const WRITE_CAPABILITIES: readonly string[] = [
  "create_account",
  "update_account",
  "delete_account",
  "activate_account",
  "deactivate_account",
  "assign_entitlement",
  "unassign_entitlement",
];

/** `list_accounts` → `"List Accounts"`: the default display name of a capability. */
export function displayNameOf(capability: string): string {
  return capability
    .split("_")
    .map((word) => (word === "" ? word : word[0]!.toUpperCase() + word.slice(1)))
    .join(" ");
}

/** Whether the capability takes no `auth`/`credentials`: `app_info` and the OAuth flow capabilities. */
export function isAuthFree(capability: string): boolean {
  return capability === "app_info" || (OAUTH_CAPABILITY_NAMES as readonly string[]).includes(capability);
}
