import { formatDuration } from "../../core/duration.js";
import { runDurationMs } from "../../flow/format-run.js";
import { FlowStateStore } from "../../flow/state-store.js";
import type { CommandIo } from "../command.js";
import { table } from "../table.js";
import { type FlowFlags, loadFlowFile, positiveIntFlag, stateDirOf } from "./flow-shared.js";

const int = (n: number) => Math.round(n).toLocaleString("en-US");

/** `connector flow history [flow-file]`: the latest runs, newest first. */
export async function flowHistory(positionals: string[], flags: FlowFlags, io: CommandIo): Promise<number> {
  const flow = positionals[0] ? await loadFlowFile(positionals[0], io) : null;
  const name = (flags["flow"] as string | undefined) ?? flow?.name ?? null;
  const store = await FlowStateStore.open(stateDirOf(flags, io, flow));
  try {
    const runs = await store.runs({ flow: name, limit: positiveIntFlag(flags, "limit", 20) });
    const watermark = name ? await store.watermark(name) : null;
    if (flags["json"]) {
      io.stdout(`${JSON.stringify({ runs, watermark })}\n`);
      return 0;
    }
    if (runs.length === 0) {
      io.stdout(`No runs yet${name ? ` of ${name}` : ""} in ${store.dir}\n`);
      return 0;
    }
    io.stdout(
      table(
        ["run", "flow", "status", "started", "took", "read", "written", "failed", "filtered"],
        runs.map((r) => {
          const ms = runDurationMs(r);
          return [
            String(r.id),
            r.flow,
            r.status,
            r.startedAt.replace("T", " ").slice(0, 19),
            ms === null ? "-" : formatDuration(ms),
            int(r.recordsRead),
            int(r.recordsWritten),
            int(r.recordsFailed),
            int(r.recordsSkipped),
          ];
        }),
      ),
    );
    if (watermark)
      io.stdout(`watermark of ${name}: ${watermark.field} <= ${watermark.value} (run ${watermark.runId})\n`);
    io.stdout(`Details: connector flow show <run>${positionals[0] ? ` ${positionals[0]}` : ""}\n`);
    return 0;
  } finally {
    await store.close();
  }
}
