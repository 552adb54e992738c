import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { packageConnector } from "./package-connector.js";
import { loadCfnSpecification, validateTemplate } from "./validate-template.js";

const HELLO = join(import.meta.dirname, "../../../../examples/hello/src/connector.ts");
const NO_HANDLER = join(import.meta.dirname, "../hosts/appflow/test-support/cli-connector.ts");

/** Imports a bundle in a fresh `node` process and calls its handler with `event`. */
function callBundle(code: string, event: unknown): Record<string, unknown> {
  const dir = mkdtempSync(join(tmpdir(), "ck-bundle-"));
  writeFileSync(join(dir, "index.mjs"), code);
  const script = [
    'const { handler } = await import("./index.mjs");',
    "const response = await handler(JSON.parse(process.argv[1]), { awsRequestId: 'r-1', getRemainingTimeInMillis: () => 30000 });",
    "process.stdout.write('\\n@@' + JSON.stringify(response));",
  ].join("\n");
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", script, JSON.stringify(event)], {
    cwd: dir,
    env: { PATH: process.env["PATH"], LOG_LEVEL: "silent" },
    encoding: "utf8",
  });
  return JSON.parse(out.slice(out.lastIndexOf("@@") + 2)) as Record<string, unknown>;
}

describe("packageConnector", () => {
  it("packages the hello example into a small zip whose bundle answers AppFlow events", async () => {
    const out = mkdtempSync(join(tmpdir(), "ck-package-"));
    const p = await packageConnector(HELLO, {
      outDir: out,
      conditions: ["source"],
      template: { connectorLabel: "planets" },
    });
    expect(p.generatedHandler).toBe(false);
    expect(p.zipBytes).toBeLessThan(150 * 1024);
    expect(p.zipBytes).toBe(readFileSync(p.files.zip).byteLength);

    const files = unzipSync(readFileSync(p.files.zip));
    expect(Object.keys(files)).toEqual(["index.mjs"]);
    const code = new TextDecoder().decode(files["index.mjs"]);
    expect(code).toContain('import("@aws-sdk/client-secrets-manager")'); // left out: in the Lambda runtime
    const response = callBundle(code, { type: "DescribeConnectorConfigurationRequest" });
    expect(response).toMatchObject({ isSuccess: true, connectorName: "Planets", connectorVersion: "1.0.0" });
    const query = callBundle(code, {
      type: "QueryDataRequest",
      entityIdentifier: "planets",
      maxResults: 10,
      connectorContext: { apiVersion: null, connectorRuntimeSettings: { unit: "metric" } },
    });
    expect((query["records"] as unknown[]).length).toBeGreaterThan(0);

    const template = JSON.parse(readFileSync(p.files.template, "utf8"));
    expect(p.validation?.problems).toEqual([]);
    expect(validateTemplate(template, loadCfnSpecification()).valid).toBe(true);
    const permission = template.Resources.AppFlowInvokePermission;
    expect(permission.Properties).toEqual({
      FunctionName: { "Fn::GetAtt": ["ConnectorFunction", "Arn"] },
      Action: "lambda:InvokeFunction",
      Principal: "appflow.amazonaws.com",
      SourceAccount: { Ref: "AWS::AccountId" },
      // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub syntax
      SourceArn: { "Fn::Sub": "arn:${AWS::Partition}:appflow:${AWS::Region}:${AWS::AccountId}:*" },
    });
    expect(template.Resources.ConnectorFunction.Properties).toMatchObject({
      Runtime: "nodejs22.x",
      Handler: "index.handler",
      Timeout: 30,
      MemorySize: 256,
    });
    expect(template.Parameters.ConnectorLabel.Default).toBe("planets");
    expect(JSON.stringify(template.Resources.ConnectorRole)).toContain(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub syntax
      "secret:appflow!${AWS::AccountId}-${ConnectorLabel}-*",
    );
    const dockerfile = readFileSync(p.files.dockerfile, "utf8");
    expect(dockerfile).toMatch(/^FROM public\.ecr\.aws\/lambda\/nodejs:22@\$\{BASE_IMAGE_DIGEST\}$/m);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Dockerfile variable
    expect(dockerfile).toContain("COPY index.mjs ${LAMBDA_TASK_ROOT}/index.mjs");
    expect(dockerfile).toMatch(/^CMD \["index\.handler"\]$/m);
    expect(readFileSync(p.files.bundle, "utf8")).toBe(code);

    // Deterministic: packaging again gives the same bytes.
    const again = await packageConnector(HELLO, {
      outDir: out,
      conditions: ["source"],
      template: { connectorLabel: "planets" },
    });
    expect(Buffer.from(again.zip).equals(Buffer.from(p.zip))).toBe(true);
  });

  it("makes the handler with createLambdaHandler when the module exports only a connector", async () => {
    const p = await packageConnector(NO_HANDLER, {
      outDir: mkdtempSync(join(tmpdir(), "ck-package-")),
      conditions: ["source"],
    });
    expect(p.generatedHandler).toBe(true);
    const response = callBundle(new TextDecoder().decode(unzipSync(p.zip)["index.mjs"]), {
      type: "DescribeConnectorConfigurationRequest",
    });
    expect(response).toMatchObject({ isSuccess: true, connectorName: "OrdersTest" });
  });

  it("fails clearly for a missing module or one exporting no connector", async () => {
    await expect(packageConnector("nope.ts", { cwd: tmpdir() })).rejects.toThrow(/No connector module/);
    const dir = mkdtempSync(join(tmpdir(), "ck-package-"));
    writeFileSync(join(dir, "empty.mjs"), "export const x = 1;\n");
    await expect(packageConnector("empty.mjs", { cwd: dir })).rejects.toThrow(/exports neither "handler"/);
    writeFileSync(join(dir, "broken.mjs"), "import { y } from './missing.mjs';\nexport const handler = y;\n");
    await expect(packageConnector("broken.mjs", { cwd: dir })).rejects.toThrow(/missing\.mjs/);
  });
});
