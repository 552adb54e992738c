import { IdentityError } from "connector-kit/identity";
import { Client } from "ldapts";
import { expect, it } from "vitest";
import { canonicalDn, dnKey } from "../src/escape.js";
import { pageOf } from "../src/identity.js";
import { type IdentityInput, ldapIdentityFunctions } from "../src/lumos.js";
import {
  describeWithSlapd,
  diff,
  FILLER,
  GROUPS,
  groupDn,
  HOSTILE_NAMES,
  SUB_OU,
  snapshot,
  userDn,
} from "./fixtures.js";
import { SERVICE_DN, SERVICE_PASSWORD, type SlapdServer, SUFFIX } from "./slapd-server.js";

const caps = ldapIdentityFunctions();
type Caps = typeof caps;

function ctxFor(server: SlapdServer, username = SERVICE_DN, password = SERVICE_PASSWORD) {
  return {
    settings: { url: server.url, baseDn: SUFFIX, usersOu: "ou=people", groupsOu: GROUPS, pageSize: 10 },
    credentials: { type: "BasicAuth", username, password },
  } as unknown as Parameters<Caps["listAccounts"]>[0];
}

const input = <P>(
  request: P,
  page: { token?: string | null; size?: number | null } = {},
): IdentityInput<P> => ({
  request,
  page: { token: page.token ?? null, size: page.size ?? null },
});

/** Follows next-page tokens to the end. */
async function all<T>(
  call: (page: { token: string | null; size: number }) => Promise<{ response: T[]; nextPage: string | null }>,
  size: number,
): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let token: string | null = null;
  let pages = 0;
  do {
    const page: { response: T[]; nextPage: string | null } = await call({ token, size });
    items.push(...page.response);
    expect(page.response.length).toBeLessThanOrEqual(size);
    token = page.nextPage;
    pages++;
  } while (token !== null && pages < 1000);
  return { items, pages };
}

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => "resolved",
    (e: { code?: unknown }) => e.code,
  );

