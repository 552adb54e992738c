import { afterEach, describe, expect, it } from "vitest";
import { awsError } from "../../deploy/test-support/fake-lambda-appflow.js";
import {
  FAKE_CREDENTIALS,
  type RecordingEndpoint,
  startRecordingEndpoint,
} from "../../deploy/test-support/recording-endpoint.js";
import { parseFlowText } from "../parse-flow.js";
import {
  AppFlowCallError,
  AppFlowDeployError,
  appFlowExecutions,
  deployAppFlowFlow,
  startAppFlowFlow,
} from "./appflow-flow-client.js";
import { flowToAppFlow } from "./flow-to-appflow.js";
import { emptyAppFlowState, type FakeAppFlowState, fakeAppFlow } from "./test-support/fake-appflow.js";

const FN = "arn:aws:lambda:us-east-1:123456789012:function:orders-connector";
const SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:orders-db-AbCdEf";
const SECRET_VALUE = { username: "app", password: "s3cr3t-Passw0rd" };

const FLOW = `name: orders-sync
source:
  connector: lambda:${FN}
  settings: { database: shop }
  credentials: { secret: ${SECRET}, authenticationType: BasicAuth }
  entity: public.orders
  fields: [id, status, updated_at]
  filter: "status = 'paid'"
destination:
  connector: connector-kit/connectors/jsonl
  entity: orders
tasks:
  - { type: Map, source: id, destination: order_id }
trigger: { type: incremental, field: updated_at, every: 1h }
`;

let endpoint: RecordingEndpoint | undefined;
let state: FakeAppFlowState;
afterEach(async () => {
  await endpoint?.close();
  endpoint = undefined;
});

async function start() {
  state = emptyAppFlowState();
  endpoint = await startRecordingEndpoint(fakeAppFlow(state));
  return {
    clientConfig: {
      region: "us-east-1",
      endpoint: endpoint.url,
      credentials: FAKE_CREDENTIALS,
      maxAttempts: 1,
    },
  };
}

const plan = () =>
  flowToAppFlow(parseFlowText(FLOW, { baseDir: "/flows", env: {} }), {
    bucket: "orders-bucket",
    now: Date.parse("2026-12-03T00:00:00Z"),
  });
const readSecret = async (arn: string) => {
  expect(arn).toBe(SECRET);
  return SECRET_VALUE;
};

