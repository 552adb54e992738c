/**
 * A connector definition a host cannot serve (a capability it needs is missing, a name it forbids), found
 * when the host is created or the connector defined — a programming error, not the failure of a call.
 */
export class ConnectorDefinitionError extends Error {
  override readonly name: string = "ConnectorDefinitionError";
}
