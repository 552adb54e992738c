import type { ConnectorHandlers } from "../../core/handlers.js";
import type { Connector } from "../../define/define-connector.js";
import { type AppFlowHostOptions, createAppFlowHost } from "./appflow-host.js";
import type { LambdaContextLike } from "./lambda-context.js";
import type { JsonObject } from "./wire/decoder.js";

/** An AWS Lambda Node.js handler for AppFlow events (assignable to `Handler` from `@types/aws-lambda`). */
export type AppFlowLambdaHandler = (event: unknown, context?: LambdaContextLike) => Promise<JsonObject>;

/**
 * The Lambda handler of a connector. Create it at module load so the host's caches (secrets, tokens)
 * live as long as the warm container:
 *
 * ```ts
 * export const handler = createLambdaHandler(connector);
 * ```
 */
export function createLambdaHandler(
  connector: Connector | ConnectorHandlers,
  options: AppFlowHostOptions = {},
): AppFlowLambdaHandler {
  const host = createAppFlowHost(connector, options);
  return (event, context) => host.invoke(event, context);
}
