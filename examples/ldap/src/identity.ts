/**
 * The identity capabilities of the LDAP connector, as plain functions over an open {@link Directory}, with
 * Lumos' payload shapes (snake_case keys, as they travel). `connector.ts` wires them into
 * `defineConnector({ identity })`.
 *
 *   accounts     = inetOrgPerson entries one level below the users DN; id = the `uid` of the RDN
 *   resources    = organizationalUnit entries at or below the base DN; id = the OU's DN (canonical)
 *   entitlements = groupOfNames entries below the groups DN; id = the group's DN (canonical),
 *                  resource = the DN of the entry holding it (its OU)
 *   associations = `member` values that name an account
 */
import { ConnectorError } from "connector-kit";
import type {
  AccountStatus,
  CreateAccountRequest,
  CustomAttributeSchema,
  EntitlementAssignmentRequest,
  FoundAccountData,
  FoundEntitlementAssociation,
  FoundEntitlementData,
  FoundResourceData,
  JsonValue as Json,
  LastActivityData,
  UpdateAccountRequest,
} from "connector-kit/identity";
import { IdentityError } from "connector-kit/identity";
import { type Directory, USER_EXTRA_ATTRIBUTES, type User } from "./directory.js";
import { isAttributeType } from "./escape.js";

// ─── payloads: connector-kit's identity model ───

export type {
  AccountStatus,
  CreateAccountRequest,
  CustomAttributeSchema,
  EntitlementAssignmentRequest,
  FoundAccountData,
  FoundEntitlementAssociation,
  FoundEntitlementData,
  FoundResourceData,
  LastActivityData,
  UpdateAccountRequest,
} from "connector-kit/identity";

/** A request's page: the previous answer's token and the size asked for. */
export interface PageRequest {
  token: string | null;
  size: number | null;
}
/** One page of a list capability: the payload and the next page's token (null at the end). */
export interface Paged<T> {
  response: T[];
  nextPage: string | null;
}

/** The only resource type: organizational units. */
export const RESOURCE_TYPE_OU = "organizational_unit";
/** The only entitlement type: group membership (its resource is the group's OU). */
export const ENTITLEMENT_TYPE_GROUP = "group";

export const RESOURCE_TYPES = [{ type_id: RESOURCE_TYPE_OU, type_label: "Organizational unit" }];
export const ENTITLEMENT_TYPES = [
  { type_id: ENTITLEMENT_TYPE_GROUP, type_label: "Group", resource_type_id: RESOURCE_TYPE_OU, min: 0 },
];

export const DEFAULT_PAGE_SIZE = 100;

// ─── pages ───

/**
 * Keyset pages over a list sorted by `keyOf`: the token is the last key returned (base64url JSON), so a
 * page depends only on it; entries added or removed meanwhile never shift later pages. The directory is read
 * again for every page (LDAP paged-results cookies live only as long as the connection, one call).
 */
export function pageOf<T>(items: T[], keyOf: (item: T) => string, page: PageRequest): Paged<T> {
  const size = page.size !== null && page.size > 0 ? Math.min(page.size, 10_000) : DEFAULT_PAGE_SIZE;
  let after: string | null = null;
  if (page.token) {
    try {
      const decoded: unknown = JSON.parse(Buffer.from(page.token, "base64url").toString("utf8"));
      if (!Array.isArray(decoded) || decoded[0] !== "ldap1" || typeof decoded[1] !== "string")
        throw new Error();
      after = decoded[1];
    } catch {
      // Lumos' code for a token this connector did not issue (AppFlow reads it as InvalidArgument).
      throw new IdentityError("invalid_page_token", "Invalid page token");
    }
  }
  const start = after === null ? 0 : items.findIndex((item) => keyOf(item) > after);
  const slice = start < 0 ? [] : items.slice(start, start + size);
  const more = start >= 0 && start + size < items.length;
  const last = slice.at(-1);
  const nextPage =
    more && last !== undefined
      ? Buffer.from(JSON.stringify(["ldap1", keyOf(last)]), "utf8").toString("base64url")
      : null;
  return { response: slice, nextPage };
}

// ─── read capabilities ───

/** validate_credentials: the bind succeeded (the directory is open); the tenant is the base entry's entryUUID. */
export async function validateCredentials(
  directory: Directory,
): Promise<{ valid: boolean; unique_tenant_id: string }> {
  const uuid = await directory.baseEntryUuid();
  return { valid: true, unique_tenant_id: uuid ?? `${directory.config.url}/${directory.config.baseDn}` };
}

