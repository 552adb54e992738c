import { tmpdir } from "node:os";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { ConnectorError, type Credentials, type SettingsValues, setting } from "connector-kit";

/** SSL modes: no TLS, TLS without checking the certificate, TLS with the certificate and host name checked. */
export const SSL_MODES = ["disable", "require", "verify-full"] as const;
export type SslMode = (typeof SSL_MODES)[number];

/** The custom authentication scheme taking one connection URL. */
export const CONNECTION_URL_AUTH = "ConnectionUrl";

/** Runtime settings of the PostgreSQL connector (all on the connector profile). */
export const settings = {
  /** `embedded` (default): an in-process PGlite database; `server`: a PostgreSQL server over TCP. */
  mode: setting.string({
    label: "Mode",
    description: "embedded (default): in-process PGlite, nothing to install; server: a PostgreSQL server",
    options: ["embedded", "server"],
  }),
  /**
   * Embedded mode: PGlite data directory, inside the data root ({@link dataRoot}). Default: `memory://` (in
   * memory, lost when the process ends).
   */
  dataDir: setting.string({
    label: "Data directory",
    description:
      "Embedded mode: memory:// (default, in memory) or a directory inside the data root (PGLITE_DATA_ROOT)",
  }),
  /** Embedded mode: create the demo tables (customers, orders, a view) when the database has none. */
  demoData: setting.boolean({
    label: "Demo data",
    description: "Embedded mode: fill a database without public.customers with the demo tables",
  }),
  /** Server mode: host name or address. Default: `localhost`. */
  host: setting.string({
    label: "Host",
    description: "Server mode: host name or IP address; default localhost",
  }),
  /** Server mode: TCP port. Default: 5432. */
  port: setting.integer({ label: "Port", description: "Server mode: TCP port; default 5432" }),
  /** Server mode: database name. Default: `postgres`. */
  database: setting.string({
    label: "Database",
    description: "Server mode: database name; default postgres",
  }),
  /** Comma-separated schema names to expose. Default: every schema but the system ones. */
  schemaFilter: setting.string({
    label: "Schemas",
    description:
      "Comma-separated schema names to expose; default all but pg_catalog, information_schema, pg_toast",
  }),
  /** Server mode: `disable`, `require` (TLS, certificate not checked) or `verify-full` (default). */
  sslMode: setting.string({
    label: "SSL mode",
    description: "Server mode: disable, require (no certificate check) or verify-full (default)",
    options: SSL_MODES,
  }),
  /** Server mode: milliseconds to wait for a connection. Default: 5000. */
  connectTimeoutMs: setting.integer({
    label: "Connect timeout (ms)",
    description: "Server mode: how long to wait for a connection, in milliseconds; default 5000",
  }),
};

export type Settings = SettingsValues<typeof settings>;

/** Where to connect: an embedded PGlite data directory or a server. */
export type ConnectionConfig =
  | { kind: "embedded"; dataDir: string }
  | {
      kind: "server";
      host: string;
      port: number;
      database: string;
      user: string;
      password: string;
      sslMode: SslMode;
      connectTimeoutMs: number;
    };

/** Defaults of the settings above. */
export const DEFAULTS = {
  dataDir: "memory://",
  host: "localhost",
  port: 5432,
  database: "postgres",
  sslMode: "verify-full" as SslMode,
  connectTimeoutMs: 5000,
};

/** The environment variable naming the directory every embedded data directory must be inside. */
export const DATA_ROOT_ENV = "PGLITE_DATA_ROOT";

/**
 * The directory embedded data directories are confined to: `$PGLITE_DATA_ROOT`, else the OS temporary directory
 * (`/tmp` on Lambda, its only writable place). It is the deployer's choice, from the environment; the `dataDir`
 * setting is the caller's.
 */
export function dataRoot(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return resolve(env[DATA_ROOT_ENV] || tmpdir());
}

/** One directory name of a `dataDir` path: letters, digits, `_`, `-` and `.`, not starting with a dot. */
const DIR_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/**
 * Why a `dataDir` setting is refused, or null when it is usable: `memory://…`, or a path (relative to the data
 * root, or absolute) naming a directory strictly inside the data root, every name in it plain.
 */
export function dataDirProblem(value: string, root: string = dataRoot()): string | null {
  if (value.includes("\u0000")) return "dataDir cannot contain a NUL character";
  if (value.startsWith("memory://")) return null;
  const inRoot = relative(root, resolve(root, value));
  const names = inRoot.split(sep);
  if (inRoot === "" || isAbsolute(inRoot) || names[0] === ".." || !names.every((n) => DIR_NAME.test(n))) {
    return (
      `dataDir must be memory://… or a directory inside the data root ${root} (set by ${DATA_ROOT_ENV}), ` +
      "named with letters, digits, _, - and ."
    );
  }
  return null;
}

