import type { ConnectionOptions } from "node:tls";
import { ConnectorError } from "connector-kit";
import { Attribute, Change, Client, type Entry } from "ldapts";
import { RESULT, resultCodeOf, toConnectorError } from "./errors.js";
import {
  and,
  type Dn,
  dn,
  dnKey,
  eq,
  type Filter,
  formatDn,
  isWithin,
  LdapSyntaxError,
  or,
  parseDn,
  present,
  rdnUnder,
  rdnValue,
} from "./escape.js";

/** Where and how to reach the directory. Every DN is parsed and checked when the directory is opened. */
export interface DirectoryConfig {
  /** `ldap://host:389` or `ldaps://host:636`. */
  url: string;
  /** The DN to bind as, and its password (an empty password is refused: it would be an unauthenticated bind). */
  bindDn: string;
  password: string;
  /** Base of everything the connector reads (OUs are listed below it). */
  baseDn: string;
  /** Users: inetOrgPerson entries exactly one level below this DN. */
  usersDn: string;
  /** Groups: groupOfNames entries anywhere below this DN. */
  groupsDn: string;
  /** Upgrade an `ldap://` connection with StartTLS before binding. Default: false. */
  startTls?: boolean;
  /** TLS options for `ldaps://` and StartTLS (e.g. `{ rejectUnauthorized: false }`, `ca`). */
  tls?: ConnectionOptions;
  /** Milliseconds before a connection attempt or an operation is abandoned. Default: 10000. */
  timeoutMs?: number;
  /** Entries per page of the paged-results control (RFC 2696). Default: 500. */
  pageSize?: number;
  /**
   * The `member` value that keeps a group valid when its last real member leaves (groupOfNames requires at
   * least one). Default: `""`, the empty DN, which names no entry.
   */
  emptyGroupMember?: string;
}

/** A user: an inetOrgPerson one level below the users DN, identified by its `uid` (its RDN). */
export interface User {
  /** The `uid` value of the RDN: the account id. */
  id: string;
  dn: string;
  cn: string | null;
  givenName: string | null;
  sn: string | null;
  mail: string | null;
  displayName: string | null;
  /** False when the account is locked (`pwdAccountLockedTime` present, see `LOCKED_FOREVER`). */
  active: boolean;
  /** `pwdAccountLockedTime` as sent by the server, or null. */
  lockedTime: string | null;
  /** `authTimestamp` (lastbind overlay) as an ISO-8601 instant, or null. */
  lastLogin: string | null;
  /** Every other attribute read (see `USER_EXTRA_ATTRIBUTES`), by name, values in server order. */
  attributes: Record<string, string[]>;
}

/** A group: a groupOfNames below the groups DN, identified by its DN (canonical form). */
export interface Group {
  /** The canonical DN: the entitlement id. */
  id: string;
  cn: string;
  description: string | null;
  /** The DN of the entry holding the group (its OU), canonical. */
  parentDn: string;
  /** Member DNs as stored (placeholders included). */
  members: string[];
}

/** An organizational unit below the base DN (the base itself included when it is an OU). */
export interface OrganizationalUnit {
  /** The canonical DN: the resource id. */
  id: string;
  ou: string;
  description: string | null;
}

/** A membership of a user (by uid) in a group (by DN). */
export interface Membership {
  userId: string;
  groupId: string;
  groupParentDn: string;
}

/** What a new user is made of. */
export interface NewUser {
  uid: string;
  cn?: string | undefined;
  sn?: string | undefined;
  givenName?: string | undefined;
  mail?: string | undefined;
  displayName?: string | undefined;
  password?: string | undefined;
  /** Other attributes, by name (each must be an attribute of inetOrgPerson; the server checks). */
  attributes?: Record<string, string[]> | undefined;
  /** Create it locked. Default: false. */
  locked?: boolean | undefined;
}

/** Changes to a user; a value of null removes the attribute. `uid` cannot change (it is the id). */
export type UserChanges = Partial<
  Record<"cn" | "sn" | "givenName" | "mail" | "displayName" | "userPassword", string | null>
> & {
  attributes?: Record<string, string[] | null>;
};

