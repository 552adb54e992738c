import { existsSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { isConnectorError } from "../../core/errors/connector-error.js";
import type { SecretResolver } from "../../core/secrets/secret-resolver.js";
import { runConformanceCommand } from "../../testing/cli.js";
import { COMMON_FLAGS, type Command, UsageError } from "../command.js";
import { logLevelFlag } from "../connection-flags.js";
import { loadConnectorModule } from "../load-connector.js";
import { localSecretResolver } from "../local-secrets.js";

/** The names a TestConfig next to a connector may have, in the order they are looked for. */
export const TEST_CONFIG_NAMES = ["testconfig.json", "TestConfig.json"] as const;

/**
 * The TestConfig that goes with a connector module: a `testconfig.json` (or `TestConfig.json`) in the module's
 * directory or a parent of it, up to the nearest directory holding a `package.json`. Undefined when none.
 */
export function findTestConfig(modulePath: string): string | undefined {
  let dir = dirname(modulePath);
  for (;;) {
    for (const name of TEST_CONFIG_NAMES) {
      const candidate = join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
    const parent = dirname(dir);
    if (existsSync(join(dir, "package.json")) || parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * The secrets of a run with a TestConfig file: a relative `file:` reference is read next to the TestConfig
 * (so a shipped one works from any directory), else, as before, from the working directory.
 */
function testConfigSecrets(
  configPath: string,
  cwd: string,
  env: Readonly<Record<string, string | undefined>>,
): SecretResolver {
  const beside = localSecretResolver(dirname(configPath), env);
  const here = localSecretResolver(cwd, env);
  return {
    async resolve(secretRef, options) {
      if (!secretRef.startsWith("file:")) return here.resolve(secretRef, options);
      try {
        return await beside.resolve(secretRef, options);
      } catch (error) {
        if (isConnectorError(error) && error.code === "ResourceNotFoundError")
          return here.resolve(secretRef, options);
        throw error;
      }
    },
  };
}

export const testCommand: Command = {
  name: "test",
  usage: "<connector>",
  flags: {
    ...COMMON_FLAGS,
    config: {
      type: "string",
      valueName: "path",
      description:
        "A TestConfig JSON file, as the official AppFlow test runner reads (default: testconfig.json next to the connector, up to its package.json; else derived from the connector). Its file: secrets are read next to it, else from the working directory",
    },
    "failures-only": { type: "boolean", description: "Print only failed checks and the summary" },
    "max-results": {
      type: "string",
      valueName: "n",
      description: "Page size of the pagination check (default: 2, so pages really turn)",
    },
    "max-pages": {
      type: "string",
      valueName: "n",
      description: "Pages read before the pagination check gives up (default: 1000)",
    },
    "log-level": {
      type: "string",
      valueName: "level",
      description: "Connector log level on stderr (default: silent)",
    },
  },
  examples: [
    "connector test ./src/connector.ts",
    "connector test ./src/connector.ts --config testconfig.json --failures-only",
    "connector test examples/postgres/src/index.ts   # uses examples/postgres/testconfig.json",
    "connector test dist/index.js --json > report.json",
  ],
  async run({ positionals, flags }, io) {
    const [module] = positionals;
    if (!module) throw new UsageError("Usage: connector test <connector> [--config testconfig.json]");
    const number = (name: string): number | undefined => {
      const raw = flags[name];
      if (raw === undefined) return undefined;
      const n = Number(raw);
      if (!Number.isSafeInteger(n) || n < 1) throw new UsageError(`--${name} must be a positive integer`);
      return n;
    };
    const { connector, dispose } = await loadConnectorModule(module, io.cwd);
    const maxResults = number("max-results");
    const maxPages = number("max-pages");
    const found = typeof flags["config"] === "string" ? undefined : findTestConfig(resolve(io.cwd, module));
    const configPath = typeof flags["config"] === "string" ? resolve(io.cwd, flags["config"]) : found;
    if (found && flags["json"] !== true)
      io.stdout(`TestConfig: ${relative(io.cwd, found) || found} (found next to the connector)\n`);
    try {
      return await runConformanceCommand(connector, {
        ...(configPath ? { configPath } : {}),
        ...(maxResults ? { maxResults } : {}),
        ...(maxPages ? { maxPages } : {}),
        json: flags["json"] === true,
        failuresOnly: flags["failures-only"] === true,
        secrets: configPath
          ? testConfigSecrets(configPath, io.cwd, io.env)
          : localSecretResolver(io.cwd, io.env),
        logLevel: logLevelFlag(flags["log-level"], "silent"),
        write: io.stdout,
      });
    } finally {
      // Close what the connector opened (an embedded database, a pool): the process ends with the verdict.
      await dispose?.();
    }
  },
};
