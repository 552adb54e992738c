import { readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { emptyFakeState, fakeLambdaAndAppFlow } from "../../deploy/test-support/fake-lambda-appflow.js";
import {
  type RecordingEndpoint,
  startRecordingEndpoint,
} from "../../deploy/test-support/recording-endpoint.js";
import { makeTempDir } from "../../test-support/temp-dir.js";
import { captureCli } from "../test-support/capture-cli.js";

const HELLO = join(import.meta.dirname, "../../../../../examples/hello/src/connector.ts");
const ENV = {
  AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
  AWS_SECRET_ACCESS_KEY: "fake",
  AWS_REGION: "us-east-1",
  CONNECTOR_KIT_DEPLOY_POLL_MS: "1",
};
const ROLE = "arn:aws:iam::123456789012:role/planets";

let endpoint: RecordingEndpoint | undefined;
afterEach(async () => {
  await endpoint?.close();
  endpoint = undefined;
});

describe("connector deploy", () => {
  it("packages a module and deploys it through the AWS SDK", async () => {
    endpoint = await startRecordingEndpoint(fakeLambdaAndAppFlow(emptyFakeState()));
    const dir = makeTempDir("ck-cli-deploy-");
    const args = ["deploy", HELLO, "--conditions", "source", "--function-name", "planets-connector"];
    const r = await captureCli(
      [...args, "--connector-label", "planets", "--role-arn", ROLE, "--endpoint-url", endpoint.url],
      dir,
      ENV,
    );
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Packaged .*: function\.zip \d+\.\d KB$/m);
    expect(r.stdout).toContain("  lambda CreateFunction: created\n");
    expect(r.stdout).toContain("  appflow RegisterConnector: registered\n");
    expect(r.stdout).toContain(
      "Function   arn:aws:lambda:us-east-1:123456789012:function:planets-connector (created)",
    );
    expect(endpoint.requests.map((x) => `${x.method} ${x.path}`)).toContain("POST /register-connector");
    const create = endpoint.requests.find((x) => x.method === "POST" && x.path === "/2015-03-31/functions");
    expect(create!.headers["authorization"]).toContain("Credential=AKIDEXAMPLE/");
    expect((create!.body as { Code: { ZipFile: string } }).Code.ZipFile.length).toBeGreaterThan(1000);
    expect(create!.body).toMatchObject({ Runtime: "nodejs22.x" });

    // Again from the zip, as JSON: an update.
    const again = await captureCli(
      [
        "deploy",
        "dist/connector/function.zip",
        "--function-name",
        "planets-connector",
        "--connector-label",
        "planets",
        "--endpoint-url",
        endpoint.url,
        "--json",
      ],
      dir,
      ENV,
    );
    expect(again.status).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({
      function: "updated",
      permission: "already present",
      registration: "already registered",
    });
  });

  it("prints every call of a dry run and makes none", async () => {
    endpoint = await startRecordingEndpoint(() => undefined);
    const dir = makeTempDir("ck-cli-deploy-");
    writeFileSync(join(dir, "function.zip"), new Uint8Array([1, 2, 3]));
    const r = await captureCli(
      [
        "deploy",
        "function.zip",
        "--function-name",
        "f",
        "--account-id",
        "123456789012",
        "--region",
        "eu-west-1",
        "--endpoint-url",
        endpoint.url,
        "--dry-run",
      ],
      dir,
      {},
    );
    expect(r.status).toBe(0);
    expect(endpoint.requests).toEqual([]);
    for (const op of [
      "GetFunction",
      "CreateFunction",
      "UpdateFunctionCode",
      "UpdateFunctionConfiguration",
      "AddPermission",
      "DescribeConnector",
      "RegisterConnector",
    ]) {
      expect(r.stdout).toContain(` ${op} (`);
    }
    expect(r.stdout).toContain('"SourceArn": "arn:aws:appflow:eu-west-1:123456789012:*"');
    expect(r.stdout).toContain("<function.zip: 3 bytes, sha256 ");
  });

  it("creates the function on --runtime nodejs24.x, bundled for node24, and refuses other runtimes", async () => {
    endpoint = await startRecordingEndpoint(fakeLambdaAndAppFlow(emptyFakeState()));
    const dir = makeTempDir("ck-cli-deploy-");
    const r = await captureCli(
      [
        "deploy",
        HELLO,
        "--conditions",
        "source",
        "--function-name",
        "planets-connector",
        "--role-arn",
        ROLE,
        "--endpoint-url",
        endpoint.url,
        "--runtime",
        "nodejs24.x",
        "--skip-register",
      ],
      dir,
      ENV,
    );
    expect(r.status, r.stderr).toBe(0);
    const create = endpoint.requests.find((x) => x.method === "POST" && x.path === "/2015-03-31/functions");
    expect(create!.body).toMatchObject({ Runtime: "nodejs24.x", Handler: "index.handler" });
    const packaged = JSON.parse(readFileSync(join(dir, "dist/connector/template.json"), "utf8"));
    expect(packaged.Resources.ConnectorFunction.Properties.Runtime).toBe("nodejs24.x");
    const bad = await captureCli(
      ["deploy", "x.zip", "--function-name", "f", "--runtime", "nodejs20.x"],
      dir,
      ENV,
    );
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--runtime must be one of nodejs22.x, nodejs24.x, not "nodejs20.x"');
  });

  it("rejects missing flags", async () => {
    const dir = tmpdir();
    expect((await captureCli(["deploy", "x.zip"], dir, ENV)).stderr).toMatch(/--function-name/);
    expect((await captureCli(["deploy", "x.zip", "--function-name", "f"], dir, {})).stderr).toMatch(
      /--region/,
    );
    expect(
      (await captureCli(["deploy", "x.zip", "--function-name", "f", "--timeout", "0"], dir, ENV)).stderr,
    ).toMatch(/--timeout must be a positive integer/);
    const help = await captureCli(["deploy", "--help"], dir);
    expect(help.stdout).toContain("--dry-run");
  });
});
