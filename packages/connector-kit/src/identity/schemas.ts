/**
 * JSON Schemas of the standard capabilities' payloads, matching the types of `payloads.ts`: what the Lumos
 * host validates requests and responses with, and what `info` and the OpenAPI document publish.
 */
import type { StandardCapabilityName } from "./capability-names.js";
import type { JsonSchema } from "./json-schema.js";
import { ACCOUNT_STATUSES, ACCOUNT_TYPES, APP_CATEGORIES } from "./payloads.js";

const str: JsonSchema = { type: "string" };
const bool: JsonSchema = { type: "boolean" };
const int: JsonSchema = { type: "integer" };
const nullable = (schema: JsonSchema): JsonSchema => ({ anyOf: [schema, { type: "null" }] });
const strings: JsonSchema = { type: "array", items: str };
const stringMap: JsonSchema = { type: "object", additionalProperties: str };
const anyObject: JsonSchema = { type: "object" };
const arrayOf = (items: JsonSchema): JsonSchema => ({ type: "array", items });
const object = (
  title: string,
  properties: Record<string, JsonSchema>,
  required: string[] = [],
  extra: Partial<JsonSchema> = {},
): JsonSchema => ({ type: "object", title, properties, required, ...extra });
const enumOf = (values: readonly string[]): JsonSchema => ({ type: "string", enum: [...values] });

const accountStatus = enumOf(ACCOUNT_STATUSES);

/** Named schemas of the records the payloads are made of. */
export const RECORD_SCHEMAS = {
  FoundAccountData: object(
    "FoundAccountData",
    {
      integration_specific_id: str,
      email: nullable(str),
      given_name: nullable(str),
      family_name: nullable(str),
      username: nullable(str),
      user_status: nullable(accountStatus),
      extra_data: nullable(anyObject),
      custom_attributes: nullable(stringMap),
      account_type: nullable(enumOf(ACCOUNT_TYPES)),
    },
    ["integration_specific_id"],
    { "x-unique-hash": ["integration_specific_id"] },
  ),
  FoundResourceData: object(
    "FoundResourceData",
    {
      integration_specific_id: str,
      label: str,
      resource_type: { type: "string", "x-resource-type": true },
      description: nullable(str),
      extra_data: nullable(stringMap),
    },
    ["integration_specific_id", "label", "resource_type"],
    { "x-unique-hash": ["integration_specific_id"] },
  ),
  FoundEntitlementData: object(
    "FoundEntitlementData",
    {
      entitlement_type: { type: "string", "x-entitlement-type": true },
      integration_specific_id: str,
      integration_specific_resource_id: str,
      label: str,
      is_assignable: nullable(bool),
      description: nullable(str),
      extra_data: nullable(anyObject),
      custom_attributes: nullable(stringMap),
    },
    ["entitlement_type", "integration_specific_id", "integration_specific_resource_id", "label"],
    { "x-unique-hash": ["integration_specific_id", "integration_specific_resource_id"] },
  ),
  FoundEntitlementAssociation: object(
    "FoundEntitlementAssociation",
    { account_id: str, integration_specific_entitlement_id: str, integration_specific_resource_id: str },
    ["account_id", "integration_specific_entitlement_id", "integration_specific_resource_id"],
    {
      "x-unique-hash": [
        "account_id",
        "integration_specific_entitlement_id",
        "integration_specific_resource_id",
      ],
    },
  ),
  LastActivityData: object(
    "LastActivityData",
    {
      account_id: str,
      event_type: str,
      happened_at: str,
    },
    ["account_id", "event_type", "happened_at"],
  ),
  CustomAttributeSchema: object(
    "CustomAttributeSchema",
    {
      customized_type: enumOf(["account", "entitlement"]),
      name: str,
      attribute_type: enumOf(["string", "user"]),
      description: nullable(str),
    },
    ["customized_type", "name", "attribute_type"],
  ),
  CreateAccountEntitlement: object(
    "CreateAccountEntitlement",
    { integration_specific_resource_id: nullable(str), entitlement_type: str, integration_specific_id: str },
    ["entitlement_type", "integration_specific_id"],
  ),
  OauthCredentials: object(
    "OauthCredentials",
    { access_token: str, refresh_token: nullable(str), token_type: str, state: nullable(str) },
    ["access_token", "token_type"],
  ),
  ExecutionSummary: object(
    "ExecutionSummary",
    {
      effect: {
        type: "object",
        properties: { kind: enumOf(["created", "updated", "deleted", "noop"]) },
        required: ["kind"],
      },
      request_fingerprint: str,
      is_idempotent: bool,
      description: nullable(str),
      caught_errors: nullable(arrayOf(anyObject)),
    },
    ["effect", "request_fingerprint", "is_idempotent"],
  ),
  Page: object("Page", { token: nullable(str), size: nullable(int) }),
  AppCategory: enumOf(APP_CATEGORIES),
} as const satisfies Record<string, JsonSchema>;

