/** Reads a JSON-lines entity through its connector (no test framework: benchmarks use it too). */
import { jsonlConnector } from "../../connectors/jsonl/connector.js";
import type { DataRecord } from "../../core/records/data-record.js";
import { createAppFlowHost } from "../../hosts/appflow/appflow-host.js";

/** Every record of a JSON-lines entity as the connector serves it (one per key for upserted files). */
export async function readJsonlEntity(directory: string, entity: string): Promise<DataRecord[]> {
  const host = createAppFlowHost(jsonlConnector, { secrets: null, logLevel: "silent" });
  const out: DataRecord[] = [];
  let nextToken: string | null = null;
  do {
    const response = await host.invoke({
      type: "QueryDataRequest",
      entityIdentifier: entity,
      maxResults: 5000,
      nextToken,
      connectorContext: { connectorRuntimeSettings: { directory } },
    });
    if (response["isSuccess"] !== true) throw new Error(JSON.stringify(response["errorDetails"]));
    for (const r of response["records"] as string[]) out.push(JSON.parse(r) as DataRecord);
    nextToken = (response["nextToken"] as string | null) ?? null;
  } while (nextToken);
  return out;
}
