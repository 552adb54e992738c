import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseFlowText } from "./parse-flow.js";

const README = readFileSync(new URL("./README.md", import.meta.url), "utf8");

describe("the flow README", () => {
  it("shows a flow file the parser takes as it reads, every key of it", () => {
    const section = README.slice(README.indexOf("## Flow file"));
    const yaml = /```yaml\n([\s\S]*?)```/.exec(section)![1]!;
    const flow = parseFlowText(yaml, {
      baseDir: "/project/flows",
      file: "/project/flows/orders.yaml",
      env: {},
    });
    expect(flow.name).toBe("orders-to-jsonl");
    expect(flow.source).toMatchObject({
      connector: "../src/index.ts", // resolved from the flow file's directory when loaded
      settings: { dataDir: "/project/flows/data" },
      credentials: { secret: "env:PG_SECRET", authenticationType: "BasicAuth" },
      fields: ["id", "status", "amount", "updated_at"],
      pageSize: 1000,
    });
    expect(flow.destination).toMatchObject({
      settings: { directory: "/project/flows/out" },
      operation: "UPSERT",
      idFieldNames: ["id"],
      batchSize: 500,
      writesInFlight: 1,
    });
    expect(flow.tasks.map((t) => t.type)).toEqual([
      "Map",
      "Filter",
      "Mask",
      "Truncate",
      "Validate",
      "Arithmetic",
      "Merge",
      "Drop",
    ]);
    expect(flow.trigger).toMatchObject({ type: "incremental", field: "updated_at", everyMs: 3_600_000 });
  });
});
