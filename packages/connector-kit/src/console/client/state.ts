/** What every section shares: the session, the connector's configuration and the connection in use. */
export const state = {
  /** @type {any} the answer of GET /api/session */
  session: null,
  /** @type {any} the connector's DescribeConnectorConfiguration answer */
  configuration: null,
  /** @type {any} the saved connection in use (no secret values: only its reference and keys) */
  connection: null,
  /** @type {Map<string, any>} entity definitions described so far, by identifier */
  definitions: new Map(),
  /** @type {(section: string, entity?: string) => void} switches to a section */
  show: () => {},
};

/** The `connectorContext` of the connection in use, as AppFlow sends it. */
export function connectorContext() {
  const c = state.connection;
  return {
    apiVersion: c?.apiVersion ?? state.configuration?.supportedApiVersions?.[0] ?? null,
    connectorRuntimeSettings: c?.settings ?? {},
    credentials: c?.secretRef ? { secretArn: c.secretRef, authenticationType: c.authenticationType } : null,
  };
}
