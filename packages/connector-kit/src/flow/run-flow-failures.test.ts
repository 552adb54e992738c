/**
 * What a run says when it fails or a record fails: the real cause, never a secret (issue points on redaction,
 * misleading errors and windows that run backwards).
 */
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { captureCli } from "../cli/test-support/capture-cli.js";
import { jsonlConnector } from "../connectors/jsonl/connector.js";
import { ConnectorError } from "../core/errors/connector-error.js";
import { defineConnector } from "../define/define-connector.js";
import type { FlowDefinition } from "./flow-definition.js";
import { FlowRunError } from "./flow-run-error.js";
import { parseFlowText } from "./parse-flow.js";
import { runFlow } from "./run-flow.js";
import { tempDir } from "./test-support/fixtures.js";

const PASSWORD = "s3cret-Pa55word-xyz";
const ENV = { DEST_SECRET: JSON.stringify({ username: "writer", password: PASSWORD }) };

/** A project with in/people.jsonl (10 people updated an hour ago) and a flow reading it. */
function project(destination: string, extra = ""): { dir: string; flow: FlowDefinition } {
  const dir = tempDir("ck-flow-fail-");
  mkdirSync(join(dir, "in"));
  const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
  writeFileSync(
    join(dir, "in", "people.jsonl"),
    Array.from(
      { length: 10 },
      (_, i) => `${JSON.stringify({ id: i + 1, name: `p${i}`, updated_at: hourAgo })}\n`,
    ).join(""),
  );
  const text = `name: people
source:
  connector: jsonl
  settings: { directory: "\${FLOW_DIR}/in" }
  entity: people
destination:
${destination}
${extra}`;
  writeFileSync(join(dir, "flow.yaml"), text);
  const flow = parseFlowText(text, { baseDir: dir, file: join(dir, "flow.yaml") });
  flow.source.connector = jsonlConnector;
  if (flow.destination.connector === "jsonl") flow.destination.connector = jsonlConnector;
  return { dir, flow };
}

/** A destination that refuses every record, quoting the password it logged in with (as drivers do). */
const leakyDestination = defineConnector({
  name: "Leaky",
  owner: "tests",
  version: "1.0.0",
  auth: { basic: true },
  async listEntities() {
    return [];
  },
  async describeEntity() {
    throw new ConnectorError("ResourceNotFoundError", "no such entity yet");
  },
  async write(ctx, input) {
    const password = ctx.credentials?.type === "BasicAuth" ? ctx.credentials.password : "";
    return input.records.map(() => ({
      isSuccess: false,
      errorMessage: `connection "writer:${password}@db" refused the row`,
    }));
  },
});

