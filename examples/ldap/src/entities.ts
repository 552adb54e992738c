/**
 * The AppFlow view of the directory: four entities (users, groups, organizational_units, memberships), their
 * field definitions, and how a directory object becomes a record.
 */
import { ConnectorError, type DataRecord, type EntityDefinition, type FieldDefinition } from "connector-kit";
import type { Directory, Group, Membership, OrganizationalUnit, User } from "./directory.js";

export const ENTITIES = ["users", "groups", "organizational_units", "memberships"] as const;
export type EntityName = (typeof ENTITIES)[number];

const LABELS: Record<EntityName, string> = {
  users: "Users (inetOrgPerson)",
  groups: "Groups (groupOfNames)",
  organizational_units: "Organizational units",
  memberships: "Group memberships",
};

const str = (
  fieldName: string,
  description: string,
  extra: Partial<FieldDefinition> = {},
): FieldDefinition => ({
  fieldName,
  dataType: "String",
  description,
  readProperties: { isRetrievable: true, isQueryable: true, isNullable: true },
  ...extra,
});

/** Writable string attribute of a user. */
const attr = (fieldName: string, description: string, nullable = true): FieldDefinition =>
  str(fieldName, description, {
    writeProperties: { isCreatable: true, isUpdatable: true, isNullable: nullable },
  });

const FIELDS: Record<EntityName, FieldDefinition[]> = {
  users: [
    str("uid", "The uid of the entry's RDN: the account id", {
      isPrimaryKey: true,
      readProperties: { isRetrievable: true, isQueryable: true, isNullable: false },
      writeProperties: {
        isCreatable: true,
        isUpdatable: false,
        isNullable: false,
        supportedWriteOperations: ["UPDATE", "DELETE"],
      },
    }),
    str("dn", "The entry's DN"),
    attr("cn", "Common name; default on create: given and family name, else the uid", false),
    attr("sn", "Surname; default on create: the uid", false),
    attr("givenName", "Given name"),
    attr("mail", "E-mail address"),
    attr("displayName", "Display name"),
    attr("title", "Job title"),
    attr("departmentNumber", "Department"),
    attr("employeeNumber", "Employee number"),
    attr("employeeType", "Employee type"),
    attr("telephoneNumber", "Telephone number"),
    str("manager", "The manager's DN"),
    {
      fieldName: "active",
      dataType: "Boolean",
      description: "False when locked (pwdAccountLockedTime); writing false locks, true unlocks",
      readProperties: { isRetrievable: true, isQueryable: true, isNullable: false },
      writeProperties: { isCreatable: true, isUpdatable: true, isNullable: false, isDefaultedOnCreate: true },
    },
    {
      fieldName: "password",
      dataType: "String",
      description: "userPassword; write only",
      readProperties: { isRetrievable: false, isQueryable: false },
      writeProperties: { isCreatable: true, isUpdatable: true, isNullable: true },
    },
    str("lockedTime", "pwdAccountLockedTime (000001010000Z: locked by an administrator)"),
    {
      fieldName: "lastLogin",
      dataType: "DateTime",
      description: "authTimestamp: the last successful bind (lastbind overlay)",
      readProperties: {
        isRetrievable: true,
        isQueryable: true,
        isNullable: true,
        isTimestampFieldForIncrementalQueries: true,
      },
    },
  ],
  groups: [
    str("id", "The group's DN (canonical)", { isPrimaryKey: true }),
    str("cn", "Common name"),
    str("description", "Description"),
    str("parentDn", "The DN of the OU holding the group"),
    {
      fieldName: "members",
      dataType: "List",
      description: "member DNs as stored",
      readProperties: { isRetrievable: true, isQueryable: false, isNullable: false },
    },
  ],
  organizational_units: [
    str("id", "The OU's DN (canonical)", { isPrimaryKey: true }),
    str("ou", "Name"),
    str("description", "Description"),
  ],
  memberships: [
    str("userId", "The account id (uid)", { isPrimaryKey: true }),
    str("groupId", "The group's DN", { isPrimaryKey: true }),
    str("groupParentDn", "The DN of the OU holding the group"),
  ],
};

export function entityNameOf(identifier: string): EntityName {
  if ((ENTITIES as readonly string[]).includes(identifier)) return identifier as EntityName;
  throw new ConnectorError("ResourceNotFoundError", `No entity ${JSON.stringify(identifier)}`);
}

export function listEntityDescriptions() {
  return ENTITIES.map((name) => ({
    entityIdentifier: name,
    hasNestedEntities: false,
    isWritable: name === "users",
    label: LABELS[name],
  }));
}

export function describeEntity(identifier: string): EntityDefinition {
  const name = entityNameOf(identifier);
  return {
    entity: {
      entityIdentifier: name,
      hasNestedEntities: false,
      isWritable: name === "users",
      label: LABELS[name],
    },
    fields: FIELDS[name],
  };
}

export function userRecord(user: User): DataRecord {
  const one = (name: string) => user.attributes[name]?.[0] ?? null;
  return {
    uid: user.id,
    dn: user.dn,
    cn: user.cn,
    sn: user.sn,
    givenName: user.givenName,
    mail: user.mail,
    displayName: user.displayName,
    title: one("title"),
    departmentNumber: one("departmentNumber"),
    employeeNumber: one("employeeNumber"),
    employeeType: one("employeeType"),
    telephoneNumber: one("telephoneNumber"),
    manager: one("manager"),
    active: user.active,
    lockedTime: user.lockedTime,
    lastLogin: user.lastLogin,
  };
}

/** Every record of an entity with its sort key (records are paged by keyset on it). */
export async function recordsOf(
  directory: Directory,
  name: EntityName,
): Promise<{ key: string; record: DataRecord }[]> {
  switch (name) {
    case "users":
      return (await directory.listUsers()).map((u) => ({ key: u.id, record: userRecord(u) }));
    case "groups":
      return (await directory.listGroups()).map((g: Group) => ({
        key: g.id,
        record: { id: g.id, cn: g.cn, description: g.description, parentDn: g.parentDn, members: g.members },
      }));
    case "organizational_units":
      return (await directory.listOrganizationalUnits()).map((o: OrganizationalUnit) => ({
        key: o.id,
        record: { id: o.id, ou: o.ou, description: o.description },
      }));
    case "memberships":
      return (await directory.listMemberships()).map((m: Membership) => ({
        key: `${m.groupId}\0${m.userId}`,
        record: { userId: m.userId, groupId: m.groupId, groupParentDn: m.groupParentDn },
      }));
  }
}
