// Generated from schema/lumos-payloads.ts by `npm run generate:wire`. Do not edit: edit the schema and regenerate.
//
// The typed payloads of every standard capability: the `request` a capability receives and the `response`
// it returns, with Lumos' snake_case keys (they travel as they are). Optional keys may be omitted; the host
// writes them as null. `schemas.ts` holds the matching JSON Schemas.

import type { JsonObject, JsonValue } from "./json-schema.js";
import type { AccountStatus, AccountType, ActivityEventType } from "./payload-enums.js";

export {
  ACCOUNT_STATUSES,
  ACCOUNT_TYPES,
  ACTIVITY_EVENT_TYPES,
  type AccountStatus,
  type AccountType,
  type ActivityEventType,
  APP_CATEGORIES,
  type AppCategory,
} from "./payload-enums.js";

/** `validate_credentials` request: empty. */
export type ValidateCredentialsRequest = Record<never, never>;

/** `validate_credentials` response. */
export interface ValidateCredentialsResponse {
  valid: boolean;
  /** Stable id of the tenant the credentials reach (an org, an account id, a subdomain, a base DN). */
  unique_tenant_id: string;
}

/** `list_accounts` request. */
export interface ListAccountsRequest {
  /** Custom attributes to fill in `custom_attributes`. Default: none. */
  custom_attributes?: string[] | null;
}

/** One account (for LDAP: a user entry). Unique on `integration_specific_id`. */
export interface FoundAccountData {
  integration_specific_id: string;
  email?: string | null;
  given_name?: string | null;
  family_name?: string | null;
  username?: string | null;
  user_status?: AccountStatus | null;
  extra_data?: JsonObject | null;
  custom_attributes?: Record<string, string> | null;
  account_type?: AccountType | null;
}

/** `list_accounts` response: one page of accounts. */
export type ListAccountsResponse = FoundAccountData[];

/** `list_resources` request: empty. */
export type ListResourcesRequest = Record<never, never>;

/** One resource (for LDAP: an organizational unit). Unique on `integration_specific_id`. */
export interface FoundResourceData {
  integration_specific_id: string;
  label: string;
  /** A `type_id` of the connector's resource types. */
  resource_type: string;
  description?: string | null;
  extra_data?: Record<string, string> | null;
}

/** `list_resources` response: one page of resources. */
export type ListResourcesResponse = FoundResourceData[];

/** `list_entitlements` request. */
export interface ListEntitlementsRequest {
  /** Custom attributes to fill in `custom_attributes`. Default: none. */
  custom_attributes?: string[] | null;
}

/** One entitlement (for LDAP: a group). Unique on (`integration_specific_id`, `integration_specific_resource_id`). */
export interface FoundEntitlementData {
  /** A `type_id` of the connector's entitlement types. */
  entitlement_type: string;
  integration_specific_id: string;
  /** The resource it belongs to; `""` for the global (tenant-wide) resource. */
  integration_specific_resource_id: string;
  label: string;
  is_assignable?: boolean | null;
  description?: string | null;
  extra_data?: JsonObject | null;
  custom_attributes?: Record<string, string> | null;
}

/** `list_entitlements` response: one page of entitlements. */
export type ListEntitlementsResponse = FoundEntitlementData[];

/** `find_entitlement_associations` request: empty. */
export type FindEntitlementAssociationsRequest = Record<never, never>;

/** One account holding one entitlement (for LDAP: a group membership). Unique on all three ids. */
export interface FoundEntitlementAssociation {
  account_id: string;
  integration_specific_entitlement_id: string;
  integration_specific_resource_id: string;
}

/** `find_entitlement_associations` response: one page of associations. */
export type FindEntitlementAssociationsResponse = FoundEntitlementAssociation[];

/** `get_last_activity` request. */
export interface GetLastActivityRequest {
  account_ids: string[];
}

