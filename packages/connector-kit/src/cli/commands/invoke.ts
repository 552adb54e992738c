import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { JsonObject } from "../../hosts/appflow/wire/decoder.js";
import { targetSession } from "../appflow-session.js";
import { COMMON_FLAGS, type Command, UsageError } from "../command.js";
import { CONNECTION_NAME_FLAG, commandTarget } from "../config/command-target.js";
import { CONNECTION_FLAGS } from "../connection-flags.js";
import { loadConnectorModule } from "../load-connector.js";
import { requestTypeNamed } from "../operations.js";

function parseEvent(text: string, source: string): JsonObject {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`The request in ${source} is not valid JSON: ${(error as Error).message}`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new UsageError(`The request in ${source} must be a JSON object`);
  }
  return value as JsonObject;
}

/** Operations whose context carries the `entityDefinition` AppFlow takes from DescribeEntity. */
const TAKES_ENTITY_DEFINITION = new Set(["QueryDataRequest", "RetrieveDataRequest", "WriteDataRequest"]);

export const invokeCommand: Command = {
  name: "invoke",
  usage: "[connector] <operation>",
  flags: {
    ...COMMON_FLAGS,
    json: { type: "boolean", description: "Write errors as JSON too (the response is always JSON)" },
    request: {
      type: "string",
      valueName: "json",
      description: "The request as JSON text (its `type` is set from <operation>; default: standard input)",
    },
    "request-file": { type: "string", valueName: "path", description: "Read the request JSON from a file" },
    ...CONNECTION_FLAGS,
    ...CONNECTION_NAME_FLAG,
    pretty: { type: "boolean", description: "Indent the response JSON" },
    "log-level": {
      type: "string",
      valueName: "level",
      description: "Connector log level on stderr: debug, info, warn, error, silent (default: warn)",
    },
  },
  examples: [
    "connector invoke ./src/connector.ts configuration --pretty",
    `connector invoke ./src/connector.ts query --request '{"entityIdentifier":"orders","maxResults":10}' --setting region=eu --secret env:SHOP_SECRET`,
    "connector invoke dist/index.js QueryData --request-file request.json",
    "cat request.json | connector invoke ./src/connector.ts query",
    'connector invoke query --connection staging --request \'{"entityIdentifier":"orders"}\'   # connector.config.ts names the connector',
  ],
  async run({ positionals, flags }, io) {
    const usage = "connector invoke <connector> <operation>";
    const target = await commandTarget(positionals, flags, io.cwd, { positionalCount: 2, usage });
    const [operation] = target.rest;
    if (!operation || target.rest.length > 1) throw new UsageError(`Usage: ${usage}`);
    if (flags["request"] !== undefined && flags["request-file"] !== undefined) {
      throw new UsageError("Give the request with --request or --request-file, not both");
    }
    const type = requestTypeNamed(operation);
    let event: JsonObject = {};
    if (typeof flags["request"] === "string") event = parseEvent(flags["request"], "--request");
    else if (typeof flags["request-file"] === "string") {
      const path = resolve(io.cwd, flags["request-file"]);
      const text = await readFile(path, "utf8").catch((error: NodeJS.ErrnoException) => {
        throw new UsageError(`Cannot read the request file ${path}: ${error.code ?? error.message}`);
      });
      event = parseEvent(text, path);
    } else {
      const text = await io.stdin();
      if (text !== null && text.trim() !== "") event = parseEvent(text, "standard input");
    }
    const { connector, dispose } = await loadConnectorModule(target.module, io.cwd);
    // Whatever the connector keeps open (pools, embedded databases) is closed before the command ends.
    try {
      const session = targetSession(connector, target, flags, io);
      // The connection flags fill in what the request leaves out; what the request says wins.
      const request: JsonObject = { ...event, type };
      if (type === "ValidateCredentialsRequest" || type === "ValidateConnectorRuntimeSettingsRequest") {
        const context = await session.connectorContext();
        request["connectorRuntimeSettings"] ??= context["connectorRuntimeSettings"] as JsonObject;
        if (type === "ValidateCredentialsRequest")
          request["credentials"] ??= context["credentials"] as JsonObject;
      } else if (type !== "DescribeConnectorConfigurationRequest") {
        request["connectorContext"] = {
          ...(await session.connectorContext()),
          ...(request["connectorContext"] as JsonObject),
        };
      }
      // AppFlow describes the entity before it queries, retrieves or writes, and sends the definition in the
      // context; without it the host could not check a filter's fields and operators.
      const context = request["connectorContext"] as JsonObject | undefined;
      if (
        context &&
        TAKES_ENTITY_DEFINITION.has(type) &&
        context["entityDefinition"] == null &&
        typeof request["entityIdentifier"] === "string"
      ) {
        const described = await session.call({
          type: "DescribeEntityRequest",
          entityIdentifier: request["entityIdentifier"],
          connectorContext: context,
        });
        context["entityDefinition"] = described["entityDefinition"] ?? null;
      }
      const response = await session.host.invoke(request);
      io.stdout(`${JSON.stringify(response, null, flags["pretty"] ? 2 : undefined)}\n`);
      return response["isSuccess"] === true ? 0 : 1;
    } finally {
      await dispose?.();
    }
  },
};
