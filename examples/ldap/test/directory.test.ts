import { Client } from "ldapts";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  bindDnFor,
  Directory,
  generalizedTimeToIso,
  LOCKED_FOREVER,
  resolveUnder,
} from "../src/directory.js";
import { canonicalDn, dnKey, present } from "../src/escape.js";
import {
  configFor,
  describeWithSlapd,
  diff,
  FILLER,
  GROUPS,
  groupDn,
  HOSTILE_NAMES,
  PEOPLE,
  SUB_OU,
  snapshot,
  userDn,
} from "./fixtures.js";
import { SERVICE_DN, SIZE_LIMIT, SUFFIX } from "./slapd-server.js";

const SEEDED_ACCOUNTS = ["alice", "bob", "carol", ...FILLER].sort();

async function bindAs(url: string, bindDn: string, password: string): Promise<boolean> {
  const client = new Client({ url });
  try {
    await client.bind(bindDn, password);
    return true;
  } catch {
    return false;
  } finally {
    await client.unbind().catch(() => {});
  }
}

const codeOf = async (p: Promise<unknown>) =>
  p.then(
    () => "resolved",
    (e: { code?: unknown }) => e.code,
  );

it("helpers: generalized time, settings DNs, bind DNs", () => {
  expect(generalizedTimeToIso("20240131235959Z")).toBe("2024-01-31T23:59:59.000Z");
  expect(generalizedTimeToIso("20240131235959.5Z")).toBe("2024-01-31T23:59:59.500Z");
  expect(generalizedTimeToIso("202401312359+0130")).toBe("2024-01-31T22:29:00.000Z");
  expect(generalizedTimeToIso("garbage")).toBeNull();
  expect(resolveUnder("ou=people", "dc=example,dc=org")).toBe("ou=people,dc=example,dc=org");
  expect(resolveUnder("ou=people,DC=Example,dc=org", "dc=example,dc=org")).toBe(
    "ou=people,DC=Example,dc=org",
  );
  expect(bindDnFor("cn=admin,dc=example,dc=org", PEOPLE)).toBe("cn=admin,dc=example,dc=org");
  expect(bindDnFor("alice", PEOPLE)).toBe(userDn("alice"));
  expect(bindDnFor("a,b", PEOPLE)).toBe(userDn("a,b"));
});

