import type { SettingScope } from "../../core/model/enums.js";
import { WireConnectorClient } from "../connector-client.js";
import type { FlowDefinition } from "../flow-definition.js";
import type { LambdaConnectorOptions } from "../lambda-connector.js";
import { loadFlowConnector } from "../load-flow-connector.js";
import type { FlowSide } from "./flow-to-appflow.js";

/** Setting key → scope, per side (the `settingScopes` of `flowToAppFlow`). */
export type SettingScopes = Partial<Record<FlowSide, Readonly<Record<string, SettingScope>>>>;

/** A side whose connector could not be asked, and why. */
export interface SettingScopesFailure {
  side: FlowSide;
  message: string;
}

/**
 * Asks each custom connector side of a flow which scope each of its runtime settings has: its module (loaded
 * as `connector flow run` loads it) or its deployed function (`lambda:<function-arn>`, one Invoke) answers a
 * DescribeConnectorConfiguration. The JSON-lines connector and sides without settings are not asked. A side
 * that cannot be asked is listed in `failures` (its message names the side and the cause) and left out of
 * `scopes`; the caller decides whether that stops it. `lambda` (default: the ARN's Region and the AWS SDK's
 * defaults) says how to reach Lambda.
 */
export async function readSettingScopes(
  flow: FlowDefinition,
  options: { lambda?: LambdaConnectorOptions } = {},
): Promise<{ scopes: SettingScopes; failures: SettingScopesFailure[] }> {
  const scopes: Record<string, Record<string, SettingScope>> = {};
  const failures: SettingScopesFailure[] = [];
  for (const side of ["source", "destination"] as const) {
    const endpoint = flow[side];
    if (endpoint.connector === "connector-kit/connectors/jsonl") continue;
    if (Object.keys(endpoint.settings).length === 0) continue;
    let dispose: (() => Promise<void>) | undefined;
    try {
      // Asking for the configuration needs no secret, and its log lines would only mix into the command's output.
      const loaded = await loadFlowConnector(
        endpoint.connector,
        flow.baseDir,
        { secrets: null, logLevel: "error", logWrite: (line) => process.stderr.write(`${line}\n`) },
        options,
      );
      dispose = loaded.dispose;
      const configuration = await new WireConnectorClient(loaded.invoke, endpoint, flow.name).configuration();
      scopes[side] = Object.fromEntries(
        (configuration.connectorRuntimeSetting ?? []).map((s) => [s.key, s.scope]),
      );
    } catch (error) {
      failures.push({
        side,
        message: `${side}.connector: its settings' scopes could not be read (${(error as Error).message})`,
      });
    } finally {
      await dispose?.().catch(() => {});
    }
  }
  return { scopes, failures };
}
