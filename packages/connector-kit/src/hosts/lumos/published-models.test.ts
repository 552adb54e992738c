import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { defineConnector } from "../../define/define-connector.js";
import type { IdentityCapabilities } from "../../identity/identity-capabilities.js";
import { reply } from "../../identity/identity-capabilities.js";
import { createLumosHost } from "./lumos-host.js";
import { PUBLISHED_RESPONSE_SCHEMAS } from "./test-support/published-models.js";
import {
  createTestDirectory,
  TEST_PASSWORD,
  TEST_USERNAME,
} from "./test-support/test-directory-connector.js";

const ajv = new Ajv({ allErrors: true, strict: true });
const validators = Object.fromEntries(
  Object.entries(PUBLISHED_RESPONSE_SCHEMAS).map(([name, schema]) => [name, ajv.compile(schema)]),
);

/** The wire text of an answer, checked against the published model of the capability. */
function expectPublishedShape(capability: string, text: string): Record<string, unknown> {
  const body = JSON.parse(text) as Record<string, unknown>;
  expect(body["is_error"], text).toBeUndefined();
  const validate = validators[capability]!;
  expect(validate(body), JSON.stringify({ body, errors: validate.errors }, null, 2)).toBe(true);
  return body;
}

const auth = { basic: { username: TEST_USERNAME, password: TEST_PASSWORD } };
const settings = { baseDn: "dc=example,dc=com" };
const assignment = {
  account_integration_specific_id: "uid=ken",
  resource_integration_specific_id: "ou=eng",
  resource_type: "ou",
  entitlement_type: "group",
  entitlement_integration_specific_id: "cn=devs",
};

/** A valid request payload for each capability of the test directory. */
const REQUESTS: Record<string, unknown> = {
  validate_credentials: {},
  list_accounts: {},
  list_resources: {},
  list_entitlements: {},
  find_entitlement_associations: {},
  get_last_activity: { account_ids: ["uid=ada"] },
  list_custom_attributes_schema: {},
  create_account: { username: "barbara", entitlements: [] },
  update_account: { id: "uid=ada", email: "ada@example.org" },
  delete_account: { account_id: "uid=linus" },
  activate_account: { account_id: "uid=grace" },
  deactivate_account: { account_id: "uid=alan" },
  assign_entitlement: assignment,
  unassign_entitlement: { ...assignment, account_integration_specific_id: "uid=ada" },
  app_info: {},
};

describe("envelopes against the published models (connector-sdk-types)", () => {
  for (const capability of Object.keys(PUBLISHED_RESPONSE_SCHEMAS)) {
    it(capability, async () => {
      const host = createLumosHost(createTestDirectory().connector, { logLevel: "silent" });
      const r = await host.handle(capability, { auth, settings, request: REQUESTS[capability] });
      const body = expectPublishedShape(capability, r.text);
      expect(Object.keys(body)).toEqual(["response", "raw_data", "page", "execution_summary"]);
    });
  }

  it("the published schemas refuse what Lumos' models refuse (the check is not vacuous)", () => {
    const envelope = (response: unknown) => ({
      response,
      raw_data: null,
      page: null,
      execution_summary: null,
    });
    expect(validators["deactivate_account"]!(envelope({ status: "SUSPENDED", deactivated: null }))).toBe(
      false,
    );
    expect(validators["deactivate_account"]!(envelope({ status: "SUSPENDED" }))).toBe(false);
    expect(validators["assign_entitlement"]!(envelope({ assigned: "true" }))).toBe(false);
    const { execution_summary: _, ...withoutSummary } = envelope({ valid: true, unique_tenant_id: "t" });
    expect(validators["validate_credentials"]!(withoutSummary)).toBe(false);
    expect(validators["list_accounts"]!(envelope([{ integration_specific_id: "a", extra: 1 }]))).toBe(false);
  });
});

