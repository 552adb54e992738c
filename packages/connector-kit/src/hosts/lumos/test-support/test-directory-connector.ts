/**
 * "Test Directory": an in-memory identity connector for the Lumos and HTTP host tests, shaped like an LDAP
 * directory (accounts = users, resources = OUs, entitlements = groups, associations = memberships). It is
 * also an AppFlow connector (one `users` entity), so both hosts can be tested on one connector.
 */

import { ConnectorError } from "../../../core/errors/connector-error.js";
import { setting } from "../../../core/settings/setting.js";
import { defineConnector } from "../../../define/define-connector.js";
import { IdentityError } from "../../../identity/errors.js";
import { reply } from "../../../identity/identity-capabilities.js";
import { PageCursor } from "../../../identity/pagination-token.js";
import type {
  AccountStatus,
  FoundAccountData,
  FoundEntitlementAssociation,
} from "../../../identity/payloads.js";

/** The credentials the test directory accepts. */
export const TEST_USERNAME = "cn=admin";
/** The password the test directory accepts: a secret the redaction tests look for. */
export const TEST_PASSWORD = "s3cret-pass-word";

/** Raised by the `busy` custom capability; the connector registers a handler mapping it to rate_limit. */
export class DirectoryBusyError extends Error {
  override readonly name = "DirectoryBusyError";
}

/** An error shaped like an HTTP client's: a status, a URL and a message. */
export class FakeHttpError extends Error {
  override readonly name = "FakeHttpError";
  constructor(
    readonly status: number,
    readonly url: string,
    message: string,
  ) {
    super(message);
  }
}

interface User {
  id: string;
  email: string;
  given: string;
  family: string;
  status: AccountStatus;
}

