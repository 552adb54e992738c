import { describe, expect, it } from "vitest";
import { DeployError, deployConnector, planDeploy } from "./deploy.js";
import { deployOptions, recordingEndpointPerTest, TEST_ROLE } from "./test-support/deploy-fixture.js";
import { emptyFakeState, fakeLambdaAndAppFlow } from "./test-support/fake-lambda-appflow.js";
import { startRecordingEndpoint } from "./test-support/recording-endpoint.js";

const ZIP = new Uint8Array([0x50, 0x4b, 0x05, 0x06, 1, 2, 3]);

const endpoints = recordingEndpointPerTest();

const options = (url: string) => deployOptions(url, "planets-connector", { zip: ZIP });

describe("deployConnector", () => {
  it("creates the function, adds the AppFlow permission and registers the connector", async () => {
    const state = emptyFakeState();
    state.pendingPolls = 1;
    const endpoint = endpoints.set(await startRecordingEndpoint(fakeLambdaAndAppFlow(state)));
    const result = await deployConnector(options(endpoint.url));
    expect(result).toMatchObject({
      dryRun: false,
      function: "created",
      functionArn: "arn:aws:lambda:us-east-1:123456789012:function:planets-connector",
      permission: "added",
      registration: "registered",
      connectorArn: "arn:aws:appflow:us-east-1:123456789012:connector/planets",
    });
    const r = endpoint.requests;
    expect(r.map((x) => `${x.method} ${x.path}`)).toEqual([
      "GET /2015-03-31/functions/planets-connector",
      "POST /2015-03-31/functions",
      "GET /2015-03-31/functions/planets-connector", // pending
      "GET /2015-03-31/functions/planets-connector", // active
      "POST /2015-03-31/functions/planets-connector/policy",
      "POST /describe-connector",
      "POST /register-connector",
    ]);
    expect(r[0]!.headers["authorization"]).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/lambda\//,
    );
    expect(r[1]!.body).toEqual({
      FunctionName: "planets-connector",
      Runtime: "nodejs22.x",
      Handler: "index.handler",
      Role: TEST_ROLE,
      Code: { ZipFile: Buffer.from(ZIP).toString("base64") },
      Description: "Amazon AppFlow custom connector (connector-kit)",
      Timeout: 30,
      MemorySize: 256,
      Environment: { Variables: { LOG_LEVEL: "info" } },
    });
    expect(r[4]!.body).toEqual({
      StatementId: "appflow-invoke",
      Action: "lambda:InvokeFunction",
      Principal: "appflow.amazonaws.com",
      SourceAccount: "123456789012",
      SourceArn: "arn:aws:appflow:us-east-1:123456789012:*",
    });
    expect(r[5]!.body).toEqual({ connectorType: "CustomConnector", connectorLabel: "planets" });
    expect(r[6]!.headers["authorization"]).toMatch(/\/us-east-1\/appflow\//);
    expect(r[6]!.body).toMatchObject({
      connectorLabel: "planets",
      connectorProvisioningType: "LAMBDA",
      connectorProvisioningConfig: {
        lambda: { lambdaArn: "arn:aws:lambda:us-east-1:123456789012:function:planets-connector" },
      },
    });
    expect(result.calls.map((c) => `${c.operation}: ${c.outcome}`)).toEqual([
      "GetFunction: not found",
      "CreateFunction: created",
      "GetFunction: state Pending, last update Successful",
      "GetFunction: state Active, last update Successful",
      "AddPermission: added",
      "DescribeConnector: not found",
      "RegisterConnector: registered",
    ]);
    expect(JSON.stringify(result.calls)).toMatch(/<function\.zip: 7 bytes, sha256 [0-9a-f]{64}>/);
  });

  it("updates an existing function, keeps an existing statement and skips a registered connector", async () => {
    const state = emptyFakeState();
    const endpoint = endpoints.set(await startRecordingEndpoint(fakeLambdaAndAppFlow(state)));
    await deployConnector(options(endpoint.url));
    endpoint.requests.length = 0;
    // No role this time: the account comes from the function's ARN.
    const result = await deployConnector({
      ...options(endpoint.url),
      roleArn: undefined,
      timeoutSeconds: 20,
      runtime: "nodejs24.x",
    });
    expect(result).toMatchObject({
      function: "updated",
      permission: "already present",
      registration: "already registered",
    });
    const r = endpoint.requests;
    expect(r.map((x) => `${x.method} ${x.path}`)).toEqual([
      "GET /2015-03-31/functions/planets-connector",
      "PUT /2015-03-31/functions/planets-connector/code",
      "GET /2015-03-31/functions/planets-connector", // wait for the code update
      "PUT /2015-03-31/functions/planets-connector/configuration",
      "POST /2015-03-31/functions/planets-connector/policy",
      "POST /describe-connector",
    ]);
    expect(r[1]!.body).toEqual({ ZipFile: Buffer.from(ZIP).toString("base64") });
    expect(r[3]!.body).toMatchObject({ Timeout: 20, MemorySize: 256, Runtime: "nodejs24.x" });
    expect(r[3]!.body).not.toHaveProperty("Role");
    expect(r[4]!.body).toMatchObject({ SourceAccount: "123456789012" });
  });

  it("registers nothing when asked, and fails clearly without a role for a new function", async () => {
    const endpoint = endpoints.set(await startRecordingEndpoint(fakeLambdaAndAppFlow(emptyFakeState())));
    await expect(deployConnector({ ...options(endpoint.url), roleArn: undefined })).rejects.toThrow(
      /does not exist; give a role ARN/,
    );
    const result = await deployConnector({ ...options(endpoint.url), register: false });
    expect(result.registration).toBe("skipped");
    expect(endpoint.requests.some((x) => !x.path.startsWith("/2015-03-31/"))).toBe(false);
  });

  it("makes no call in a dry run and lists every call it would make", async () => {
    const endpoint = endpoints.set(await startRecordingEndpoint(() => undefined));
    const seen: string[] = [];
    const result = await deployConnector({
      ...options(endpoint.url),
      dryRun: true,
      onCall: (c) => seen.push(c.operation),
    });
    expect(endpoint.requests).toEqual([]);
    expect(seen).toEqual([
      "GetFunction",
      "CreateFunction",
      "UpdateFunctionCode",
      "UpdateFunctionConfiguration",
      "AddPermission",
      "DescribeConnector",
      "RegisterConnector",
    ]);
    expect(result.calls[4]!.input).toMatchObject({ SourceArn: "arn:aws:appflow:us-east-1:123456789012:*" });
  });

  it("checks its options", () => {
    const o = options("http://127.0.0.1:1");
    expect(() => planDeploy({ ...o, accountId: "12" })).toThrow(DeployError);
    expect(() => planDeploy({ ...o, roleArn: "arn:aws:s3:::bucket" })).toThrow(/not an IAM role ARN/);
    expect(planDeploy({ ...o, region: "cn-north-1" })[4]!.input["SourceArn"]).toBe(
      "arn:aws-cn:appflow:cn-north-1:123456789012:*",
    );
  });
});
