import { Client } from "ldapts";
import { afterAll, beforeAll, describe, it } from "vitest";
import { type DirectoryConfig, valuesOf } from "../src/directory.js";
import { dn, dnKey, present } from "../src/escape.js";
import {
  findSlapd,
  INSTALL_HINT,
  SERVICE_DN,
  SERVICE_PASSWORD,
  type SeedEntry,
  type SlapdServer,
  SUFFIX,
  startSlapd,
} from "./slapd-server.js";

export const PEOPLE = `ou=people,${SUFFIX}`;
export const GROUPS = `ou=groups,${SUFFIX}`;
/** A sub-OU of the groups with a hostile name. */
export const SUB_OU = dn(["ou", ' Sub, Unit+#"'], GROUPS);
/** Filler users, enough to pass the service account's size limit. */
export const FILLER = Array.from({ length: 40 }, (_, i) => `user${String(i).padStart(3, "0")}`);

/** Account and group names with every special of RFC 4514 and RFC 4515, spaces at the ends, and unicode. */
export const HOSTILE_NAMES = [
  'we*ird(name)\\,+"<>;=# ',
  " lead",
  "trail ",
  "#hash",
  "a,ou=admins",
  "x*)(uid=*",
  "*",
  "Zoë Ünïcødé 日本語 🚀",
  "back\\slash\\2a",
  "semi;colon<angle>",
  "plus+sign=eq",
  'quote"d',
];

export const userDn = (uid: string) => dn(["uid", uid], PEOPLE);
export const groupDn = (cn: string, parent = GROUPS) => dn(["cn", cn], parent);

function person(uid: string, extra: Record<string, string | string[]> = {}): SeedEntry {
  return {
    dn: userDn(uid),
    attributes: {
      objectClass: ["inetOrgPerson"],
      uid,
      cn: `${uid} cn`,
      sn: `${uid} sn`,
      userPassword: `pw-${uid}`,
      ...extra,
    },
  };
}

function group(cn: string, members: string[], parent = GROUPS): SeedEntry {
  return { dn: groupDn(cn, parent), attributes: { objectClass: "groupOfNames", cn, member: members } };
}

/** The seed every directory test starts from. */
export function seed(): SeedEntry[] {
  return [
    { dn: PEOPLE, attributes: { objectClass: "organizationalUnit", ou: "people", description: "Accounts" } },
    person("alice", {
      givenName: "Alice",
      sn: "Liddell",
      cn: "Alice Liddell",
      mail: "alice@example.org",
      title: "Queen",
    }),
    person("bob", { mail: "bob@example.org", displayName: "Bobby", uid: ["bob", "robert"] }),
    person("carol", { pwdAccountLockedTime: "000001010000Z" }),
    ...FILLER.map((uid) => person(uid)),
    // A decoy: uid=a one level further down. An id "a,ou=admins" must never reach it.
    { dn: `ou=admins,${PEOPLE}`, attributes: { objectClass: "organizationalUnit", ou: "admins" } },
    {
      dn: `uid=a,ou=admins,${PEOPLE}`,
      attributes: { objectClass: "inetOrgPerson", uid: "a", cn: "decoy", sn: "decoy" },
    },
    { dn: GROUPS, attributes: { objectClass: "organizationalUnit", ou: "groups" } },
    group("engineering", [userDn("alice"), userDn("bob"), userDn("user000")]),
    group("admins", [userDn("alice")]),
    group("empty", [""]),
    group("outsiders", [`uid=a,ou=admins,${PEOPLE}`, `cn=connector,ou=services,${SUFFIX}`]),
    { dn: SUB_OU, attributes: { objectClass: "organizationalUnit", ou: ' Sub, Unit+#"' } },
    group("nested", [userDn("carol")], SUB_OU),
    ...HOSTILE_NAMES.map((name) => group(name, [""])),
  ];
}

/** Directory settings for the service account on this server. */
export function configFor(server: SlapdServer, overrides: Partial<DirectoryConfig> = {}): DirectoryConfig {
  return {
    url: server.url,
    bindDn: SERVICE_DN,
    password: SERVICE_PASSWORD,
    baseDn: SUFFIX,
    usersDn: PEOPLE,
    groupsDn: GROUPS,
    pageSize: 10,
    ...overrides,
  };
}

/** Every entry of the directory: normalized DN → attribute → sorted values (user attributes + pwdAccountLockedTime). */
export type Snapshot = Map<string, Record<string, string[]>>;

export async function snapshot(server: SlapdServer): Promise<Snapshot> {
  const client = new Client({ url: server.url });
  await client.bind(server.rootDn, server.rootPassword);
  try {
    const { searchEntries } = await client.search(SUFFIX, {
      scope: "sub",
      filter: present("objectClass"),
      attributes: ["*", "pwdAccountLockedTime"],
    });
    const out: Snapshot = new Map();
    for (const entry of searchEntries) {
      const attrs: Record<string, string[]> = {};
      for (const key of Object.keys(entry)
        .filter((k) => k !== "dn")
        .sort()) {
        attrs[key.toLowerCase()] = valuesOf(entry, key).sort();
      }
      out.set(dnKey(entry.dn), attrs);
    }
    return out;
  } finally {
    await client.unbind();
  }
}

/** The entries added, removed and changed between two snapshots, as normalized DNs. */
export function diff(
  before: Snapshot,
  after: Snapshot,
): { added: string[]; removed: string[]; changed: string[] } {
  const added = [...after.keys()].filter((k) => !before.has(k)).sort();
  const removed = [...before.keys()].filter((k) => !after.has(k)).sort();
  const changed = [...after.keys()]
    .filter((k) => before.has(k) && JSON.stringify(before.get(k)) !== JSON.stringify(after.get(k)))
    .sort();
  return { added, removed, changed };
}

/**
 * Declares a suite against a fresh slapd seeded with `seed()`, or one skipped test naming the install command
 * when slapd is not installed. `body` receives a getter for the running server.
 */
export function describeWithSlapd(name: string, body: (server: () => SlapdServer) => void): void {
  const binaries = findSlapd();
  if (binaries === null) {
    describe(name, () => {
      it.skip(`skipped: slapd is not installed; install it with: ${INSTALL_HINT}`, () => {});
    });
    return;
  }
  describe(name, () => {
    let server: SlapdServer | undefined;
    beforeAll(async () => {
      server = await startSlapd(binaries, seed());
    });
    afterAll(async () => {
      await server?.stop();
    });
    body(() => {
      if (!server) throw new Error("slapd did not start");
      return server;
    });
  });
}
