import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { createAppFlowHost } from "../../hosts/appflow/appflow-host.js";
import { COMMON_FLAGS, type Command, UsageError } from "../command.js";
import { logLevelFlag } from "../connection-flags.js";
import { loadConnector } from "../load-connector.js";
import { localSecretResolver } from "../local-secrets.js";
import { requestTypeNamed } from "../operations.js";

function parseEvent(text: string, source: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`The request in ${source} is not valid JSON: ${(error as Error).message}`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new UsageError(`The request in ${source} must be a JSON object`);
  }
  return value as Record<string, unknown>;
}

export const invokeCommand: Command = {
  name: "invoke",
  usage: "<connector> <operation>",
  flags: {
    ...COMMON_FLAGS,
    json: {
      type: "string",
      valueName: "request",
      description: "The request as JSON text (its `type` is set from <operation>)",
    },
    file: { type: "string", valueName: "path", description: "Read the request JSON from a file" },
    pretty: { type: "boolean", description: "Indent the response JSON" },
    "log-level": {
      type: "string",
      valueName: "level",
      description: "Connector log level on stderr: debug, info, warn, error, silent (default: warn)",
    },
  },
  examples: [
    "connector invoke ./src/connector.ts configuration --pretty",
    `connector invoke ./src/connector.ts query --json '{"entityIdentifier":"orders","maxResults":10,"connectorContext":{"apiVersion":"v1"}}'`,
    "connector invoke dist/index.js QueryData --file request.json",
    "cat request.json | connector invoke ./src/connector.ts query",
  ],
  async run({ positionals, flags }, io) {
    const [module, operation] = positionals;
    if (!module || !operation) throw new UsageError("Usage: connector invoke <connector> <operation>");
    const type = requestTypeNamed(operation);
    let event: Record<string, unknown> = {};
    if (typeof flags["json"] === "string") event = parseEvent(flags["json"], "--json");
    else if (typeof flags["file"] === "string") {
      const path = resolve(io.cwd, flags["file"]);
      const text = await readFile(path, "utf8").catch(() => {
        throw new UsageError(`Cannot read ${path}`);
      });
      event = parseEvent(text, path);
    } else {
      const text = await io.stdin();
      if (text !== null && text.trim() !== "") event = parseEvent(text, "standard input");
    }
    const connector = await loadConnector(module, io.cwd);
    const host = createAppFlowHost(connector, {
      secrets: localSecretResolver(io.cwd, io.env),
      logLevel: logLevelFlag(flags["log-level"], "warn"),
      logWrite: (line) => io.stderr(`${line}\n`),
    });
    const response = await host.invoke({ ...event, type });
    io.stdout(`${JSON.stringify(response, null, flags["pretty"] ? 2 : undefined)}\n`);
    return response["isSuccess"] === true ? 0 : 1;
  },
};
