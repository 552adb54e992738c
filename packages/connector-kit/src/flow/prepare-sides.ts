import type { EntityDefinition } from "../core/model/entity.js";
import type { SecretResolver } from "../core/secrets/secret-resolver.js";
import { ConnectorCallError, type FlowConnectorClient } from "./connector-client.js";
import type { FlowDefinition, FlowEndpoint } from "./flow-definition.js";
import { FlowRunError } from "./flow-run-error.js";
import { compileTasks, type RecordTransform, taskFieldProblems } from "./tasks.js";

/** Both sides of a flow, described and checked, and the flow's tasks compiled against the source. */
export interface PreparedSides {
  sourceDefinition: EntityDefinition;
  /** Null when the destination entity does not exist yet (a write may create it). */
  destinationDefinition: EntityDefinition | null;
  transform: RecordTransform;
}

/** Turns a failed call into the run's error: a ServerError names the cause the host logged for its reference. */
export type CallFailure = (
  what: "Source" | "Destination",
  error: ConnectorCallError,
  prefix?: string,
) => FlowRunError;

/** The {@link CallFailure} of a run, reading causes from the run's logger. */
export function callFailureOf(
  causes: ReadonlyMap<string, string>,
  redact: (text: string) => string,
): CallFailure {
  return (what, error, prefix = "") => {
    const reference = /\(reference ([^)\s]+)\)/.exec(error.message)?.[1];
    const cause = reference ? causes.get(reference) : undefined;
    const message = `${prefix}${error.message}${cause ? `; cause: ${cause}` : ""}`;
    return new FlowRunError(what, redact(message), error.errorCode);
  };
}

/** Checks a local credential reference (`env:`, `file:`) before the first call, so its problem is named. */
async function checkCredentials(
  side: "source" | "destination",
  endpoint: FlowEndpoint,
  secrets: SecretResolver,
  redact: (text: string) => string,
): Promise<void> {
  const ref = endpoint.credentials?.secret;
  if (!ref || !(ref.startsWith("env:") || ref.startsWith("file:"))) return;
  try {
    await secrets.resolve(ref);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new FlowRunError("FlowConfig", `${side}.credentials.secret: ${redact(message)}`);
  }
}

function checkFlowAgainstSource(flow: FlowDefinition, source: EntityDefinition): void {
  const names = new Set(source.fields.map((f) => f.fieldName));
  const unknown = (flow.source.fields ?? []).filter((f) => !names.has(f));
  if (unknown.length > 0) {
    throw new FlowRunError(
      "FlowConfig",
      `source.fields: ${flow.source.entity} has no field(s) ${unknown.join(", ")}`,
    );
  }
  const problems = taskFieldProblems(flow.tasks, source, flow.source.fields ?? null);
  if (problems.length > 0) throw new FlowRunError("FlowConfig", problems.join("; "));
  const trigger = flow.trigger;
  if (trigger.type === "incremental") {
    const field = source.fields.find((f) => f.fieldName === trigger.field);
    if (!field) {
      throw new FlowRunError(
        "FlowConfig",
        `trigger.field: ${flow.source.entity} has no field ${trigger.field}`,
      );
    }
    if (field.dataType !== "Date" && field.dataType !== "DateTime") {
      throw new FlowRunError(
        "FlowConfig",
        `trigger.field: ${trigger.field} is a ${field.dataType}; incremental flows need a Date or DateTime field`,
      );
    }
  }
}

/**
 * Checks the local credential references, describes the source entity and checks the flow against it,
 * checks that the destination supports the operation, describes the destination entity, and compiles the
 * tasks. Each problem is a FlowRunError naming the flow file's key.
 */
export async function prepareSides(
  flow: FlowDefinition,
  source: FlowConnectorClient,
  destination: FlowConnectorClient,
  secrets: SecretResolver,
  redact: (text: string) => string,
  callFailure: CallFailure,
): Promise<PreparedSides> {
  await checkCredentials("source", flow.source, secrets, redact);
  await checkCredentials("destination", flow.destination, secrets, redact);
  let sourceDefinition: EntityDefinition;
  try {
    sourceDefinition = await source.describeEntity(flow.source.entity);
  } catch (error) {
    if (!(error instanceof ConnectorCallError)) throw error;
    // The connector's own message says why (no such entity, a secret it could not read…).
    const failure = callFailure("Source", error, "source.entity: ");
    if (error.errorCode !== "ResourceNotFoundError") throw failure;
    throw new FlowRunError("FlowConfig", failure.message, error.errorCode);
  }
  checkFlowAgainstSource(flow, sourceDefinition);
  const operations = (await destination.configuration()).supportedWriteOperations;
  if (!operations.includes(flow.destination.operation)) {
    throw new FlowRunError(
      "FlowConfig",
      `destination.operation: the destination connector supports ${operations.join(", ") || "no write operation"}, not ${flow.destination.operation}`,
    );
  }
  // A destination entity may not exist yet (the write creates it): not found is no definition.
  let destinationDefinition: EntityDefinition | null = null;
  try {
    destinationDefinition = await destination.describeEntity(flow.destination.entity);
  } catch (error) {
    if (!(error instanceof ConnectorCallError)) throw error;
    if (error.errorCode !== "ResourceNotFoundError")
      throw callFailure("Destination", error, "destination.entity: ");
  }
  const transform = compileTasks(flow.tasks, sourceDefinition, flow.source.fields ?? null);
  return { sourceDefinition, destinationDefinition, transform };
}