describe("runFlow failures", () => {
  it("redacts the resolved secret from per-record write errors, in the error file and in flow show", async () => {
    const { dir, flow } = project(`  connector: leaky
  settings: {}
  credentials: { secret: "env:DEST_SECRET", authenticationType: BasicAuth }
  entity: people`);
    flow.destination.connector = leakyDestination;
    const summary = await runFlow(flow, { env: ENV });
    expect(summary).toMatchObject({ status: "completed_with_errors", recordsFailed: 10 });
    const errorFile = readFileSync(summary.errorFile!, "utf8");
    expect(errorFile).not.toContain(PASSWORD);
    expect(errorFile).toContain('connection \\"[REDACTED]:[REDACTED]@db\\" refused the row'); // every secret value
    const show = await captureCli(["flow", "show", "1", "--state-dir", summary.stateDir], dir);
    expect(show.status).toBe(0);
    expect(show.stdout).toContain(`[write] connection "[REDACTED]:[REDACTED]@db" refused the row`);
    expect(show.stdout).not.toContain(PASSWORD);
  });

  it("names an unset env: secret instead of reporting a missing entity", async () => {
    const { flow } = project(`  connector: jsonl
  settings: { directory: "\${FLOW_DIR}/out" }
  credentials: { secret: "env:NOT_SET_ANYWHERE", authenticationType: BasicAuth }
  entity: people`);
    const summary = await runFlow(flow, { env: {} });
    expect(summary.status).toBe("failed");
    expect(summary.message).toBe(
      "destination.credentials.secret: Environment variable NOT_SET_ANYWHERE named by secret reference env:NOT_SET_ANYWHERE is not set",
    );
  });

  it("reports the connector's own reason when describing the source answers ResourceNotFoundError", async () => {
    const { flow } = project(`  connector: jsonl
  settings: { directory: "\${FLOW_DIR}/out" }
  entity: people`);
    flow.source.connector = defineConnector({
      ...jsonlConnector.definition,
      async describeEntity() {
        throw new ConnectorError("ResourceNotFoundError", "Schema archive does not exist");
      },
    });
    const summary = await runFlow(flow);
    expect(summary.message).toBe(
      "source.entity: DescribeEntity people: ResourceNotFoundError: Schema archive does not exist",
    );
  });

  it("refuses a task on a field no record holds before reading anything: a misspelt Mask hides nothing", async () => {
    const { dir, flow } = project(
      `  connector: jsonl
  settings: { directory: "\${FLOW_DIR}/out" }
  entity: people`,
      `tasks:
  - { type: Mask, operator: MASK_ALL, field: nmae }`,
    );
    const summary = await runFlow(flow, { stateDir: join(dir, "state") });
    expect(summary).toMatchObject({ status: "failed", recordsRead: 0, recordsWritten: 0 });
    expect(summary.message).toBe('tasks[0].field: no field "nmae" reaches this task (did you mean "name"?)');
    expect(existsSync(join(dir, "out", "people.jsonl"))).toBe(false);
  });

  it("names the cause of a ServerError in the summary: a full disk (writes to /dev/full)", async (context) => {
    const { dir, flow } = project(`  connector: jsonl
  settings: { directory: "\${FLOW_DIR}/out" }
  entity: people`);
    mkdirSync(join(dir, "out"));
    try {
      symlinkSync("/dev/full", join(dir, "out", "people.jsonl"));
    } catch {
      context.skip(); // no /dev/full here
    }
    // The JSON-lines connector, whose file is /dev/full (the kernel answers ENOSPC), described as new.
    flow.destination.connector = defineConnector({
      ...jsonlConnector.definition,
      async describeEntity() {
        throw new ConnectorError("ResourceNotFoundError", "not written yet");
      },
    });
    const lines: string[] = [];
    const summary = await runFlow(flow, { logWrite: (line) => lines.push(line) });
    expect(summary.status).toBe("failed");
    expect(summary.message).toMatch(
      /^WriteData: ServerError: The connector failed unexpectedly \(reference local-\d+\); cause: ENOSPC: no space left on device/,
    );
    expect(lines.join("\n")).toContain("ENOSPC"); // still logged in full too
  });

  it("refuses a window that runs backwards: a watermark in the future", async () => {
    const { flow } = project(
      `  connector: jsonl
  settings: { directory: "\${FLOW_DIR}/out" }
  entity: people
  operation: UPSERT
  idFieldNames: [id]`,
      "trigger: { type: incremental, field: updated_at, lookBack: 1m }",
    );
    const future = Date.now() + 3_600_000; // a clock an hour ahead, then set right
    expect(await runFlow(flow, { now: () => future })).toMatchObject({ status: "succeeded" });
    const error = await runFlow(flow).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FlowRunError);
    expect(error).toMatchObject({ code: "StateInvalid" });
    expect((error as Error).message).toMatch(
      /^The watermark \S+ is later than the window's end \S+: the window would run backwards\. Check the system clock, or forget the state with --reset$/,
    );
    // Within the look-back a watermark slightly ahead is harmless: the window still runs forwards.
    expect(await runFlow(flow, { now: () => future + 30_000 - 60_000 })).toMatchObject({
      status: "succeeded",
    });
    expect(await runFlow(flow, { reset: true })).toMatchObject({ status: "succeeded", recordsRead: 10 });
  }, 120_000);
});