/**
 * The value of `pwdAccountLockedTime` that locks an account until an administrator removes it
 * (draft-behera-ldap-password-policy, slapo-ppolicy(5)). Needs the ppolicy overlay with a policy that has
 * `pwdLockout: TRUE` for the lock to refuse binds.
 */
export const LOCKED_FOREVER = "000001010000Z";

const USER_CLASSES = ["top", "person", "organizationalPerson", "inetOrgPerson"];
/** Attributes read for users besides the named fields; custom attributes may ask for more. */
export const USER_EXTRA_ATTRIBUTES = [
  "title",
  "departmentNumber",
  "employeeNumber",
  "employeeType",
  "telephoneNumber",
  "manager",
];
const USER_ATTRIBUTES = [
  "uid",
  "cn",
  "sn",
  "givenName",
  "mail",
  "displayName",
  "pwdAccountLockedTime",
  "authTimestamp",
  ...USER_EXTRA_ATTRIBUTES,
];
const IS_USER = eq("objectClass", "inetOrgPerson");
const IS_GROUP = eq("objectClass", "groupOfNames");
const IS_OU = eq("objectClass", "organizationalUnit");

/** Values of `name` in an entry, whatever the case the server used for the attribute description. */
export function valuesOf(entry: Entry, name: string): string[] {
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(entry)) {
    if (key === "dn" || key.toLowerCase() !== lower) continue;
    const list = Array.isArray(value) ? value : [value];
    return list.map((v) => (Buffer.isBuffer(v) ? v.toString("utf8") : String(v)));
  }
  return [];
}

const first = (entry: Entry, name: string): string | null => valuesOf(entry, name)[0] ?? null;

/** `20240131235959Z` / `20240131235959.123Z` / with an offset → ISO-8601 in UTC, or null when unreadable. */
export function generalizedTimeToIso(value: string | null): string | null {
  if (!value) return null;
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})?(\d{2})?(?:[.,](\d+))?(Z|[+-]\d{2}(?:\d{2})?)$/.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi = "00", s = "00", frac = "", zone = "Z"] = m;
  const ms = Math.round(Number(`0.${frac || "0"}`) * 1000);
  let offsetMin = 0;
  if (zone !== "Z") {
    const sign = zone.startsWith("-") ? -1 : 1;
    offsetMin = sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5) || "0"));
  }
  const t =
    Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms) - offsetMin * 60_000;
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

/** Resolves a setting that names an entry below the base: a full DN within the base, or a DN relative to it. */
export function resolveUnder(value: string, baseDn: string): string {
  const base = parseDn(baseDn);
  const parsed = parseDn(value);
  return formatDn(isWithin(parsed, base) ? parsed : [...parsed, ...base]);
}

/** The bind DN for a user name: a DN as is, else `uid=<name>` below the users DN. */
export function bindDnFor(username: string, usersDn: string): string {
  try {
    const parsed = parseDn(username);
    if (parsed.length > 0) return formatDn(parsed);
  } catch {
    // not a DN: a user id
  }
  return dn(["uid", username], usersDn);
}

/** An open, bound connection to the directory, with the operations of the connector. Close it after use. */
export class Directory {
  private constructor(
    private readonly client: Client,
    readonly config: Required<Omit<DirectoryConfig, "tls">> & { tls?: ConnectionOptions },
    private readonly usersDn: Dn,
    private readonly groupsDn: Dn,
  ) {}