/** A fresh directory and its connector (each test gets its own state). */
export function createTestDirectory() {
  const users: User[] = [
    { id: "uid=ada", email: "ada@example.com", given: "Ada", family: "Lovelace", status: "ACTIVE" },
    { id: "uid=alan", email: "alan@example.com", given: "Alan", family: "Turing", status: "ACTIVE" },
    { id: "uid=grace", email: "grace@example.com", given: "Grace", family: "Hopper", status: "SUSPENDED" },
    { id: "uid=linus", email: "linus@example.com", given: "Linus", family: "Torvalds", status: "ACTIVE" },
    { id: "uid=ken", email: "ken@example.com", given: "Ken", family: "Thompson", status: "ACTIVE" },
  ];
  const ous = [
    { id: "ou=eng", label: "Engineering" },
    { id: "ou=ops", label: "Operations" },
  ];
  const groups = [
    { id: "cn=devs", ou: "ou=eng", label: "Developers" },
    { id: "cn=admins", ou: "ou=ops", label: "Administrators" },
    { id: "cn=oncall", ou: "ou=ops", label: "On call" },
  ];
  const memberships = new Set([
    "uid=ada|cn=devs",
    "uid=alan|cn=devs",
    "uid=grace|cn=admins",
    "uid=ken|cn=oncall",
  ]);

  const toAccount = (u: User): FoundAccountData => ({
    integration_specific_id: u.id,
    email: u.email,
    given_name: u.given,
    family_name: u.family,
    username: u.id.slice(4),
    user_status: u.status,
    account_type: "user",
  });
  const findUser = (id: string): User => {
    const user = users.find((u) => u.id === id);
    if (!user) throw new IdentityError("not_found", `No account ${id}`);
    return user;
  };

  const connector = defineConnector({
    name: "Test Directory",
    owner: "connector-kit",
    version: "1.2.3",
    description: "An in-memory directory for tests",
    auth: { basic: true },
    settings: {
      baseDn: setting.string({ label: "Base DN", required: true }),
      pageLimit: setting.integer({ label: "Page limit" }),
      adminPassword: setting.string({ label: "Admin password" }),
    },
    async listEntities() {
      return [{ entityIdentifier: "users", hasNestedEntities: false, label: "Users" }];
    },
    async describeEntity() {
      return {
        entity: { entityIdentifier: "users", hasNestedEntities: false },
        fields: [
          { fieldName: "id", dataType: "String", isPrimaryKey: true },
          { fieldName: "email", dataType: "String" },
        ],
      };
    },
    async query() {
      return { records: users.map((u) => ({ id: u.id, email: u.email })), nextToken: null };
    },
    identity: {
      appId: "test-directory",
      descriptionData: {
        user_friendly_name: "Test Directory",
        app_vendor_domain: "example.com",
        categories: ["IT_AND_SECURITY", "DEVELOPERS"],
      },
      resourceTypes: [{ type_id: "ou", type_label: "Organizational unit" }],
      entitlementTypes: [{ type_id: "group", type_label: "Group", resource_type_id: "ou", min: 0 }],
      capabilityMetadata: { list_accounts: { description: "Every user entry under the base DN" } },
      exceptionHandlers: [
        {
          match: DirectoryBusyError,
          errorCode: "rate_limit",
          handle: (error) => ({
            message: `Directory busy: ${(error as Error).message}`,
            app_error_code: "directory.busy",
          }),
        },
      ],
      async validateCredentials(ctx) {
        const creds = ctx.credentials;
        if (
          creds?.type !== "BasicAuth" ||
          creds.username !== TEST_USERNAME ||
          creds.password !== TEST_PASSWORD
        ) {
          throw new IdentityError("unauthorized", "Bind failed: invalid credentials", {
            appErrorCode: "ldap.invalid_credentials",
          });
        }
        ctx.logger.info("Bound to the directory", { username: creds.username, password: creds.password });
        return { valid: true, unique_tenant_id: `test-directory:${ctx.settings.baseDn}` };
      },
      async listAccounts(ctx, input) {
        const cursor = PageCursor.from(
          input.page,
          [{ endpoint: "users", offset: 0 }],
          ctx.settings.pageLimit ?? 2,
        );
        const offset = Number(cursor.current?.["offset"] ?? 0);
        const page = users.slice(offset, offset + cursor.size);
        const end = offset + page.length;
        const wanted = input.request.custom_attributes ?? [];
        return reply(
          page.map((u) => ({
            ...toAccount(u),
            ...(wanted.includes("department") ? { custom_attributes: { department: "R&D" } } : {}),
          })),
          {
            nextPage: cursor.next(end < users.length ? { endpoint: "users", offset: end } : null),
            rawData: input.includeRawData
              ? { entries: page.map((u) => `dn: ${u.id},${ctx.settings.baseDn}`) }
              : undefined,
          },
        );
      },
      async listResources() {
        return ous.map((ou) => ({ integration_specific_id: ou.id, label: ou.label, resource_type: "ou" }));
      },
      async listEntitlements() {
        return groups.map((g) => ({
          entitlement_type: "group",
          integration_specific_id: g.id,
          integration_specific_resource_id: g.ou,
          label: g.label,
          is_assignable: true,
        }));
      },
      // Walks two "endpoints" in turn: the members of each OU's groups, one OU per page.
      async findEntitlementAssociations(_ctx, input) {
        const cursor = PageCursor.from(input.page, [{ endpoint: "ou=ops" }, { endpoint: "ou=eng" }]);
        const ou = cursor.current?.endpoint ?? null;
        const found: FoundEntitlementAssociation[] = [];
        for (const key of [...memberships].sort()) {
          const [account, group] = key.split("|") as [string, string];
          const g = groups.find((x) => x.id === group)!;
          if (g.ou === ou)
            found.push({
              account_id: account,
              integration_specific_entitlement_id: group,
              integration_specific_resource_id: g.ou,
            });
        }
        return reply(found, { nextPage: cursor.next(null) });
      },
      async getLastActivity(_ctx, input) {
        return input.request.account_ids.map((id) => ({
          account_id: findUser(id).id,
          event_type: "last_login" as const,
          happened_at: "2024-05-01T10:00:00Z",
        }));
      },
      async listCustomAttributesSchema() {
        return [
          { customized_type: "account" as const, name: "department", attribute_type: "string" as const },
        ];
      },
      async createAccount(_ctx, input) {
        const r = input.request;
        if (!r.username) throw new IdentityError("bad_request", "username is required");
        const id = `uid=${r.username}`;
        if (users.some((u) => u.id === id)) throw new IdentityError("invalid_value", `Account ${id} exists`);
        users.push({
          id,
          email: r.email ?? "",
          given: r.given_name ?? "",
          family: r.family_name ?? "",
          status: "ACTIVE",
        });
        for (const e of r.entitlements) memberships.add(`${id}|${e.integration_specific_id}`);
        return reply(
          { id, status: "ACTIVE" as const, created: true },
          {
            executionSummary: {
              effect: { kind: "created" },
              request_fingerprint: `create:${id}`,
              is_idempotent: false,
            },
          },
        );
      },
      async updateAccount(_ctx, input) {
        const user = findUser(input.request.id);
        if (typeof input.request["email"] === "string") user.email = input.request["email"];
        return { id: user.id, email: user.email };
      },
      async deleteAccount(_ctx, input) {
        const user = findUser(input.request.account_id);
        users.splice(users.indexOf(user), 1);
        return { status: "DELETED" as const, deleted: true };
      },
      async activateAccount(_ctx, input) {
        findUser(input.request.account_id).status = "ACTIVE";
        return { status: "ACTIVE" as const, activated: true };
      },
      async deactivateAccount(_ctx, input) {
        findUser(input.request.account_id).status = "SUSPENDED";
        return { status: "SUSPENDED" as const, deactivated: true };
      },
      async assignEntitlement(_ctx, input) {
        const r = input.request;
        findUser(r.account_integration_specific_id);
        memberships.add(`${r.account_integration_specific_id}|${r.entitlement_integration_specific_id}`);
        return { assigned: true };
      },
      async unassignEntitlement(_ctx, input) {
        const r = input.request;
        const key = `${r.account_integration_specific_id}|${r.entitlement_integration_specific_id}`;
        if (!memberships.delete(key)) throw new IdentityError("not_found", "No such membership");
        return { unassigned: true };
      },
      custom: {
        list_group_owners: {
          description: "The owners of a group",
          requestSchema: {
            type: "object",
            properties: { group_id: { type: "string" } },
            required: ["group_id"],
          },
          responseSchema: { type: "array", items: { type: "string" } },
          async handler(_ctx, input) {
            return input.request["group_id"] === "cn=admins" ? ["uid=grace"] : [];
          },
        },
        busy: async () => {
          throw new DirectoryBusyError("try again in a minute");
        },
        crash: async (ctx) => {
          throw new Error(`Unexpected failure while binding with ${String(ctx.settings["adminPassword"])}`);
        },
        upstream_failure: async () => {
          throw new FakeHttpError(
            503,
            "https://directory.example.com/users?token=abc",
            "Service Unavailable",
          );
        },
        wrong_shape: {
          responseSchema: { type: "object", properties: { ok: { type: "boolean" } }, required: ["ok"] },
          handler: async () => ({ ok: "yes" }),
        },
        appflow_error: async () => {
          throw new ConnectorError("AccessDenied", "Not allowed to read the directory");
        },
      },
    },
  });
  return { connector, users, memberships };
}

/** A Test Directory connector (for `connector compile` and `connector serve` tests). */
export const connector = createTestDirectory().connector;
