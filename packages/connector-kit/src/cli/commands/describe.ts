import type { ConnectorConfiguration } from "../../core/model/configuration.js";
import type { JsonObject } from "../../hosts/appflow/wire/decoder.js";
import { targetSession } from "../appflow-session.js";
import { COMMON_FLAGS, type Command, UsageError } from "../command.js";
import { CONNECTION_NAME_FLAG, commandTarget } from "../config/command-target.js";
import { CONNECTION_FLAGS } from "../connection-flags.js";
import { loadConnectorModule } from "../load-connector.js";
import { table } from "../table.js";

/** Most entities `describe` lists, over the whole tree. */
const MAX_TREE_ENTITIES = 500;

interface TreeNode {
  id: string;
  label: string | null;
  nested: boolean;
  writable: boolean;
  children: TreeNode[];
}

function authSchemes(c: ConnectorConfiguration): string[] {
  const a = c.authenticationConfig;
  if (!a) return ["none"];
  return [
    ...(a.isBasicAuthSupported ? ["BasicAuth"] : []),
    ...(a.isApiKeyAuthSupported ? ["ApiKey"] : []),
    ...(a.isOAuth2Supported
      ? [`OAuth2 (${a.oAuth2Defaults?.oAuth2GrantTypesSupported.join(", ") ?? ""})`]
      : []),
    ...(a.customAuthConfig ?? []).map(
      (x) => `CustomAuth ${x.authenticationType} (${x.authParameters.map((p) => p.key).join(", ")})`,
    ),
  ];
}

function renderTree(nodes: TreeNode[], indent = ""): string[] {
  return nodes.flatMap((n, i) => {
    const last = i === nodes.length - 1;
    const line = `${indent}${last ? "└─" : "├─"} ${n.id}${n.label && n.label !== n.id ? ` (${n.label})` : ""}${n.writable ? "" : " [read-only]"}`;
    return [line, ...renderTree(n.children, indent + (last ? "   " : "│  "))];
  });
}

export const describeCommand: Command = {
  name: "describe",
  usage: "[connector] [entity]",
  flags: {
    ...COMMON_FLAGS,
    ...CONNECTION_FLAGS,
    ...CONNECTION_NAME_FLAG,
    "log-level": {
      type: "string",
      valueName: "level",
      description: "Connector log level on stderr (default: warn)",
    },
  },
  examples: [
    "connector describe ./src/connector.ts",
    "connector describe ./src/connector.ts orders --setting region=eu --secret env:ORDERS_SECRET",
    "connector describe ./src/connector.ts --json",
    "connector describe orders --connection staging   # connector.config.ts names the connector",
  ],
  async run({ positionals, flags }, io) {
    const usage = "connector describe <connector> [entity]";
    const target = await commandTarget(positionals, flags, io.cwd, { positionalCount: 2, usage });
    const [entity] = target.rest;
    if (target.rest.length > 1) throw new UsageError(`Usage: ${usage}`);
    const { connector, dispose } = await loadConnectorModule(target.module, io.cwd);
    // Whatever the connector keeps open (pools, embedded databases) is closed before the command ends.
    try {
      const session = targetSession(connector, target, flags, io);
      const call = (event: JsonObject) => session.call(event);
      const configuration = await session.configuration();
      const connectorContext = await session.connectorContext();

      if (entity) {
        const r = await call({ type: "DescribeEntityRequest", entityIdentifier: entity, connectorContext });
        const definition = r["entityDefinition"] as JsonObject;
        if (flags["json"]) {
          io.stdout(`${JSON.stringify(definition, null, 2)}\n`);
          return 0;
        }
        const fields = definition["fields"] as JsonObject[];
        const yes = (v: unknown) => (v === true ? "yes" : v === false ? "no" : "");
        io.stdout(`Entity ${entity}: ${fields.length} fields\n\n`);
        io.stdout(
          table(
            ["field", "type", "label", "key", "nullable", "queryable", "incremental", "filter operators"],
            fields.map((f) => {
              const read = (f["readProperties"] ?? {}) as JsonObject;
              return [
                String(f["fieldName"]),
                f["dataTypeLabel"] && f["dataTypeLabel"] !== f["dataType"]
                  ? `${f["dataType"]} (${f["dataTypeLabel"]})`
                  : String(f["dataType"]),
                String(f["label"] ?? ""),
                yes(f["isPrimaryKey"]),
                yes(read["isNullable"]),
                yes(read["isQueryable"]),
                yes(read["isTimestampFieldForIncrementalQueries"]),
                (f["filterOperators"] as string[]).join(" "),
              ];
            }),
          ),
        );
        return 0;
      }

      let listed = 0;
      const list = async (path: string | null): Promise<TreeNode[]> => {
        const nodes: TreeNode[] = [];
        let nextToken: string | null = null;
        do {
          const r = await call({
            type: "ListEntitiesRequest",
            entitiesPath: path,
            nextToken,
            connectorContext,
          });
          for (const e of r["entities"] as JsonObject[]) {
            if (++listed > MAX_TREE_ENTITIES) return nodes;
            const node: TreeNode = {
              id: String(e["entityIdentifier"]),
              label: (e["label"] as string | null) ?? null,
              nested: e["hasNestedEntities"] === true,
              writable: e["isWritable"] !== false,
              children: [],
            };
            if (node.nested) node.children = await list(node.id);
            nodes.push(node);
          }
          nextToken = r["nextToken"] as string | null;
        } while (nextToken);
        return nodes;
      };
      const tree = await list(null);
      if (flags["json"]) {
        io.stdout(`${JSON.stringify({ configuration, entities: tree }, null, 2)}\n`);
        return 0;
      }
      const c = configuration;
      io.stdout(
        [
          `${c.connectorName} ${c.connectorVersion} by ${c.connectorOwner}`,
          `  modes:          ${c.connectorModes.join(", ")}`,
          `  auth:           ${authSchemes(c).join("; ")}`,
          `  API versions:   ${c.supportedApiVersions.join(", ")}`,
          `  writes:         ${c.supportedWriteOperations.join(", ") || "none"}`,
          `  triggers:       ${c.supportedTriggerTypes.join(", ")} (${c.triggerFrequenciesSupported.join(", ")})`,
          "",
        ].join("\n"),
      );
      if (c.connectorRuntimeSetting?.length) {
        io.stdout(
          `Settings\n${table(
            ["key", "type", "scope", "required", "label", "options"],
            c.connectorRuntimeSetting.map((s) => [
              s.key,
              s.dataType,
              s.scope,
              s.required ? "yes" : "no",
              s.label,
              (s.connectorSuppliedValueOptions ?? []).join(", "),
            ]),
          )}\n`,
        );
      }
      io.stdout(
        `Entities${listed > MAX_TREE_ENTITIES ? ` (first ${MAX_TREE_ENTITIES})` : ""}\n${renderTree(tree).join("\n")}\n`,
      );
      return 0;
    } finally {
      await dispose?.();
    }
  },
};