/** When an account was last seen. Both `event_type` and `happened_at` are plain strings, as in Lumos' model. */
export interface LastActivityData {
  account_id: string;
  /** Usually one of {@link ACTIVITY_EVENT_TYPES}; any string is accepted. */
  event_type: ActivityEventType | (string & {});
  /** Usually an ISO-8601 date-time; any string is accepted. */
  happened_at: string;
}

/** `get_last_activity` response. */
export type GetLastActivityResponse = LastActivityData[];

/** `list_custom_attributes_schema` request: empty. */
export type ListCustomAttributesSchemaRequest = Record<never, never>;

/** A custom attribute an account or entitlement can carry. */
export interface CustomAttributeSchema {
  customized_type: "account" | "entitlement";
  name: string;
  attribute_type: "string" | "user";
  description?: string | null;
}

/** `list_custom_attributes_schema` response. */
export type ListCustomAttributesSchemaResponse = CustomAttributeSchema[];

/** An entitlement a new account must get (only those of types with `min > 0`). */
export interface CreateAccountEntitlement {
  integration_specific_resource_id?: string | null;
  entitlement_type: string;
  integration_specific_id: string;
}

/** `create_account` request. */
export interface CreateAccountRequest {
  email?: string | null;
  username?: string | null;
  given_name?: string | null;
  family_name?: string | null;
  user_status?: string | null;
  extra_data?: JsonObject | null;
  entitlements: CreateAccountEntitlement[];
}

/** `create_account` response. */
export interface CreateAccountResponse {
  id?: string | null;
  status: AccountStatus;
  /** Deprecated by Lumos; always true. */
  created: boolean;
}

/** `update_account` request: the account's id and whatever the connector lets one change. */
export interface UpdateAccountRequest {
  id: string;
  [key: string]: JsonValue | undefined;
}

/** `update_account` response: the account as updated, same shape as the request. */
export interface UpdateAccountResponse {
  id: string;
  [key: string]: JsonValue | undefined;
}

/** The request of `delete_account`, `activate_account` and `deactivate_account`. */
export interface AccountIdRequest {
  account_id: string;
}

/** `delete_account` request. */
export type DeleteAccountRequest = AccountIdRequest;

/** `delete_account` response. */
export interface DeleteAccountResponse {
  status: AccountStatus;
  /** Required (a strict boolean) although Lumos deprecates it: the host refuses an answer without it. */
  deleted: boolean;
}

/** `activate_account` request. */
export type ActivateAccountRequest = AccountIdRequest;

/** `activate_account` response. */
export interface ActivateAccountResponse {
  status: AccountStatus;
  /** Required (a strict boolean) although Lumos deprecates it: the host refuses an answer without it. */
  activated: boolean;
}

/** `deactivate_account` request. */
export type DeactivateAccountRequest = AccountIdRequest;

/** `deactivate_account` response. */
export interface DeactivateAccountResponse {
  status: AccountStatus;
  /** Required (a strict boolean) although Lumos deprecates it: the host refuses an answer without it. */
  deactivated: boolean;
}

/** The request of `assign_entitlement` and `unassign_entitlement`. */
export interface EntitlementAssignmentRequest {
  account_integration_specific_id: string;
  resource_integration_specific_id: string;
  resource_type: string;
  entitlement_type: string;
  entitlement_integration_specific_id: string;
}

/** `assign_entitlement` request. */
export type AssignEntitlementRequest = EntitlementAssignmentRequest;

/** `assign_entitlement` response: `assigned` should only ever be true (throw on failure). */
export interface AssignEntitlementResponse {
  assigned: boolean;
}

/** `unassign_entitlement` request. */
export type UnassignEntitlementRequest = EntitlementAssignmentRequest;

/** `unassign_entitlement` response: `unassigned` should only ever be true (throw on failure). */
export interface UnassignEntitlementResponse {
  unassigned: boolean;
}

