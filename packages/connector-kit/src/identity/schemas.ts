// Generated from schema/lumos-payloads.ts by `npm run generate:wire`. Do not edit: edit the schema and regenerate.

import type { StandardCapabilityName } from "./capability-names.js";
import type { JsonSchema } from "./json-schema.js";

// JSON Schemas of the standard capabilities' payloads, matching the types of `payloads.ts`: what the Lumos
// host validates requests and responses with, and what `info` and the OpenAPI document publish.

const FoundAccountData: JsonSchema = {
  type: "object",
  title: "FoundAccountData",
  properties: {
    integration_specific_id: { type: "string" },
    email: { anyOf: [{ type: "string" }, { type: "null" }] },
    given_name: { anyOf: [{ type: "string" }, { type: "null" }] },
    family_name: { anyOf: [{ type: "string" }, { type: "null" }] },
    username: { anyOf: [{ type: "string" }, { type: "null" }] },
    user_status: {
      anyOf: [
        { type: "string", enum: ["ACTIVE", "INACTIVE", "SUSPENDED", "DEPROVISIONED", "PENDING", "DELETED"] },
        { type: "null" },
      ],
    },
    extra_data: { anyOf: [{ type: "object" }, { type: "null" }] },
    custom_attributes: {
      anyOf: [{ type: "object", additionalProperties: { type: "string" } }, { type: "null" }],
    },
    account_type: { anyOf: [{ type: "string", enum: ["service", "user"] }, { type: "null" }] },
  },
  required: ["integration_specific_id"],
  "x-unique-hash": ["integration_specific_id"],
};

const FoundResourceData: JsonSchema = {
  type: "object",
  title: "FoundResourceData",
  properties: {
    integration_specific_id: { type: "string" },
    label: { type: "string" },
    resource_type: { type: "string", "x-resource-type": true },
    description: { anyOf: [{ type: "string" }, { type: "null" }] },
    extra_data: { anyOf: [{ type: "object", additionalProperties: { type: "string" } }, { type: "null" }] },
  },
  required: ["integration_specific_id", "label", "resource_type"],
  "x-unique-hash": ["integration_specific_id"],
};

const FoundEntitlementData: JsonSchema = {
  type: "object",
  title: "FoundEntitlementData",
  properties: {
    entitlement_type: { type: "string", "x-entitlement-type": true },
    integration_specific_id: { type: "string" },
    integration_specific_resource_id: { type: "string" },
    label: { type: "string" },
    is_assignable: { anyOf: [{ type: "boolean" }, { type: "null" }] },
    description: { anyOf: [{ type: "string" }, { type: "null" }] },
    extra_data: { anyOf: [{ type: "object" }, { type: "null" }] },
    custom_attributes: {
      anyOf: [{ type: "object", additionalProperties: { type: "string" } }, { type: "null" }],
    },
  },
  required: ["entitlement_type", "integration_specific_id", "integration_specific_resource_id", "label"],
  "x-unique-hash": ["integration_specific_id", "integration_specific_resource_id"],
};

const FoundEntitlementAssociation: JsonSchema = {
  type: "object",
  title: "FoundEntitlementAssociation",
  properties: {
    account_id: { type: "string" },
    integration_specific_entitlement_id: { type: "string" },
    integration_specific_resource_id: { type: "string" },
  },
  required: ["account_id", "integration_specific_entitlement_id", "integration_specific_resource_id"],
  "x-unique-hash": ["account_id", "integration_specific_entitlement_id", "integration_specific_resource_id"],
};

const LastActivityData: JsonSchema = {
  type: "object",
  title: "LastActivityData",
  properties: {
    account_id: { type: "string" },
    event_type: { type: "string" },
    happened_at: { type: "string" },
  },
  required: ["account_id", "event_type", "happened_at"],
};

const CustomAttributeSchema: JsonSchema = {
  type: "object",
  title: "CustomAttributeSchema",
  properties: {
    customized_type: { type: "string", enum: ["account", "entitlement"] },
    name: { type: "string" },
    attribute_type: { type: "string", enum: ["string", "user"] },
    description: { anyOf: [{ type: "string" }, { type: "null" }] },
  },
  required: ["customized_type", "name", "attribute_type"],
};

const CreateAccountEntitlement: JsonSchema = {
  type: "object",
  title: "CreateAccountEntitlement",
  properties: {
    integration_specific_resource_id: { anyOf: [{ type: "string" }, { type: "null" }] },
    entitlement_type: { type: "string" },
    integration_specific_id: { type: "string" },
  },
  required: ["entitlement_type", "integration_specific_id"],
};

