/**
 * `connector-kit/config`: the types of a project's `connector.config.ts` and `defineConfig`. It imports
 * nothing, so a config file loads fast and pulls in no part of the SDK.
 */

/**
 * How to reach one upstream: what `--setting`, `--secret`, `--auth-type` and `--api-version` would say.
 * Credentials are references only, never values.
 */
export interface ConnectionConfig {
  /** Runtime settings by key, as `--setting key=value` gives them (numbers and booleans become text). Default: none. */
  settings?: Record<string, string | number | boolean>;
  /**
   * Where the credentials are: `env:NAME` (a JSON object in an environment variable), `file:path` (a JSON file;
   * a relative path starts at the config file's directory) or a Secrets Manager ARN. Default: none (no
   * credentials are sent).
   */
  secret?: string;
  /** `BasicAuth`, `ApiKey`, `OAuth2` or `CustomAuth`. Default: the connector's first. */
  authType?: string;
  /** The API version. Default: the connector's first. */
  apiVersion?: string;
}

/** A project's `connector.config.ts` (or `.mjs`, `.js`, `.json`): what every `connector` command defaults to. */
export interface ProjectConfig {
  /**
   * The connector module, relative to the config file, used when a command is given none. Default: none (each
   * command then needs the module as its argument).
   */
  connector?: string;
  /** Named connections, chosen with `--connection <name>`. Default: none. */
  connections?: Record<string, ConnectionConfig>;
  /**
   * The connection used without `--connection`. Default: the only connection when there is exactly one, else
   * none (the connection flags alone).
   */
  defaultConnection?: string;
}

/**
 * Declares a project config with its types checked, a misspelt key included (it returns `config` as it is):
 *
 * @example
 * // connector.config.ts
 * import { defineConfig } from "connector-kit/config";
 * export default defineConfig({
 *   connector: "src/connector.ts",
 *   connections: { local: { settings: { baseUrl: "http://127.0.0.1:3000/" }, secret: "env:SHOP_SECRET" } },
 * });
 */
export function defineConfig(config: ProjectConfig): ProjectConfig {
  return config;
}
