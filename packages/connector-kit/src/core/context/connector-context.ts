import { type Credentials, credentialsFromSecret } from "../auth/credentials.js";
import { ConnectorError } from "../errors/connector-error.js";
import type { Invocation } from "../invocation.js";
import type { Logger } from "../log/logger.js";
import type { SettingScope } from "../model/enums.js";
import type { CredentialsRef, RequestContext } from "../model/requests.js";
import { parseSettings } from "../settings/parse-settings.js";
import type { SettingsShape, SettingsValues } from "../settings/setting.js";

/** What a connector's functions receive with every call. */
export interface ConnectorContext<S extends SettingsShape = SettingsShape> {
  /** Runtime settings, parsed and typed. */
  readonly settings: SettingsValues<S>;
  /** Runtime settings as AppFlow sent them (strings). */
  readonly rawSettings: Readonly<Record<string, string>>;
  /** Credentials resolved from the secret; null when the request carried none. */
  readonly credentials: Credentials | null;
  /** API version chosen on the profile, when the request carries one. */
  readonly apiVersion: string | null;
  readonly logger: Logger;
  /** Aborted at the deadline: pass it to fetch and drivers. */
  readonly signal: AbortSignal;
  /** Epoch ms by which the call must return. */
  readonly deadline: number;
  /** Milliseconds left before the deadline. */
  remainingMs(): number;
  readonly flowName: string | null;
  readonly executionId: string | null;
  readonly connectorProfileLabel: string | null;
}

async function resolveCredentials(
  ref: CredentialsRef | null,
  invocation: Invocation,
): Promise<Credentials | null> {
  if (!ref?.secretArn) return null;
  if (!invocation.secrets) {
    throw new ConnectorError(
      "InvalidCredentials",
      "This host has no secret resolver to read the credentials",
    );
  }
  const secret = await invocation.secrets.resolve(ref.secretArn, { signal: invocation.signal });
  return credentialsFromSecret(ref, secret);
}

/** A class rather than an object literal: one is made per call, and prototype getters make that cheap. */
class CallContext<S extends SettingsShape> implements ConnectorContext<S> {
  readonly #invocation: Invocation;
  readonly rawSettings: Readonly<Record<string, string>>;
  readonly apiVersion: string | null;
  readonly flowName: string | null;
  readonly executionId: string | null;
  readonly connectorProfileLabel: string | null;

  constructor(
    readonly settings: SettingsValues<S>,
    input: Pick<RequestContext, "connectorRuntimeSettings"> & Partial<RequestContext>,
    readonly credentials: Credentials | null,
    invocation: Invocation,
  ) {
    this.#invocation = invocation;
    this.rawSettings = input.connectorRuntimeSettings;
    this.apiVersion = input.apiVersion ?? null;
    this.flowName = input.flowName ?? null;
    this.executionId = input.executionId ?? null;
    this.connectorProfileLabel = input.connectorProfileLabel ?? null;
  }

  get logger(): Logger {
    return this.#invocation.logger;
  }
  get signal(): AbortSignal {
    return this.#invocation.signal;
  }
  get deadline(): number {
    return this.#invocation.deadline;
  }
  remainingMs(): number {
    return this.#invocation.deadline - this.#invocation.now();
  }
}

/**
 * Like {@link createConnectorContext}, but answers synchronously when there is no secret to resolve: the SDK's
 * own handlers call it on every request, and a promise there costs more than the rest of building the context.
 */
export function connectorContextOf<S extends SettingsShape>(
  shape: S,
  input: Pick<RequestContext, "connectorRuntimeSettings" | "credentials"> & Partial<RequestContext>,
  requiredScopes: readonly SettingScope[],
  invocation: Invocation,
): ConnectorContext<S> | Promise<ConnectorContext<S>> {
  const parsed = parseSettings(shape, input.connectorRuntimeSettings, requiredScopes);
  for (const _ in parsed.errors) {
    const problems = Object.entries(parsed.errors).map(([key, why]) => `${key}: ${why}`);
    throw ConnectorError.invalidArgument(`Invalid runtime settings: ${problems.join("; ")}`);
  }
  const ref = input.credentials;
  if (!ref?.secretArn) return new CallContext(parsed.values, input, null, invocation);
  // A warm cache answers at once: no promise, and no AbortSignal made only to be thrown away.
  const warm = invocation.secrets?.cached?.(ref.secretArn);
  if (warm !== undefined) {
    return new CallContext(parsed.values, input, credentialsFromSecret(ref, warm), invocation);
  }
  return resolveCredentials(ref, invocation).then(
    (credentials) => new CallContext(parsed.values, input, credentials, invocation),
  );
}

/**
 * Builds the context of one call: parses the settings (required ones of `requiredScopes` must be present;
 * a bad value is an InvalidArgument naming the keys) and resolves the credentials.
 */
export async function createConnectorContext<S extends SettingsShape>(
  shape: S,
  input: Pick<RequestContext, "connectorRuntimeSettings" | "credentials"> & Partial<RequestContext>,
  requiredScopes: readonly SettingScope[],
  invocation: Invocation,
): Promise<ConnectorContext<S>> {
  return connectorContextOf(shape, input, requiredScopes, invocation);
}