/** What a write did, for the envelope's `execution_summary`. */
export interface ExecutionSummary {
  /** The effect: its `kind`, and any other key (a `reason`, …) passed on as it is. */
  effect: {
    kind: "created" | "updated" | "deleted" | "noop";
    [key: string]: JsonValue | undefined;
  };
  request_fingerprint: string;
  is_idempotent: boolean;
  description?: string | null;
  caught_errors?: JsonObject[] | null;
}

/** `get_authorization_url` request. */
export interface GetAuthorizationUrlRequest {
  credential_id?: string | null;
  client_id: string;
  scopes: string[];
  redirect_uri: string;
  state: string;
  form_data?: Record<string, string> | null;
}

/** `get_authorization_url` response. */
export interface GetAuthorizationUrlResponse {
  authorization_url: string;
  /** With PKCE: the verifier to send back with the callback. */
  code_verifier?: string | null;
}

/** `handle_authorization_callback` request. */
export interface HandleAuthorizationCallbackRequest {
  credential_id?: string | null;
  client_id: string;
  client_secret: string;
  redirect_uri_with_code: string;
  state?: string | null;
  code_verifier?: string | null;
}

/** `handle_client_credentials_request` request. */
export interface HandleClientCredentialsRequest {
  credential_id?: string | null;
  client_id: string;
  client_secret: string;
  scopes: string[];
}

/** `refresh_access_token` request. */
export interface RefreshAccessTokenRequest {
  credential_id?: string | null;
  client_id: string;
  client_secret: string;
  refresh_token: string;
  state?: string | null;
}

/** The tokens the OAuth capabilities return. */
export interface OauthCredentials {
  access_token: string;
  refresh_token?: string | null;
  /** Lower case; `"bearer"` unless the server says otherwise. */
  token_type: string;
  state?: string | null;
}

/** `app_info` request: empty. */
export type AppInfoRequest = Record<never, never>;

/** `app_info` response: the connector's OpenAPI document. */
export interface AppInfoResponse {
  app_id: string;
  app_schema: JsonObject;
}

/** The page of a request: the token of the page to read and its size (both absent on a first call). */
export interface Page {
  token?: string | null;
  size?: number | null;
}

/** The request and response payload types of each standard capability. */
export interface CapabilityPayloads {
  validate_credentials: [ValidateCredentialsRequest, ValidateCredentialsResponse];
  list_accounts: [ListAccountsRequest, ListAccountsResponse];
  list_resources: [ListResourcesRequest, ListResourcesResponse];
  list_entitlements: [ListEntitlementsRequest, ListEntitlementsResponse];
  find_entitlement_associations: [FindEntitlementAssociationsRequest, FindEntitlementAssociationsResponse];
  get_last_activity: [GetLastActivityRequest, GetLastActivityResponse];
  list_custom_attributes_schema: [ListCustomAttributesSchemaRequest, ListCustomAttributesSchemaResponse];
  create_account: [CreateAccountRequest, CreateAccountResponse];
  update_account: [UpdateAccountRequest, UpdateAccountResponse];
  delete_account: [DeleteAccountRequest, DeleteAccountResponse];
  activate_account: [ActivateAccountRequest, ActivateAccountResponse];
  deactivate_account: [DeactivateAccountRequest, DeactivateAccountResponse];
  assign_entitlement: [AssignEntitlementRequest, AssignEntitlementResponse];
  unassign_entitlement: [UnassignEntitlementRequest, UnassignEntitlementResponse];
  get_authorization_url: [GetAuthorizationUrlRequest, GetAuthorizationUrlResponse];
  handle_authorization_callback: [HandleAuthorizationCallbackRequest, OauthCredentials];
  handle_client_credentials_request: [HandleClientCredentialsRequest, OauthCredentials];
  refresh_access_token: [RefreshAccessTokenRequest, OauthCredentials];
  app_info: [AppInfoRequest, AppInfoResponse];
}
