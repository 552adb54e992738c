import { MIN_TOKEN_LENGTH } from "../hosts/http/request-guard.js";
import { UsageError } from "./command.js";

/** Environment variable holding a fixed token for `connector serve` and `dev --serve` (default: a new random one per start). */
export const SERVE_TOKEN_ENV = "CONNECTOR_SERVE_TOKEN";

/** The fixed token of {@link SERVE_TOKEN_ENV}, checked; undefined when it is not set. */
export function fixedServeToken(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const token = env[SERVE_TOKEN_ENV];
  if (token !== undefined && token.length < MIN_TOKEN_LENGTH)
    throw new UsageError(`${SERVE_TOKEN_ENV} must have at least ${MIN_TOKEN_LENGTH} characters`);
  return token;
}