function customAttributeNames(requested: string[] | null | undefined): string[] {
  const names = requested ?? [];
  for (const name of names) {
    if (!isAttributeType(name))
      throw ConnectorError.invalidArgument(`Not an attribute name: ${JSON.stringify(name)}`);
  }
  return names;
}

/** The Lumos status of a user: locked (`pwdAccountLockedTime`) is SUSPENDED, else ACTIVE. */
export const statusOf = (user: User): AccountStatus => (user.active ? "ACTIVE" : "SUSPENDED");

export function toAccount(directory: Directory, user: User, custom: string[]): FoundAccountData {
  const extra: { [key: string]: Json } = { dn: user.dn };
  if (user.cn !== null) extra["cn"] = user.cn;
  if (user.displayName !== null) extra["display_name"] = user.displayName;
  if (user.lockedTime !== null) extra["pwd_account_locked_time"] = user.lockedTime;
  if (user.lastLogin !== null) extra["last_login"] = user.lastLogin;
  for (const [name, values] of Object.entries(user.attributes)) {
    if (USER_EXTRA_ATTRIBUTES.includes(name)) extra[name] = values.length === 1 ? values[0]! : values;
  }
  let customAttributes: Record<string, string> | null = null;
  if (custom.length > 0) {
    customAttributes = {};
    for (const name of custom) {
      const values = user.attributes[name];
      if (!values || values.length === 0) continue;
      // A DN-valued attribute naming an account (e.g. manager) is given as that account's id.
      const asUser = directory.memberToUserId(values[0]!);
      customAttributes[name] = asUser ?? values.join(", ");
    }
  }
  return {
    integration_specific_id: user.id,
    email: user.mail,
    given_name: user.givenName,
    family_name: user.sn,
    username: user.id,
    user_status: statusOf(user),
    extra_data: extra,
    custom_attributes: customAttributes,
    account_type: "user",
  };
}

/** list_accounts: every user, sorted by id, in keyset pages. */
export async function listAccounts(
  directory: Directory,
  request: { custom_attributes?: string[] | null },
  page: PageRequest,
): Promise<Paged<FoundAccountData>> {
  const custom = customAttributeNames(request.custom_attributes);
  const users = await directory.listUsers(custom);
  const { response, nextPage } = pageOf(users, (u) => u.id, page);
  return { response: response.map((u) => toAccount(directory, u, custom)), nextPage };
}

/** list_resources: every OU at or below the base DN. */
export async function listResources(
  directory: Directory,
  page: PageRequest,
): Promise<Paged<FoundResourceData>> {
  const ous = await directory.listOrganizationalUnits();
  const { response, nextPage } = pageOf(ous, (o) => o.id, page);
  return {
    response: response.map((o) => ({
      integration_specific_id: o.id,
      label: o.ou,
      resource_type: RESOURCE_TYPE_OU,
      description: o.description,
      extra_data: { dn: o.id },
    })),
    nextPage,
  };
}

/** list_entitlements: every group below the groups DN; its resource is its parent OU. */
export async function listEntitlements(
  directory: Directory,
  _request: { custom_attributes?: string[] | null },
  page: PageRequest,
): Promise<Paged<FoundEntitlementData>> {
  const groups = await directory.listGroups();
  const { response, nextPage } = pageOf(groups, (g) => g.id, page);
  return {
    response: response.map((g) => ({
      entitlement_type: ENTITLEMENT_TYPE_GROUP,
      integration_specific_id: g.id,
      integration_specific_resource_id: g.parentDn,
      label: g.cn,
      is_assignable: true,
      description: g.description,
      extra_data: { dn: g.id },
      custom_attributes: null,
    })),
    nextPage,
  };
}

/** find_entitlement_associations: every membership of an account in a group. */
export async function findEntitlementAssociations(
  directory: Directory,
  page: PageRequest,
): Promise<Paged<FoundEntitlementAssociation>> {
  const memberships = await directory.listMemberships();
  // Group ids never contain NUL, so "group\0user" orders by group then user, as listMemberships does.
  const { response, nextPage } = pageOf(memberships, (m) => `${m.groupId}\0${m.userId}`, page);
  return {
    response: response.map((m) => ({
      account_id: m.userId,
      integration_specific_entitlement_id: m.groupId,
      integration_specific_resource_id: m.groupParentDn,
    })),
    nextPage,
  };
}

