import type { ConnectorContext } from "../../core/context/connector-context.js";
import type { Invocation } from "../../core/invocation.js";
import type { Logger } from "../../core/log/logger.js";
import { type AuthCredential, coreCredentialsOf } from "../../identity/auth-credentials.js";
import type { CapabilityInput } from "../../identity/identity-capabilities.js";
import type { PageRequest } from "../../identity/pagination-token.js";
import type { LumosRequestBody } from "./lumos-request.js";
import type { CallSettings } from "./lumos-request-checks.js";

/** What a capability function receives besides its context, and the context made per invocation. */
export interface LumosCall {
  /** The capability's input: request, page, credentials by id, raw settings. */
  input: CapabilityInput<unknown>;
  /** The connector context of one invocation (its signal and deadline). */
  contextOf(invocation: Invocation): ConnectorContext;
}

/**
 * Builds a capability call from a checked envelope: the first credential (`auth`, else the first of
 * `credentials`) becomes `ctx.credentials`; Lumos carries no API version, flow or profile, so those are null.
 */
export function lumosCall(
  capability: string,
  body: LumosRequestBody,
  settings: CallSettings,
  logger: Logger,
  now: () => number,
): LumosCall {
  const page: PageRequest = { token: body.page?.token ?? null, size: body.page?.size ?? null };
  const credentialsById: Record<string, AuthCredential> = {};
  for (const c of body.credentials ?? []) if (c.id) credentialsById[c.id] = c;
  const primary = body.auth ?? body.credentials?.[0] ?? null;
  return {
    input: {
      capability,
      request: body.request,
      page,
      includeRawData: body.include_raw_data === true,
      auth: body.auth ?? null,
      credentials: credentialsById,
      rawSettings: body.settings ?? {},
    },
    contextOf: (inv) => ({
      settings: settings.values,
      rawSettings: settings.raw,
      credentials: coreCredentialsOf(primary),
      apiVersion: null,
      logger,
      signal: inv.signal,
      deadline: inv.deadline,
      remainingMs: () => inv.deadline - now(),
      flowName: null,
      executionId: null,
      connectorProfileLabel: null,
    }),
  };
}
