import type { Logger } from "./log/logger.js";
import type { SecretResolver } from "./secrets/secret-resolver.js";

/**
 * What a host gives every handler call besides the request: when it must answer, how to log, where
 * secrets come from. Hosts build it; connectors read it.
 */
export interface Invocation {
  /** Epoch milliseconds by which the answer must be ready (the safety margin is already taken off). */
  readonly deadline: number;
  /** Aborted when the call's time is up or its answer is sent; hand it to fetch and database drivers. */
  readonly signal: AbortSignal;
  readonly logger: Logger;
  /** Resolves `credentials.secretArn`; null when the host has none (then credentials cannot be read). */
  readonly secrets: SecretResolver | null;
  /** Largest encoded response the host can return. */
  readonly maxResponseBytes: number;
  /** Settles when the deadline passes; never rejects. */
  readonly expired: Promise<void>;
  /** Clock used for deadlines. */
  readonly now: () => number;
}
