/**
 * The Lumos payloads, written once: the request and response of every standard capability and the records
 * they are made of. `npm run generate:wire` writes from these definitions the TypeScript types
 * (`src/identity/payloads.ts`) and the JSON Schemas the Lumos host validates with and `info` and the OpenAPI
 * document publish (`src/identity/schemas.ts`). Edit here, then regenerate; a test fails while the
 * generated files differ from what this file gives.
 *
 * A definition's `$id` is its TypeScript name, its `title` the name Lumos' models give it (published).
 * Keys that may be absent may also be null, as Lumos' models write them (`maybe`). Descriptions become doc
 * comments; they are not published, so the documents stay what Lumos' SDK writes.
 *
 * Lumos' keywords, published as they are: `x-unique-hash` (the keys that identify a record),
 * `x-resource-type` / `x-entitlement-type` (the value is a type id the connector declares), `x-semantic`.
 * Keywords of the generator (read by it, never published):
 * - `x-enum` / `x-type`: the constant in `src/identity/payload-enums.ts` that holds a union's values, and
 *   its type.
 * - `x-open-enum` / `x-type`: a string that is usually one of the constant's values; the type suggests them
 *   and takes any string, as the wire does.
 * - `x-type` alone: the TypeScript type of a free-form value (`JsonObject`).
 * - `x-open`: the TypeScript type also takes any other key (JSON Schema objects take them anyway).
 */
import { type TSchema, Type } from "@sinclair/typebox";
import type { StandardCapabilityName } from "../src/identity/capability-names.js";
import { ACCOUNT_STATUSES, ACCOUNT_TYPES, APP_CATEGORIES } from "../src/identity/payload-enums.js";

/** A union of string literals taken from a constant of `payload-enums.ts`. */
function enumOf(values: readonly string[], constant: string, typeName: string, options = {}): TSchema {
  return Type.Union(
    values.map((v) => Type.Literal(v)),
    { ...options, "x-enum": constant, "x-type": typeName },
  );
}

/** A union of string literals written in place (a list only this key uses). */
const oneOf = (...values: string[]) => Type.Union(values.map((v) => Type.Literal(v)));

/** An optional key that may also be null (Lumos' models write null for "no value"). */
const maybe = <T extends TSchema>(schema: T, options: Record<string, unknown> = {}) =>
  Type.Optional(Type.Union([schema, Type.Null()], options));

const strings = Type.Array(Type.String());
const stringMap = Type.Object({}, { additionalProperties: Type.String() });
/** Any JSON object. */
const jsonObject = Type.Object({}, { "x-type": "JsonObject" });
const accountStatus = enumOf(ACCOUNT_STATUSES, "ACCOUNT_STATUSES", "AccountStatus");
const customAttributes = maybe(strings, {
  description: "Custom attributes to fill in `custom_attributes`. Default: none.",
});
const deprecatedFlag = Type.Boolean({
  description:
    "Required (a strict boolean) although Lumos deprecates it: the host refuses an answer without it.",
});

/** A named object: `$id` its TypeScript name, `title` Lumos' name for it. */
const model = (
  id: string,
  title: string,
  description: string,
  properties: Record<string, TSchema>,
  options: Record<string, unknown> = {},
) => Type.Object(properties, { $id: id, title, description, ...options });

/** A definition naming another (`type X = Y`), published under its own title. */
const alias = (id: string, target: string, title: string, description: string) =>
  Type.Ref(target, { $id: id, title, description });

/** A response that is a page of records. */
const listOf = (id: string, record: string, description: string) =>
  Type.Array(Type.Ref(record), { $id: id, description });

/** A request without payload. */
const empty = (id: string, title: string, description: string) => model(id, title, description, {});

// ─── read capabilities ────────────────────────────────────────────────────────────────────────────────

export const ValidateCredentialsRequest = empty(
  "ValidateCredentialsRequest",
  "ValidateCredentials",
  "`validate_credentials` request: empty.",
);
export const ValidateCredentialsResponse = model(
  "ValidateCredentialsResponse",
  "ValidatedCredentials",
  "`validate_credentials` response.",
  {
    valid: Type.Boolean(),
    unique_tenant_id: Type.String({
      description:
        "Stable id of the tenant the credentials reach (an org, an account id, a subdomain, a base DN).",
    }),
  },
);

