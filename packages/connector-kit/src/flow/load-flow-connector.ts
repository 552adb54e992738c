import { existsSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import type { ConnectorHandlers } from "../core/handlers.js";
import type { Connector } from "../define/define-connector.js";
import type { AppFlowHostOptions } from "../hosts/appflow/appflow-host.js";
import { createAppFlowHost } from "../hosts/appflow/appflow-host.js";
import type { JsonObject } from "../hosts/appflow/wire/decoder.js";
import { connectorExportOf, disposerOf, importModuleFile } from "../loading/connector-module.js";
import type { ConnectorSource } from "./flow-definition.js";
import { FlowRunError } from "./flow-run-error.js";
import { LAMBDA_PREFIX, type LambdaConnectorOptions, lambdaConnector } from "./lambda-connector.js";

/** Sends one AppFlow event and returns the response object, as Lambda would. */
export type InvokeEvent = (event: JsonObject) => Promise<JsonObject>;

/** A loaded connector: how to call it, and what it is (for messages). */
export interface LoadedConnector {
  /** Calls it with AppFlow's JSON events (the Lambda path). */
  invoke: InvokeEvent;
  /** The `defineConnector` result, when it is one: the runner then calls it in process, records as objects. */
  connector?: Connector;
  /**
   * `in-process` (through `createAppFlowHost`), `bundle` (a packaged Lambda handler) or `lambda` (a deployed
   * function, `lambda:<function-arn>`, invoked through the AWS SDK).
   */
  kind: "in-process" | "bundle" | "lambda";
  /** The connector's module path or name. */
  label: string;
  /**
   * The module's `dispose` export: closes what the connector keeps open (pools, embedded databases). The
   * runner calls it once after its last call. Undefined for a connector object (its owner closes it) or a
   * module without one.
   */
  dispose?: () => Promise<void>;
}

/** Connectors shipped with the SDK, by package specifier. */
const BUILTIN: Record<string, () => Promise<Record<string, unknown>>> = {
  "connector-kit/connectors/jsonl": () => import("../connectors/jsonl/index.js"),
};

type LambdaHandler = (event: unknown, context: unknown) => Promise<unknown>;

function connectorOf(found: Connector | ConnectorHandlers): Connector | undefined {
  return "definition" in found && "handlers" in found ? found : undefined;
}

async function moduleOf(spec: string, baseDir: string): Promise<Record<string, unknown>> {
  const builtin = BUILTIN[spec];
  if (builtin) return builtin();
  const looksLikePath = spec.startsWith(".") || isAbsolute(spec) || /\.[cm]?[jt]sx?$/.test(spec);
  if (!looksLikePath) {
    try {
      return (await import(spec)) as Record<string, unknown>;
    } catch (error) {
      throw new FlowRunError(
        "ConnectorLoad",
        `Cannot import connector package ${spec}: ${(error as Error).message}`,
      );
    }
  }
  const file = resolve(baseDir, spec);
  if (!existsSync(file)) throw new FlowRunError("ConnectorLoad", `No connector module at ${file}`);
  return importModuleFile(file);
}

/**
 * Loads a flow's connector and returns the way to call it: through `createAppFlowHost(connector).invoke`
 * (in-process, the path Lambda takes), or through a packaged bundle's Lambda `handler` when the module
 * exports only that, or through Lambda's Invoke for `lambda:<function-arn>` (a deployed function; `lambda`
 * says how to reach Lambda, default: the ARN's Region and the AWS SDK's defaults). A module's connector is
 * its `connector` export, else its default export, else its first export that is a connector or low-level
 * handlers.
 */
export async function loadFlowConnector(
  source: ConnectorSource,
  baseDir: string,
  hostOptions: AppFlowHostOptions,
  options: { lambda?: LambdaConnectorOptions } = {},
): Promise<LoadedConnector> {
  if (typeof source === "string" && source.startsWith(LAMBDA_PREFIX)) {
    const fn = await lambdaConnector(source, options.lambda);
    return { invoke: fn.invoke, kind: "lambda", label: source, dispose: fn.dispose };
  }
  if (typeof source !== "string") {
    const host = createAppFlowHost(source, hostOptions);
    return {
      invoke: (event) => host.invoke(event),
      connector: connectorOf(source),
      kind: "in-process",
      label: "(connector object)",
    };
  }
  const module = await moduleOf(source, baseDir);
  const found = connectorExportOf(module);
  const dispose = disposerOf(module);
  if (found) {
    const host = createAppFlowHost(found, hostOptions);
    return {
      invoke: (event) => host.invoke(event),
      connector: connectorOf(found),
      kind: "in-process",
      label: source,
      dispose,
    };
  }
  const handler = module["handler"];
  if (typeof handler === "function") {
    let calls = 0;
    const lambda = handler as LambdaHandler;
    return {
      invoke: async (event) =>
        (await lambda(event, {
          awsRequestId: `flow-${++calls}`,
          getRemainingTimeInMillis: () => 30_000,
        })) as JsonObject,
      kind: "bundle",
      label: source,
      dispose,
    };
  }
  throw new FlowRunError(
    "ConnectorLoad",
    `${source} exports no connector (export one made with defineConnector as "connector") and no Lambda handler`,
  );
}