/** get_last_activity: the last successful bind (`authTimestamp`, lastbind overlay) of each account that has one. */
export async function getLastActivity(
  directory: Directory,
  request: { account_ids: string[] },
): Promise<LastActivityData[]> {
  const users = await directory.getUsers(request.account_ids);
  const byId = new Map(users.map((u) => [u.id, u]));
  const out: LastActivityData[] = [];
  for (const id of new Set(request.account_ids)) {
    const lastLogin = byId.get(id)?.lastLogin;
    if (lastLogin) out.push({ account_id: id, event_type: "last_login", happened_at: lastLogin });
  }
  return out;
}

/** list_custom_attributes_schema: the inetOrgPerson attributes offered as account custom attributes. */
export function listCustomAttributesSchema(): CustomAttributeSchema[] {
  const describe: Record<string, string> = {
    title: "Job title (title)",
    departmentNumber: "Department (departmentNumber)",
    employeeNumber: "Employee number (employeeNumber)",
    employeeType: "Employee type (employeeType)",
    telephoneNumber: "Telephone number (telephoneNumber)",
    manager: "Manager (manager), as an account id",
  };
  return USER_EXTRA_ATTRIBUTES.map((name) => ({
    customized_type: "account" as const,
    name,
    attribute_type: name === "manager" ? ("user" as const) : ("string" as const),
    description: describe[name] ?? null,
  }));
}

// ─── write capabilities ───

function text(value: Json | undefined, field: string): string | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value !== "string") throw ConnectorError.invalidArgument(`${field} must be a string`);
  return value;
}

/** extra_data keys create_account and update_account accept, and the attribute each writes. */
const EXTRA_FIELDS: Record<string, string> = {
  password: "userPassword",
  cn: "cn",
  display_name: "displayName",
  title: "title",
  department_number: "departmentNumber",
  employee_number: "employeeNumber",
  employee_type: "employeeType",
  telephone_number: "telephoneNumber",
};

function checkExtraKeys(extra: { [key: string]: Json | undefined }): void {
  const unknown = Object.keys(extra).filter((k) => !(k in EXTRA_FIELDS));
  if (unknown.length > 0) {
    throw ConnectorError.invalidArgument(
      `Unknown extra_data keys: ${unknown.join(", ")} (known: ${Object.keys(EXTRA_FIELDS).join(", ")})`,
    );
  }
}

function checkGroupEntitlement(type: string): void {
  if (type !== ENTITLEMENT_TYPE_GROUP) {
    throw ConnectorError.invalidArgument(
      `Unknown entitlement type ${JSON.stringify(type)}; expected "group"`,
    );
  }
}

/**
 * create_account: `uid` = username (else the e-mail address), `sn` = family_name (else the uid), `cn` =
 * extra_data.cn, else given and family name, else the uid; user_status SUSPENDED/INACTIVE creates it locked;
 * the entitlements are group memberships added right after.
 */
export async function createAccount(
  directory: Directory,
  request: CreateAccountRequest,
): Promise<{ id: string; status: AccountStatus; created: true }> {
  const extra = request.extra_data ?? {};
  checkExtraKeys(extra);
  const uid = text(request.username, "username") ?? text(request.email, "email");
  if (!uid) throw ConnectorError.invalidArgument("create_account needs a username (or an email)");
  for (const e of request.entitlements) checkGroupEntitlement(e.entitlement_type);
  const groups = await Promise.all(
    request.entitlements.map((e) => directory.getGroup(e.integration_specific_id)),
  );
  const status = (request.user_status ?? "ACTIVE").toUpperCase();
  if (!["ACTIVE", "SUSPENDED", "INACTIVE"].includes(status)) {
    throw ConnectorError.invalidArgument(`user_status must be ACTIVE, SUSPENDED or INACTIVE, not ${status}`);
  }
  const attributes: Record<string, string[]> = {};
  for (const key of ["title", "department_number", "employee_number", "employee_type", "telephone_number"]) {
    const value = text(extra[key], `extra_data.${key}`);
    if (value !== undefined) attributes[EXTRA_FIELDS[key]!] = [value];
  }
  const user = await directory.createUser({
    uid,
    cn: text(extra["cn"], "extra_data.cn"),
    sn: text(request.family_name, "family_name"),
    givenName: text(request.given_name, "given_name"),
    mail: text(request.email, "email"),
    displayName: text(extra["display_name"], "extra_data.display_name"),
    password: text(extra["password"], "extra_data.password"),
    attributes,
    locked: status !== "ACTIVE",
  });
  for (const group of groups) await directory.addMember(group.id, user.id);
  return { id: user.id, status: statusOf(user), created: true };
}