export const ListAccountsRequest = model("ListAccountsRequest", "ListAccounts", "`list_accounts` request.", {
  custom_attributes: customAttributes,
});
export const FoundAccountData = model(
  "FoundAccountData",
  "FoundAccountData",
  "One account (for LDAP: a user entry). Unique on `integration_specific_id`.",
  {
    integration_specific_id: Type.String(),
    email: maybe(Type.String()),
    given_name: maybe(Type.String()),
    family_name: maybe(Type.String()),
    username: maybe(Type.String()),
    user_status: maybe(accountStatus),
    extra_data: maybe(jsonObject),
    custom_attributes: maybe(stringMap),
    account_type: maybe(enumOf(ACCOUNT_TYPES, "ACCOUNT_TYPES", "AccountType")),
  },
  { "x-unique-hash": ["integration_specific_id"] },
);
export const ListAccountsResponse = listOf(
  "ListAccountsResponse",
  "FoundAccountData",
  "`list_accounts` response: one page of accounts.",
);

export const ListResourcesRequest = empty(
  "ListResourcesRequest",
  "ListResources",
  "`list_resources` request: empty.",
);
export const FoundResourceData = model(
  "FoundResourceData",
  "FoundResourceData",
  "One resource (for LDAP: an organizational unit). Unique on `integration_specific_id`.",
  {
    integration_specific_id: Type.String(),
    label: Type.String(),
    resource_type: Type.String({
      "x-resource-type": true,
      description: "A `type_id` of the connector's resource types.",
    }),
    description: maybe(Type.String()),
    extra_data: maybe(stringMap),
  },
  { "x-unique-hash": ["integration_specific_id"] },
);
export const ListResourcesResponse = listOf(
  "ListResourcesResponse",
  "FoundResourceData",
  "`list_resources` response: one page of resources.",
);

export const ListEntitlementsRequest = model(
  "ListEntitlementsRequest",
  "ListEntitlements",
  "`list_entitlements` request.",
  { custom_attributes: customAttributes },
);
export const FoundEntitlementData = model(
  "FoundEntitlementData",
  "FoundEntitlementData",
  "One entitlement (for LDAP: a group). Unique on (`integration_specific_id`, `integration_specific_resource_id`).",
  {
    entitlement_type: Type.String({
      "x-entitlement-type": true,
      description: "A `type_id` of the connector's entitlement types.",
    }),
    integration_specific_id: Type.String(),
    integration_specific_resource_id: Type.String({
      description: 'The resource it belongs to; `""` for the global (tenant-wide) resource.',
    }),
    label: Type.String(),
    is_assignable: maybe(Type.Boolean()),
    description: maybe(Type.String()),
    extra_data: maybe(jsonObject),
    custom_attributes: maybe(stringMap),
  },
  { "x-unique-hash": ["integration_specific_id", "integration_specific_resource_id"] },
);
export const ListEntitlementsResponse = listOf(
  "ListEntitlementsResponse",
  "FoundEntitlementData",
  "`list_entitlements` response: one page of entitlements.",
);

export const FindEntitlementAssociationsRequest = empty(
  "FindEntitlementAssociationsRequest",
  "FindEntitlementAssociations",
  "`find_entitlement_associations` request: empty.",
);
export const FoundEntitlementAssociation = model(
  "FoundEntitlementAssociation",
  "FoundEntitlementAssociation",
  "One account holding one entitlement (for LDAP: a group membership). Unique on all three ids.",
  {
    account_id: Type.String(),
    integration_specific_entitlement_id: Type.String(),
    integration_specific_resource_id: Type.String(),
  },
  {
    "x-unique-hash": [
      "account_id",
      "integration_specific_entitlement_id",
      "integration_specific_resource_id",
    ],
  },
);
export const FindEntitlementAssociationsResponse = listOf(
  "FindEntitlementAssociationsResponse",
  "FoundEntitlementAssociation",
  "`find_entitlement_associations` response: one page of associations.",
);

export const GetLastActivityRequest = model(
  "GetLastActivityRequest",
  "GetLastActivity",
  "`get_last_activity` request.",
  { account_ids: strings },
);
export const LastActivityData = model(
  "LastActivityData",
  "LastActivityData",
  "When an account was last seen. Both `event_type` and `happened_at` are plain strings, as in Lumos' model.",
  {
    account_id: Type.String(),
    event_type: Type.String({
      "x-open-enum": "ACTIVITY_EVENT_TYPES",
      "x-type": "ActivityEventType",
      description: "Usually one of {@link ACTIVITY_EVENT_TYPES}; any string is accepted.",
    }),
    happened_at: Type.String({ description: "Usually an ISO-8601 date-time; any string is accepted." }),
  },
);
export const GetLastActivityResponse = listOf(
  "GetLastActivityResponse",
  "LastActivityData",
  "`get_last_activity` response.",
);

