import { resolve } from "node:path";
import { runConformanceCommand } from "../../testing/cli.js";
import { COMMON_FLAGS, type Command, UsageError } from "../command.js";
import { logLevelFlag } from "../connection-flags.js";
import { loadConnectorModule } from "../load-connector.js";
import { localSecretResolver } from "../local-secrets.js";

export const testCommand: Command = {
  name: "test",
  usage: "<connector>",
  flags: {
    ...COMMON_FLAGS,
    config: {
      type: "string",
      valueName: "path",
      description:
        "A TestConfig JSON file, as the official AppFlow test runner reads (default: derived from the connector)",
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
    try {
      return await runConformanceCommand(connector, {
        ...(typeof flags["config"] === "string" ? { configPath: resolve(io.cwd, flags["config"]) } : {}),
        ...(maxResults ? { maxResults } : {}),
        ...(maxPages ? { maxPages } : {}),
        json: flags["json"] === true,
        failuresOnly: flags["failures-only"] === true,
        secrets: localSecretResolver(io.cwd, io.env),
        logLevel: logLevelFlag(flags["log-level"], "silent"),
        write: io.stdout,
      });
    } finally {
      // Close what the connector opened (an embedded database, a pool): the process ends with the verdict.
      await dispose?.();
    }
  },
};
