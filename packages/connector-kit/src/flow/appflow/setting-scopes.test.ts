import { afterEach, describe, expect, it } from "vitest";
import { setting } from "../../core/settings/setting.js";
import { defineConnector } from "../../define/define-connector.js";
import { FAKE_CREDENTIALS } from "../../deploy/test-support/recording-endpoint.js";
import { createLambdaHandler } from "../../hosts/appflow/lambda-handler.js";
import { parseFlowText } from "../parse-flow.js";
import { readSettingScopes } from "./setting-scopes.js";
import { type FakeLambdaInvoke, startFakeLambdaInvoke } from "./test-support/fake-lambda-invoke.js";

const ARN = "arn:aws:lambda:us-east-1:123456789012:function:warehouse";

/** A connector with a setting of every scope. */
const warehouse = defineConnector({
  name: "Warehouse",
  owner: "tests",
  version: "1",
  settings: {
    host: setting.string({ label: "Host" }),
    table: setting.string({ label: "Table", scope: "SOURCE" }),
    commitMode: setting.string({ label: "Commit mode", scope: "DESTINATION" }),
    pageHint: setting.integer({ label: "Page hint", scope: "SOURCE_AND_DESTINATION" }),
  },
  async listEntities() {
    return [];
  },
  async describeEntity() {
    throw new Error("not needed");
  },
  async query() {
    return { records: [] };
  },
  async write(_ctx, request) {
    return request.records.map(() => ({ isSuccess: true }));
  },
});

let lambda: FakeLambdaInvoke | undefined;
afterEach(async () => {
  await lambda?.close();
  lambda = undefined;
});

const flowWith = (source: string, destination: string) =>
  parseFlowText(`name: scopes\nsource: ${source}\ndestination: ${destination}\n`, {
    baseDir: "/nowhere",
    env: {},
  });

describe("readSettingScopes", () => {
  it("asks a module's connector and a deployed function for the scope of each setting", async () => {
    lambda = await startFakeLambdaInvoke({
      [ARN]: createLambdaHandler(warehouse, { secrets: null, logLevel: "silent" }),
    });
    const flow = flowWith(
      "{ connector: ./connector.ts, entity: a, settings: { host: h } }",
      `{ connector: "lambda:${ARN}", entity: b, settings: { commitMode: batch } }`,
    );
    flow.source.connector = warehouse;
    const { scopes, failures } = await readSettingScopes(flow, {
      lambda: { clientConfig: { endpoint: lambda.url, credentials: FAKE_CREDENTIALS, maxAttempts: 1 } },
    });
    const expected = {
      host: "CONNECTOR_PROFILE",
      table: "SOURCE",
      commitMode: "DESTINATION",
      pageHint: "SOURCE_AND_DESTINATION",
    };
    expect(failures).toEqual([]);
    expect(scopes).toEqual({ source: expected, destination: expected });
    expect(lambda.invocations).toEqual([ARN]);
  });

  it("asks no side without settings nor the JSON-lines connector, and names a side it could not ask", async () => {
    const flow = flowWith(
      "{ connector: ./missing-connector.ts, entity: a, settings: { host: h } }",
      "{ connector: connector-kit/connectors/jsonl, entity: b, settings: { directory: out } }",
    );
    const { scopes, failures } = await readSettingScopes(flow);
    expect(scopes).toEqual({});
    expect(failures).toEqual([
      {
        side: "source",
        message:
          "source.connector: its settings' scopes could not be read (No connector module at /nowhere/missing-connector.ts)",
      },
    ]);
    const quiet = flowWith(
      "{ connector: ./missing-connector.ts, entity: a }",
      "{ connector: ./x.ts, entity: b }",
    );
    expect(await readSettingScopes(quiet)).toEqual({ scopes: {}, failures: [] });
  });
});
