import type { ErrorCode } from "./error-code.js";

export interface ConnectorErrorOptions {
  /** Seconds after which the operation may be retried. Default: none. */
  retryAfterSeconds?: number;
  /** The underlying error; logged, never sent to the caller. */
  cause?: unknown;
}

/**
 * The one error type of connector-kit. Its `code` and `message` reach the caller as `errorDetails`,
 * so the message must be safe to show: never put a secret in it.
 */
export class ConnectorError extends Error {
  override readonly name = "ConnectorError";
  readonly code: ErrorCode;
  readonly retryAfterSeconds: number | undefined;

  constructor(code: ErrorCode, message: string, options: ConnectorErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  static invalidArgument(message: string, cause?: unknown): ConnectorError {
    return new ConnectorError("InvalidArgument", message, { cause });
  }
}

/**
 * True for a ConnectorError, also one from another copy of this module. Never throws: a value whose
 * prototype chain or getters throw (a hostile Proxy) is not a ConnectorError.
 */
export function isConnectorError(value: unknown): value is ConnectorError {
  try {
    return (
      value instanceof ConnectorError ||
      (value instanceof Error &&
        value.name === "ConnectorError" &&
        typeof (value as { code?: unknown }).code === "string")
    );
  } catch {
    return false;
  }
}
