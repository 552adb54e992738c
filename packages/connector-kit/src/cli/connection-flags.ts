import { LOG_LEVELS, type LogLevel } from "../core/log/logger.js";
import { type FlagSpec, UsageError } from "./command.js";

/** Flags that say how to reach the upstream: settings and credentials, as AppFlow would send them. */
export const CONNECTION_FLAGS: Record<string, FlagSpec> = {
  setting: {
    type: "string",
    multiple: true,
    valueName: "key=value",
    description: "A runtime setting (repeatable)",
  },
  secret: {
    type: "string",
    valueName: "ref",
    description: "Credentials: env:NAME, file:path or a Secrets Manager ARN",
  },
  "auth-type": {
    type: "string",
    valueName: "type",
    description: "BasicAuth, ApiKey, OAuth2 or CustomAuth (default: the connector's first)",
  },
  "api-version": {
    type: "string",
    valueName: "version",
    description: "API version (default: the connector's first)",
  },
};

/** Parsed command-line flags. */
export type Flags = Record<string, string | boolean | string[] | undefined>;

/** The runtime settings given with `--setting key=value`. */
export function settingsFromFlags(flags: Flags): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of (flags["setting"] as string[] | undefined) ?? []) {
    const at = pair.indexOf("=");
    if (at <= 0) throw new UsageError(`--setting expects key=value, got "${pair}"`);
    out[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return out;
}

/** A `connectorContext` as AppFlow would send it, from the connection flags. */
export function contextFromFlags(
  flags: Flags,
  defaults: { apiVersion: string | null; authenticationType: string | null },
): Record<string, unknown> {
  const secret = flags["secret"] as string | undefined;
  return {
    apiVersion: (flags["api-version"] as string | undefined) ?? defaults.apiVersion,
    connectorRuntimeSettings: settingsFromFlags(flags),
    credentials: secret
      ? {
          secretArn: secret,
          authenticationType: (flags["auth-type"] as string | undefined) ?? defaults.authenticationType,
        }
      : null,
  };
}

/** The `--log-level` flag's value, checked. */
export function logLevelFlag(value: unknown, fallback: LogLevel): LogLevel {
  if (value === undefined) return fallback;
  if (typeof value !== "string" || !(LOG_LEVELS as readonly string[]).includes(value)) {
    throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(", ")}`);
  }
  return value as LogLevel;
}
