import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { jsonlConnector } from "../connectors/jsonl/index.js";
import { FAKE_CREDENTIALS } from "../deploy/test-support/recording-endpoint.js";
import { createLambdaHandler } from "../hosts/appflow/lambda-handler.js";
import { type FakeLambdaInvoke, startFakeLambdaInvoke } from "./appflow/test-support/fake-lambda-invoke.js";
import { FlowRunError } from "./flow-run-error.js";
import { loadFlowConnector } from "./load-flow-connector.js";
import { parseFlowText } from "./parse-flow.js";
import { runFlow } from "./run-flow.js";
import { readJsonlEntity, tempDir } from "./test-support/fixtures.js";

const ARN = "arn:aws:lambda:us-east-1:123456789012:function:people-connector";
const hostOptions = { secrets: null, logLevel: "silent" as const };

let lambda: FakeLambdaInvoke | undefined;
afterEach(async () => {
  await lambda?.close();
  lambda = undefined;
});

/** A fake Lambda running the JSON-lines connector's real Lambda handler as `people-connector`. */
async function start(extra: Record<string, (event: unknown) => Promise<unknown>> = {}) {
  lambda = await startFakeLambdaInvoke({ [ARN]: createLambdaHandler(jsonlConnector, hostOptions), ...extra });
  return { clientConfig: { endpoint: lambda.url, credentials: FAKE_CREDENTIALS, maxAttempts: 1 } };
}

describe("connector: lambda:<function-arn>", () => {
  it("sends AppFlow's JSON events to the deployed function with Lambda's Invoke", async () => {
    const lambdaOptions = await start();
    const loaded = await loadFlowConnector(`lambda:${ARN}`, "/", hostOptions, { lambda: lambdaOptions });
    expect(loaded.kind).toBe("lambda");
    expect(await loaded.invoke({ type: "DescribeConnectorConfigurationRequest" })).toMatchObject({
      isSuccess: true,
      connectorName: "JsonLines",
    });
    expect(lambda!.invocations).toEqual([ARN]);
    await loaded.dispose?.();
  });

  it("runs a flow whose source is the deployed function", async () => {
    const lambdaOptions = await start();
    const dir = tempDir("ck-flow-lambda-");
    mkdirSync(join(dir, "in"));
    const people = Array.from({ length: 30 }, (_, i) => ({ id: i + 1, name: `p${i + 1}` }));
    writeFileSync(join(dir, "in", "people.jsonl"), people.map((p) => `${JSON.stringify(p)}\n`).join(""));
    const flow = parseFlowText(
      `name: from-lambda
source: { connector: "lambda:${ARN}", settings: { directory: "${join(dir, "in")}" }, entity: people, pageSize: 7 }
destination: { connector: connector-kit/connectors/jsonl, settings: { directory: "${join(dir, "out")}" }, entity: people }
`,
      { baseDir: dir, env: {} },
    );
    // The runner loads sides itself, so the SDK finds the fake through its own endpoint setting.
    const saved = { ...process.env };
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_LAMBDA: lambdaOptions.clientConfig.endpoint,
      AWS_ACCESS_KEY_ID: FAKE_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: FAKE_CREDENTIALS.secretAccessKey,
      AWS_MAX_ATTEMPTS: "1",
    });
    try {
      const summary = await runFlow(flow, { stateDir: join(dir, "state"), logLevel: "silent" });
      expect(summary).toMatchObject({ status: "succeeded", recordsRead: 30, recordsWritten: 30 });
    } finally {
      for (const key of [
        "AWS_ENDPOINT_URL_LAMBDA",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_MAX_ATTEMPTS",
      ]) {
        if (saved[key] === undefined) delete process.env[key];
        else process.env[key] = saved[key];
      }
    }
    expect(await readJsonlEntity(join(dir, "out"), "people")).toEqual(people);
    expect(lambda!.invocations.length).toBeGreaterThanOrEqual(5); // describe + 5 pages
  });

  it("says what failed: the function's error, a missing function, an ARN that is not one", async () => {
    const broken = "arn:aws:lambda:us-east-1:123456789012:function:broken";
    const lambdaOptions = await start({
      [broken]: async () => {
        throw new TypeError("Cannot read properties of undefined (reading 'x')");
      },
    });
    const failing = await loadFlowConnector(`lambda:${broken}`, "/", hostOptions, { lambda: lambdaOptions });
    await expect(failing.invoke({ type: "DescribeConnectorConfigurationRequest" })).rejects.toThrow(
      `${broken} failed (Unhandled): TypeError: Cannot read properties of undefined (reading 'x')`,
    );
    const missing = `${ARN.replace("people", "nobody")}`;
    const gone = await loadFlowConnector(`lambda:${missing}`, "/", hostOptions, { lambda: lambdaOptions });
    await expect(gone.invoke({ type: "DescribeConnectorConfigurationRequest" })).rejects.toThrow(
      `Cannot invoke ${missing} (call 1): ResourceNotFoundException: Function not found: ${missing}`,
    );
    const bad = await loadFlowConnector("lambda:people-connector", "/", hostOptions).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(FlowRunError);
    expect((bad as FlowRunError).code).toBe("ConnectorLoad");
    expect((bad as Error).message).toBe(
      "lambda:people-connector does not name a Lambda function: write lambda:arn:aws:lambda:<region>:<account>:function:<name>",
    );
  });
});
