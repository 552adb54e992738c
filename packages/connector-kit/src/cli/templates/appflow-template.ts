import { projectFiles, sdkSourceNote } from "./project-files.js";
import type { ProjectTemplate } from "./project-template.js";

/** A source/destination connector over an in-memory list, with tests that pass out of the box. */
export const appflowTemplate: ProjectTemplate = {
  name: "appflow",
  description: "An AppFlow connector (source and destination) with tests and packaging scripts",
  files: (input) => {
    const { name, connectorName } = input;
    return {
      ...projectFiles(input, {
        // connector.config.ts names the connector and the local connection.
        describe: "connector describe",
        invoke: "connector invoke",
        dev: "connector dev",
        package: "connector package src/connector.ts",
        conformance: "connector test src/connector.ts --config test/testconfig.json",
      }),
      "connector.config.ts": `import { defineConfig } from "connector-kit/config";

// What \`connector describe\`, \`invoke\`, \`dev\` and \`serve\` use when given no connector or connection. Add a
// connection per environment (\`--connection <name>\`); secrets are references (env:, file:, an ARN), never values.
export default defineConfig({
  connector: "src/connector.ts",
  connections: {
    local: {
      settings: { baseUrl: "https://api.example.com" },
      secret: "file:test/test-secret.json",
      authType: "ApiKey",
    },
  },
});
`,
      // What the conformance suite (and AppFlow's own test runner) connects with; the secret is a local file.
      "test/testconfig.json": `${JSON.stringify(
        {
          runtimeSettings: { connectorProfile: { baseUrl: "https://api.example.com" } },
          credentials: { secretArn: "file:test/test-secret.json", authenticationType: "ApiKey" },
          testEntityIdentifier: "items",
        },
        null,
        2,
      )}\n`,
      "test/test-secret.json": `${JSON.stringify({ apiKey: "test-key" }, null, 2)}\n`,
      "src/connector.ts": `import { ConnectorError, type DataRecord, defineConnector, setting } from "connector-kit";
import { createLambdaHandler } from "connector-kit/appflow";

// Stands in for the application you connect to: replace it with calls to its API or database.
const items: DataRecord[] = [
  { id: "1", name: "First item", updatedAt: "2024-01-01T00:00:00Z" },
  { id: "2", name: "Second item", updatedAt: "2024-01-02T00:00:00Z" },
  { id: "3", name: "Third item", updatedAt: "2024-01-03T00:00:00Z" },
];

export const connector = defineConnector({
  name: ${JSON.stringify(connectorName)},
  owner: "TODO: your company",
  version: "0.1.0",
  auth: { apiKey: true },
  settings: {
    baseUrl: setting.url({ label: "API base URL", required: true }),
  },
  async validateCredentials(ctx) {
    // TODO: make one cheap authenticated call to the API with ctx.credentials.
    if (ctx.credentials?.type !== "ApiKey") throw new ConnectorError("InvalidCredentials", "An API key is required");
  },
  async listEntities() {
    return [{ entityIdentifier: "items", hasNestedEntities: false, label: "Items" }];
  },
  async describeEntity(_ctx, entityIdentifier) {
    if (entityIdentifier !== "items") throw new ConnectorError("ResourceNotFoundError", \`No entity \${entityIdentifier}\`);
    return {
      entity: { entityIdentifier: "items", hasNestedEntities: false },
      fields: [
        { fieldName: "id", dataType: "String", isPrimaryKey: true, writeProperties: { supportedWriteOperations: ["UPDATE", "UPSERT", "DELETE"] } },
        { fieldName: "name", dataType: "String" },
        { fieldName: "updatedAt", dataType: "DateTime", readProperties: { isTimestampFieldForIncrementalQueries: true } },
      ],
    };
  },
  // This in-memory "API" cannot filter, so the SDK applies AppFlow's filters to the records query returns.
  // Remove this line when your query translates input.filter for the API.
  clientSideFilter: true,
  // One upstream page per call; the token is the offset. The SDK enforces maxResults, LIMIT, the
  // 6 MB response limit and the deadline, and resumes exactly where a page stopped.
  async query(_ctx, input, upstreamToken) {
    const offset = upstreamToken === null ? 0 : Number(upstreamToken);
    const page = items.slice(offset, offset + input.pageSize);
    const end = offset + page.length;
    const fields = input.fields;
    const records = fields ? page.map((item) => Object.fromEntries(fields.map((f) => [f, item[f]]))) : page;
    return { records, nextToken: end < items.length ? String(end) : null };
  },
  async retrieve(_ctx, input) {
    const key = input.idFieldName ?? "id";
    return items.filter((item) => input.ids.includes(String(item[key])));
  },
  async write(_ctx, input) {
    return input.records.map((record) => {
      const id = String(record["id"] ?? "");
      const at = items.findIndex((item) => item["id"] === id);
      if (input.operation === "DELETE") {
        if (at >= 0) items.splice(at, 1);
      } else if (input.operation === "INSERT" && at >= 0) {
        return { isSuccess: false, errorMessage: \`Item \${id} exists\` };
      } else if (at >= 0) {
        items[at] = { ...items[at], ...record };
      } else {
        items.push(record);
      }
      return { isSuccess: true, recordId: id };
    });
  },
});

/** The AWS Lambda entry point. */
export const handler = createLambdaHandler(connector);
`,
      "test/connector.test.ts": `import { StaticSecretResolver } from "connector-kit";
import { createAppFlowHost } from "connector-kit/appflow";
import { assertConformance, localSecretResolver } from "connector-kit/testing";
import { describe, expect, it } from "vitest";
import { connector } from "../src/connector.js";

const host = createAppFlowHost(connector, {
  secrets: new StaticSecretResolver({ "test-secret": { apiKey: "test-key" } }),
  logLevel: "silent",
});
const connectorContext = {
  apiVersion: "v1",
  connectorRuntimeSettings: { baseUrl: "https://api.example.com" },
  credentials: { secretArn: "test-secret", authenticationType: "ApiKey" },
};

describe(${JSON.stringify(connectorName)}, () => {
  it("declares a valid configuration", async () => {
    const r = await host.invoke({ type: "DescribeConnectorConfigurationRequest" });
    expect(r).toMatchObject({ isSuccess: true, connectorName: ${JSON.stringify(connectorName)} });
  });

  it("validates its credentials", async () => {
    const r = await host.invoke({ type: "ValidateCredentialsRequest", credentials: connectorContext.credentials, connectorRuntimeSettings: connectorContext.connectorRuntimeSettings });
    expect(r).toEqual({ isSuccess: true, errorDetails: null });
  });

  it("pages through every item", async () => {
    const ids: string[] = [];
    let nextToken: string | null = null;
    do {
      const r = await host.invoke({ type: "QueryDataRequest", entityIdentifier: "items", maxResults: 2, nextToken, connectorContext });
      expect(r["isSuccess"]).toBe(true);
      ids.push(...(r["records"] as string[]).map((s) => JSON.parse(s).id));
      nextToken = r["nextToken"] as string | null;
    } while (nextToken);
    expect(ids).toEqual(["1", "2", "3"]);
  });

  it("passes the AppFlow conformance suite", async () => {
    const config = {
      runtimeSettings: { connectorProfile: connectorContext.connectorRuntimeSettings },
      credentials: connectorContext.credentials,
      testEntityIdentifier: "items",
    };
    await assertConformance(connector, config, { secrets: localSecretResolver({ secrets: { "test-secret": { apiKey: "test-key" } } }) });
  });

  it("writes with a result per record", async () => {
    const r = await host.invoke({
      type: "WriteDataRequest",
      entityIdentifier: "items",
      operation: "INSERT",
      records: [JSON.stringify({ id: "4", name: "New" }), JSON.stringify({ id: "1", name: "Duplicate" })],
      connectorContext,
    });
    expect(r["writeRecordResults"]).toEqual([
      { isSuccess: true, recordId: "4", errorMessage: null },
      { isSuccess: false, recordId: null, errorMessage: "Item 1 exists" },
    ]);
  });
});
`,
      "README.md": `# ${name}

An Amazon AppFlow custom connector built with connector-kit.

\`\`\`bash
npm install
npm test                 # the connector's tests
npm run conformance      # the conformance suite: the whole AppFlow sequence, as test/testconfig.json says
npm run describe         # its configuration and entities, through connector.config.ts's local connection
npm run dev              # reload and check on every save of src/ (add -- --serve to serve it too)
npm run package          # a Lambda zip, a CloudFormation template and a Dockerfile in dist/connector
\`\`\`

Start in \`src/connector.ts\`: replace the in-memory \`items\` with calls to your application, describe its
entities, and keep \`test/connector.test.ts\` passing.
${sdkSourceNote(input)}
`,
    };
  },
};
