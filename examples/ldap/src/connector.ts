import { ConnectorError, type DataRecord, defineConnector, type WriteOutcome } from "connector-kit";
import type { Directory, UserChanges } from "./directory.js";
import { describeEntity, entityNameOf, listEntityDescriptions, recordsOf, userRecord } from "./entities.js";
import { toConnectorError } from "./errors.js";
import { pageOf } from "./identity.js";
import { LDAP_IDENTITY_TYPES, ldapIdentityFunctions } from "./lumos.js";
import { withDirectory } from "./session.js";
import { settings } from "./settings.js";

const WRITABLE = ["cn", "sn", "givenName", "mail", "displayName"] as const;
const WRITABLE_EXTRA = ["title", "departmentNumber", "employeeNumber", "employeeType", "telephoneNumber"];

function stringField(record: DataRecord, name: string): string | null | undefined {
  const value = record[name];
  if (value === undefined || value === null) return value as null | undefined;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  throw ConnectorError.invalidArgument(`${name} must be a string`);
}

function checkFields(record: DataRecord): void {
  const known = new Set(["uid", "active", "password", ...WRITABLE, ...WRITABLE_EXTRA]);
  const unknown = Object.keys(record).filter((k) => !known.has(k));
  if (unknown.length > 0) throw ConnectorError.invalidArgument(`Fields not writable: ${unknown.join(", ")}`);
}

/** Writes one user record; returns its uid. */
async function writeUser(directory: Directory, operation: string, record: DataRecord): Promise<string> {
  const uid = stringField(record, "uid");
  if (!uid) throw ConnectorError.invalidArgument("uid is required");
  if (operation === "DELETE") {
    await directory.deleteUser(uid);
    return uid;
  }
  checkFields(record);
  const active = record["active"];
  if (active !== undefined && active !== null && typeof active !== "boolean") {
    throw ConnectorError.invalidArgument("active must be a boolean");
  }
  if (operation === "INSERT") {
    const attributes: Record<string, string[]> = {};
    for (const name of WRITABLE_EXTRA) {
      const v = stringField(record, name);
      if (v) attributes[name] = [v];
    }
    await directory.createUser({
      uid,
      cn: stringField(record, "cn") ?? undefined,
      sn: stringField(record, "sn") ?? undefined,
      givenName: stringField(record, "givenName") ?? undefined,
      mail: stringField(record, "mail") ?? undefined,
      displayName: stringField(record, "displayName") ?? undefined,
      password: stringField(record, "password") ?? undefined,
      attributes,
      locked: active === false,
    });
    return uid;
  }
  if (operation !== "UPDATE") throw ConnectorError.invalidArgument(`${operation} is not supported`);
  const changes: UserChanges = { attributes: {} };
  for (const name of WRITABLE) {
    const v = stringField(record, name);
    if (v !== undefined) changes[name] = v === "" ? null : v;
  }
  const password = stringField(record, "password");
  if (password !== undefined) changes.userPassword = password || null;
  for (const name of WRITABLE_EXTRA) {
    const v = stringField(record, name);
    if (v !== undefined) changes.attributes![name] = v ? [v] : null;
  }
  await directory.updateUser(uid, changes);
  if (typeof active === "boolean") await directory.setActive(uid, active);
  return uid;
}

/**
 * The LDAP connector on AppFlow: users, groups, OUs and memberships as entities (filters applied by the SDK),
 * users writable (INSERT, UPDATE, DELETE keyed on uid). The same definition is a Lumos identity connector:
 * accounts are users, entitlements groups, resources OUs (see `identity.ts` and `lumos.ts`).
 */
export const ldapConnector = defineConnector({
  name: "LDAP",
  owner: "connector-kit",
  version: "1.0.0",
  description: "Users, groups and organizational units of an LDAP directory (OpenLDAP)",
  auth: { basic: true },
  settings,
  clientSideFilter: true,
  writeOperations: ["INSERT", "UPDATE", "DELETE"],
  identity: {
    appId: "ldap",
    authModel: "basic",
    ...LDAP_IDENTITY_TYPES,
    ...ldapIdentityFunctions(),
  },

  async validateCredentials(ctx) {
    await withDirectory(ctx, async (directory) => {
      await directory.baseEntryUuid();
    });
  },

  async listEntities() {
    return listEntityDescriptions();
  },

  async describeEntity(_ctx, entityIdentifier) {
    return describeEntity(entityIdentifier);
  },

  async query(ctx, input, upstreamToken) {
    const name = entityNameOf(input.entityIdentifier);
    const all = await withDirectory(ctx, (directory) => recordsOf(directory, name));
    const { response, nextPage } = pageOf(all, (r) => r.key, { token: upstreamToken, size: input.pageSize });
    const records = response.map(({ record }) =>
      input.fields ? Object.fromEntries(input.fields.map((f) => [f, record[f] ?? null])) : record,
    );
    return { records, nextToken: nextPage };
  },

  async retrieve(ctx, input) {
    const name = entityNameOf(input.entityIdentifier);
    const idField = input.idFieldName ?? (name === "users" ? "uid" : "id");
    return withDirectory(ctx, async (directory) => {
      const records =
        name === "users" && idField === "uid"
          ? (await directory.getUsers(input.ids)).map(userRecord)
          : (await recordsOf(directory, name))
              .map((r) => r.record)
              .filter((r) => input.ids.includes(String(r[idField])));
      return input.fields
        ? records.map((r) => Object.fromEntries(input.fields!.map((f) => [f, r[f] ?? null])))
        : records;
    });
  },

  async write(ctx, input) {
    if (entityNameOf(input.entityIdentifier) !== "users") {
      throw ConnectorError.invalidArgument("Only users are writable");
    }
    if (input.allOrNone) {
      // LDAP has no multi-entry transaction here: refuse rather than leave part of a batch written.
      throw ConnectorError.invalidArgument("allOrNone is not supported: LDAP writes each entry on its own");
    }
    return withDirectory(ctx, async (directory) => {
      const outcomes: WriteOutcome[] = [];
      for (const record of input.records) {
        try {
          outcomes.push({ isSuccess: true, recordId: await writeUser(directory, input.operation, record) });
        } catch (error) {
          const e = toConnectorError(error, `${input.operation.toLowerCase()} the user`);
          outcomes.push({ isSuccess: false, errorMessage: `${e.code}: ${e.message}` });
        }
      }
      return outcomes;
    });
  },
});
