import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { importModuleFile } from "../../loading/connector-module.js";
import { ConnectorModuleError } from "../load-connector.js";
import { ConfigError } from "./config-error.js";
import { type LoadedConfig, validateConfig } from "./validate-config.js";

/** The names a project config may have, in the order they are looked for in a directory. */
export const CONFIG_FILE_NAMES = [
  "connector.config.ts",
  "connector.config.mts",
  "connector.config.mjs",
  "connector.config.js",
  "connector.config.json",
] as const;

/**
 * The project config that applies in `cwd`: the first of {@link CONFIG_FILE_NAMES} in `cwd` or a parent of it,
 * up to the project root (the nearest directory holding a `package.json`), so one project never picks up the
 * config of the repository around it. Undefined when there is none.
 *
 * @throws ConfigError when one directory holds two config files.
 */
export function findConfigFile(cwd: string): string | undefined {
  let dir = cwd;
  for (;;) {
    const found = CONFIG_FILE_NAMES.map((name) => join(dir, name)).filter((path) => existsSync(path));
    if (found.length > 1)
      throw new ConfigError(
        found[0]!,
        "",
        `one project config per directory; also found ${found.slice(1).join(", ")}`,
      );
    if (found[0]) return found[0];
    const parent = dirname(dir);
    if (existsSync(join(dir, "package.json")) || parent === dir) return undefined;
    dir = parent;
  }
}

/** Reads a config file (JSON, or a module whose default export is the config) and checks it. */
export async function readConfigFile(file: string): Promise<LoadedConfig> {
  let value: unknown;
  if (file.endsWith(".json")) {
    try {
      value = JSON.parse(await readFile(file, "utf8"));
    } catch (error) {
      throw new ConfigError(file, "", `not valid JSON: ${(error as Error).message}`);
    }
  } else {
    let module: Record<string, unknown>;
    try {
      module = await importModuleFile(file);
    } catch (error) {
      throw new ConnectorModuleError(file, error);
    }
    if (!("default" in module))
      throw new ConfigError(file, "", "exports no config: write `export default defineConfig({ … })`");
    value = module["default"];
  }
  return validateConfig(value, file);
}

/** The project config that applies in `cwd` (see {@link findConfigFile}), checked; undefined when none. */
export async function loadProjectConfig(cwd: string): Promise<LoadedConfig | undefined> {
  const file = findConfigFile(cwd);
  return file ? readConfigFile(file) : undefined;
}
