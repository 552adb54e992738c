import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  type RecordingEndpoint,
  startRecordingEndpoint,
} from "../../deploy/test-support/recording-endpoint.js";
import {
  emptyAppFlowState,
  type FakeAppFlowState,
  fakeAppFlow,
} from "../../flow/appflow/test-support/fake-appflow.js";
import { makeTempDir } from "../../test-support/temp-dir.js";
import { captureCli } from "../test-support/capture-cli.js";

const FN = "arn:aws:lambda:us-east-1:123456789012:function:orders-connector";

/** A project with flow.yaml: a deployed function to the JSON-lines destination (S3 on AppFlow). */
function project(credentials: string) {
  const dir = makeTempDir("ck-flow-deploy-");
  writeFileSync(
    join(dir, "flow.yaml"),
    `name: orders-to-s3
source:
  connector: lambda:${FN}
  entity: orders
  credentials: ${credentials}
destination:
  connector: connector-kit/connectors/jsonl
  entity: orders
trigger: { type: scheduled, cron: "cron(0 6 ? * MON-FRI *)" }
`,
  );
  return dir;
}

let endpoint: RecordingEndpoint | undefined;
let state: FakeAppFlowState;
afterEach(async () => {
  await endpoint?.close();
  endpoint = undefined;
});

async function env() {
  state = emptyAppFlowState();
  endpoint = await startRecordingEndpoint(fakeAppFlow(state));
  return { AWS_REGION: "us-east-1", AWS_ACCESS_KEY_ID: "AKIDEXAMPLE", AWS_SECRET_ACCESS_KEY: "fake" };
}