  /** Connects and binds. Wrong DN or password: `InvalidCredentials`; unreachable: `ServiceUnavailable`. */
  static async open(config: DirectoryConfig): Promise<Directory> {
    let usersDn: Dn;
    let groupsDn: Dn;
    try {
      parseDn(config.baseDn);
      usersDn = parseDn(config.usersDn);
      groupsDn = parseDn(config.groupsDn);
      if (usersDn.length === 0 || groupsDn.length === 0)
        throw new LdapSyntaxError("users and groups DNs cannot be empty");
      parseDn(config.emptyGroupMember ?? "");
    } catch (error) {
      throw toConnectorError(error, "read the directory settings");
    }
    if (!/^ldaps?:\/\//i.test(config.url)) {
      throw ConnectorError.invalidArgument("The URL must start with ldap:// or ldaps://");
    }
    if (config.bindDn === "" || config.password === "") {
      // An empty password makes a simple bind "unauthenticated" (RFC 4513 §5.1.2): refuse it here.
      throw new ConnectorError("InvalidCredentials", "A bind DN and a non-empty password are required");
    }
    const timeout = config.timeoutMs ?? 10_000;
    const client = new Client({
      url: config.url,
      timeout,
      connectTimeout: timeout,
      // ldapts opens a TLS socket whenever tlsOptions are given: pass them only to an ldaps:// URL (StartTLS
      // takes them below), so tlsVerify: false on a plain ldap:// URL does not turn it into TLS.
      ...(config.tls && config.url.toLowerCase().startsWith("ldaps:") ? { tlsOptions: config.tls } : {}),
    });
    try {
      if (config.startTls) await client.startTLS(config.tls ?? {});
      await client.bind(config.bindDn, config.password);
    } catch (error) {
      await client.unbind().catch(() => {});
      throw toConnectorError(error, "bind to the directory");
    }
    const full = {
      startTls: false,
      timeoutMs: timeout,
      pageSize: 500,
      emptyGroupMember: "",
      ...config,
    };
    return new Directory(client, full, usersDn, groupsDn);
  }

  async close(): Promise<void> {
    await this.client.unbind().catch(() => {});
  }