export const ListCustomAttributesSchemaRequest = empty(
  "ListCustomAttributesSchemaRequest",
  "ListCustomAttributesSchema",
  "`list_custom_attributes_schema` request: empty.",
);
export const CustomAttributeSchema = model(
  "CustomAttributeSchema",
  "CustomAttributeSchema",
  "A custom attribute an account or entitlement can carry.",
  {
    customized_type: oneOf("account", "entitlement"),
    name: Type.String(),
    attribute_type: oneOf("string", "user"),
    description: maybe(Type.String()),
  },
);
export const ListCustomAttributesSchemaResponse = listOf(
  "ListCustomAttributesSchemaResponse",
  "CustomAttributeSchema",
  "`list_custom_attributes_schema` response.",
);

// ─── write capabilities ───────────────────────────────────────────────────────────────────────────────

export const CreateAccountEntitlement = model(
  "CreateAccountEntitlement",
  "CreateAccountEntitlement",
  "An entitlement a new account must get (only those of types with `min > 0`).",
  {
    integration_specific_resource_id: maybe(Type.String()),
    entitlement_type: Type.String(),
    integration_specific_id: Type.String(),
  },
);
export const CreateAccountRequest = model(
  "CreateAccountRequest",
  "CreateAccount",
  "`create_account` request.",
  {
    email: maybe(Type.String()),
    username: maybe(Type.String()),
    given_name: maybe(Type.String()),
    family_name: maybe(Type.String()),
    user_status: maybe(Type.String()),
    extra_data: maybe(jsonObject),
    entitlements: Type.Array(Type.Ref("CreateAccountEntitlement")),
  },
);
export const CreateAccountResponse = model(
  "CreateAccountResponse",
  "CreatedAccount",
  "`create_account` response.",
  {
    id: maybe(Type.String()),
    status: accountStatus,
    created: Type.Boolean({ description: "Deprecated by Lumos; always true." }),
  },
);

// A connector may add fields to update_account's payloads (Lumos lets it customize them): kept on the wire.
export const UpdateAccountRequest = model(
  "UpdateAccountRequest",
  "UpdateAccount",
  "`update_account` request: the account's id and whatever the connector lets one change.",
  { id: Type.String() },
  { additionalProperties: true },
);
export const UpdateAccountResponse = model(
  "UpdateAccountResponse",
  "UpdateableAccount",
  "`update_account` response: the account as updated, same shape as the request.",
  { id: Type.String() },
  { additionalProperties: true },
);

export const AccountIdRequest = model(
  "AccountIdRequest",
  "AccountIdRequest",
  "The request of `delete_account`, `activate_account` and `deactivate_account`.",
  { account_id: Type.String({ "x-semantic": "account-id" }) },
);
export const DeleteAccountRequest = alias(
  "DeleteAccountRequest",
  "AccountIdRequest",
  "DeleteAccount",
  "`delete_account` request.",
);
// The flag is a required strict boolean in Lumos' models (deprecated, but a reply without it fails them).
export const DeleteAccountResponse = model(
  "DeleteAccountResponse",
  "DeletedAccount",
  "`delete_account` response.",
  { status: accountStatus, deleted: deprecatedFlag },
);
export const ActivateAccountRequest = alias(
  "ActivateAccountRequest",
  "AccountIdRequest",
  "ActivateAccount",
  "`activate_account` request.",
);
export const ActivateAccountResponse = model(
  "ActivateAccountResponse",
  "ActivatedAccount",
  "`activate_account` response.",
  { status: accountStatus, activated: deprecatedFlag },
);
export const DeactivateAccountRequest = alias(
  "DeactivateAccountRequest",
  "AccountIdRequest",
  "DeactivateAccount",
  "`deactivate_account` request.",
);
export const DeactivateAccountResponse = model(
  "DeactivateAccountResponse",
  "DeactivatedAccount",
  "`deactivate_account` response.",
  { status: accountStatus, deactivated: deprecatedFlag },
);