const OauthCredentials: JsonSchema = {
  type: "object",
  title: "OauthCredentials",
  properties: {
    access_token: { type: "string" },
    refresh_token: { anyOf: [{ type: "string" }, { type: "null" }] },
    token_type: { type: "string" },
    state: { anyOf: [{ type: "string" }, { type: "null" }] },
  },
  required: ["access_token", "token_type"],
};

const ExecutionSummary: JsonSchema = {
  type: "object",
  title: "ExecutionSummary",
  properties: {
    effect: {
      type: "object",
      properties: { kind: { type: "string", enum: ["created", "updated", "deleted", "noop"] } },
      required: ["kind"],
    },
    request_fingerprint: { type: "string" },
    is_idempotent: { type: "boolean" },
    description: { anyOf: [{ type: "string" }, { type: "null" }] },
    caught_errors: { anyOf: [{ type: "array", items: { type: "object" } }, { type: "null" }] },
  },
  required: ["effect", "request_fingerprint", "is_idempotent"],
};

const Page: JsonSchema = {
  type: "object",
  title: "Page",
  properties: {
    token: { anyOf: [{ type: "string" }, { type: "null" }] },
    size: { anyOf: [{ type: "integer" }, { type: "null" }] },
  },
  required: [],
};

const AppCategory: JsonSchema = {
  type: "string",
  enum: [
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
  ],
};

/** Named schemas of the records the payloads are made of. */
export const RECORD_SCHEMAS = {
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
} as const;

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