describeWithSlapd("Directory on a real slapd", (server) => {
  let directory: Directory;
  beforeAll(async () => {
    directory = await Directory.open(configFor(server()));
  });
  afterAll(async () => {
    await directory?.close();
  });

  it("binds with the right password and refuses wrong ones, empty ones and unknown DNs", async () => {
    const s = server();
    expect(await codeOf(Directory.open(configFor(s, { password: "wrong" })))).toBe("InvalidCredentials");
    expect(await codeOf(Directory.open(configFor(s, { password: "" })))).toBe("InvalidCredentials");
    expect(await codeOf(Directory.open(configFor(s, { bindDn: `cn=nobody,${SUFFIX}` })))).toBe(
      "InvalidCredentials",
    );
    expect(await codeOf(Directory.open(configFor(s, { bindDn: "cn=x*)(", password: "x" })))).toBe(
      "InvalidCredentials",
    );
    expect(await codeOf(Directory.open(configFor(s, { url: "ldap://127.0.0.1:1" })))).toBe(
      "ServiceUnavailable",
    );
    expect(await codeOf(Directory.open(configFor(s, { url: "http://x" })))).toBe("InvalidArgument");
    expect(await codeOf(Directory.open(configFor(s, { usersDn: "ou=people,,dc=x" })))).toBe(
      "InvalidArgument",
    );
    expect(await directory.baseEntryUuid()).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("binds over plain ldap:// with certificate checks turned off (tlsVerify: false applies to TLS only)", async () => {
    const plain = await Directory.open({ ...configFor(server()), tls: { rejectUnauthorized: false } });
    try {
      expect(await plain.baseEntryUuid()).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      await plain.close();
    }
  });

  it("the service account's size limit really cuts unpaged searches (so the paged ones prove paging)", async () => {
    const s = server();
    const client = new Client({ url: s.url });
    await client.bind(SERVICE_DN, "connector-secret");
    await expect(
      client.search(PEOPLE, { scope: "one", filter: present("objectClass") }),
    ).rejects.toMatchObject({
      code: 4, // sizeLimitExceeded
    });
    await client.unbind();
    expect(SEEDED_ACCOUNTS.length).toBeGreaterThan(SIZE_LIMIT);
  });

  it("lists every user one level below ou=people (paged), sorted by id, with status", async () => {
    const users = await directory.listUsers();
    expect(users.map((u) => u.id)).toEqual(SEEDED_ACCOUNTS);
    const alice = users.find((u) => u.id === "alice")!;
    expect(alice).toMatchObject({
      dn: userDn("alice"),
      cn: "Alice Liddell",
      givenName: "Alice",
      sn: "Liddell",
      mail: "alice@example.org",
      active: true,
      attributes: { title: ["Queen"] },
    });
    expect(users.find((u) => u.id === "carol")).toMatchObject({ active: false, lockedTime: LOCKED_FOREVER });
    expect(users.some((u) => u.id === "a")).toBe(false); // the decoy below ou=admins is not an account
  });

  it("reads users by id, by their RDN only (not another uid value)", async () => {
    const users = await directory.getUsers(["bob", "robert", "nobody", "*", "alice"]);
    expect(users.map((u) => u.id).sort()).toEqual(["alice", "bob"]);
    expect(await directory.getUser("*")).toBeNull();
    expect(await directory.getUser("a,ou=admins")).toBeNull();
  });

  it("lists groups below ou=groups (sub-OUs included), OUs below the base, and memberships", async () => {
    const groups = await directory.listGroups();
    const ids = groups.map((g) => g.id);
    expect(ids).toContain(canonicalDn(groupDn("engineering")));
    expect(ids).toContain(canonicalDn(groupDn("nested", SUB_OU)));
    expect(groups).toHaveLength(5 + HOSTILE_NAMES.length);
    for (const name of HOSTILE_NAMES) {
      const g = groups.find((x) => x.cn === name)!;
      expect(g, name).toBeDefined();
      expect(dnKey(g.id)).toBe(dnKey(groupDn(name)));
      expect(g.parentDn).toBe(canonicalDn(GROUPS));
      expect((await directory.getGroup(g.id)).cn).toBe(name);
    }
    const ous = await directory.listOrganizationalUnits();
    expect(ous.map((o) => o.ou).sort()).toEqual([
      ' Sub, Unit+#"',
      "admins",
      "groups",
      "people",
      "policies",
      "services",
    ]);
    const memberships = await directory.listMemberships();
    expect(memberships.map((m) => `${m.userId}@${m.groupId}`).sort()).toEqual(
      [
        `alice@${canonicalDn(groupDn("admins"))}`,
        `alice@${canonicalDn(groupDn("engineering"))}`,
        `bob@${canonicalDn(groupDn("engineering"))}`,
        `user000@${canonicalDn(groupDn("engineering"))}`,
        `carol@${canonicalDn(groupDn("nested", SUB_OU))}`,
      ].sort(),
    );
  });

  it("refuses group ids outside ou=groups or that are not groups", async () => {
    for (const id of [
      SERVICE_DN,
      PEOPLE,
      GROUPS,
      SUFFIX,
      userDn("alice"),
      "cn=engineering,ou=groups",
      "not a dn",
      "",
    ]) {
      const code = await codeOf(directory.getGroup(id));
      expect(["ResourceNotFoundError", "InvalidArgument"], id).toContain(code);
      expect(await codeOf(directory.addMember(id, "alice")), id).toBe(code);
    }
  });

  it("creates, updates, deactivates, activates and deletes an account; binds follow the lock", async () => {
    const s = server();
    const before = await snapshot(s);
    const created = await directory.createUser({
      uid: "dora",
      givenName: "Dora",
      sn: "Explorer",
      mail: "dora@example.org",
      password: "pw-dora",
      attributes: { title: ["Scout"] },
    });
    expect(created).toMatchObject({
      id: "dora",
      cn: "Dora Explorer",
      active: true,
      attributes: { title: ["Scout"] },
    });
    expect(await codeOf(directory.createUser({ uid: "dora" }))).toBe("InvalidArgument");
    expect(await bindAs(s.url, userDn("dora"), "pw-dora")).toBe(true);

    const updated = await directory.updateUser("dora", {
      mail: "d@example.org",
      givenName: null,
      attributes: { title: null },
    });
    expect(updated).toMatchObject({ mail: "d@example.org", givenName: null, attributes: {} });
    expect(await codeOf(directory.updateUser("dora", { sn: null }))).toBe("InvalidArgument");
    expect(await codeOf(directory.updateUser("dora", { attributes: { objectClass: ["x"] } }))).toBe(
      "InvalidArgument",
    );

    expect((await directory.setActive("dora", false)).active).toBe(false);
    expect((await directory.setActive("dora", false)).lockedTime).toBe(LOCKED_FOREVER); // idempotent
    expect(await bindAs(s.url, userDn("dora"), "pw-dora")).toBe(false);
    expect((await directory.setActive("dora", true)).active).toBe(true);
    expect((await directory.setActive("dora", true)).active).toBe(true); // idempotent
    expect(await bindAs(s.url, userDn("dora"), "pw-dora")).toBe(true);
    expect((await directory.getUser("dora"))!.lastLogin).toMatch(/^\d{4}-\d\d-\d\dT/);

    await directory.addMember(canonicalDn(groupDn("engineering")), "dora");
    await directory.deleteUser("dora");
    expect(await directory.getUser("dora")).toBeNull();
    expect(await codeOf(directory.deleteUser("dora"))).toBe("ResourceNotFoundError");
    // Membership cleaned up with the account: the directory is exactly as before.
    expect(diff(before, await snapshot(s))).toEqual({ added: [], removed: [], changed: [] });
  });

  it("a locked seeded account cannot bind until activated", async () => {
    const s = server();
    expect(await bindAs(s.url, userDn("carol"), "pw-carol")).toBe(false);
    await directory.setActive("carol", true);
    expect(await bindAs(s.url, userDn("carol"), "pw-carol")).toBe(true);
    await directory.setActive("carol", false);
    expect(await bindAs(s.url, userDn("carol"), "pw-carol")).toBe(false);
  });

  it("assigns and unassigns; the last member is replaced by the placeholder and back", async () => {
    const s = server();
    const before = await snapshot(s);
    const empty = canonicalDn(groupDn("empty"));
    await directory.addMember(empty, "bob");
    await directory.addMember(empty, "bob"); // idempotent
    expect((await directory.getGroup(empty)).members).toEqual([userDn("bob")]);
    await directory.addMember(empty, "alice");
    await directory.removeMember(empty, "bob");
    await directory.removeMember(empty, "bob"); // idempotent
    await directory.removeMember(empty, "alice");
    expect((await directory.getGroup(empty)).members).toEqual([""]);
    // The admins group's only member leaves and comes back.
    const admins = canonicalDn(groupDn("admins"));
    await directory.removeMember(admins, "alice");
    expect((await directory.getGroup(admins)).members).toEqual([""]);
    await directory.addMember(admins, "alice");
    expect(await codeOf(directory.addMember(admins, "nobody"))).toBe("ResourceNotFoundError");
    expect(await codeOf(directory.addMember(admins, "a,ou=admins"))).toBe("ResourceNotFoundError");
    expect(diff(before, await snapshot(s))).toEqual({ added: [], removed: [], changed: [] });
  });

  it("hostile names everywhere: each account and group is exactly the entry it names, nothing else changes", async () => {
    const s = server();
    const before = await snapshot(s);
    for (const [i, name] of HOSTILE_NAMES.entries()) {
      const user = await directory.createUser({
        uid: name,
        givenName: name,
        sn: name,
        mail: `u${i}@x`,
        password: "pw",
      });
      expect(user.id, name).toBe(name);
      expect(user.sn).toBe(name);
      expect(dnKey(user.dn)).toBe(dnKey(userDn(name)));
    }
    const afterCreate = await snapshot(s);
    expect(diff(before, afterCreate)).toEqual({
      added: HOSTILE_NAMES.map((n) => dnKey(userDn(n))).sort(),
      removed: [],
      changed: [],
    });
    const listed = (await directory.listUsers()).map((u) => u.id);
    expect(listed.filter((id) => !SEEDED_ACCOUNTS.includes(id)).sort()).toEqual([...HOSTILE_NAMES].sort());
    expect((await directory.getUsers(HOSTILE_NAMES)).map((u) => u.id).sort()).toEqual(
      [...HOSTILE_NAMES].sort(),
    );

    for (const name of HOSTILE_NAMES) {
      const group = canonicalDn(groupDn(name));
      await directory.addMember(group, name);
      await directory.addMember(canonicalDn(groupDn("engineering")), name);
      await directory.setActive(name, false);
      expect(await bindAs(s.url, userDn(name), "pw")).toBe(false);
      await directory.setActive(name, true);
      expect(await bindAs(s.url, userDn(name), "pw")).toBe(true);
    }
    const memberships = await directory.listMemberships();
    for (const name of HOSTILE_NAMES) {
      expect(
        memberships
          .filter((m) => m.userId === name)
          .map((m) => dnKey(m.groupId))
          .sort(),
        name,
      ).toEqual([dnKey(groupDn("engineering")), dnKey(groupDn(name))].sort());
    }
    for (const name of HOSTILE_NAMES) {
      await directory.removeMember(canonicalDn(groupDn(name)), name);
      await directory.deleteUser(name); // also leaves engineering
    }
    const after = diff(before, await snapshot(s));
    expect(after.added).toEqual([]);
    expect(after.removed).toEqual([]);
    // Only authTimestamp-free data is compared; the hostile accounts are gone and every group is as seeded.
    expect(after.changed).toEqual([]);
  });

  it("ids that do not exist never touch another entry", async () => {
    const s = server();
    const before = await snapshot(s);
    for (const id of ["*", "a,ou=admins", "alice,ou=people", "x*)(uid=*", " alice", "ALICE ", "alice\0"]) {
      const missing = id.trim().toLowerCase() === "alice" ? null : "ResourceNotFoundError";
      const code = await codeOf(directory.setActive(id, false));
      if (missing) expect(code, JSON.stringify(id)).toBe(missing);
      if (missing) expect(await codeOf(directory.deleteUser(id)), JSON.stringify(id)).toBe(missing);
      if (missing)
        expect(await codeOf(directory.updateUser(id, { mail: "x" })), JSON.stringify(id)).toBe(missing);
      if (code === "resolved") await directory.setActive(id, true);
    }
    expect(diff(before, await snapshot(s))).toEqual({ added: [], removed: [], changed: [] });
  });

  it("a NUL in a name is refused by the server and changes nothing", async () => {
    const s = server();
    const before = await snapshot(s);
    const code = await codeOf(directory.createUser({ uid: "nul\0name" }));
    expect(["InvalidArgument", "resolved"]).toContain(code);
    if (code === "resolved") await directory.deleteUser("nul\0name");
    expect(diff(before, await snapshot(s))).toEqual({ added: [], removed: [], changed: [] });
  });
});
