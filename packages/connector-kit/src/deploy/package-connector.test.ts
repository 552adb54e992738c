import { execFile } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { makeTempDir } from "../test-support/temp-dir.js";
import { packageConnector } from "./package-connector.js";
import { loadCfnSpecification, validateTemplate } from "./validate-template.js";

const HELLO = join(import.meta.dirname, "../../../../examples/hello/src/connector.ts");
const POSTGRES = join(import.meta.dirname, "../../../../examples/postgres/src/index.ts");
const NO_HANDLER = join(import.meta.dirname, "../hosts/appflow/test-support/cli-connector.ts");

type Json = Record<string, unknown>;

/**
 * What Lambda does with a function.zip: extracts it into a fresh directory (nothing else there, no
 * node_modules), imports `index.mjs` in a new `node` process and calls its `handler` with each event in turn.
 */
async function invokePackaged(zip: Uint8Array, events: unknown[]): Promise<Json[]> {
  const dir = makeTempDir("ck-function-");
  for (const [name, data] of Object.entries(unzipSync(zip))) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), data);
  }
  const script = [
    'const { handler } = await import("./index.mjs");',
    "const out = [];",
    "for (const event of JSON.parse(process.argv[1])) {",
    "  out.push(await handler(event, { awsRequestId: 'r-1', getRemainingTimeInMillis: () => 30000 }));",
    "}",
    "process.stdout.write('\\n@@' + JSON.stringify(out));",
    "process.exit(0);",
  ].join("\n");
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["--input-type=module", "-e", script, JSON.stringify(events)],
    { cwd: dir, env: { PATH: process.env["PATH"], LOG_LEVEL: "silent", TMPDIR: dir }, encoding: "utf8" },
  );
  return JSON.parse(stdout.slice(stdout.lastIndexOf("@@") + 2)) as Json[];
}

describe("packageConnector", () => {
  it("packages the hello example into a small zip whose bundle answers AppFlow events", async () => {
    const out = makeTempDir("ck-package-");
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
    expect(p.assets).toEqual([]);
    const [response, query] = await invokePackaged(p.zip, [
      { type: "DescribeConnectorConfigurationRequest" },
      {
        type: "QueryDataRequest",
        entityIdentifier: "planets",
        maxResults: 10,
        connectorContext: { apiVersion: null, connectorRuntimeSettings: { unit: "metric" } },
      },
    ]);
    expect(response).toMatchObject({ isSuccess: true, connectorName: "Planets", connectorVersion: "1.0.0" });
    expect((query!["records"] as unknown[]).length).toBeGreaterThan(0);

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
      outDir: makeTempDir("ck-package-"),
      conditions: ["source"],
    });
    expect(p.generatedHandler).toBe(true);
    const [response] = await invokePackaged(p.zip, [{ type: "DescribeConnectorConfigurationRequest" }]);
    expect(response).toMatchObject({ isSuccess: true, connectorName: "OrdersTest" });
  });

  it("ships the files a bundle loads at run time: the PostgreSQL example answers from the zip alone", async () => {
    const out = makeTempDir("ck-package-");
    const p = await packageConnector(POSTGRES, { outDir: out, conditions: ["source"] });
    const names = ["index.mjs", "initdb.wasm", "pglite.data", "pglite.wasm"];
    expect(p.assets.map((a) => a.name)).toEqual(names.slice(1));
    expect(Object.keys(unzipSync(p.zip))).toEqual(names);
    expect(readdirSync(out).sort()).toEqual(["Dockerfile", "function.zip", "template.json", ...names].sort());
    expect(readFileSync(p.files.dockerfile, "utf8")).toContain(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Dockerfile variable
      "COPY pglite.wasm ${LAMBDA_TASK_ROOT}/pglite.wasm",
    );
    const connectorContext = {
      apiVersion: "v1",
      connectorRuntimeSettings: { dataDir: "memory://packaged", demoData: "true" },
      credentials: null,
    };
    const [validated, listed, page] = await invokePackaged(p.zip, [
      {
        type: "ValidateConnectorRuntimeSettingsRequest",
        scope: "CONNECTOR_PROFILE",
        connectorRuntimeSettings: { dataDir: "memory://packaged" },
      },
      { type: "ListEntitiesRequest", connectorContext, entitiesPath: "public" },
      { type: "QueryDataRequest", entityIdentifier: "public.customers", maxResults: 3, connectorContext },
    ]);
    expect(validated).toMatchObject({ isSuccess: true });
    expect((listed!["entities"] as Json[]).map((e) => e["entityIdentifier"])).toContain("public.customers");
    expect(page).toMatchObject({ isSuccess: true });
    expect((page!["records"] as string[]).map((r) => JSON.parse(r).id)).toEqual([1, 2, 3]);
  }, 120_000);

  it("ships a file a module loads beside itself, and refuses one that is missing or outside", async () => {
    const dir = makeTempDir("ck-package-");
    const module = (spec: string) =>
      [
        'import { readFileSync } from "node:fs";',
        `export const handler = async () => ({ text: readFileSync(new URL(${JSON.stringify(spec)}, import.meta.url), "utf8") });`,
      ].join("\n");
    mkdirSync(join(dir, "models"));
    writeFileSync(join(dir, "models", "greeting.txt"), "hello from beside the bundle");
    writeFileSync(join(dir, "nested.mjs"), module("./models/greeting.txt"));
    const p = await packageConnector("nested.mjs", { cwd: dir, outDir: "out" });
    expect(p.assets.map((a) => a.name)).toEqual(["models/greeting.txt"]);
    const [answer] = await invokePackaged(p.zip, [{}]);
    expect(answer).toEqual({ text: "hello from beside the bundle" });

    writeFileSync(join(dir, "missing.mjs"), module("./model.bin"));
    await expect(packageConnector("missing.mjs", { cwd: dir, outDir: "out" })).rejects.toThrow(
      /missing\.mjs loads "\.\/model\.bin" \(new URL\(…, import\.meta\.url\)\), but \S*model\.bin does not exist: the packaged function would fail without that asset/,
    );
    writeFileSync(join(dir, "outside.mjs"), module("../secrets.txt"));
    await expect(packageConnector("outside.mjs", { cwd: dir, outDir: "out" })).rejects.toThrow(
      /outside\.mjs loads "\.\.\/secrets\.txt" .*which is not a file beside it/,
    );
  });

  it("fails clearly for a missing module or one exporting no connector", async () => {
    await expect(packageConnector("nope.ts", { cwd: tmpdir() })).rejects.toThrow(/No connector module/);
    const dir = makeTempDir("ck-package-");
    writeFileSync(join(dir, "empty.mjs"), "export const x = 1;\n");
    await expect(packageConnector("empty.mjs", { cwd: dir })).rejects.toThrow(/exports neither "handler"/);
    writeFileSync(join(dir, "broken.mjs"), "import { y } from './missing.mjs';\nexport const handler = y;\n");
    await expect(packageConnector("broken.mjs", { cwd: dir })).rejects.toThrow(/missing\.mjs/);
  });
});
