import { existsSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { runConformanceCommand } from "../../testing/cli.js";
import type { TestConnection } from "../../testing/test-config-from-connector.js";
import { COMMON_FLAGS, type Command, UsageError } from "../command.js";
import {
  CONNECTION_NAME_FLAG,
  commandTarget,
  connectionOf,
  flagsWithConnection,
  targetSecrets,
} from "../config/command-target.js";
import { CONNECTION_FLAGS, type Flags, logLevelFlag, settingsFromFlags } from "../connection-flags.js";
import { loadConnectorModule } from "../load-connector.js";
import { secretsBeside } from "../secrets-beside.js";

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

/** The connection the flags give, for the TestConfig; undefined when they give none. */
export function testConnectionOf(flags: Flags): TestConnection | undefined {
  const settings = settingsFromFlags(flags);
  const secret = flags["secret"] as string | undefined;
  const authType = flags["auth-type"] as string | undefined;
  const apiVersion = flags["api-version"] as string | undefined;
  if (Object.keys(settings).length === 0 && !secret && !authType && !apiVersion) return undefined;
  return {
    settings,
    ...(apiVersion ? { apiVersion } : {}),
    credentials: {
      ...(secret ? { secretArn: secret } : {}),
      ...(authType ? { authenticationType: authType } : {}),
    },
  };
}

export const testCommand: Command = {
  name: "test",
  usage: "[connector]",
  flags: {
    ...COMMON_FLAGS,
    ...CONNECTION_FLAGS,
    ...CONNECTION_NAME_FLAG,
    config: {
      type: "string",
      valueName: "path",
      description:
        "A TestConfig JSON file, as the official AppFlow test runner reads (default: testconfig.json next to the connector, up to its package.json; else derived from the connector and the connection flags). Its file: secrets are read next to it, else from the working directory; connection flags override its settings and credentials",
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
    "connector test ./src/connector.ts --setting baseUrl=http://127.0.0.1:3000/ --secret env:API_SECRET --auth-type ApiKey",
    "connector test --connection staging   # connector.config.ts names the connector and the connection",
  ],
  async run({ positionals, flags }, io) {
    const usage = "connector test <connector> [--config testconfig.json]";
    // The project's default connection applies only without a TestConfig file (below); --connection always.
    const target = await commandTarget(positionals, flags, io.cwd, {
      positionalCount: 1,
      usage,
      useDefaultConnection: false,
    });
    if (target.rest.length > 0) throw new UsageError(`Usage: ${usage}`);
    const module = target.module;
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
    const projectConnection =
      target.connection ?? (configPath ? undefined : connectionOf(target.config, undefined));
    const connection = testConnectionOf(flagsWithConnection(flags, projectConnection));
    try {
      return await runConformanceCommand(connector, {
        ...(configPath ? { configPath } : {}),
        ...(connection ? { connection } : {}),
        ...(maxResults ? { maxResults } : {}),
        ...(maxPages ? { maxPages } : {}),
        json: flags["json"] === true,
        failuresOnly: flags["failures-only"] === true,
        // file: secrets next to the TestConfig, else next to the project config when its connection is used.
        secrets: configPath
          ? secretsBeside(dirname(configPath), io.cwd, io.env)
          : targetSecrets({ ...target, connection: projectConnection }, io.cwd, io.env),
        logLevel: logLevelFlag(flags["log-level"], "silent"),
        write: io.stdout,
      });
    } finally {
      // Close what the connector opened (an embedded database, a pool): the process ends with the verdict.
      await dispose?.();
    }
  },
};