const accountId = object("AccountIdRequest", { account_id: { type: "string", "x-semantic": "account-id" } }, [
  "account_id",
]);
const assignment = (title: string) =>
  object(
    title,
    {
      account_integration_specific_id: str,
      resource_integration_specific_id: str,
      resource_type: str,
      entitlement_type: str,
      entitlement_integration_specific_id: str,
    },
    [
      "account_integration_specific_id",
      "resource_integration_specific_id",
      "resource_type",
      "entitlement_type",
      "entitlement_integration_specific_id",
    ],
  );
const empty = (title: string) => object(title, {});
// A connector may add fields to update_account's payloads (Lumos lets it customize them): kept on the wire.
const updateable = (title: string) => object(title, { id: str }, ["id"], { additionalProperties: true });
// The flag is a required strict boolean in Lumos' models (deprecated, but a reply without it fails them).
const statusResponse = (title: string, flag: string) =>
  object(title, { status: accountStatus, [flag]: bool }, ["status", flag]);

/** A capability's payload schemas and where it sits in the documentation. */
export interface CapabilitySchemas {
  /** Schema of the `request` payload. */
  request: JsonSchema;
  /** Schema of the `response` payload. */
  response: JsonSchema;
  /** Name of the request payload in the OpenAPI components. */
  requestName: string;
  /** Name of the response payload in the OpenAPI components. */
  responseName: string;
}

function caps(
  requestName: string,
  request: JsonSchema,
  responseName: string,
  response: JsonSchema,
): CapabilitySchemas {
  return { request, response, requestName, responseName };
}

