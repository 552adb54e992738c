import { createLumosHost } from "connector-kit/lumos";
import { expect, it } from "vitest";
import { ldapConnector } from "../src/connector.js";
import { describeWithSlapd, GROUPS } from "./fixtures.js";
import { SERVICE_DN, SERVICE_PASSWORD, SUFFIX } from "./slapd-server.js";

interface Envelope {
  response?: unknown;
  page?: { token: string; size: number | null } | null;
  error?: { message: string; error_code: string } | null;
}

describeWithSlapd("the LDAP connector through the Lumos host", (server) => {
  const host = createLumosHost(ldapConnector, { logLevel: "silent" });
  const call = async (
    capability: string,
    request: unknown,
    extra: Record<string, unknown> = {},
    password = SERVICE_PASSWORD,
  ) => {
    const result = await host.handle(capability, {
      auth: { basic: { username: SERVICE_DN, password } },
      settings: { url: server().url, baseDn: SUFFIX, usersOu: "ou=people", groupsOu: GROUPS },
      request,
      ...extra,
    });
    expect(result.exitCode).toBe(0);
    return JSON.parse(result.text) as Envelope;
  };

  it("pages through every account with Lumos page tokens", async () => {
    const ids: string[] = [];
    let page: Envelope["page"] = null;
    let calls = 0;
    do {
      const answer: Envelope = await call(
        "list_accounts",
        {},
        { page: page ? { token: page.token, size: 10 } : { size: 10 } },
      );
      expect(answer.error ?? null).toBeNull();
      ids.push(
        ...(answer.response as { integration_specific_id: string }[]).map((a) => a.integration_specific_id),
      );
      page = answer.page ?? null;
      calls++;
    } while (page);
    expect(calls).toBeGreaterThan(1);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("answers a garbage page token with invalid_page_token", async () => {
    for (const token of ["garbage", "e30", "!!!"]) {
      const answer = await call("list_accounts", {}, { page: { token, size: 10 } });
      expect(answer.error, token).toMatchObject({
        error_code: "invalid_page_token",
        message: "Invalid page token",
      });
    }
  });

  it("creates, deactivates, activates and deletes an account", async () => {
    const created = await call("create_account", {
      email: "mallory@example.org",
      given_name: "Mal",
      family_name: "Lory",
      username: "mallory",
      entitlements: [],
    });
    expect(created.error ?? null, JSON.stringify(created.error)).toBeNull();
    const id = (created.response as { id: string }).id;
    // Each answer as Lumos' models serialize it: the required flag, and execution_summary written.
    expect(await call("deactivate_account", { account_id: id })).toEqual({
      response: { status: "SUSPENDED", deactivated: true },
      raw_data: null,
      page: null,
      execution_summary: null,
    });
    expect((await call("activate_account", { account_id: id })).response).toEqual({
      status: "ACTIVE",
      activated: true,
    });
    expect((await call("delete_account", { account_id: id })).response).toEqual({
      status: "DELETED",
      deleted: true,
    });
  });

  it("answers a wrong bind password with an error envelope, not a crash", async () => {
    const answer = await call("validate_credentials", {}, {}, "wrong-password");
    expect(answer.error?.error_code).toBeDefined();
    expect(JSON.stringify(answer)).not.toContain("wrong-password");
  });
});
