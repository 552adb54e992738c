import { appFlowExecutions } from "../../flow/appflow/appflow-flow-client.js";
import type { CommandIo } from "../command.js";
import { table } from "../table.js";
import { appflowClientConfig, flowNameOf } from "./flow-deploy.js";
import { type FlowFlags, positiveIntFlag } from "./flow-shared.js";

/** `connector flow status <flow-file|name>`: the flow's latest runs on AppFlow (its execution records). */
export async function flowStatus(positionals: string[], flags: FlowFlags, io: CommandIo): Promise<number> {
  const name = await flowNameOf(positionals[0], io, "connector flow status <flow-file|flow-name>");
  const runs = await appFlowExecutions(name, {
    clientConfig: appflowClientConfig(flags, io),
    limit: positiveIntFlag(flags, "limit", 20),
  });
  if (flags["json"]) {
    io.stdout(`${JSON.stringify(runs, null, 2)}\n`);
    return 0;
  }
  if (runs.length === 0) {
    io.stdout(`${name} has not run on AppFlow yet (connector flow start ${name})\n`);
    return 0;
  }
  io.stdout(
    table(
      ["execution", "status", "started", "updated", "records", "bytes written", "error"],
      runs.map((r) => [
        r.executionId ?? "",
        r.status ?? "",
        r.startedAt ?? "",
        r.lastUpdatedAt ?? "",
        r.recordsProcessed === null ? "" : String(r.recordsProcessed),
        r.bytesWritten === null ? "" : String(r.bytesWritten),
        r.error ?? "",
      ]),
    ),
  );
  return 0;
}