/** The data directory a `dataDir` setting names, as an absolute path (or `memory://…`); else InvalidArgument. */
export function resolveDataDir(value: string, root: string = dataRoot()): string {
  const problem = dataDirProblem(value, root);
  if (problem !== null) throw ConnectorError.invalidArgument(problem);
  return value.startsWith("memory://") ? value : resolve(root, value);
}

const SYSTEM_SCHEMAS = ["pg_catalog", "information_schema", "pg_toast"];

/** The schema names of the `schemaFilter` setting, or null for every non-system schema. */
export function schemaFilterOf(s: Settings): string[] | null {
  const names = (s.schemaFilter ?? "")
    .split(",")
    .map((n) => n.trim())
    .filter((n) => n !== "");
  return names.length === 0 ? null : names;
}

/** SQL condition (on `nspname`) and its parameter selecting the schemas the settings expose. */
export function schemaCondition(s: Settings, param: string): { sql: string; value: string[] | null } {
  const filter = schemaFilterOf(s);
  if (filter) return { sql: `n.nspname = ANY(${param}::text[])`, value: filter };
  return {
    sql: `n.nspname NOT IN ('${SYSTEM_SCHEMAS.join("','")}') AND n.nspname NOT LIKE 'pg\\_temp\\_%' AND n.nspname NOT LIKE 'pg\\_toast\\_temp\\_%'`,
    value: null,
  };
}

function sslModeOfUrl(value: string | null, fallback: SslMode): SslMode {
  switch (value) {
    case null:
      return fallback;
    case "disable":
      return "disable";
    case "allow":
    case "prefer":
    case "require":
      return "require";
    case "verify-ca":
    case "verify-full":
      return "verify-full";
    default:
      throw ConnectorError.invalidArgument("The connection URL has an unknown sslmode");
  }
}

/** Reads a `postgres://user:password@host:port/database?sslmode=…` URL. Never echoes the URL in errors. */
export function parseConnectionUrl(text: string, s: Settings): ConnectionConfig {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConnectorError("InvalidCredentials", "The connection URL is not a valid URL");
  }
  if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") {
    throw new ConnectorError(
      "InvalidCredentials",
      "The connection URL must start with postgres:// or postgresql://",
    );
  }
  const port = url.port === "" ? (s.port ?? DEFAULTS.port) : Number(url.port);
  const database = decodeURIComponent(url.pathname.replace(/^\//, "")) || (s.database ?? DEFAULTS.database);
  return {
    kind: "server",
    host: url.hostname.replace(/^\[(.*)\]$/, "$1") || (s.host ?? DEFAULTS.host),
    port,
    database,
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    sslMode: sslModeOfUrl(
      url.searchParams.get("sslmode"),
      (s.sslMode as SslMode | undefined) ?? DEFAULTS.sslMode,
    ),
    connectTimeoutMs: s.connectTimeoutMs ?? DEFAULTS.connectTimeoutMs,
  };
}

/**
 * Where the settings and credentials point. Embedded mode (the default) ignores credentials; a connection-URL
 * credential implies server mode and overrides host, port, database and (when it has `sslmode`) the SSL mode;
 * server mode with basic auth uses the settings. `credentials` null in server mode connects without a password
 * (used to probe reachability while validating settings).
 */
export function connectionConfig(s: Settings, credentials: Credentials | null): ConnectionConfig {
  if (credentials?.type === "CustomAuth") {
    if (credentials.customAuthenticationType !== CONNECTION_URL_AUTH) {
      throw new ConnectorError(
        "InvalidCredentials",
        `Unknown custom authentication type; expected ${CONNECTION_URL_AUTH}`,
      );
    }
    const url = credentials.values["connectionUrl"];
    if (!url)
      throw new ConnectorError("InvalidCredentials", "The ConnectionUrl secret has no connectionUrl value");
    return parseConnectionUrl(url, s);
  }
  if ((s.mode ?? "embedded") === "embedded")
    return { kind: "embedded", dataDir: resolveDataDir(s.dataDir || DEFAULTS.dataDir) };
  if (credentials !== null && credentials.type !== "BasicAuth") {
    throw new ConnectorError(
      "InvalidCredentials",
      "Server mode needs BasicAuth or ConnectionUrl credentials",
    );
  }
  return {
    kind: "server",
    host: s.host || DEFAULTS.host,
    port: s.port ?? DEFAULTS.port,
    database: s.database || DEFAULTS.database,
    user: credentials?.username ?? "",
    password: credentials?.password ?? "",
    sslMode: (s.sslMode as SslMode | undefined) ?? DEFAULTS.sslMode,
    connectTimeoutMs: s.connectTimeoutMs ?? DEFAULTS.connectTimeoutMs,
  };
}