describe("deployAppFlowFlow against a local AppFlow endpoint", () => {
  it("registers the connector, creates the profile and the flow; a second deploy updates them", async () => {
    const aws = await start();
    const first = await deployAppFlowFlow(plan(), { ...aws, readSecret });
    expect(state.shapeProblems).toEqual([]);
    expect(first).toMatchObject({
      flow: "created",
      flowArn: "arn:aws:appflow:us-east-1:123456789012:flow/orders-sync",
      flowStatus: "Active",
    });
    expect(endpoint!.requests.map((r) => r.path)).toEqual([
      "/describe-connector",
      "/register-connector",
      "/describe-connector-profiles",
      "/create-connector-profile",
      "/describe-flow",
      "/create-flow",
    ]);
    expect(endpoint!.requests[1]!.body).toEqual({
      clientToken: expect.any(String), // the SDK's idempotency token
      connectorLabel: "orders-connector",
      description: "Registered by connector flow deploy",
      connectorProvisioningType: "LAMBDA",
      connectorProvisioningConfig: { lambda: { lambdaArn: FN } },
    });
    // The profile carries the secret's values to AppFlow, which keeps them in its own secret…
    expect(state.profiles.get("orders-sync-source")).toEqual({
      clientToken: expect.any(String),
      connectorProfileName: "orders-sync-source",
      connectorType: "CustomConnector",
      connectorLabel: "orders-connector",
      connectionMode: "Public",
      connectorProfileConfig: {
        connectorProfileProperties: { CustomConnector: { profileProperties: { database: "shop" } } },
        connectorProfileCredentials: {
          CustomConnector: { authenticationType: "BASIC", basic: SECRET_VALUE },
        },
      },
    });
    // …but the calls reported never show them.
    expect(JSON.stringify(first.calls)).not.toContain(SECRET_VALUE.password);
    expect(JSON.stringify(first.calls)).toContain(`<password from ${SECRET}>`);
    const created = state.flows.get("orders-sync")!;
    expect(created["triggerConfig"]).toEqual({
      triggerType: "Scheduled",
      triggerProperties: {
        Scheduled: {
          scheduleExpression: "rate(1hours)", // AppFlow's form of every: 1h
          dataPullMode: "Incremental",
          firstExecutionFrom: Date.parse("2026-11-03T00:00:00Z") / 1000,
        },
      },
    });
    expect(created["destinationFlowConfigList"]).toEqual([
      {
        connectorType: "S3",
        destinationConnectorProperties: {
          S3: {
            bucketName: "orders-bucket",
            bucketPrefix: "orders",
            s3OutputFormatConfig: { fileType: "JSON", aggregationConfig: { aggregationType: "None" } },
          },
        },
      },
    ]);

    endpoint!.requests.length = 0;
    const second = await deployAppFlowFlow(plan(), { ...aws, readSecret });
    expect(second.flow).toBe("updated");
    expect(endpoint!.requests.map((r) => r.path)).toEqual([
      "/describe-connector",
      "/describe-connector-profiles",
      "/update-connector-profile",
      "/describe-flow",
      "/update-flow",
    ]);
    expect(state.shapeProblems).toEqual([]);
  });

  it("makes no call in a dry run, and lists every request with the secret's keys, not its values", async () => {
    const aws = await start();
    const calls: string[] = [];
    const result = await deployAppFlowFlow(plan(), {
      ...aws,
      dryRun: true,
      onCall: (c) => calls.push(c.operation),
      readSecret: () => Promise.reject(new Error("no secret is read in a dry run")),
    });
    expect(endpoint!.requests).toEqual([]);
    expect(calls).toEqual([
      "DescribeConnector",
      "RegisterConnector",
      "DescribeConnectorProfiles",
      "CreateConnectorProfile",
      "UpdateConnectorProfile",
      "DescribeFlow",
      "CreateFlow",
      "UpdateFlow",
    ]);
    const profile = result.calls.find((c) => c.operation === "CreateConnectorProfile")!.input;
    expect(JSON.stringify(profile)).toContain(`"password":"<password from ${SECRET}>"`);
  });

  it("surfaces AppFlow's errors with the operation, the error and its message", async () => {
    const aws = await start();
    state.faults.set("CreateFlow", awsError(409, "ConflictException", "Flow orders-sync is being created"));
    const error = await deployAppFlowFlow(plan(), { ...aws, readSecret }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppFlowCallError);
    expect((error as Error).message).toBe(
      "AppFlow CreateFlow failed: ConflictException: Flow orders-sync is being created",
    );
    state.faults.set(
      "CreateFlow",
      awsError(
        400,
        "ValidationException",
        "Destination field order_id does not exist in the destination entity",
      ),
    );
    await expect(deployAppFlowFlow(plan(), { ...aws, readSecret })).rejects.toThrow(
      /^AppFlow CreateFlow failed: ValidationException: Destination field order_id does not exist/,
    );
  });

  it("refuses a connector label that is not registered, and a secret without the needed keys", async () => {
    const aws = await start();
    const local = flowToAppFlow(
      parseFlowText(FLOW.replace(`lambda:${FN}`, "./src/index.ts"), { baseDir: "/flows", env: {} }),
      { bucket: "orders-bucket", connectorLabels: { source: "orders" } },
    );
    await expect(deployAppFlowFlow(local, { ...aws, readSecret })).rejects.toThrow(
      new AppFlowDeployError(
        "No connector is registered as orders (source); deploy it first with connector deploy --connector-label orders",
      ),
    );
    state.connectors.add("orders");
    await expect(
      deployAppFlowFlow(local, { ...aws, readSecret: async () => ({ username: "app" }) }),
    ).rejects.toThrow(`The secret ${SECRET} has no "password" value, which BasicAuth credentials need`);
    expect(state.flows.size).toBe(0);
  });
});

describe("startAppFlowFlow and appFlowExecutions", () => {
  it("starts a flow and lists its execution records, newest first, across pages", async () => {
    const aws = await start();
    await deployAppFlowFlow(plan(), { ...aws, readSecret });
    const started = await startAppFlowFlow("orders-sync", aws);
    expect(started).toEqual({
      flowArn: "arn:aws:appflow:us-east-1:123456789012:flow/orders-sync",
      flowStatus: "Active",
      executionId: "exec-1",
    });
    await startAppFlowFlow("orders-sync", aws);
    await startAppFlowFlow("orders-sync", aws);
    const runs = await appFlowExecutions("orders-sync", { ...aws, limit: 2 });
    expect(runs.map((r) => [r.executionId, r.status, r.recordsProcessed])).toEqual([
      ["exec-3", "InProgress", 0],
      ["exec-2", "InProgress", 0],
    ]);
    expect(runs[0]!.startedAt).toBe(new Date((1_796_300_000 + 120) * 1000).toISOString());
    expect((await appFlowExecutions("orders-sync", aws)).length).toBe(3);
    // maxResults is 1 to 100 (MaxResults): a limit of 0 asks AppFlow nothing.
    endpoint!.requests.length = 0;
    expect(await appFlowExecutions("orders-sync", { ...aws, limit: 0 })).toEqual([]);
    expect(endpoint!.requests.map((r) => (r.body as { maxResults?: number }).maxResults)).toEqual([]);
    expect(state.shapeProblems).toEqual([]);
    await expect(startAppFlowFlow("nope", aws)).rejects.toThrow(
      "AppFlow StartFlow failed: ResourceNotFoundException: No flow nope",
    );
  });
});