  /** Runs an operation, mapping ldapts and socket errors to ConnectorErrors. */
  private async run<T>(doing: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw toConnectorError(error, doing);
    }
  }

  /** A search with the paged-results control, so that server size limits do not cut it short. */
  async searchAll(
    base: string,
    scope: "base" | "one" | "sub",
    filter: Filter,
    attributes: string[],
  ): Promise<Entry[]> {
    return this.run(`search ${base}`, async () => {
      const { searchEntries } = await this.client.search(base, {
        scope,
        filter,
        attributes,
        paged: { pageSize: this.config.pageSize },
      });
      return searchEntries;
    });
  }

  /** The entry at `entryDn` matching `filter`, or null when it does not exist or does not match. */
  private async readEntry(entryDn: string, filter: Filter, attributes: string[]): Promise<Entry | null> {
    try {
      const { searchEntries } = await this.client.search(entryDn, { scope: "base", filter, attributes });
      return searchEntries[0] ?? null;
    } catch (error) {
      if (resultCodeOf(error) === RESULT.noSuchObject) return null;
      throw toConnectorError(error, `read ${entryDn}`);
    }
  }

  /** The entryUUID of the base entry: a stable id of this directory. Null when the server does not give it. */
  async baseEntryUuid(): Promise<string | null> {
    const entry = await this.readEntry(this.config.baseDn, present("objectClass"), ["entryUUID"]);
    return entry ? first(entry, "entryUUID") : null;
  }

  // ───────────────────────────── users ─────────────────────────────

  /** The DN of the user with this id (uid), built with escaping. */
  userDn(id: string): string {
    if (id === "") throw ConnectorError.invalidArgument("An account id cannot be empty");
    return dn(["uid", id], this.usersDn);
  }

  private toUser(entry: Entry, extra: string[]): User | null {
    const rdn = safeParse(entry.dn);
    const id = rdn ? rdnValueUnder(rdn, this.usersDn, "uid") : null;
    if (id === null) return null; // a person elsewhere, or named by another attribute: not an account
    const lockedTime = first(entry, "pwdAccountLockedTime");
    const attributes: Record<string, string[]> = {};
    for (const name of [...USER_EXTRA_ATTRIBUTES, ...extra]) {
      const values = valuesOf(entry, name);
      if (values.length > 0) attributes[name] = values;
    }
    return {
      id,
      dn: formatDn(rdn!),
      cn: first(entry, "cn"),
      givenName: first(entry, "givenName"),
      sn: first(entry, "sn"),
      mail: first(entry, "mail"),
      displayName: first(entry, "displayName"),
      active: lockedTime === null,
      lockedTime,
      lastLogin: generalizedTimeToIso(first(entry, "authTimestamp")),
      attributes,
    };
  }

  /** Every user, sorted by id. `extraAttributes` are read too and land in `attributes`. */
  async listUsers(extraAttributes: string[] = []): Promise<User[]> {
    const entries = await this.searchAll(formatDn(this.usersDn), "one", IS_USER, [
      ...USER_ATTRIBUTES,
      ...extraAttributes,
    ]);
    return entries
      .map((e) => this.toUser(e, extraAttributes))
      .filter((u): u is User => u !== null)
      .sort((a, b) => compare(a.id, b.id));
  }

  /** The users with these ids that exist (in no particular order), read in batches of 100. */
  async getUsers(ids: string[], extraAttributes: string[] = []): Promise<User[]> {
    const users: User[] = [];
    const unique = [...new Set(ids)].filter((id) => id !== "");
    for (let i = 0; i < unique.length; i += 100) {
      const batch = unique.slice(i, i + 100);
      const filter = and(IS_USER, or(...batch.map((id) => eq("uid", id))));
      const entries = await this.searchAll(formatDn(this.usersDn), "one", filter, [
        ...USER_ATTRIBUTES,
        ...extraAttributes,
      ]);
      for (const entry of entries) {
        const user = this.toUser(entry, extraAttributes);
        // uid is multi-valued: keep only entries whose RDN is one of the asked ids (not another uid value).
        if (user && batch.includes(user.id)) users.push(user);
      }
    }
    return users;
  }

  /** The user with this id, or null. */
  async getUser(id: string): Promise<User | null> {
    const entry = await this.readEntry(this.userDn(id), IS_USER, USER_ATTRIBUTES);
    return entry ? this.toUser(entry, []) : null;
  }

  private async requireUser(id: string): Promise<string> {
    const userDn = this.userDn(id);
    if (!(await this.readEntry(userDn, IS_USER, ["uid"]))) {
      throw new ConnectorError("ResourceNotFoundError", `No account with id ${JSON.stringify(id)}`);
    }
    return userDn;
  }

  /** Adds a user; an existing id is an `InvalidArgument`. Returns the user as read back. */
  async createUser(input: NewUser): Promise<User> {
    const userDn = this.userDn(input.uid);
    const attributes: Record<string, string[]> = {
      objectClass: USER_CLASSES,
      uid: [input.uid],
      cn: [input.cn || [input.givenName, input.sn].filter(Boolean).join(" ") || input.uid],
      sn: [input.sn || input.uid],
    };
    if (input.givenName) attributes["givenName"] = [input.givenName];
    if (input.mail) attributes["mail"] = [input.mail];
    if (input.displayName) attributes["displayName"] = [input.displayName];
    if (input.password) attributes["userPassword"] = [input.password];
    for (const [name, values] of Object.entries(input.attributes ?? {})) {
      checkWritableAttribute(name);
      if (values.length > 0) attributes[name] = values;
    }
    if (input.locked) attributes["pwdAccountLockedTime"] = [LOCKED_FOREVER];
    await this.run(`create the account ${JSON.stringify(input.uid)}`, () =>
      this.client.add(
        userDn,
        Object.entries(attributes).map(([type, values]) => new Attribute({ type, values })),
      ),
    );
    const user = await this.getUser(input.uid);
    if (!user) throw new ConnectorError("ServerError", "The account was created but cannot be read back");
    return user;
  }

  /** Changes attributes of a user (replace, or remove with null). */
  async updateUser(id: string, changes: UserChanges): Promise<User> {
    const userDn = await this.requireUser(id);
    const list: Change[] = [];
    const { attributes, ...named } = changes;
    for (const [type, value] of Object.entries(named)) {
      if (value === undefined) continue;
      if ((type === "sn" || type === "cn") && !value) {
        throw ConnectorError.invalidArgument(`${type} is required by inetOrgPerson and cannot be removed`);
      }
      list.push(
        new Change({
          operation: "replace",
          modification: new Attribute({ type, values: value === null ? [] : [value] }),
        }),
      );
    }
    for (const [type, values] of Object.entries(attributes ?? {})) {
      checkWritableAttribute(type);
      list.push(
        new Change({ operation: "replace", modification: new Attribute({ type, values: values ?? [] }) }),
      );
    }
    if (list.length > 0)
      await this.run(`update the account ${JSON.stringify(id)}`, () => this.client.modify(userDn, list));
    return (await this.getUser(id))!;
  }

  /**
   * Locks (`active` false: `pwdAccountLockedTime: 000001010000Z`) or unlocks (the attribute removed, which also
   * clears a lockout after failed binds) an account. Idempotent.
   */
  async setActive(id: string, active: boolean): Promise<User> {
    const userDn = await this.requireUser(id);
    const values = active ? [] : [LOCKED_FOREVER];
    await this.run(`${active ? "activate" : "deactivate"} the account ${JSON.stringify(id)}`, () =>
      this.client.modify(
        userDn,
        new Change({
          operation: "replace",
          modification: new Attribute({ type: "pwdAccountLockedTime", values }),
        }),
      ),
    );
    return (await this.getUser(id))!;
  }

  /** Removes the user from every group below the groups DN, then deletes the entry. */
  async deleteUser(id: string): Promise<void> {
    const userDn = await this.requireUser(id);
    for (const group of await this.groupsWithMember(userDn)) await this.removeMemberDn(group, userDn);
    await this.run(`delete the account ${JSON.stringify(id)}`, () => this.client.del(userDn));
  }

  // ───────────────────────────── groups and OUs ─────────────────────────────

  private toGroup(entry: Entry): Group | null {
    const parsed = safeParse(entry.dn);
    if (!parsed || parsed.length === 0) return null;
    return {
      id: formatDn(parsed, { lowerTypes: true }),
      cn: first(entry, "cn") ?? "",
      description: first(entry, "description"),
      parentDn: formatDn(parsed.slice(1), { lowerTypes: true }),
      members: valuesOf(entry, "member"),
    };
  }

  /** Every group below the groups DN, sorted by id. */
  async listGroups(): Promise<Group[]> {
    const entries = await this.searchAll(formatDn(this.groupsDn), "sub", IS_GROUP, [
      "cn",
      "description",
      "member",
    ]);
    return entries
      .map((e) => this.toGroup(e))
      .filter((g): g is Group => g !== null)
      .sort((a, b) => compare(a.id, b.id));
  }

  /** The group with this id (a DN below the groups DN), or a `ResourceNotFoundError`. */
  async getGroup(id: string): Promise<Group> {
    let parsed: Dn;
    try {
      parsed = parseDn(id);
    } catch (error) {
      throw toConnectorError(error, `read the group ${JSON.stringify(id)}`);
    }
    if (parsed.length <= this.groupsDn.length || !isWithin(parsed, this.groupsDn)) {
      throw new ConnectorError(
        "ResourceNotFoundError",
        `No group ${JSON.stringify(id)} below ${formatDn(this.groupsDn)}`,
      );
    }
    const entry = await this.readEntry(formatDn(parsed), IS_GROUP, ["cn", "description", "member"]);
    const group = entry ? this.toGroup(entry) : null;
    if (!group) throw new ConnectorError("ResourceNotFoundError", `No group ${JSON.stringify(id)}`);
    return group;
  }

  /** Every OU at or below the base DN, sorted by id. */
  async listOrganizationalUnits(): Promise<OrganizationalUnit[]> {
    const entries = await this.searchAll(this.config.baseDn, "sub", IS_OU, ["ou", "description"]);
    return entries
      .map((e) => {
        const parsed = safeParse(e.dn);
        return parsed
          ? {
              id: formatDn(parsed, { lowerTypes: true }),
              ou: first(e, "ou") ?? "",
              description: first(e, "description"),
            }
          : null;
      })
      .filter((o): o is OrganizationalUnit => o !== null)
      .sort((a, b) => compare(a.id, b.id));
  }

  /** The account id a member DN names (uid=… directly below the users DN), or null (placeholder, other entry). */
  memberToUserId(memberDn: string): string | null {
    const parsed = safeParse(memberDn);
    return parsed ? rdnValueUnder(parsed, this.usersDn, "uid") : null;
  }

  /** Every membership of a user in a group, sorted by group then user. */
  async listMemberships(): Promise<Membership[]> {
    const out: Membership[] = [];
    for (const group of await this.listGroups()) {
      const ids = new Set<string>();
      for (const member of group.members) {
        const userId = this.memberToUserId(member);
        if (userId !== null) ids.add(userId);
      }
      for (const userId of [...ids].sort(compare))
        out.push({ userId, groupId: group.id, groupParentDn: group.parentDn });
    }
    return out;
  }

  private async groupsWithMember(memberDn: string): Promise<Group[]> {
    const entries = await this.searchAll(
      formatDn(this.groupsDn),
      "sub",
      and(IS_GROUP, eq("member", memberDn)),
      ["cn", "member"],
    );
    return entries.map((e) => this.toGroup(e)).filter((g): g is Group => g !== null);
  }

  /** Adds the user to the group (and drops the empty-group placeholder). Idempotent. */
  async addMember(groupId: string, userId: string): Promise<void> {
    const group = await this.getGroup(groupId);
    const userDn = await this.requireUser(userId);
    if (group.members.some((m) => sameMember(m, userDn))) return;
    const changes = [
      new Change({ operation: "add", modification: new Attribute({ type: "member", values: [userDn] }) }),
    ];
    const placeholders = group.members.filter((m) => this.isPlaceholder(m));
    if (placeholders.length > 0) {
      changes.push(
        new Change({
          operation: "delete",
          modification: new Attribute({ type: "member", values: placeholders }),
        }),
      );
    }
    try {
      await this.client.modify(formatDn(parseDn(group.id)), changes);
    } catch (error) {
      if (resultCodeOf(error) === RESULT.attributeOrValueExists) return; // added meanwhile
      throw toConnectorError(error, `add ${JSON.stringify(userId)} to ${group.id}`);
    }
  }

  /** Removes the user from the group; the last member is replaced by the placeholder. Idempotent. */
  async removeMember(groupId: string, userId: string): Promise<void> {
    const group = await this.getGroup(groupId);
    await this.removeMemberDn(group, this.userDn(userId));
  }

  private isPlaceholder(memberDn: string): boolean {
    return sameMember(memberDn, this.config.emptyGroupMember);
  }

  private async removeMemberDn(group: Group, userDn: string): Promise<void> {
    const stored = group.members.filter((m) => sameMember(m, userDn));
    if (stored.length === 0) return;
    const groupDn = formatDn(parseDn(group.id));
    const remove = new Change({
      operation: "delete",
      modification: new Attribute({ type: "member", values: stored }),
    });
    try {
      await this.client.modify(groupDn, remove);
    } catch (error) {
      const code = resultCodeOf(error);
      if (code === RESULT.noSuchAttribute) return; // removed meanwhile
      if (code !== RESULT.objectClassViolation)
        throw toConnectorError(error, `remove a member from ${group.id}`);
      // It was the last member: groupOfNames needs one, so the placeholder takes its place in the same change.
      const placeholder = new Change({
        operation: "add",
        modification: new Attribute({ type: "member", values: [this.config.emptyGroupMember] }),
      });
      await this.run(`remove the last member of ${group.id}`, () =>
        this.client.modify(groupDn, [placeholder, remove]),
      );
    }
  }
}

function safeParse(text: string): Dn | null {
  try {
    return parseDn(text);
  } catch {
    return null;
  }
}

function rdnValueUnder(entryDn: Dn, parent: Dn, type: string): string | null {
  const rdn = rdnUnder(entryDn, parent);
  return rdn ? rdnValue(rdn, type) : null;
}

function sameMember(a: string, b: string): boolean {
  const pa = safeParse(a);
  const pb = safeParse(b);
  if (!pa || !pb) return a === b;
  return dnKey(pa) === dnKey(pb);
}

/** Code-unit order: the same in every locale and stable across calls (pages rely on it). */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const FORBIDDEN_ATTRIBUTES = new Set(["objectclass", "uid", "pwdaccountlockedtime", "member", "memberof"]);

function checkWritableAttribute(name: string): void {
  if (!/^[A-Za-z][A-Za-z0-9-]*$/.test(name) || FORBIDDEN_ATTRIBUTES.has(name.toLowerCase())) {
    throw ConnectorError.invalidArgument(`The attribute ${JSON.stringify(name)} cannot be written here`);
  }
}
