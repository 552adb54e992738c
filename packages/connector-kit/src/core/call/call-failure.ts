import type { ErrorCode } from "../errors/error-code.js";
import { loggableThrown, readConnectorError } from "../errors/thrown.js";
import type { Logger } from "../log/logger.js";

/** A failed call as a host answers it: safe to show, secrets masked. */
export interface CallFailure {
  code: ErrorCode;
  message: string;
  retryAfterSeconds: number | null;
  /** False when the connector threw something other than a ConnectorError (the message then names only the reference). */
  known: boolean;
}

/**
 * Turns whatever a call threw into the failure a host answers, and logs it: a ConnectorError keeps its code and
 * (redacted) message; anything else is a `ServerError` that names only `reference`, its details going to the
 * log. Never throws, whatever was thrown: a Proxy is not inspected and a logger that trips on the value is
 * given up on.
 */
export function describeFailure(
  thrown: unknown,
  reference: string,
  logger: Logger,
  redact: (text: string) => string,
): CallFailure {
  const known = readConnectorError(thrown);
  const failure: CallFailure = known
    ? {
        code: known.code,
        message: redact(known.message),
        retryAfterSeconds: known.retryAfterSeconds,
        known: true,
      }
    : {
        code: "ServerError",
        message: `The connector failed unexpectedly (reference ${reference})`,
        retryAfterSeconds: null,
        known: false,
      };
  try {
    if (known) logger.warn("Request failed", { errorCode: known.code, error: loggableThrown(thrown) });
    else logger.error("Unexpected error in connector", { reference, error: loggableThrown(thrown) });
  } catch {
    try {
      logger.error("Unexpected error in connector (not loggable)", { reference });
    } catch {
      // Nothing left to try; the answer still goes out.
    }
  }
  return failure;
}

let referenceCounter = 0;

/** A reference for a call that came without one (a local call, not a Lambda request): `local-<n>`. */
export function localReference(): string {
  return `local-${++referenceCounter}`;
}