export const EntitlementAssignmentRequest = model(
  "EntitlementAssignmentRequest",
  "EntitlementAssignmentRequest",
  "The request of `assign_entitlement` and `unassign_entitlement`.",
  {
    account_integration_specific_id: Type.String(),
    resource_integration_specific_id: Type.String(),
    resource_type: Type.String(),
    entitlement_type: Type.String(),
    entitlement_integration_specific_id: Type.String(),
  },
);
export const AssignEntitlementRequest = alias(
  "AssignEntitlementRequest",
  "EntitlementAssignmentRequest",
  "AssignEntitlement",
  "`assign_entitlement` request.",
);
export const AssignEntitlementResponse = model(
  "AssignEntitlementResponse",
  "AssignedEntitlement",
  "`assign_entitlement` response: `assigned` should only ever be true (throw on failure).",
  { assigned: Type.Boolean() },
);
export const UnassignEntitlementRequest = alias(
  "UnassignEntitlementRequest",
  "EntitlementAssignmentRequest",
  "UnassignEntitlement",
  "`unassign_entitlement` request.",
);
export const UnassignEntitlementResponse = model(
  "UnassignEntitlementResponse",
  "UnassignedEntitlement",
  "`unassign_entitlement` response: `unassigned` should only ever be true (throw on failure).",
  { unassigned: Type.Boolean() },
);

export const ExecutionSummary = model(
  "ExecutionSummary",
  "ExecutionSummary",
  "What a write did, for the envelope's `execution_summary`.",
  {
    // Lumos' model declares `kind` only: other keys (a `reason`, …) travel as they are.
    effect: Type.Object(
      { kind: oneOf("created", "updated", "deleted", "noop") },
      {
        "x-open": true,
        description: "The effect: its `kind`, and any other key (a `reason`, …) passed on as it is.",
      },
    ),
    request_fingerprint: Type.String(),
    is_idempotent: Type.Boolean(),
    description: maybe(Type.String()),
    caught_errors: maybe(Type.Array(jsonObject)),
  },
);

// ─── OAuth capabilities ───────────────────────────────────────────────────────────────────────────────

export const GetAuthorizationUrlRequest = model(
  "GetAuthorizationUrlRequest",
  "GetAuthorizationUrl",
  "`get_authorization_url` request.",
  {
    credential_id: maybe(Type.String()),
    client_id: Type.String(),
    scopes: strings,
    redirect_uri: Type.String(),
    state: Type.String(),
    form_data: maybe(stringMap),
  },
);
export const GetAuthorizationUrlResponse = model(
  "GetAuthorizationUrlResponse",
  "AuthorizationUrl",
  "`get_authorization_url` response.",
  {
    authorization_url: Type.String(),
    code_verifier: maybe(Type.String(), {
      description: "With PKCE: the verifier to send back with the callback.",
    }),
  },
);
export const HandleAuthorizationCallbackRequest = model(
  "HandleAuthorizationCallbackRequest",
  "HandleAuthorizationCallback",
  "`handle_authorization_callback` request.",
  {
    credential_id: maybe(Type.String()),
    client_id: Type.String(),
    client_secret: Type.String(),
    redirect_uri_with_code: Type.String(),
    state: maybe(Type.String()),
    code_verifier: maybe(Type.String()),
  },
);
export const HandleClientCredentialsRequest = model(
  "HandleClientCredentialsRequest",
  "ClientCredentialsRequest",
  "`handle_client_credentials_request` request.",
  {
    credential_id: maybe(Type.String()),
    client_id: Type.String(),
    client_secret: Type.String(),
    scopes: strings,
  },
);
export const RefreshAccessTokenRequest = model(
  "RefreshAccessTokenRequest",
  "RefreshAccessToken",
  "`refresh_access_token` request.",
  {
    credential_id: maybe(Type.String()),
    client_id: Type.String(),
    client_secret: Type.String(),
    refresh_token: Type.String(),
    state: maybe(Type.String()),
  },
);
export const OauthCredentials = model(
  "OauthCredentials",
  "OauthCredentials",
  "The tokens the OAuth capabilities return.",
  {
    access_token: Type.String(),
    refresh_token: maybe(Type.String()),
    token_type: Type.String({ description: 'Lower case; `"bearer"` unless the server says otherwise.' }),
    state: maybe(Type.String()),
  },
);

export const AppInfoRequest = empty("AppInfoRequest", "AppInfoRequestPayload", "`app_info` request: empty.");
export const AppInfoResponse = model(
  "AppInfoResponse",
  "AppInfo",
  "`app_info` response: the connector's OpenAPI document.",
  { app_id: Type.String(), app_schema: jsonObject },
);

