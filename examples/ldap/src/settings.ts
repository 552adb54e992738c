import { ConnectorError, type Credentials, type SettingsValues, setting } from "connector-kit";
import { bindDnFor, type DirectoryConfig, resolveUnder } from "./directory.js";
import { LdapSyntaxError } from "./escape.js";

/** Runtime settings of the LDAP connector (all on the connector profile). */
export const settings = {
  /** `ldap://host:389` or `ldaps://host:636`. */
  url: setting.string({ label: "URL", description: "ldap://host:389 or ldaps://host:636", required: true }),
  /** The base DN: OUs are listed below it, and the users and groups DNs are relative to it. */
  baseDn: setting.string({ label: "Base DN", description: "e.g. dc=example,dc=org", required: true }),
  /** Where the users are (one level below). Default: `ou=people`. */
  usersOu: setting.string({
    label: "Users DN",
    description:
      "Users are the inetOrgPerson entries one level below it; relative to the base DN; default ou=people",
  }),
  /** Where the groups are (the whole subtree). Default: `ou=groups`. */
  groupsOu: setting.string({
    label: "Groups DN",
    description: "Groups are the groupOfNames entries below it; relative to the base DN; default ou=groups",
  }),
  /** Upgrade ldap:// with StartTLS. Default: false. */
  startTls: setting.boolean({
    label: "StartTLS",
    description: "Upgrade an ldap:// connection with StartTLS",
  }),
  /** Check the server's certificate and name (ldaps:// and StartTLS). Default: true. */
  tlsVerify: setting.boolean({
    label: "Verify TLS certificate",
    description:
      "Check the server certificate and host name; default true (add private CAs with NODE_EXTRA_CA_CERTS)",
  }),
  /** Milliseconds to wait for a connection or an operation. Default: 10000. */
  timeoutMs: setting.integer({
    label: "Timeout (ms)",
    description: "Connection and operation timeout; default 10000",
  }),
  /** Entries per LDAP page (paged results control). Default: 500. */
  pageSize: setting.integer({
    label: "LDAP page size",
    description: "Entries per paged-results page; default 500",
  }),
  /** The member DN that keeps an emptied group valid. Default: the empty DN. */
  emptyGroupMember: setting.string({
    label: "Empty group member",
    description: "member value left in a groupOfNames when its last member is removed; default the empty DN",
  }),
};

export type Settings = SettingsValues<typeof settings>;

/** The directory these settings and basic-auth credentials point to. A user name that is not a DN is a uid. */
export function directoryConfig(s: Settings, credentials: Credentials | null): DirectoryConfig {
  if (credentials?.type !== "BasicAuth") {
    throw new ConnectorError(
      "InvalidCredentials",
      "The LDAP connector needs BasicAuth credentials (bind DN and password)",
    );
  }
  try {
    const baseDn = s.baseDn;
    const usersDn = resolveUnder(s.usersOu || "ou=people", baseDn);
    const groupsDn = resolveUnder(s.groupsOu || "ou=groups", baseDn);
    const tls = s.tlsVerify === false ? { rejectUnauthorized: false } : undefined;
    return {
      url: s.url,
      baseDn,
      usersDn,
      groupsDn,
      bindDn: bindDnFor(credentials.username, usersDn),
      password: credentials.password,
      startTls: s.startTls ?? false,
      ...(tls ? { tls } : {}),
      ...(s.timeoutMs ? { timeoutMs: s.timeoutMs } : {}),
      ...(s.pageSize ? { pageSize: s.pageSize } : {}),
      ...(s.emptyGroupMember ? { emptyGroupMember: s.emptyGroupMember } : {}),
    };
  } catch (error) {
    if (error instanceof LdapSyntaxError)
      throw ConnectorError.invalidArgument(`Invalid DN in the settings: ${error.message}`);
    throw error;
  }
}