describe("connector flow deploy, start and status", () => {
  it("refuses what cannot be mapped before any call, naming each key", async () => {
    const e = await env();
    const dir = project("{ secret: env:PG_SECRET, authenticationType: BasicAuth }");
    const run = await captureCli(["flow", "deploy", "flow.yaml", "--endpoint-url", endpoint!.url], dir, e);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("Flow orders-to-s3 cannot be deployed to AppFlow (2 problems):");
    expect(run.stderr).toContain(
      "source.credentials.secret: env: references are local; AppFlow takes the credentials from a Secrets Manager secret: write its ARN here or give it with --source-secret-arn",
    );
    expect(run.stderr).toContain(
      "destination.connector: the JSON-lines destination maps to S3 writing JSON: give the bucket (--bucket)",
    );
    expect(endpoint!.requests).toEqual([]);

    // With --json, the same problems as fields, each naming its key.
    const json = await captureCli(
      ["flow", "deploy", "flow.yaml", "--json", "--endpoint-url", endpoint!.url],
      dir,
      e,
    );
    expect(json.status).toBe(2);
    const { error } = JSON.parse(json.stdout);
    expect(error.type).toBe("UsageError");
    expect(error.problems.map((p: { path: string }) => p.path)).toEqual([
      "source.credentials.secret",
      "destination.connector",
    ]);
    expect(error.problems[1].message).toBe(
      "the JSON-lines destination maps to S3 writing JSON: give the bucket (--bucket)",
    );
    expect(endpoint!.requests).toEqual([]);
  });

  it("prints every request in a dry run and makes no call", async () => {
    const e = await env();
    const dir = project("{ secret: env:PG_SECRET, authenticationType: BasicAuth }");
    const secret = "arn:aws:secretsmanager:us-east-1:123456789012:secret:pg-AbCdEf";
    const args = ["flow", "deploy", "flow.yaml", "--bucket", "orders-bucket", "--source-secret-arn", secret];
    const start = ["--schedule-start", "2026-12-07T06:00:00Z"];
    const run = await captureCli([...args, ...start, "--dry-run", "--endpoint-url", endpoint!.url], dir, e);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("Dry run: these AppFlow calls would be made for orders-to-s3");
    expect(run.stdout).toContain("appflow CreateFlow (if the flow does not exist)");
    expect(run.stdout).toContain('"scheduleExpression": "cron(0 6 ? * MON-FRI *)"');
    expect(run.stdout).toContain('"scheduleStartTime": "2026-12-07T06:00:00.000Z"');
    const late = await captureCli([...args, "--schedule-start", "Monday", "--dry-run"], dir, e);
    expect(late.status).toBe(2);
    expect(late.stderr).toContain(
      "--schedule-start must be an ISO 8601 time such as 2026-12-07T06:00:00Z, got Monday",
    );
    expect(run.stdout).toContain(`"password": "<password from ${secret}>"`);
    expect(endpoint!.requests).toEqual([]);
  });

  it("asks the side's connector which settings go on the profile and which on the flow", async () => {
    const e = await env();
    const dir = makeTempDir("ck-flow-deploy-scopes-");
    const sdk = (path: string) => JSON.stringify(join(import.meta.dirname, "../..", path));
    writeFileSync(
      join(dir, "shop.ts"),
      `import { defineConnector } from ${sdk("define/define-connector.ts")};
import { setting } from ${sdk("core/settings/setting.ts")};
export const connector = defineConnector({
  name: "Shop", owner: "tests", version: "1",
  settings: { region: setting.string({ label: "Region" }), table: setting.string({ label: "Table", scope: "SOURCE" }) },
  async listEntities() { return []; },
  async describeEntity() { throw new Error("not needed"); },
  async query() { return { records: [] }; },
});
`,
    );
    const flowFile = (connector: string) =>
      `name: shop-to-s3
source: { connector: ${connector}, entity: orders, settings: { region: eu, table: orders_v2 } }
destination: { connector: connector-kit/connectors/jsonl, entity: orders }
`;
    writeFileSync(join(dir, "flow.yaml"), flowFile("./shop.ts"));
    const args = ["flow", "deploy", "flow.yaml", "--bucket", "b-1", "--source-connector-label", "shop"];
    const url = ["--endpoint-url", endpoint!.url];
    state.connectors.add("shop");
    const deploy = await captureCli([...args, ...url], dir, e);
    expect(deploy.stderr).toBe("");
    expect(deploy.status).toBe(0);
    expect(state.shapeProblems).toEqual([]);
    expect(state.flows.get("shop-to-s3")!["sourceFlowConfig"]).toMatchObject({
      sourceConnectorProperties: {
        CustomConnector: { entityName: "orders", customProperties: { table: "orders_v2" } },
      },
    });
    expect(state.profiles.get("shop-to-s3-source")).toMatchObject({
      connectorProfileConfig: {
        connectorProfileProperties: { CustomConnector: { profileProperties: { region: "eu" } } },
      },
    });

    // A connector that cannot be asked stops a deployment before any call; a dry run shows the fallback.
    writeFileSync(join(dir, "flow.yaml"), flowFile("./gone.ts"));
    const calls = endpoint!.requests.length;
    const failed = await captureCli([...args, ...url], dir, e);
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain(
      `source.connector: its settings' scopes could not be read (No connector module at ${join(dir, "gone.ts")})`,
    );
    expect(endpoint!.requests.length).toBe(calls);
    const dry = await captureCli([...args, "--dry-run"], dir, e);
    expect(dry.status).toBe(0);
    expect(dry.stderr).toContain("this dry run shows every source setting on the profile");
    expect(dry.stdout).toContain('"table": "orders_v2"');
  });

  it("deploys, starts and shows the runs as a table and as JSON", async () => {
    const e = await env();
    const secret = "arn:aws:secretsmanager:us-east-1:123456789012:secret:pg-AbCdEf";
    // An existing profile (made elsewhere) keeps Secrets Manager out of this test.
    const dir = project(`{ secret: "${secret}", authenticationType: BasicAuth }`);
    state.profiles.set("orders-console-profile", {});
    const url = ["--endpoint-url", endpoint!.url];
    const deploy = await captureCli(
      [
        "flow",
        "deploy",
        "flow.yaml",
        "--bucket",
        "orders-bucket",
        "--source-profile",
        "orders-console-profile",
        ...url,
      ],
      dir,
      e,
    );
    expect(deploy.stderr).toBe("");
    expect(deploy.stdout).toContain("appflow RegisterConnector: registered");
    expect(deploy.stdout).toContain(
      "Flow orders-to-s3 created: arn:aws:appflow:us-east-1:123456789012:flow/orders-to-s3 (Active)",
    );
    expect(state.shapeProblems).toEqual([]);
    expect(state.flows.get("orders-to-s3")!["sourceFlowConfig"]).toMatchObject({
      connectorProfileName: "orders-console-profile",
    });

    const start = await captureCli(["flow", "start", "flow.yaml", ...url], dir, e);
    expect(start.stdout).toContain("Started orders-to-s3 on AppFlow: execution exec-1");
    await captureCli(["flow", "start", "orders-to-s3", ...url], dir, e);
    const status = await captureCli(["flow", "status", "orders-to-s3", ...url], dir, e);
    expect(status.status).toBe(0);
    expect(status.stdout).toMatch(/^execution +status +started +updated +records +bytes written +error\n/);
    expect(status.stdout).toMatch(/\nexec-2 +InProgress +2026-\d\d-\d\dT[\d:.]+Z .* 0 +0\n/);
    const json = await captureCli(["flow", "status", "flow.yaml", "--json", "--limit", "1", ...url], dir, e);
    expect(JSON.parse(json.stdout)).toEqual([
      expect.objectContaining({ executionId: "exec-2", status: "InProgress" }),
    ]);
    const missing = await captureCli(["flow", "status", "nope", ...url], dir, e);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain(
      "AppFlow DescribeFlowExecutionRecords failed: ResourceNotFoundException: No flow nope",
    );
  });
});
