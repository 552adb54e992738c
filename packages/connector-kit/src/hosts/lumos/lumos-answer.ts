import { inspectableThrown } from "../../core/errors/thrown.js";
import type { Logger } from "../../core/log/logger.js";
import { isReply, type Reply, reply } from "../../identity/identity-capabilities.js";
import { completeWithNulls, formatProblems, validateJson } from "../../identity/json-schema.js";
import type { PageRequest } from "../../identity/pagination-token.js";
import { RECORD_SCHEMAS } from "../../identity/schemas.js";
import {
  type ErrorEnvelope,
  errorBodyOf,
  errorEnvelope,
  hostError,
  type LumosEnvelope,
  type SuccessEnvelope,
} from "./envelope.js";
import type { CapabilityEntry, LumosApp } from "./lumos-app.js";

/** What `LumosHost.handle` answers for one call. */
export interface LumosHostResult {
  /** The envelope: success or error. */
  envelope: LumosEnvelope;
  /** The envelope as the wire carries it: compact JSON, nulls written out. */
  text: string;
  /** The process exit status for it: 0, also for an error envelope (Lumos reads errors from the JSON). */
  exitCode: number;
}

/** An envelope as answered: its JSON text, or an `invalid_response` error when it cannot be serialized. */
export function answerOf(appId: string, envelope: LumosEnvelope): LumosHostResult {
  let text: string;
  try {
    text = JSON.stringify(envelope);
  } catch (error) {
    const failed = hostError(
      appId,
      "invalid_response",
      `Unexpected response from executed capability: ${(error as Error).message}`,
    );
    return { envelope: failed, text: JSON.stringify(failed), exitCode: 0 };
  }
  return { envelope, text, exitCode: 0 };
}

/** How {@link successEnvelope} reads a capability's result. */
export interface ResultContext {
  appId: string;
  entry: CapabilityEntry;
  page: PageRequest;
  includeRawData: boolean;
  log: Logger;
  redact: (text: string) => string;
}

/**
 * The envelope for what a capability returned (a value or a `reply`): checked against its response schema
 * (a wrong shape is an `invalid_response` error naming the problems and the keys expected), standard payloads
 * completed with nulls and stripped of undeclared keys, the next page and the execution summary written out.
 */
export function successEnvelope(
  result: unknown,
  c: ResultContext,
): { answer: Reply<unknown>; envelope: LumosEnvelope } {
  const { entry } = c;
  const answer: Reply<unknown> = isReply(result) ? result : reply(result);
  if (entry.responseSchema) {
    const wrong = validateJson(entry.responseSchema, answer.response, "response");
    if (wrong.length > 0) {
      c.log.error("Capability answered a wrong shape", { problems: formatProblems(wrong) });
      const message = `Unexpected response from executed capability: ${formatProblems(wrong)}${expectedShape(entry)}`;
      return { answer, envelope: hostError(c.appId, "invalid_response", c.redact(message)) };
    }
  }
  // Every response model of Lumos' SDK declares execution_summary, so it is written on every answer.
  const envelope: SuccessEnvelope = {
    // Standard payloads serialize as Lumos' models do: every declared key, undeclared ones dropped.
    response: entry.responseSchema
      ? completeWithNulls(entry.responseSchema, answer.response, { dropUndeclared: entry.kind !== "custom" })
      : (answer.response ?? null),
    raw_data: c.includeRawData && answer.rawData !== undefined ? answer.rawData : null,
    page: answer.nextPage ? { token: answer.nextPage, size: c.page.size } : null,
    execution_summary: answer.executionSummary
      ? (completeWithNulls(
          RECORD_SCHEMAS.ExecutionSummary,
          answer.executionSummary,
        ) as SuccessEnvelope["execution_summary"])
      : null,
  };
  return { answer, envelope };
}

/** How {@link failureEnvelope} maps a thrown value. */
export interface FailureContext {
  app: LumosApp;
  capability: string;
  entry: CapabilityEntry;
  log: Logger;
  redact: (text: string) => string;
}

/**
 * The error envelope for what a capability threw, mapped through the app's exception handlers and logged
 * (warn, or error for `unexpected_error`). Never throws: a value whose getters throw, or a handler that
 * throws itself, answers `unexpected_error`.
 */
export function failureEnvelope(thrown: unknown, c: FailureContext): ErrorEnvelope {
  const { app, entry, log } = c;
  const error = inspectableThrown(thrown);
  let body: ReturnType<typeof errorBodyOf>;
  try {
    body = errorBodyOf(error, {
      appId: app.appId,
      capability: c.capability,
      raisedIn: entry.raisedIn,
      handlers: app.exceptionHandlers,
      redact: c.redact,
    });
  } catch {
    log.error("Capability failed unexpectedly; its error could not be read");
    return hostError(app.appId, "unexpected_error", "The capability failed with an unreadable error");
  }
  try {
    if (body.error_code === "unexpected_error") log.error("Capability failed unexpectedly", { error });
    else log.warn("Capability failed", { error_code: body.error_code, error });
  } catch {
    log.error("Capability failed; its error could not be logged", { error_code: body.error_code });
  }
  return errorEnvelope(body);
}

/** ` (list_accounts answers …)`: the required keys of a capability's answer, for invalid_response messages. */
function expectedShape(entry: CapabilityEntry): string {
  const schema = entry.responseSchema;
  const object = schema?.type === "array" ? schema.items : schema;
  const required = object?.required ?? [];
  if (required.length === 0) return "";
  const shape = `{${required.join(", ")}}`;
  return ` (${entry.name} answers ${schema?.type === "array" ? `a list of ${shape}` : shape})`;
}