/** The payload schemas of every standard capability. */
export const CAPABILITY_SCHEMAS: Readonly<Record<StandardCapabilityName, CapabilitySchemas>> = {
  validate_credentials: {
    request: { type: "object", title: "ValidateCredentials", properties: {}, required: [] },
    response: {
      type: "object",
      title: "ValidatedCredentials",
      properties: { valid: { type: "boolean" }, unique_tenant_id: { type: "string" } },
      required: ["valid", "unique_tenant_id"],
    },
    requestName: "ValidateCredentials",
    responseName: "ValidatedCredentials",
  },
  list_accounts: {
    request: {
      type: "object",
      title: "ListAccounts",
      properties: {
        custom_attributes: { anyOf: [{ type: "array", items: { type: "string" } }, { type: "null" }] },
      },
      required: [],
    },
    response: { type: "array", items: FoundAccountData },
    requestName: "ListAccounts",
    responseName: "FoundAccountDataList",
  },
  list_resources: {
    request: { type: "object", title: "ListResources", properties: {}, required: [] },
    response: { type: "array", items: FoundResourceData },
    requestName: "ListResources",
    responseName: "FoundResourceDataList",
  },
  list_entitlements: {
    request: {
      type: "object",
      title: "ListEntitlements",
      properties: {
        custom_attributes: { anyOf: [{ type: "array", items: { type: "string" } }, { type: "null" }] },
      },
      required: [],
    },
    response: { type: "array", items: FoundEntitlementData },
    requestName: "ListEntitlements",
    responseName: "FoundEntitlementDataList",
  },
  find_entitlement_associations: {
    request: { type: "object", title: "FindEntitlementAssociations", properties: {}, required: [] },
    response: { type: "array", items: FoundEntitlementAssociation },
    requestName: "FindEntitlementAssociations",
    responseName: "FoundEntitlementAssociationList",
  },
  get_last_activity: {
    request: {
      type: "object",
      title: "GetLastActivity",
      properties: { account_ids: { type: "array", items: { type: "string" } } },
      required: ["account_ids"],
    },
    response: { type: "array", items: LastActivityData },
    requestName: "GetLastActivity",
    responseName: "LastActivityDataList",
  },
  list_custom_attributes_schema: {
    request: { type: "object", title: "ListCustomAttributesSchema", properties: {}, required: [] },
    response: { type: "array", items: CustomAttributeSchema },
    requestName: "ListCustomAttributesSchema",
    responseName: "CustomAttributeSchemaList",
  },
  create_account: {
    request: {
      type: "object",
      title: "CreateAccount",
      properties: {
        email: { anyOf: [{ type: "string" }, { type: "null" }] },
        username: { anyOf: [{ type: "string" }, { type: "null" }] },
        given_name: { anyOf: [{ type: "string" }, { type: "null" }] },
        family_name: { anyOf: [{ type: "string" }, { type: "null" }] },
        user_status: { anyOf: [{ type: "string" }, { type: "null" }] },
        extra_data: { anyOf: [{ type: "object" }, { type: "null" }] },
        entitlements: { type: "array", items: CreateAccountEntitlement },
      },
      required: ["entitlements"],
    },
    response: {
      type: "object",
      title: "CreatedAccount",
      properties: {
        id: { anyOf: [{ type: "string" }, { type: "null" }] },
        status: {
          type: "string",
          enum: ["ACTIVE", "INACTIVE", "SUSPENDED", "DEPROVISIONED", "PENDING", "DELETED"],
        },
        created: { type: "boolean" },
      },
      required: ["status", "created"],
    },
    requestName: "CreateAccount",
    responseName: "CreatedAccount",
  },
  update_account: {
    request: {
      type: "object",
      title: "UpdateAccount",
      properties: { id: { type: "string" } },
      required: ["id"],
      additionalProperties: true,
    },
    response: {
      type: "object",
      title: "UpdateableAccount",
      properties: { id: { type: "string" } },
      required: ["id"],
      additionalProperties: true,
    },
    requestName: "UpdateAccount",
    responseName: "UpdateableAccount",
  },
  delete_account: {
    request: {
      type: "object",
      title: "DeleteAccount",
      properties: { account_id: { type: "string", "x-semantic": "account-id" } },
      required: ["account_id"],
    },
    response: {
      type: "object",
      title: "DeletedAccount",
      properties: {
        status: {
          type: "string",
          enum: ["ACTIVE", "INACTIVE", "SUSPENDED", "DEPROVISIONED", "PENDING", "DELETED"],
        },
        deleted: { type: "boolean" },
      },
      required: ["status", "deleted"],
    },
    requestName: "DeleteAccount",
    responseName: "DeletedAccount",
  },
  activate_account: {
    request: {
      type: "object",
      title: "ActivateAccount",
      properties: { account_id: { type: "string", "x-semantic": "account-id" } },
      required: ["account_id"],
    },
    response: {
      type: "object",
      title: "ActivatedAccount",
      properties: {
        status: {
          type: "string",
          enum: ["ACTIVE", "INACTIVE", "SUSPENDED", "DEPROVISIONED", "PENDING", "DELETED"],
        },
        activated: { type: "boolean" },
      },
      required: ["status", "activated"],
    },
    requestName: "ActivateAccount",
    responseName: "ActivatedAccount",
  },
  deactivate_account: {
    request: {
      type: "object",
      title: "DeactivateAccount",
      properties: { account_id: { type: "string", "x-semantic": "account-id" } },
      required: ["account_id"],
    },
    response: {
      type: "object",
      title: "DeactivatedAccount",
      properties: {
        status: {
          type: "string",
          enum: ["ACTIVE", "INACTIVE", "SUSPENDED", "DEPROVISIONED", "PENDING", "DELETED"],
        },
        deactivated: { type: "boolean" },
      },
      required: ["status", "deactivated"],
    },
    requestName: "DeactivateAccount",
    responseName: "DeactivatedAccount",
  },
  assign_entitlement: {
    request: {
      type: "object",
      title: "AssignEntitlement",
      properties: {
        account_integration_specific_id: { type: "string" },
        resource_integration_specific_id: { type: "string" },
        resource_type: { type: "string" },
        entitlement_type: { type: "string" },
        entitlement_integration_specific_id: { type: "string" },
      },
      required: [
        "account_integration_specific_id",
        "resource_integration_specific_id",
        "resource_type",
        "entitlement_type",
        "entitlement_integration_specific_id",
      ],
    },
    response: {
      type: "object",
      title: "AssignedEntitlement",
      properties: { assigned: { type: "boolean" } },
      required: ["assigned"],
    },
    requestName: "AssignEntitlement",
    responseName: "AssignedEntitlement",
  },
  unassign_entitlement: {
    request: {
      type: "object",
      title: "UnassignEntitlement",
      properties: {
        account_integration_specific_id: { type: "string" },
        resource_integration_specific_id: { type: "string" },
        resource_type: { type: "string" },
        entitlement_type: { type: "string" },
        entitlement_integration_specific_id: { type: "string" },
      },
      required: [
        "account_integration_specific_id",
        "resource_integration_specific_id",
        "resource_type",
        "entitlement_type",
        "entitlement_integration_specific_id",
      ],
    },
    response: {
      type: "object",
      title: "UnassignedEntitlement",
      properties: { unassigned: { type: "boolean" } },
      required: ["unassigned"],
    },
    requestName: "UnassignEntitlement",
    responseName: "UnassignedEntitlement",
  },
  get_authorization_url: {
    request: {
      type: "object",
      title: "GetAuthorizationUrl",
      properties: {
        credential_id: { anyOf: [{ type: "string" }, { type: "null" }] },
        client_id: { type: "string" },
        scopes: { type: "array", items: { type: "string" } },
        redirect_uri: { type: "string" },
        state: { type: "string" },
        form_data: {
          anyOf: [{ type: "object", additionalProperties: { type: "string" } }, { type: "null" }],
        },
      },
      required: ["client_id", "scopes", "redirect_uri", "state"],
    },
    response: {
      type: "object",
      title: "AuthorizationUrl",
      properties: {
        authorization_url: { type: "string" },
        code_verifier: { anyOf: [{ type: "string" }, { type: "null" }] },
      },
      required: ["authorization_url"],
    },
    requestName: "GetAuthorizationUrl",
    responseName: "AuthorizationUrl",
  },
  handle_authorization_callback: {
    request: {
      type: "object",
      title: "HandleAuthorizationCallback",
      properties: {
        credential_id: { anyOf: [{ type: "string" }, { type: "null" }] },
        client_id: { type: "string" },
        client_secret: { type: "string" },
        redirect_uri_with_code: { type: "string" },
        state: { anyOf: [{ type: "string" }, { type: "null" }] },
        code_verifier: { anyOf: [{ type: "string" }, { type: "null" }] },
      },
      required: ["client_id", "client_secret", "redirect_uri_with_code"],
    },
    response: {
      type: "object",
      title: "OauthCredentials",
      properties: {
        access_token: { type: "string" },
        refresh_token: { anyOf: [{ type: "string" }, { type: "null" }] },
        token_type: { type: "string" },
        state: { anyOf: [{ type: "string" }, { type: "null" }] },
      },
      required: ["access_token", "token_type"],
    },
    requestName: "HandleAuthorizationCallback",
    responseName: "OauthCredentials",
  },
  handle_client_credentials_request: {
    request: {
      type: "object",
      title: "ClientCredentialsRequest",
      properties: {
        credential_id: { anyOf: [{ type: "string" }, { type: "null" }] },
        client_id: { type: "string" },
        client_secret: { type: "string" },
        scopes: { type: "array", items: { type: "string" } },
      },
      required: ["client_id", "client_secret", "scopes"],
    },
    response: {
      type: "object",
      title: "OauthCredentials",
      properties: {
        access_token: { type: "string" },
        refresh_token: { anyOf: [{ type: "string" }, { type: "null" }] },
        token_type: { type: "string" },
        state: { anyOf: [{ type: "string" }, { type: "null" }] },
      },
      required: ["access_token", "token_type"],
    },
    requestName: "ClientCredentialsRequest",
    responseName: "OauthCredentials",
  },
  refresh_access_token: {
    request: {
      type: "object",
      title: "RefreshAccessToken",
      properties: {
        credential_id: { anyOf: [{ type: "string" }, { type: "null" }] },
        client_id: { type: "string" },
        client_secret: { type: "string" },
        refresh_token: { type: "string" },
        state: { anyOf: [{ type: "string" }, { type: "null" }] },
      },
      required: ["client_id", "client_secret", "refresh_token"],
    },
    response: {
      type: "object",
      title: "OauthCredentials",
      properties: {
        access_token: { type: "string" },
        refresh_token: { anyOf: [{ type: "string" }, { type: "null" }] },
        token_type: { type: "string" },
        state: { anyOf: [{ type: "string" }, { type: "null" }] },
      },
      required: ["access_token", "token_type"],
    },
    requestName: "RefreshAccessToken",
    responseName: "OauthCredentials",
  },
  app_info: {
    request: { type: "object", title: "AppInfoRequestPayload", properties: {}, required: [] },
    response: {
      type: "object",
      title: "AppInfo",
      properties: { app_id: { type: "string" }, app_schema: { type: "object" } },
      required: ["app_id", "app_schema"],
    },
    requestName: "AppInfoRequestPayload",
    responseName: "AppInfo",
  },
};