it("keyset pages: exact, repeatable, and refuse foreign tokens", () => {
  const items = ["a", "b", "c", "d", "e"];
  const p1 = pageOf(items, (x) => x, { token: null, size: 2 });
  expect(p1.response).toEqual(["a", "b"]);
  const p2 = pageOf(items, (x) => x, { token: p1.nextPage, size: 2 });
  expect(p2.response).toEqual(["c", "d"]);
  expect(pageOf(["a", "b", "c", "d", "e"], (x) => x, { token: p1.nextPage, size: 2 })).toEqual(p2);
  // "b" deleted and "bb" added meanwhile: the next page still starts right after "b".
  expect(pageOf(["a", "bb", "c"], (x) => x, { token: p1.nextPage, size: 2 }).response).toEqual(["bb", "c"]);
  const p3 = pageOf(items, (x) => x, { token: p2.nextPage, size: 2 });
  expect(p3).toEqual({ response: ["e"], nextPage: null });
  expect(pageOf(items, (x) => x, { token: null, size: 5 }).nextPage).toBeNull();
  expect(pageOf(items, (x) => x, { token: null, size: null }).response).toHaveLength(5);
  for (const bad of ["x", "e30", Buffer.from('["other","a"]').toString("base64url")]) {
    expect(() => pageOf(items, (x) => x, { token: bad, size: 2 })).toThrow(/Invalid page token/);
    let thrown: unknown;
    try {
      pageOf(items, (x) => x, { token: bad, size: 2 });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(IdentityError);
    expect((thrown as IdentityError).lumosErrorCode).toBe("invalid_page_token");
  }
});

describeWithSlapd("identity capabilities on a real slapd", (server) => {
  it("validate_credentials: bind, stable tenant id; wrong password refused; a plain user name is a uid", async () => {
    const s = server();
    const first = await caps.validateCredentials(ctxFor(s), input({}));
    expect(first.valid).toBe(true);
    expect(first.unique_tenant_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await caps.validateCredentials(ctxFor(s), input({}))).toEqual(first);
    expect(await codeOf(caps.validateCredentials(ctxFor(s, SERVICE_DN, "nope"), input({})))).toBe(
      "InvalidCredentials",
    );
    expect((await caps.validateCredentials(ctxFor(s, "alice", "pw-alice"), input({}))).valid).toBe(true);
    expect(await codeOf(caps.validateCredentials(ctxFor(s, "carol", "pw-carol"), input({})))).toBe(
      "InvalidCredentials",
    );
    expect(await codeOf(caps.validateCredentials(ctxFor(s, "*", "pw-alice"), input({})))).toBe(
      "InvalidCredentials",
    );
  });

  it("list_accounts: every account once, in pages, with status and custom attributes", async () => {
    const s = server();
    const { items, pages } = await all(
      (page) => caps.listAccounts(ctxFor(s), input({ custom_attributes: ["title", "employeeNumber"] }, page)),
      7,
    );
    expect(items.map((a) => a.integration_specific_id)).toEqual(["alice", "bob", "carol", ...FILLER].sort());
    expect(pages).toBe(Math.ceil(items.length / 7));
    expect(items.find((a) => a.integration_specific_id === "alice")).toMatchObject({
      email: "alice@example.org",
      given_name: "Alice",
      family_name: "Liddell",
      username: "alice",
      user_status: "ACTIVE",
      account_type: "user",
      custom_attributes: { title: "Queen" },
      extra_data: { dn: userDn("alice"), cn: "Alice Liddell", title: "Queen" },
    });
    expect(items.find((a) => a.integration_specific_id === "carol")?.user_status).toBe("SUSPENDED");
    expect(await codeOf(caps.listAccounts(ctxFor(s), input({ custom_attributes: ["x)(uid=*"] })))).toBe(
      "InvalidArgument",
    );
    expect(await codeOf(caps.listAccounts(ctxFor(s), input({}, { token: "garbage" })))).toBe(
      "InvalidArgument",
    );
  });

  it("list_resources, list_entitlements, find_entitlement_associations", async () => {
    const s = server();
    const resources = (await all((page) => caps.listResources(ctxFor(s), input({}, page)), 2)).items;
    expect(resources.map((r) => r.label).sort()).toEqual([
      ' Sub, Unit+#"',
      "admins",
      "groups",
      "people",
      "policies",
      "services",
    ]);
    expect(resources.every((r) => r.resource_type === "organizational_unit")).toBe(true);
    const resourceIds = new Set(resources.map((r) => r.integration_specific_id));

    const entitlements = (await all((page) => caps.listEntitlements(ctxFor(s), input({}, page)), 3)).items;
    expect(entitlements).toHaveLength(5 + HOSTILE_NAMES.length);
    for (const e of entitlements) {
      expect(e.entitlement_type).toBe("group");
      expect(resourceIds.has(e.integration_specific_resource_id), e.integration_specific_id).toBe(true);
    }
    expect(entitlements.find((e) => e.label === "nested")?.integration_specific_resource_id).toBe(
      canonicalDn(SUB_OU),
    );

    const associations = (
      await all((page) => caps.findEntitlementAssociations(ctxFor(s), input({}, page)), 2)
    ).items;
    expect(associations).toEqual(
      [
        ["alice", groupDn("admins"), GROUPS],
        ["alice", groupDn("engineering"), GROUPS],
        ["bob", groupDn("engineering"), GROUPS],
        ["user000", groupDn("engineering"), GROUPS],
        ["carol", groupDn("nested", SUB_OU), SUB_OU],
      ]
        .map(([a, g, r]) => ({
          account_id: a!,
          integration_specific_entitlement_id: canonicalDn(g!),
          integration_specific_resource_id: canonicalDn(r!),
        }))
        .sort((x, y) =>
          `${x.integration_specific_entitlement_id}\0${x.account_id}` <
          `${y.integration_specific_entitlement_id}\0${y.account_id}`
            ? -1
            : 1,
        ),
    );
  });

  it("get_last_activity: authTimestamp of accounts that bound (lastbind overlay)", async () => {
    const s = server();
    const client = new Client({ url: s.url });
    await client.bind(userDn("bob"), "pw-bob");
    await client.unbind();
    const activity = await caps.getLastActivity(
      ctxFor(s),
      input({ account_ids: ["bob", "user001", "nobody", "*", "bob"] }),
    );
    expect(activity).toHaveLength(1);
    expect(activity[0]).toMatchObject({ account_id: "bob", event_type: "last_login" });
    expect(Math.abs(Date.parse(activity[0]!.happened_at) - Date.now())).toBeLessThan(120_000);
  });

  it("list_custom_attributes_schema", async () => {
    const schema = await caps.listCustomAttributesSchema(ctxFor(server()), input({}));
    expect(schema.map((a) => a.name)).toContain("title");
    expect(schema.find((a) => a.name === "manager")?.attribute_type).toBe("user");
  });

  it("the account lifecycle with hostile names; afterwards the directory is exactly as seeded", async () => {
    const s = server();
    const ctx = ctxFor(s);
    const before = await snapshot(s);
    for (const [i, name] of HOSTILE_NAMES.entries()) {
      const group = canonicalDn(groupDn(name));
      const created = await caps.createAccount(
        ctx,
        input({
          username: name,
          email: `h${i}@example.org`,
          given_name: name,
          family_name: name,
          extra_data: { password: "pw", title: name },
          entitlements: [
            {
              entitlement_type: "group",
              integration_specific_id: group,
              integration_specific_resource_id: GROUPS,
            },
          ],
        }),
      );
      expect(created).toEqual({ id: name, status: "ACTIVE", created: true });
      const assignment = {
        account_integration_specific_id: name,
        resource_integration_specific_id: canonicalDn(GROUPS),
        resource_type: "organizational_unit",
        entitlement_type: "group",
        entitlement_integration_specific_id: canonicalDn(groupDn("admins")),
      };
      expect(await caps.assignEntitlement(ctx, input(assignment))).toEqual({ assigned: true });
      expect(await caps.assignEntitlement(ctx, input(assignment))).toEqual({ assigned: true });
      const updated = await caps.updateAccount(
        ctx,
        input({ id: name, email: null, family_name: `${name}!`, title: null }),
      );
      expect(updated).toEqual({
        id: name,
        email: null,
        family_name: `${name}!`,
        extra_data: { title: null },
      });
      expect(await caps.deactivateAccount(ctx, input({ account_id: name }))).toEqual({
        status: "SUSPENDED",
        deactivated: true,
      });
      expect(await codeOf(caps.validateCredentials(ctxFor(s, userDn(name), "pw"), input({})))).toBe(
        "InvalidCredentials",
      );
      expect(await caps.activateAccount(ctx, input({ account_id: name }))).toEqual({
        status: "ACTIVE",
        activated: true,
      });
      expect((await caps.validateCredentials(ctxFor(s, userDn(name), "pw"), input({}))).valid).toBe(true);
      expect(await caps.unassignEntitlement(ctx, input(assignment))).toEqual({ unassigned: true });
    }
    const accounts = (await all((page) => caps.listAccounts(ctx, input({}, page)), 50)).items;
    for (const name of HOSTILE_NAMES) {
      expect(
        accounts.find((a) => a.integration_specific_id === name),
        name,
      ).toMatchObject({
        username: name,
        given_name: name,
        family_name: `${name}!`,
        email: null,
        user_status: "ACTIVE",
      });
    }
    const associations = (await all((page) => caps.findEntitlementAssociations(ctx, input({}, page)), 100))
      .items;
    for (const name of HOSTILE_NAMES) {
      expect(
        associations
          .filter((a) => a.account_id === name)
          .map((a) => dnKey(a.integration_specific_entitlement_id)),
      ).toEqual([dnKey(groupDn(name))]);
    }
    const activity = await caps.getLastActivity(ctx, input({ account_ids: HOSTILE_NAMES }));
    expect(activity.map((a) => a.account_id).sort()).toEqual([...HOSTILE_NAMES].sort());
    for (const name of HOSTILE_NAMES) {
      expect(await caps.deleteAccount(ctx, input({ account_id: name }))).toEqual({
        status: "DELETED",
        deleted: true,
      });
    }
    expect(diff(before, await snapshot(s))).toEqual({ added: [], removed: [], changed: [] });
  });

  it("bad requests change nothing", async () => {
    const s = server();
    const ctx = ctxFor(s);
    const before = await snapshot(s);
    const group = (id: string) => [{ entitlement_type: "group", integration_specific_id: id }];
    const bad: [string, () => Promise<unknown>][] = [
      ["no username", () => caps.createAccount(ctx, input({ entitlements: [] }))],
      ["existing", () => caps.createAccount(ctx, input({ username: "alice", entitlements: [] }))],
      [
        "unknown group",
        () => caps.createAccount(ctx, input({ username: "new1", entitlements: group(groupDn("nope")) })),
      ],
      [
        "group outside",
        () => caps.createAccount(ctx, input({ username: "new2", entitlements: group(SERVICE_DN) })),
      ],
      [
        "role type",
        () =>
          caps.createAccount(
            ctx,
            input({
              username: "new3",
              entitlements: [{ entitlement_type: "role", integration_specific_id: "x" }],
            }),
          ),
      ],
      [
        "bad status",
        () => caps.createAccount(ctx, input({ username: "new4", user_status: "DELETED", entitlements: [] })),
      ],
      [
        "extra key",
        () =>
          caps.createAccount(
            ctx,
            input({ username: "new5", extra_data: { objectClass: "x" }, entitlements: [] }),
          ),
      ],
      ["rename", () => caps.updateAccount(ctx, input({ id: "alice", username: "alicia" }))],
      ["update unknown", () => caps.updateAccount(ctx, input({ id: "a,ou=admins", email: "x@y" }))],
      ["delete *", () => caps.deleteAccount(ctx, input({ account_id: "*" }))],
      ["deactivate decoy", () => caps.deactivateAccount(ctx, input({ account_id: "a,ou=admins" }))],
      [
        "assign foreign entry",
        () =>
          caps.assignEntitlement(
            ctx,
            input({
              account_integration_specific_id: "alice",
              resource_integration_specific_id: "",
              resource_type: "organizational_unit",
              entitlement_type: "group",
              entitlement_integration_specific_id: userDn("bob"),
            }),
          ),
      ],
    ];
    for (const [what, call] of bad) {
      expect(["InvalidArgument", "ResourceNotFoundError"], what).toContain(await codeOf(call()));
    }
    expect(diff(before, await snapshot(s))).toEqual({ added: [], removed: [], changed: [] });
  });
});