/**
 * update_account: `id` names the account; email, given_name, family_name and the extra_data keys (flat or
 * under `extra_data`) replace attributes; null removes one. The uid (the id) cannot change.
 */
export async function updateAccount(
  directory: Directory,
  request: UpdateAccountRequest,
): Promise<UpdateAccountRequest> {
  const { id, email, given_name, family_name, username, extra_data, ...flat } = request;
  if (typeof id !== "string" || id === "")
    throw ConnectorError.invalidArgument("update_account needs the account id");
  if (username !== undefined && username !== null && username !== id) {
    throw ConnectorError.invalidArgument("The username is the account id and cannot change");
  }
  if (
    extra_data !== undefined &&
    extra_data !== null &&
    (typeof extra_data !== "object" || Array.isArray(extra_data))
  ) {
    throw ConnectorError.invalidArgument("extra_data must be an object");
  }
  const extra = { ...flat, ...((extra_data as { [key: string]: Json } | null | undefined) ?? {}) };
  checkExtraKeys(extra);
  const value = (v: Json | undefined, field: string): string | null | undefined =>
    v === null ? null : v === undefined ? undefined : (text(v, field) ?? null);
  const changes: Parameters<Directory["updateUser"]>[1] = { attributes: {} };
  const mail = value(email, "email");
  const givenName = value(given_name, "given_name");
  const sn = value(family_name, "family_name");
  if (mail !== undefined) changes.mail = mail;
  if (givenName !== undefined) changes.givenName = givenName;
  if (sn !== undefined) changes.sn = sn;
  for (const [key, raw] of Object.entries(extra)) {
    const v = value(raw, key);
    if (v === undefined) continue;
    const attribute = EXTRA_FIELDS[key]!;
    if (attribute === "cn") changes.cn = v;
    else if (attribute === "displayName") changes.displayName = v;
    else if (attribute === "userPassword") changes.userPassword = v;
    else changes.attributes![attribute] = v === null ? null : [v];
  }
  await directory.updateUser(id, changes);
  const { password: _password, ...safe } = extra as Record<string, Json | undefined>;
  const answer: UpdateAccountRequest = { id };
  if (email !== undefined) answer["email"] = email;
  if (given_name !== undefined) answer["given_name"] = given_name;
  if (family_name !== undefined) answer["family_name"] = family_name;
  if (Object.keys(safe).length > 0) answer["extra_data"] = safe as Json;
  return answer;
}

/** delete_account: leaves every group, then the entry is deleted. */
export async function deleteAccount(directory: Directory, request: { account_id: string }) {
  await directory.deleteUser(request.account_id);
  return { status: "DELETED" as AccountStatus, deleted: true };
}

/** activate_account: removes `pwdAccountLockedTime`. */
export async function activateAccount(directory: Directory, request: { account_id: string }) {
  const user = await directory.setActive(request.account_id, true);
  return { status: statusOf(user), activated: true };
}

/** deactivate_account: sets `pwdAccountLockedTime: 000001010000Z` (locked until an administrator unlocks). */
export async function deactivateAccount(directory: Directory, request: { account_id: string }) {
  const user = await directory.setActive(request.account_id, false);
  return { status: statusOf(user), deactivated: true };
}

/** assign_entitlement: adds the account's DN to the group's `member` values (idempotent). */
export async function assignEntitlement(directory: Directory, request: EntitlementAssignmentRequest) {
  checkGroupEntitlement(request.entitlement_type);
  await directory.addMember(
    request.entitlement_integration_specific_id,
    request.account_integration_specific_id,
  );
  return { assigned: true };
}

/** unassign_entitlement: removes the account's DN from `member` (the placeholder keeps a last-member group valid). */
export async function unassignEntitlement(directory: Directory, request: EntitlementAssignmentRequest) {
  checkGroupEntitlement(request.entitlement_type);
  await directory.removeMember(
    request.entitlement_integration_specific_id,
    request.account_integration_specific_id,
  );
  return { unassigned: true };
}
