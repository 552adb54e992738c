import { startAppFlowFlow } from "../../flow/appflow/appflow-flow-client.js";
import type { CommandIo } from "../command.js";
import { appflowClientConfig, flowNameOf } from "./flow-deploy.js";
import type { FlowFlags } from "./flow-shared.js";

/** `connector flow start <flow-file|name>`: runs the deployed flow on AppFlow (StartFlow). */
export async function flowStart(positionals: string[], flags: FlowFlags, io: CommandIo): Promise<number> {
  const name = await flowNameOf(positionals[0], io, "connector flow start <flow-file|flow-name>");
  const started = await startAppFlowFlow(name, { clientConfig: appflowClientConfig(flags, io) });
  if (flags["json"]) io.stdout(`${JSON.stringify({ flowName: name, ...started })}\n`);
  else {
    io.stdout(
      started.executionId
        ? `Started ${name} on AppFlow: execution ${started.executionId} (flow ${started.flowStatus ?? "?"})\n`
        : `Activated ${name} on AppFlow: it runs on its schedule (flow ${started.flowStatus ?? "?"})\n`,
    );
    io.stdout(`  status    connector flow status ${name}\n`);
  }
  return 0;
}