// ─── the envelope's parts ─────────────────────────────────────────────────────────────────────────────

export const Page = model(
  "Page",
  "Page",
  "The page of a request: the token of the page to read and its size (both absent on a first call).",
  { token: maybe(Type.String()), size: maybe(Type.Integer()) },
);
export const AppCategory = enumOf(APP_CATEGORIES, "APP_CATEGORIES", "AppCategory", { $id: "AppCategory" });

/** Every definition, in the order the generated types list them. */
export const LUMOS_PAYLOADS = [
  ValidateCredentialsRequest,
  ValidateCredentialsResponse,
  ListAccountsRequest,
  FoundAccountData,
  ListAccountsResponse,
  ListResourcesRequest,
  FoundResourceData,
  ListResourcesResponse,
  ListEntitlementsRequest,
  FoundEntitlementData,
  ListEntitlementsResponse,
  FindEntitlementAssociationsRequest,
  FoundEntitlementAssociation,
  FindEntitlementAssociationsResponse,
  GetLastActivityRequest,
  LastActivityData,
  GetLastActivityResponse,
  ListCustomAttributesSchemaRequest,
  CustomAttributeSchema,
  ListCustomAttributesSchemaResponse,
  CreateAccountEntitlement,
  CreateAccountRequest,
  CreateAccountResponse,
  UpdateAccountRequest,
  UpdateAccountResponse,
  AccountIdRequest,
  DeleteAccountRequest,
  DeleteAccountResponse,
  ActivateAccountRequest,
  ActivateAccountResponse,
  DeactivateAccountRequest,
  DeactivateAccountResponse,
  EntitlementAssignmentRequest,
  AssignEntitlementRequest,
  AssignEntitlementResponse,
  UnassignEntitlementRequest,
  UnassignEntitlementResponse,
  ExecutionSummary,
  GetAuthorizationUrlRequest,
  GetAuthorizationUrlResponse,
  HandleAuthorizationCallbackRequest,
  HandleClientCredentialsRequest,
  RefreshAccessTokenRequest,
  OauthCredentials,
  AppInfoRequest,
  AppInfoResponse,
  Page,
  AppCategory,
] as const;

/** The records `RECORD_SCHEMAS` publishes by name (the capabilities' schemas share them). */
export const LUMOS_RECORDS = [
  FoundAccountData,
  FoundResourceData,
  FoundEntitlementData,
  FoundEntitlementAssociation,
  LastActivityData,
  CustomAttributeSchema,
  CreateAccountEntitlement,
  OauthCredentials,
  ExecutionSummary,
  Page,
  AppCategory,
] as const;

/** The request and response of each standard capability. */
export const LUMOS_CAPABILITIES: Readonly<Record<StandardCapabilityName, readonly [TSchema, TSchema]>> = {
  validate_credentials: [ValidateCredentialsRequest, ValidateCredentialsResponse],
  list_accounts: [ListAccountsRequest, ListAccountsResponse],
  list_resources: [ListResourcesRequest, ListResourcesResponse],
  list_entitlements: [ListEntitlementsRequest, ListEntitlementsResponse],
  find_entitlement_associations: [FindEntitlementAssociationsRequest, FindEntitlementAssociationsResponse],
  get_last_activity: [GetLastActivityRequest, GetLastActivityResponse],
  list_custom_attributes_schema: [ListCustomAttributesSchemaRequest, ListCustomAttributesSchemaResponse],
  create_account: [CreateAccountRequest, CreateAccountResponse],
  update_account: [UpdateAccountRequest, UpdateAccountResponse],
  delete_account: [DeleteAccountRequest, DeleteAccountResponse],
  activate_account: [ActivateAccountRequest, ActivateAccountResponse],
  deactivate_account: [DeactivateAccountRequest, DeactivateAccountResponse],
  assign_entitlement: [AssignEntitlementRequest, AssignEntitlementResponse],
  unassign_entitlement: [UnassignEntitlementRequest, UnassignEntitlementResponse],
  get_authorization_url: [GetAuthorizationUrlRequest, GetAuthorizationUrlResponse],
  handle_authorization_callback: [HandleAuthorizationCallbackRequest, OauthCredentials],
  handle_client_credentials_request: [HandleClientCredentialsRequest, OauthCredentials],
  refresh_access_token: [RefreshAccessTokenRequest, OauthCredentials],
  app_info: [AppInfoRequest, AppInfoResponse],
};
