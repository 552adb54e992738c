import { describe, expect, it } from "vitest";
import { DeployError, deployConnector, planDeploy } from "./deploy.js";
import { deployOptions, recordingEndpointPerTest, TEST_ROLE } from "./test-support/deploy-fixture.js";
import { emptyFakeState, fakeLambdaAndAppFlow } from "./test-support/fake-lambda-appflow.js";
import { startRecordingEndpoint } from "./test-support/recording-endpoint.js";

const IMAGE = `123456789012.dkr.ecr.us-east-1.amazonaws.com/buyer/planets@sha256:${"a".repeat(64)}`;

const endpoints = recordingEndpointPerTest();

const options = (url: string) => deployOptions(url, "planets-image", { imageUri: IMAGE });

describe("deployConnector with an image", () => {
  it("creates an image function, adds the AppFlow permission with the confused-deputy conditions, registers", async () => {
    const endpoint = endpoints.set(await startRecordingEndpoint(fakeLambdaAndAppFlow(emptyFakeState())));
    const result = await deployConnector({ ...options(endpoint.url), architecture: "arm64" });
    expect(result).toMatchObject({ function: "created", permission: "added", registration: "registered" });
    const r = endpoint.requests;
    expect(r.map((x) => `${x.method} ${x.path}`)).toEqual([
      "GET /2015-03-31/functions/planets-image",
      "POST /2015-03-31/functions",
      "GET /2015-03-31/functions/planets-image",
      "POST /2015-03-31/functions/planets-image/policy",
      "POST /describe-connector",
      "POST /register-connector",
    ]);
    expect(r[1]!.body).toEqual({
      FunctionName: "planets-image",
      PackageType: "Image",
      Architectures: ["arm64"],
      Role: TEST_ROLE,
      Code: { ImageUri: IMAGE },
      Description: "Amazon AppFlow custom connector (connector-kit)",
      Timeout: 30,
      MemorySize: 256,
      Environment: { Variables: { LOG_LEVEL: "info" } },
    });
    expect(r[3]!.body).toEqual({
      StatementId: "appflow-invoke",
      Action: "lambda:InvokeFunction",
      Principal: "appflow.amazonaws.com",
      SourceAccount: "123456789012",
      SourceArn: "arn:aws:appflow:us-east-1:123456789012:*",
    });
    expect(r[5]!.body).toMatchObject({
      connectorProvisioningType: "LAMBDA",
      connectorProvisioningConfig: {
        lambda: { lambdaArn: "arn:aws:lambda:us-east-1:123456789012:function:planets-image" },
      },
    });
    expect(result.calls[1]!.input).toMatchObject({ Code: { ImageUri: IMAGE }, PackageType: "Image" });
  });

  it("updates an image function's image and configuration without a runtime or handler", async () => {
    const endpoint = endpoints.set(await startRecordingEndpoint(fakeLambdaAndAppFlow(emptyFakeState())));
    await deployConnector(options(endpoint.url));
    endpoint.requests.length = 0;
    const next = IMAGE.replace("a".repeat(64), "b".repeat(64));
    const result = await deployConnector({ ...options(endpoint.url), imageUri: next, memoryMb: 512 });
    expect(result).toMatchObject({
      function: "updated",
      permission: "already present",
      registration: "already registered",
    });
    const r = endpoint.requests;
    expect(r[1]).toMatchObject({
      method: "PUT",
      path: "/2015-03-31/functions/planets-image/code",
      body: { ImageUri: next },
    });
    expect(r[3]).toMatchObject({ method: "PUT", path: "/2015-03-31/functions/planets-image/configuration" });
    expect(r[3]!.body).toMatchObject({ MemorySize: 512 });
    expect(r[3]!.body).not.toHaveProperty("Runtime");
    expect(r[3]!.body).not.toHaveProperty("Handler");
  });

  it("refuses to put an image into a zip function before changing anything", async () => {
    const endpoint = endpoints.set(await startRecordingEndpoint(fakeLambdaAndAppFlow(emptyFakeState())));
    await deployConnector({
      ...options(endpoint.url),
      imageUri: undefined,
      zip: new Uint8Array([0x50, 0x4b]),
    });
    endpoint.requests.length = 0;
    await expect(deployConnector(options(endpoint.url))).rejects.toThrow(
      /is a Zip function and cannot take an image/,
    );
    expect(endpoint.requests.map((x) => x.method)).toEqual(["GET"]);
  });

  it("prints every call in a dry run and makes none; checks the image URI", async () => {
    const endpoint = endpoints.set(await startRecordingEndpoint(() => undefined));
    const result = await deployConnector({ ...options(endpoint.url), dryRun: true });
    expect(endpoint.requests).toEqual([]);
    expect(result.calls.map((c) => c.operation)).toEqual([
      "GetFunction",
      "CreateFunction",
      "UpdateFunctionCode",
      "UpdateFunctionConfiguration",
      "AddPermission",
      "DescribeConnector",
      "RegisterConnector",
    ]);
    expect(result.calls[1]!.input).toMatchObject({
      PackageType: "Image",
      Architectures: ["x86_64"],
      Code: { ImageUri: IMAGE },
    });
    expect(result.calls[1]!.input).not.toHaveProperty("Runtime");
    expect(result.calls[2]!.input).toEqual({ FunctionName: "planets-image", ImageUri: IMAGE });
    const o = options("http://127.0.0.1:1");
    expect(() => planDeploy({ ...o, imageUri: "docker.io/library/node:22" })).toThrow(
      /not in an Amazon ECR private registry/,
    );
    expect(() => planDeploy({ ...o, imageUri: "Not An Image" })).toThrow(DeployError);
    expect(() => planDeploy({ ...o, zip: new Uint8Array(1) })).toThrow(
      /either a function.zip or an image URI/,
    );
  });
});
