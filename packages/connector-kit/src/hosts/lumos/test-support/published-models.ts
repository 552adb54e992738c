/**
 * JSON Schemas (draft-07) of the response models Lumos publishes in connector-sdk-types, written for the
 * tests from the models' field lists (docs/spec notes: each `*Response` has `response`, `raw_data`, `page`
 * and `execution_summary`; payload fields and which are required). They are independent of the SDK's own
 * schemas in `identity/schemas.ts`, so the tests check our envelopes against a second reading.
 *
 * Serialization rules they encode: `model_dump_json()` writes every declared field (absent ones as null) and
 * nothing undeclared; required fields are never null; booleans are strict.
 */

type Schema = Record<string, unknown>;

const string: Schema = { type: "string" };
const boolean: Schema = { type: "boolean" };
const nullable = (schema: Schema): Schema => ({ anyOf: [schema, { type: "null" }] });
const stringMap: Schema = { type: "object", additionalProperties: string };
const anyObject: Schema = { type: "object" };

/** A pydantic model as it serializes: every field present, no other key. */
function model(required: Record<string, Schema>, optional: Record<string, Schema> = {}): Schema {
  const properties: Record<string, Schema> = { ...required };
  for (const [key, schema] of Object.entries(optional)) properties[key] = nullable(schema);
  return {
    type: "object",
    properties,
    required: Object.keys(properties),
    additionalProperties: false,
  };
}

const ACCOUNT_STATUS: Schema = {
  enum: ["ACTIVE", "INACTIVE", "SUSPENDED", "DEPROVISIONED", "PENDING", "DELETED"],
};

const PAGE = model({}, { token: string, size: { type: "integer" } });

const EXECUTION_SUMMARY: Schema = {
  type: "object",
  properties: {
    effect: { type: "object", properties: { kind: string }, required: ["kind"] },
    request_fingerprint: string,
    is_idempotent: boolean,
    description: nullable(string),
    caught_errors: nullable({ type: "array" }),
  },
  required: ["effect", "request_fingerprint", "is_idempotent", "description", "caught_errors"],
  additionalProperties: false,
};

/** `XResponse`: `{response, raw_data, page, execution_summary}`, every key written. */
function response(payload: Schema): Schema {
  return {
    type: "object",
    properties: {
      response: payload,
      raw_data: {},
      page: nullable(PAGE),
      execution_summary: nullable(EXECUTION_SUMMARY),
    },
    required: ["response", "raw_data", "page", "execution_summary"],
    additionalProperties: false,
  };
}

const list = (item: Schema): Schema => ({ type: "array", items: item });

const FOUND_ACCOUNT_DATA = model(
  { integration_specific_id: string },
  {
    email: string,
    given_name: string,
    family_name: string,
    username: string,
    user_status: ACCOUNT_STATUS,
    extra_data: anyObject,
    custom_attributes: stringMap,
    account_type: { enum: ["service", "user"] },
  },
);
const FOUND_RESOURCE_DATA = model(
  { integration_specific_id: string, label: string, resource_type: string },
  { description: string, extra_data: stringMap },
);
const FOUND_ENTITLEMENT_DATA = model(
  {
    entitlement_type: string,
    integration_specific_id: string,
    integration_specific_resource_id: string,
    label: string,
  },
  { is_assignable: boolean, description: string, extra_data: anyObject, custom_attributes: stringMap },
);
const FOUND_ENTITLEMENT_ASSOCIATION = model({
  account_id: string,
  integration_specific_entitlement_id: string,
  integration_specific_resource_id: string,
});
// Plain strings in Lumos' model: no enum on event_type, no format on happened_at.
const LAST_ACTIVITY_DATA = model({ account_id: string, event_type: string, happened_at: string });
const CUSTOM_ATTRIBUTE_SCHEMA = model(
  {
    customized_type: { enum: ["account", "entitlement"] },
    name: string,
    attribute_type: { enum: ["string", "user"] },
  },
  { description: string },
);

/** The response envelope schema of each identity capability (and `app_info`). */
export const PUBLISHED_RESPONSE_SCHEMAS: Readonly<Record<string, Schema>> = {
  validate_credentials: response(model({ valid: boolean, unique_tenant_id: string })),
  list_accounts: response(list(FOUND_ACCOUNT_DATA)),
  list_resources: response(list(FOUND_RESOURCE_DATA)),
  list_entitlements: response(list(FOUND_ENTITLEMENT_DATA)),
  find_entitlement_associations: response(list(FOUND_ENTITLEMENT_ASSOCIATION)),
  get_last_activity: response(list(LAST_ACTIVITY_DATA)),
  list_custom_attributes_schema: response(list(CUSTOM_ATTRIBUTE_SCHEMA)),
  create_account: response(model({ status: ACCOUNT_STATUS, created: boolean }, { id: string })),
  // UpdateableAccount: `id` required; a customized payload may add fields.
  update_account: response({ type: "object", properties: { id: string }, required: ["id"] }),
  delete_account: response(model({ status: ACCOUNT_STATUS, deleted: boolean })),
  activate_account: response(model({ status: ACCOUNT_STATUS, activated: boolean })),
  deactivate_account: response(model({ status: ACCOUNT_STATUS, deactivated: boolean })),
  assign_entitlement: response(model({ assigned: boolean })),
  unassign_entitlement: response(model({ unassigned: boolean })),
  app_info: response(model({ app_id: string, app_schema: anyObject })),
};