// An identity-only connector: a mode and the two metadata functions on the AppFlow side.
function identityConnector(identity: IdentityCapabilities) {
  return defineConnector({
    name: "Models",
    owner: "x",
    version: "1.0.0",
    modes: ["SOURCE"],
    listEntities: async () => [],
    describeEntity: async () => {
      throw new Error("no entities");
    },
    identity,
  });
}

describe("status flags are required strict booleans", () => {
  const cases = [
    ["deactivate_account", "deactivateAccount", "deactivated", "SUSPENDED"],
    ["activate_account", "activateAccount", "activated", "ACTIVE"],
    ["delete_account", "deleteAccount", "deleted", "DELETED"],
  ] as const;
  for (const [capability, fn, flag, status] of cases) {
    it(`${capability}: a reply without ${flag}, or with a non-boolean one, is refused with invalid_response`, async () => {
      for (const [answer, problem] of [
        [{ status }, `response.${flag}: Field required`],
        [{ status, [flag]: null }, `response.${flag}: expected boolean, got null`],
        [{ status, [flag]: "true" }, `response.${flag}: expected boolean, got string`],
      ] as const) {
        const host = createLumosHost(
          // A JavaScript connector (no type checks) may still leave the flag out.
          identityConnector({ [fn]: async () => answer } as unknown as IdentityCapabilities),
          { logLevel: "silent" },
        );
        const r = await host.handle(capability, { request: { account_id: "u1" } });
        expect(JSON.parse(r.text).error).toMatchObject({
          error_code: "invalid_response",
          message: `Unexpected response from executed capability: ${problem} (${capability} answers {status, ${flag}})`,
        });
      }
      const host = createLumosHost(
        identityConnector({
          [fn]: async () => ({ status, [flag]: true }),
        } as unknown as IdentityCapabilities),
        { logLevel: "silent" },
      );
      const ok = await host.handle(capability, { request: { account_id: "u1" } });
      expectPublishedShape(capability, ok.text);
    });
  }
});

describe("payloads as lenient and as strict as Lumos' models", () => {
  it("get_last_activity takes any string as event_type and happened_at", async () => {
    const host = createLumosHost(
      identityConnector({
        getLastActivity: async () => [
          { account_id: "u1", event_type: "last_seen", happened_at: "yesterday" },
        ],
      }),
      { logLevel: "silent" },
    );
    const r = await host.handle("get_last_activity", { request: { account_ids: ["u1"] } });
    const body = expectPublishedShape("get_last_activity", r.text);
    expect(body["response"]).toEqual([
      { account_id: "u1", event_type: "last_seen", happened_at: "yesterday" },
    ]);
  });

  it("a read capability's reply may carry an execution summary; undeclared keys are dropped", async () => {
    const host = createLumosHost(
      identityConnector({
        listResources: async () =>
          reply([{ integration_specific_id: "r1", label: "R", resource_type: "", internal: 1 }], {
            executionSummary: { effect: { kind: "noop" }, request_fingerprint: "f", is_idempotent: true },
          }),
        updateAccount: async (_ctx, input) => ({ ...input.request, department: "R&D" }),
      }),
      { logLevel: "silent" },
    );
    const r = await host.handle("list_resources", { request: {} });
    const body = expectPublishedShape("list_resources", r.text);
    expect(body["response"]).toEqual([
      { integration_specific_id: "r1", label: "R", resource_type: "", description: null, extra_data: null },
    ]);
    expect(body["execution_summary"]).toMatchObject({ effect: { kind: "noop" }, is_idempotent: true });
    // update_account's payload is customizable: its extra fields stay.
    const updated = await host.handle("update_account", { request: { id: "u1" } });
    expect(expectPublishedShape("update_account", updated.text)["response"]).toEqual({
      id: "u1",
      department: "R&D",
    });
  });

  it("info carries a top-level execution_summary (null)", () => {
    const host = createLumosHost(createTestDirectory().connector, { logLevel: "silent" });
    const { document, text } = host.info();
    expect(document.execution_summary).toBeNull();
    expect(text.startsWith('{"execution_summary": null, ')).toBe(true);
  });
});
