import type { ConnectorHandlers } from "../../core/handlers.js";
import type { SecretResolver } from "../../core/secrets/secret-resolver.js";
import type { Connector } from "../../define/define-connector.js";
import { createAppFlowHost } from "../../hosts/appflow/appflow-host.js";
import { AppFlowSession } from "../appflow-session.js";
import type { Flags } from "../connection-flags.js";

/** Most entity names a quick check lists in its summary. */
const SHOWN_ENTITIES = 5;

/** What a quick check found. */
export interface QuickCheckResult {
  ok: boolean;
  summary: string;
  details: string[];
}

/**
 * The dev loop's quick check: DescribeConnectorConfiguration, then the top level of ListEntities with the
 * connection, through the AppFlow host as AppFlow would call them. Cheap and read-only, so it can run on every
 * save against a real API; `--check conformance` runs the whole suite instead.
 */
export async function quickCheck(
  connector: Connector | ConnectorHandlers,
  flags: Flags,
  options: {
    secrets: SecretResolver;
    logLevel: "debug" | "info" | "warn" | "error" | "silent";
    logWrite: (line: string) => void;
  },
): Promise<QuickCheckResult> {
  const host = createAppFlowHost(connector, options);
  const session = new AppFlowSession(host, flags);
  let name = "the connector";
  try {
    const configuration = await session.configuration();
    name = `${configuration.connectorName} ${configuration.connectorVersion}`;
    const listed = await session.call({
      type: "ListEntitiesRequest",
      entitiesPath: null,
      nextToken: null,
      connectorContext: await session.connectorContext(),
    });
    const entities = (listed["entities"] as Array<{ entityIdentifier: unknown }>).map((e) =>
      String(e.entityIdentifier),
    );
    const more = listed["nextToken"] ? "+" : "";
    const shown =
      entities.slice(0, SHOWN_ENTITIES).join(", ") + (entities.length > SHOWN_ENTITIES ? ", …" : "");
    return {
      ok: true,
      summary: `${name}: ${entities.length}${more} entit${entities.length === 1 && !more ? "y" : "ies"}${shown ? ` (${shown})` : ""}`,
      details: [],
    };
  } catch (error) {
    return { ok: false, summary: `${name}: ${(error as Error).message}`, details: [] };
  }
}
