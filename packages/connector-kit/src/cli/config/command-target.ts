import { existsSync, statSync } from "node:fs";
import { relative, resolve } from "node:path";
import { didYouMean } from "../../core/closest-word.js";
import type { SecretResolver } from "../../core/secrets/secret-resolver.js";
import { type FlagSpec, UsageError } from "../command.js";
import type { Flags } from "../connection-flags.js";
import { secretsBeside } from "../secrets-beside.js";
import { loadProjectConfig } from "./load-config.js";
import type { Connection, LoadedConfig } from "./validate-config.js";

/** The `--connection` flag of every command that calls a connector. */
export const CONNECTION_NAME_FLAG: Record<string, FlagSpec> = {
  connection: {
    type: "string",
    valueName: "name",
    description:
      "A connection of the project config (connector.config.ts): its settings and secret reference, under the flags given (default: the config's defaultConnection, or its only one)",
  },
};

/** What a command runs against: the connector module and the connection, from the arguments and the config. */
export interface CommandTarget {
  /** The connector module as given, or the config's (absolute); resolve it against the working directory. */
  module: string;
  /** The positionals after the connector. */
  rest: string[];
  /** The connection flags with the connection's values where the command line gave none. */
  flags: Flags;
  /** The project config, when one applies. */
  config: LoadedConfig | undefined;
  /** The connection used, when one was. */
  connection: Connection | undefined;
}

/** True when an argument names a module file rather than the next argument (an operation, an entity). */
function namesModule(arg: string, cwd: string): boolean {
  if (/\.[cm]?[jt]sx?$/.test(arg)) return true;
  const path = resolve(cwd, arg);
  return existsSync(path) && statSync(path).isFile();
}

/**
 * The connection's values under the explicit flags: a `--setting` wins over the connection's setting of the
 * same key, `--secret`, `--auth-type` and `--api-version` over the connection's.
 */
export function flagsWithConnection(flags: Flags, connection: Connection | undefined): Flags {
  if (!connection) return flags;
  const given = (flags["setting"] as string[] | undefined) ?? [];
  const givenKeys = new Set(given.map((pair) => pair.slice(0, pair.indexOf("="))));
  const settings = Object.entries(connection.settings)
    .filter(([key]) => !givenKeys.has(key))
    .map(([key, value]) => `${key}=${value}`);
  return {
    ...flags,
    setting: [...settings, ...given],
    secret: flags["secret"] ?? connection.secret,
    "auth-type": flags["auth-type"] ?? connection.authType,
    "api-version": flags["api-version"] ?? connection.apiVersion,
  };
}

/**
 * The connection `--connection` names, else the config's default one (unless `useDefault` is false); an
 * unknown name is a usage error with the closest known one.
 */
export function connectionOf(
  config: LoadedConfig | undefined,
  name: string | undefined,
  useDefault = true,
): Connection | undefined {
  if (name === undefined) {
    return useDefault && config?.defaultConnection
      ? config.connections.get(config.defaultConnection)
      : undefined;
  }
  if (!config)
    throw new UsageError(
      `--connection ${name}: no project config (connector.config.ts, .mjs, .js or .json) here or up to the project's package.json`,
    );
  const found = config.connections.get(name);
  if (!found) {
    const names = [...config.connections.keys()];
    throw new UsageError(
      `--connection ${name}: ${config.file} has no such connection${didYouMean(name, names)}; connections: ${names.join(", ") || "none"}`,
    );
  }
  return found;
}

/**
 * Reads a command's connector and connection: the first positional is the connector when there are
 * `positionalCount` of them or it names a module file; otherwise the project config's connector is used.
 *
 * @param usage The command's usage line, for the error when there is no connector at all.
 */
export async function commandTarget(
  positionals: readonly string[],
  flags: Flags,
  cwd: string,
  options: { positionalCount: number; usage: string; useDefaultConnection?: boolean },
): Promise<CommandTarget> {
  const config = await loadProjectConfig(cwd);
  const [first, ...others] = positionals;
  const explicit =
    first !== undefined && (positionals.length >= options.positionalCount || namesModule(first, cwd));
  let module: string;
  let rest: string[];
  if (explicit) {
    module = first;
    rest = others;
  } else if (config?.connector) {
    module = config.connector;
    rest = [...positionals];
  } else {
    throw new UsageError(
      `Usage: ${options.usage} (the connector may also come from a connector.config.ts: { connector: "src/connector.ts" })`,
    );
  }
  const name = flags["connection"] as string | undefined;
  const connection = connectionOf(config, name, options.useDefaultConnection ?? true);
  return { module, rest, flags: flagsWithConnection(flags, connection), config, connection };
}

/**
 * The secrets of a command: references are read as the CLI reads them, and a relative `file:` reference is
 * read next to the project config first when a connection of it is used.
 */
export function targetSecrets(
  target: CommandTarget,
  cwd: string,
  env: Readonly<Record<string, string | undefined>>,
): SecretResolver {
  return secretsBeside(target.connection && target.config ? target.config.dir : cwd, cwd, env);
}

/** How a command names its connector in what it prints: relative to the working directory when it came from the config. */
export function shownModule(target: CommandTarget, cwd: string): string {
  return target.module === resolve(cwd, target.module)
    ? relative(cwd, target.module) || target.module
    : target.module;
}
