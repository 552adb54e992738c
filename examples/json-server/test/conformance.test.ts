import { StaticSecretResolver } from "connector-kit";
import { formatReport, parseTestConfig, runConformance } from "connector-kit/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { jsonServerConnector } from "../src/connector.js";
import { type JsonServerHandle, startJsonServer } from "./json-server.js";

const ARN = "arn:aws:secretsmanager:us-east-1:111122223333:secret:appflow!json-server-AbCdEf";

let server: JsonServerHandle;
// A fresh, freshly seeded server for each run: the writes of one run must not change the next one's data.
beforeEach(async () => {
  server = await startJsonServer();
});
afterEach(() => server?.close());

function config(apiKeyIn: "header" | "query") {
  return parseTestConfig({
    runtimeSettings: { connectorProfile: { baseUrl: server.url, apiKeyIn, sampleSize: "50" } },
    credentials: { secretArn: ARN, authenticationType: "ApiKey" },
    testEntityIdentifier: "posts",
    retrieveRecordConfigurations: [
      {
        entityIdentifier: "posts",
        selectedFieldNames: ["id", "title"],
        idFieldName: "id",
        ids: ["1", "2", "3"],
      },
    ],
    queryRecordConfigurations: [
      {
        entityIdentifier: "posts",
        selectedFieldNames: ["id", "title", "views"],
        filterExpression: "views > 20 AND published = true AND title CONTAINS 'Post 1'",
      },
      {
        entityIdentifier: "posts",
        selectedFieldNames: ["id"],
        filterExpression: "views < 10 OR NOT published = true",
      },
      {
        entityIdentifier: "comments",
        selectedFieldNames: ["id", "body"],
        filterExpression: "body CONTAINS '[really?] (1+1)'",
      },
    ],
    writeRecordConfigurations: [
      {
        entityIdentifier: "users",
        operation: "INSERT",
        records: [JSON.stringify({ name: "Barbara", email: "b@example.com" })],
      },
      {
        entityIdentifier: "users",
        operation: "UPDATE",
        idFieldNames: ["id"],
        records: [JSON.stringify({ id: 1, name: "Ada L." })],
      },
      {
        entityIdentifier: "users",
        operation: "UPSERT",
        idFieldNames: ["email"],
        records: [
          JSON.stringify({ name: "Grace H.", email: "grace@example.com" }),
          JSON.stringify({ name: "New", email: "n@example.com" }),
        ],
      },
      {
        entityIdentifier: "users",
        operation: "DELETE",
        idFieldNames: ["id"],
        records: [JSON.stringify({ id: 2 })],
      },
    ],
  });
}

describe("json-server connector: AppFlow conformance", () => {
  // Every 3rd request faulty with the key in a header; every 6th (a quicker run) with the key in the query.
  for (const [apiKeyIn, every] of [
    ["header", 3],
    ["query", 6],
  ] as const) {
    it(`passes with faults on (429, 503, slow, dropped connections), API key in the ${apiKeyIn}`, async () => {
      for (const kind of Object.keys(server.injected) as Array<keyof typeof server.injected>)
        server.injected[kind] = 0;
      server.setFaults({ every, kinds: ["429", "503", "slow", "drop"], retryAfter: 1, slowMs: 250 });
      try {
        const report = await runConformance(jsonServerConnector, config(apiKeyIn), {
          secrets: new StaticSecretResolver({ [ARN]: { apiKey: server.apiKey } }),
          maxFilterProbes: 40,
        });
        const failed = report.checks.filter((c) => c.status === "fail");
        expect(failed, formatReport(report)).toEqual([]);
        expect(report.summary.passed).toBeGreaterThan(40);
        if (process.env["SHOW_REPORT"]) console.log(formatReport(report));
      } finally {
        server.setFaults(null);
      }
      // Every kind of fault really happened.
      expect(server.injected["429"]).toBeGreaterThan(0);
      expect(server.injected["503"]).toBeGreaterThan(0);
      expect(server.injected.slow).toBeGreaterThan(0);
      expect(server.injected.drop).toBeGreaterThan(0);
    }, 600_000);
  }
});
