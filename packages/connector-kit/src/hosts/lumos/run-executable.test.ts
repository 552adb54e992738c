import { readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { decodePaginationToken } from "../../identity/pagination-token.js";
import { makeTempDir } from "../../test-support/temp-dir.js";
import { runLumosExecutable } from "./run-executable.js";
import {
  createTestDirectory,
  TEST_PASSWORD,
  TEST_USERNAME,
} from "./test-support/test-directory-connector.js";

const auth = { basic: { username: TEST_USERNAME, password: TEST_PASSWORD } };
const settings = { baseDn: "dc=example,dc=com", adminPassword: "admin-setting-secret" };

async function run(argv: string[], connector = createTestDirectory().connector, cwd = tmpdir()) {
  let stdout = "";
  let stderr = "";
  const status = await runLumosExecutable(
    connector,
    argv,
    {
      stdout: (t) => {
        stdout += t;
      },
      stderr: (t) => {
        stderr += t;
      },
      cwd,
    },
    { logLevel: "debug" },
  );
  return { status, stdout, stderr };
}

async function call(capability: string, envelope: unknown, connector = createTestDirectory().connector) {
  const r = await run([capability, "--json", JSON.stringify(envelope)], connector);
  expect(r.status).toBe(0);
  expect(r.stdout.endsWith("\n")).toBe(true);
  return { ...r, body: JSON.parse(r.stdout) as Answer };
}

interface Answer {
  response: unknown;
  raw_data: unknown;
  page: { token: string; size: number | null } | null;
  error: { message: string; error_code: string };
  [key: string]: unknown;
}

const envelope = (request: unknown, extra: Record<string, unknown> = {}) => ({
  auth,
  settings,
  request,
  ...extra,
});

describe("<exe> info", () => {
  it("prints the info document with every object's keys sorted, in Python's json.dumps form", async () => {
    const r = await run(["info"]);
    expect(r.status).toBe(0);
    const info = JSON.parse(r.stdout);
    expect(
      r.stdout.startsWith(
        '{"execution_summary": null, "page": null, "raw_data": null, "response": {"app_id": "test-directory"',
      ),
    ).toBe(true);
    const sortedDeep = (v: unknown): boolean =>
      Array.isArray(v)
        ? v.every(sortedDeep)
        : v !== null && typeof v === "object"
          ? Object.keys(v).join() === Object.keys(v).sort().join() && Object.values(v).every(sortedDeep)
          : true;
    expect(sortedDeep(info)).toBe(true);
    const response = info.response;
    expect(response.version).toBe("1.2.3");
    expect(response.capabilities).toEqual([...response.capabilities].sort());
    expect(response.capabilities).toEqual(
      expect.arrayContaining([
        "app_info",
        "list_accounts",
        "create_account",
        "list_group_owners",
        "validate_credentials",
      ]),
    );
    expect(response.capabilities).not.toContain("get_authorization_url");
    expect(response.capability_schema.list_accounts).toMatchObject({
      display_name: "List Accounts",
      description: "Every user entry under the base DN",
      // A list payload is published as Lumos' pydantic Empty model.
      output: { properties: {}, title: "Empty", type: "object" },
    });
    expect(response.capability_schema.assign_entitlement.output.title).toBe("AssignedEntitlement");
    expect(response.capability_schema.deactivate_account.output).toMatchObject({
      title: "DeactivatedAccount",
      required: ["status", "deactivated"],
      properties: { deactivated: { type: "boolean" } },
    });
    expect(response.capability_schema.activate_account.output.required).toEqual(["status", "activated"]);
    expect(response.capability_schema.delete_account.output.required).toEqual(["status", "deleted"]);
    expect(response.capability_schema.get_last_activity.argument.required).toEqual(["account_ids"]);
    expect(response.authentication_schema).toMatchObject({
      "x-credential-type": "basic",
      field_order: ["username", "password"],
    });
    expect(response.authentication_schema.properties.password["x-secret"]).toBe(true);
    expect(response.request_settings_schema.field_order).toEqual(["baseDn", "pageLimit", "adminPassword"]);
    expect(response.request_settings_schema.required).toEqual(["baseDn"]);
    expect(response.request_settings_schema.properties.pageLimit.type).toBe("integer");
    expect(response.request_settings_schema.properties.adminPassword["x-secret"]).toBe(true);
    expect(response.entitlement_types).toEqual([
      {
        max: null,
        min: 0,
        requirements: null,
        resource_type_id: "ou",
        type_id: "group",
        type_label: "Group",
      },
    ]);
    expect(response.categories).toEqual(["IT_AND_SECURITY", "DEVELOPERS"]);
    expect(response.app_vendor_domain).toBe("example.com");
    expect(response.oauth_scopes).toBeNull();
  });

  it("writes info gzip-compressed to --result-file-path and nothing to stdout", async () => {
    const dir = makeTempDir("lumos-info-");
    const r = await run(["info", "--result-file-path", "info.json.gz"], undefined, dir);
    expect(r).toMatchObject({ status: 0, stdout: "" });
    const text = gunzipSync(readFileSync(join(dir, "info.json.gz"))).toString("utf8");
    expect(JSON.parse(text).response.app_id).toBe("test-directory");
  });
});

describe("<exe> <capability>: every capability through the executable", () => {
  it("validate_credentials", async () => {
    const { body } = await call("validate_credentials", envelope({}));
    expect(body).toEqual({
      response: { valid: true, unique_tenant_id: "test-directory:dc=example,dc=com" },
      raw_data: null,
      page: null,
      execution_summary: null,
    });
  });

  it("list_accounts pages with an opaque token until there is none, and writes absent fields as null", async () => {
    const { connector } = createTestDirectory();
    const ids: string[] = [];
    let page = null as { token: string; size: number | null } | null;
    let calls = 0;
    do {
      const { body } = await call("list_accounts", envelope({}, page ? { page } : {}), connector);
      const response = body.response as { integration_specific_id: string }[];
      ids.push(...response.map((a) => a.integration_specific_id));
      page = body.page as typeof page;
      if (page) {
        expect(page.token).toMatch(/^[0-9a-f]+$/);
        expect(decodePaginationToken(page.token)).toEqual([{ endpoint: "users", offset: ids.length }]);
      }
      calls++;
    } while (page);
    expect(ids).toEqual(["uid=ada", "uid=alan", "uid=grace", "uid=linus", "uid=ken"]);
    expect(calls).toBe(3);
    const first = await call("list_accounts", envelope({}, { page: { size: 1 } }), connector);
    expect(first.body.response).toEqual([
      {
        integration_specific_id: "uid=ada",
        email: "ada@example.com",
        given_name: "Ada",
        family_name: "Lovelace",
        username: "ada",
        user_status: "ACTIVE",
        extra_data: null,
        custom_attributes: null,
        account_type: "user",
      },
    ]);
    expect(first.body.page).toEqual({ token: expect.any(String), size: 1 });
  });

  it("list_accounts: raw_data only with include_raw_data; custom attributes on request", async () => {
    const without = await call("list_accounts", envelope({}));
    expect(without.body.raw_data).toBeNull();
    const withRaw = await call(
      "list_accounts",
      envelope({ custom_attributes: ["department"] }, { include_raw_data: true }),
    );
    expect(withRaw.body.raw_data).toEqual({
      entries: ["dn: uid=ada,dc=example,dc=com", "dn: uid=alan,dc=example,dc=com"],
    });
    expect((withRaw.body.response as { custom_attributes: unknown }[])[0]!.custom_attributes).toEqual({
      department: "R&D",
    });
  });

  it("list_accounts: a bad page token is invalid_page_token", async () => {
    const { body } = await call("list_accounts", envelope({}, { page: { token: "zz-not-hex" } }));
    expect(body).toMatchObject({ is_error: true, error: { error_code: "invalid_page_token" } });
    const truncated = await call("list_accounts", envelope({}, { page: { token: "92" } }));
    expect(truncated.body).toMatchObject({ is_error: true, error: { error_code: "invalid_page_token" } });
  });

  it("list_resources and list_entitlements", async () => {
    const resources = await call("list_resources", envelope({}));
    expect(resources.body.response).toEqual([
      {
        integration_specific_id: "ou=eng",
        label: "Engineering",
        resource_type: "ou",
        description: null,
        extra_data: null,
      },
      {
        integration_specific_id: "ou=ops",
        label: "Operations",
        resource_type: "ou",
        description: null,
        extra_data: null,
      },
    ]);
    const entitlements = await call("list_entitlements", envelope({}));
    expect((entitlements.body.response as unknown[]).length).toBe(3);
    expect((entitlements.body.response as unknown[])[0]).toEqual({
      entitlement_type: "group",
      integration_specific_id: "cn=devs",
      integration_specific_resource_id: "ou=eng",
      label: "Developers",
      is_assignable: true,
      description: null,
      extra_data: null,
      custom_attributes: null,
    });
  });

  it("find_entitlement_associations walks two endpoints through one token", async () => {
    const first = await call("find_entitlement_associations", envelope({}));
    expect(first.body.response).toEqual([
      {
        account_id: "uid=ada",
        integration_specific_entitlement_id: "cn=devs",
        integration_specific_resource_id: "ou=eng",
      },
      {
        account_id: "uid=alan",
        integration_specific_entitlement_id: "cn=devs",
        integration_specific_resource_id: "ou=eng",
      },
    ]);
    const page = first.body.page as { token: string };
    expect(decodePaginationToken(page.token)).toEqual([{ endpoint: "ou=ops" }]);
    const second = await call("find_entitlement_associations", envelope({}, { page }));
    expect((second.body.response as { account_id: string }[]).map((a) => a.account_id)).toEqual([
      "uid=grace",
      "uid=ken",
    ]);
    expect(second.body.page).toBeNull();
  });

  it("get_last_activity and list_custom_attributes_schema", async () => {
    const activity = await call("get_last_activity", envelope({ account_ids: ["uid=ada"] }));
    expect(activity.body.response).toEqual([
      { account_id: "uid=ada", event_type: "last_login", happened_at: "2024-05-01T10:00:00Z" },
    ]);
    const schema = await call("list_custom_attributes_schema", envelope({}));
    expect(schema.body.response).toEqual([
      { customized_type: "account", name: "department", attribute_type: "string", description: null },
    ]);
  });

  it("account lifecycle: create, update, deactivate, activate, assign, unassign, delete", async () => {
    const { connector, users, memberships } = createTestDirectory();
    const created = await call(
      "create_account",
      envelope({
        username: "barbara",
        email: "barbara@example.com",
        entitlements: [{ entitlement_type: "group", integration_specific_id: "cn=devs" }],
      }),
      connector,
    );
    expect(created.body).toEqual({
      response: { id: "uid=barbara", status: "ACTIVE", created: true },
      raw_data: null,
      page: null,
      execution_summary: {
        effect: { kind: "created" },
        request_fingerprint: "create:uid=barbara",
        is_idempotent: false,
        description: null,
        caught_errors: null,
      },
    });
    expect(memberships.has("uid=barbara|cn=devs")).toBe(true);
    const updated = await call(
      "update_account",
      envelope({ id: "uid=barbara", email: "b@example.com" }),
      connector,
    );
    expect(updated.body).toMatchObject({
      response: { id: "uid=barbara", email: "b@example.com" },
      execution_summary: null,
    });
    const deactivated = await call("deactivate_account", envelope({ account_id: "uid=barbara" }), connector);
    expect(deactivated.body.response).toEqual({ status: "SUSPENDED", deactivated: true });
    const activated = await call("activate_account", envelope({ account_id: "uid=barbara" }), connector);
    expect(activated.body.response).toEqual({ status: "ACTIVE", activated: true });
    const assignment = {
      account_integration_specific_id: "uid=barbara",
      resource_integration_specific_id: "ou=ops",
      resource_type: "ou",
      entitlement_type: "group",
      entitlement_integration_specific_id: "cn=admins",
    };
    expect((await call("assign_entitlement", envelope(assignment), connector)).body.response).toEqual({
      assigned: true,
    });
    expect(memberships.has("uid=barbara|cn=admins")).toBe(true);
    expect((await call("unassign_entitlement", envelope(assignment), connector)).body.response).toEqual({
      unassigned: true,
    });
    const deleted = await call("delete_account", envelope({ account_id: "uid=barbara" }), connector);
    expect(deleted.body.response).toEqual({ status: "DELETED", deleted: true });
    expect(users.some((u) => u.id === "uid=barbara")).toBe(false);
  });

  it("a custom capability with its own schema", async () => {
    const { body } = await call("list_group_owners", envelope({ group_id: "cn=admins" }));
    expect(body).toEqual({ response: ["uid=grace"], raw_data: null, page: null, execution_summary: null });
    const bad = await call("list_group_owners", envelope({}));
    expect(bad.body.error).toMatchObject({
      error_code: "bad_request",
      message: "Invalid request - request.group_id: Field required",
    });
  });

  it("app_info answers the OpenAPI document without auth or settings", async () => {
    const { body } = await call("app_info", { request: {} });
    const response = body.response as { app_id: string; app_schema: Record<string, unknown> };
    expect(response.app_id).toBe("test-directory");
    expect(response.app_schema["openapi"]).toBe("3.0.0");
    expect(Object.keys(response.app_schema["paths"] as object)).toContain("/list_accounts");
  });

  it("reads --json-file (quotes stripped) and writes --result-file-path gzip-compressed", async () => {
    const dir = makeTempDir("lumos-cap-");
    writeFileSync(join(dir, "req.json"), JSON.stringify(envelope({})));
    const r = await run(
      ["validate_credentials", "--json-file", '"req.json"', "--result-file-path", join(dir, "out.gz")],
      undefined,
      dir,
    );
    expect(r).toMatchObject({ status: 0, stdout: "" });
    const body = JSON.parse(gunzipSync(readFileSync(join(dir, "out.gz"))).toString("utf8"));
    expect(body.response.valid).toBe(true);
  });
});

describe("<exe>: error paths", () => {
  it("no command: message and help on stderr, exit 1", async () => {
    const r = await run([]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^No command passed in\nusage: test-directory/);
    expect(r.stdout).toBe("");
  });

  it("unknown capability: a usage error, exit 2", async () => {
    const r = await run(["list_expenses", "--json", "{}"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/invalid choice: 'list_expenses'/);
  });

  it("missing, conflicting or unknown flags: exit 2", async () => {
    expect((await run(["list_accounts"])).stderr).toMatch(
      /one of the arguments --json --json-file is required/,
    );
    const both = await run(["list_accounts", "--json", "{}", "--json-file", "x.json"]);
    expect(both.status).toBe(2);
    expect(both.stderr).toMatch(/not allowed with argument --json/);
    expect((await run(["info", "--json", "{}"])).status).toBe(2);
    expect((await run(["list_accounts", "--json"])).stderr).toMatch(/expected one argument/);
  });

  it("a result path not ending in .gz, or an unreadable --json-file: exit 1", async () => {
    const r = await run(["info", "--result-file-path", "out.json"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/must end in \.gz/);
    const missing = await run(["list_accounts", "--json-file", "/nonexistent/req.json"]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/Cannot read --json-file/);
  });

  it("an empty --json or --json-file value is refused with exit 1 and no envelope, as Lumos' CLI does", async () => {
    for (const flag of ["--json", "--json-file"]) {
      const r = await run(["validate_credentials", flag, ""]);
      expect(r.status, flag).toBe(1);
      expect(r.stdout).toBe("");
      expect(r.stderr).toContain(`${flag} is empty`);
    }
    const inline = await run(["validate_credentials", "--json="]);
    expect(inline.status).toBe(1);
  });

  it("bad JSON and non-object JSON: bad_request envelopes, exit 0", async () => {
    const r = await run(["list_accounts", "--json", "{not json"]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      is_error: true,
      error: {
        message: expect.stringMatching(/^Invalid request - Invalid JSON: /),
        status_code: null,
        app_error_code: null,
        error_code: "bad_request",
        app_id: "test-directory",
        raised_by: null,
        raised_in: null,
      },
      raw_data: null,
      page: null,
    });
    const array = await call("list_accounts", [1, 2]);
    expect(array.body.error).toMatchObject({
      error_code: "bad_request",
      message: "Invalid request, expected JSON input.",
    });
  });

  it("validation, in order: payload shape, then auth, then settings", async () => {
    const missingRequest = await call("list_accounts", { auth, settings });
    expect(missingRequest.body.error).toMatchObject({ message: "Invalid request - request: Field required" });
    const badPayload = await call("get_last_activity", { request: { account_ids: "uid=ada" } });
    expect(badPayload.body.error).toMatchObject({
      error_code: "bad_request",
      message: "Invalid request - request.account_ids: expected array, got string",
    });
    const badPage = await call("list_accounts", envelope({}, { page: { size: "ten" } }));
    expect(badPage.body.error.message).toBe("Invalid request - page.size: expected integer, got string");
    const noAuth = await call("list_accounts", { request: {} });
    expect(noAuth.body.error).toMatchObject({
      error_code: "bad_request",
      message: "Missing auth/credentials in request",
    });
    const both = await call("list_accounts", { auth, credentials: [{ id: "x", ...auth }], request: {} });
    expect(both.body.error.message).toMatch(/^Cannot pass credentials and auth in the same request/);
    const wrongModel = await call("list_accounts", { auth: { token: { token: "abcd" } }, request: {} });
    expect(wrongModel.body.error.message).toBe("Missing 'basic' credential in request");
    const noSettings = await call("list_accounts", { auth, request: {} });
    expect(noSettings.body.error.message).toBe(
      "No settings passed on request: test-directory requires TestDirectorySettings",
    );
    const missingSetting = await call("list_accounts", { auth, request: {}, settings: { pageLimit: 3 } });
    expect(missingSetting.body.error.message).toBe(
      "Invalid settings passed on request. Missing required settings: Base DN",
    );
    const badSetting = await call("list_accounts", {
      auth,
      request: {},
      settings: { baseDn: "dc=x", pageLimit: "many" },
    });
    expect(badSetting.body.error.message).toBe(
      "Invalid settings passed on request. Page limit must be an integer",
    );
  });

  it("a ConnectorError keeps its Lumos code and app code; raised_by/raised_in name it", async () => {
    const wrong = await call("validate_credentials", {
      auth: { basic: { username: TEST_USERNAME, password: "wrong-password" } },
      request: {},
      settings,
    });
    expect(wrong.body).toEqual({
      is_error: true,
      error: {
        message: "Bind failed: invalid credentials",
        status_code: null,
        app_error_code: "ldap.invalid_credentials",
        error_code: "unauthorized",
        app_id: "test-directory",
        raised_by: "ConnectorError",
        raised_in: "test_directory.identity:validateCredentials",
      },
      raw_data: null,
      page: null,
    });
    const appflow = await call("appflow_error", envelope({}));
    expect(appflow.body.error).toMatchObject({
      error_code: "permission_denied",
      message: "Not allowed to read the directory",
    });
    const notFound = await call("activate_account", envelope({ account_id: "uid=nobody" }));
    expect(notFound.body.error).toMatchObject({ error_code: "not_found" });
  });

  it("an unexpected exception is unexpected_error with its message, secrets redacted", async () => {
    const { body, stderr } = await call("crash", envelope({}));
    expect(body.error).toMatchObject({
      error_code: "unexpected_error",
      message: "Unexpected failure while binding with [REDACTED]",
      raised_by: "Error",
      raised_in: "test_directory.identity.custom:crash",
    });
    expect(stderr).toMatch(/Capability failed unexpectedly/);
    expect(stderr).not.toContain("admin-setting-secret");
  });

  it("an error carrying an HTTP status maps it (503 → bad_gateway) and names the URL without its query", async () => {
    const { body } = await call("upstream_failure", envelope({}));
    expect(body.error).toMatchObject({
      error_code: "bad_gateway",
      status_code: 503,
      message: "[503][https://directory.example.com/users] Service Unavailable",
      raised_by: "FakeHttpError",
    });
  });

  it("a registered exception handler rewrites the error", async () => {
    const { body } = await call("busy", envelope({}));
    expect(body.error).toMatchObject({
      error_code: "rate_limit",
      message: "Directory busy: try again in a minute",
      app_error_code: "directory.busy",
      raised_by: "DirectoryBusyError",
    });
  });

  it("a response of the wrong shape is invalid_response", async () => {
    const { body } = await call("wrong_shape", envelope({}));
    expect(body.error).toMatchObject({
      error_code: "invalid_response",
      message:
        "Unexpected response from executed capability: response.ok: expected boolean, got string (wrong_shape answers {ok})",
    });
  });
});

describe("<exe>: logs", () => {
  it("go to stderr as JSON lines, with every secret of auth and settings redacted", async () => {
    const r = await call("validate_credentials", envelope({}));
    const lines = r.stderr.trim().split("\n");
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) JSON.parse(line);
    expect(r.stderr).toContain("Bound to the directory");
    expect(r.stderr).toContain(TEST_USERNAME);
    expect(r.stderr).not.toContain(TEST_PASSWORD);
    expect(r.stderr).not.toContain("admin-setting-secret");
    expect(r.stderr).toContain("[REDACTED]");
    expect(r.stdout).not.toContain("[REDACTED]");
  });
});