/** The payload schemas of every standard capability. */
export const CAPABILITY_SCHEMAS: Readonly<Record<StandardCapabilityName, CapabilitySchemas>> = {
  validate_credentials: caps(
    "ValidateCredentials",
    empty("ValidateCredentials"),
    "ValidatedCredentials",
    object("ValidatedCredentials", { valid: bool, unique_tenant_id: str }, ["valid", "unique_tenant_id"]),
  ),
  list_accounts: caps(
    "ListAccounts",
    object("ListAccounts", { custom_attributes: nullable(strings) }),
    "FoundAccountDataList",
    arrayOf(RECORD_SCHEMAS.FoundAccountData),
  ),
  list_resources: caps(
    "ListResources",
    empty("ListResources"),
    "FoundResourceDataList",
    arrayOf(RECORD_SCHEMAS.FoundResourceData),
  ),
  list_entitlements: caps(
    "ListEntitlements",
    object("ListEntitlements", { custom_attributes: nullable(strings) }),
    "FoundEntitlementDataList",
    arrayOf(RECORD_SCHEMAS.FoundEntitlementData),
  ),
  find_entitlement_associations: caps(
    "FindEntitlementAssociations",
    empty("FindEntitlementAssociations"),
    "FoundEntitlementAssociationList",
    arrayOf(RECORD_SCHEMAS.FoundEntitlementAssociation),
  ),
  get_last_activity: caps(
    "GetLastActivity",
    object("GetLastActivity", { account_ids: strings }, ["account_ids"]),
    "LastActivityDataList",
    arrayOf(RECORD_SCHEMAS.LastActivityData),
  ),
  list_custom_attributes_schema: caps(
    "ListCustomAttributesSchema",
    empty("ListCustomAttributesSchema"),
    "CustomAttributeSchemaList",
    arrayOf(RECORD_SCHEMAS.CustomAttributeSchema),
  ),
  create_account: caps(
    "CreateAccount",
    object(
      "CreateAccount",
      {
        email: nullable(str),
        username: nullable(str),
        given_name: nullable(str),
        family_name: nullable(str),
        user_status: nullable(str),
        extra_data: nullable(anyObject),
        entitlements: arrayOf(RECORD_SCHEMAS.CreateAccountEntitlement),
      },
      ["entitlements"],
    ),
    "CreatedAccount",
    object("CreatedAccount", { id: nullable(str), status: accountStatus, created: bool }, [
      "status",
      "created",
    ]),
  ),
  update_account: caps(
    "UpdateAccount",
    updateable("UpdateAccount"),
    "UpdateableAccount",
    updateable("UpdateableAccount"),
  ),
  delete_account: caps(
    "DeleteAccount",
    { ...accountId, title: "DeleteAccount" },
    "DeletedAccount",
    statusResponse("DeletedAccount", "deleted"),
  ),
  activate_account: caps(
    "ActivateAccount",
    { ...accountId, title: "ActivateAccount" },
    "ActivatedAccount",
    statusResponse("ActivatedAccount", "activated"),
  ),
  deactivate_account: caps(
    "DeactivateAccount",
    { ...accountId, title: "DeactivateAccount" },
    "DeactivatedAccount",
    statusResponse("DeactivatedAccount", "deactivated"),
  ),
  assign_entitlement: caps(
    "AssignEntitlement",
    assignment("AssignEntitlement"),
    "AssignedEntitlement",
    object("AssignedEntitlement", { assigned: bool }, ["assigned"]),
  ),
  unassign_entitlement: caps(
    "UnassignEntitlement",
    assignment("UnassignEntitlement"),
    "UnassignedEntitlement",
    object("UnassignedEntitlement", { unassigned: bool }, ["unassigned"]),
  ),
  get_authorization_url: caps(
    "GetAuthorizationUrl",
    object(
      "GetAuthorizationUrl",
      {
        credential_id: nullable(str),
        client_id: str,
        scopes: strings,
        redirect_uri: str,
        state: str,
        form_data: nullable(stringMap),
      },
      ["client_id", "scopes", "redirect_uri", "state"],
    ),
    "AuthorizationUrl",
    object("AuthorizationUrl", { authorization_url: str, code_verifier: nullable(str) }, [
      "authorization_url",
    ]),
  ),
  handle_authorization_callback: caps(
    "HandleAuthorizationCallback",
    object(
      "HandleAuthorizationCallback",
      {
        credential_id: nullable(str),
        client_id: str,
        client_secret: str,
        redirect_uri_with_code: str,
        state: nullable(str),
        code_verifier: nullable(str),
      },
      ["client_id", "client_secret", "redirect_uri_with_code"],
    ),
    "OauthCredentials",
    RECORD_SCHEMAS.OauthCredentials,
  ),
  handle_client_credentials_request: caps(
    "ClientCredentialsRequest",
    object(
      "ClientCredentialsRequest",
      { credential_id: nullable(str), client_id: str, client_secret: str, scopes: strings },
      ["client_id", "client_secret", "scopes"],
    ),
    "OauthCredentials",
    RECORD_SCHEMAS.OauthCredentials,
  ),
  refresh_access_token: caps(
    "RefreshAccessToken",
    object(
      "RefreshAccessToken",
      {
        credential_id: nullable(str),
        client_id: str,
        client_secret: str,
        refresh_token: str,
        state: nullable(str),
      },
      ["client_id", "client_secret", "refresh_token"],
    ),
    "OauthCredentials",
    RECORD_SCHEMAS.OauthCredentials,
  ),
  app_info: caps(
    "AppInfoRequestPayload",
    empty("AppInfoRequestPayload"),
    "AppInfo",
    object("AppInfo", { app_id: str, app_schema: anyObject }, ["app_id", "app_schema"]),
  ),
};
