/** Why a flow run stopped. */
export type FlowRunErrorCode =
  /** A connector module could not be loaded. */
  | "ConnectorLoad"
  /** The flow does not fit the connectors (unknown entity or field, unsupported operation…). */
  | "FlowConfig"
  /** The source connector failed (after retries). */
  | "Source"
  /** The destination connector failed (after retries). */
  | "Destination"
  /** A record failed and the flow says to stop (`failOnError`, a TerminateFlow validation). */
  | "RecordFailed"
  /** Another runner holds the state directory. */
  | "StateLocked"
  /** The state cannot be used as it is (a watermark in the future: the window would run backwards). */
  | "StateInvalid"
  /** The run was cancelled (signal). */
  | "Aborted";

/** A structured error of the flow runner: a code, a safe message, and the connector's error code if any. */
export class FlowRunError extends Error {
  override readonly name = "FlowRunError";
  readonly code: FlowRunErrorCode;
  /** The AppFlow error code the connector answered with, when the error came from a connector. */
  readonly connectorErrorCode: string | null;

  constructor(code: FlowRunErrorCode, message: string, connectorErrorCode: string | null = null) {
    super(message);
    this.code = code;
    this.connectorErrorCode = connectorErrorCode;
  }
}
