import type { ConnectorConfiguration, EntityDefinition, SavedConnection, Session } from "./wire.js";

/** What every section shares. */
export interface ConsoleState {
  /** The answer of GET /api/session (set before any section renders). */
  session: Session;
  /** The connector's DescribeConnectorConfiguration answer (set before any section renders). */
  configuration: Partial<ConnectorConfiguration>;
  /** The saved connection in use (no secret values: only its reference and keys). */
  connection: SavedConnection | null;
  /** Entity definitions described so far, by identifier. */
  definitions: Map<string, EntityDefinition>;
  /** Switches to a section. */
  show: (section: string, entity?: string) => void;
}

/** The session, the connector's configuration and the connection in use, shared by every section. */
export const state: ConsoleState = {
  session: {
    connector: "",
    lumos: false,
    flows: false,
    connections: [],
    limits: { maxResponseBytes: 0, timeLimitsMs: {} },
    instance: null,
  },
  configuration: {},
  connection: null,
  definitions: new Map(),
  show: () => {},
};

/** The `connectorContext` of the connection in use, as AppFlow sends it. */
export function connectorContext(): Record<string, unknown> {
  const c = state.connection;
  return {
    apiVersion: c?.apiVersion ?? state.configuration.supportedApiVersions?.[0] ?? null,
    connectorRuntimeSettings: c?.settings ?? {},
    credentials: c?.secretRef ? { secretArn: c.secretRef, authenticationType: c.authenticationType } : null,
  };
}
