import { dirname, resolve } from "node:path";
import { didYouMean } from "../../core/closest-word.js";
import { ConfigError } from "./config-error.js";

/** One named connection of a project config, checked: settings as text, the secret still a reference. */
export interface Connection {
  name: string;
  settings: Record<string, string>;
  /** A secret reference (env:, file:, arn:); a relative `file:` path starts at {@link LoadedConfig.dir}. */
  secret?: string;
  authType?: string;
  apiVersion?: string;
}

/** A project config, checked, with its paths resolved. */
export interface LoadedConfig {
  /** The config file. */
  file: string;
  /** Its directory: where the connector path and `file:` secrets start. */
  dir: string;
  /** The connector module, absolute; undefined when the config names none. */
  connector?: string;
  connections: ReadonlyMap<string, Connection>;
  /** The connection used without `--connection`, if any. */
  defaultConnection?: string;
}

const TOP_KEYS = ["connector", "connections", "defaultConnection"] as const;
const CONNECTION_KEYS = ["settings", "secret", "authType", "apiVersion"] as const;
/** What a secret reference starts with: the schemes the local secret resolver reads. */
const SECRET_REFERENCE = /^(env:[^\s]+|file:.+|arn:[^\s]+)$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function typeName(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/**
 * Checks what a config file exported and resolves its paths. Unknown keys are answered with the closest known
 * one, wrong types with what was expected; a secret that is not a reference is refused without being shown.
 *
 * @throws ConfigError naming the file and the key.
 */
export function validateConfig(value: unknown, file: string): LoadedConfig {
  const fail = (key: string, problem: string): never => {
    throw new ConfigError(file, key, problem);
  };
  if (!isObject(value))
    fail("", `the config must be an object (export default defineConfig({ … })), not ${typeName(value)}`);
  const config = value as Record<string, unknown>;
  const unknownKey = (key: string, known: readonly string[]) =>
    fail(
      key,
      `unknown key${didYouMean(key.slice(key.lastIndexOf(".") + 1), known)}; known keys: ${known.join(", ")}`,
    );
  for (const key of Object.keys(config))
    if (!(TOP_KEYS as readonly string[]).includes(key)) unknownKey(key, TOP_KEYS);

  const text = (key: string, v: unknown): string | undefined => {
    if (v === undefined) return undefined;
    if (typeof v !== "string" || v.trim() === "") fail(key, `must be a non-empty string, not ${typeName(v)}`);
    return v as string;
  };

  const dir = dirname(file);
  const connectorPath = text("connector", config["connector"]);
  const connections = new Map<string, Connection>();
  const rawConnections = config["connections"];
  if (rawConnections !== undefined && !isObject(rawConnections))
    fail("connections", `must be an object of named connections, not ${typeName(rawConnections)}`);
  for (const [name, raw] of Object.entries((rawConnections ?? {}) as Record<string, unknown>)) {
    const at = `connections.${name}`;
    if (!isObject(raw))
      fail(at, `must be an object (settings, secret, authType, apiVersion), not ${typeName(raw)}`);
    const c = raw as Record<string, unknown>;
    for (const key of Object.keys(c))
      if (!(CONNECTION_KEYS as readonly string[]).includes(key)) unknownKey(`${at}.${key}`, CONNECTION_KEYS);
    const settings: Record<string, string> = {};
    if (c["settings"] !== undefined && !isObject(c["settings"]))
      fail(`${at}.settings`, `must be an object of key: value, not ${typeName(c["settings"])}`);
    for (const [key, v] of Object.entries((c["settings"] ?? {}) as Record<string, unknown>)) {
      if (typeof v === "string" || typeof v === "boolean" || (typeof v === "number" && Number.isFinite(v)))
        settings[key] = String(v);
      else fail(`${at}.settings.${key}`, `must be a string, a number or a boolean, not ${typeName(v)}`);
    }
    const secret = text(`${at}.secret`, c["secret"]);
    // The value is not repeated: it may be the very secret that must not be in the file.
    if (secret !== undefined && !SECRET_REFERENCE.test(secret))
      fail(
        `${at}.secret`,
        "must be a reference — env:NAME, file:path or a Secrets Manager ARN — never the credentials themselves",
      );
    const authType = text(`${at}.authType`, c["authType"]);
    const apiVersion = text(`${at}.apiVersion`, c["apiVersion"]);
    connections.set(name, {
      name,
      settings,
      ...(secret !== undefined ? { secret } : {}),
      ...(authType !== undefined ? { authType } : {}),
      ...(apiVersion !== undefined ? { apiVersion } : {}),
    });
  }
  let defaultConnection = text("defaultConnection", config["defaultConnection"]);
  if (defaultConnection !== undefined && !connections.has(defaultConnection)) {
    const names = [...connections.keys()];
    fail(
      "defaultConnection",
      `names no connection: "${defaultConnection}"${didYouMean(defaultConnection, names)}; connections: ${names.join(", ") || "none"}`,
    );
  }
  if (defaultConnection === undefined && connections.size === 1)
    defaultConnection = [...connections.keys()][0];
  return {
    file,
    dir,
    ...(connectorPath !== undefined ? { connector: resolve(dir, connectorPath) } : {}),
    connections,
    ...(defaultConnection !== undefined ? { defaultConnection } : {}),
  };
}
