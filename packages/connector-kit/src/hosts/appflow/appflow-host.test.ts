import { afterAll, describe, expect, it } from "vitest";
import { ConnectorError } from "../../core/errors/connector-error.js";
import { ERROR_CODES } from "../../core/errors/error-code.js";
import { createJsonLogger } from "../../core/log/logger.js";
import { StaticSecretResolver } from "../../core/secrets/static-secret-resolver.js";
import { createAppFlowHost } from "./appflow-host.js";
import { createLambdaHandler } from "./lambda-handler.js";
import { events, SECRET_ARN } from "./test-support/events.js";
import { makeOrders, ORDERS_ENTITY, ordersConnector } from "./test-support/orders-connector.js";
import type { JsonObject } from "./wire/decoder.js";

const PASSWORD = "s3cr3t-Pa55word-for-tests";
const USERNAME = "orders-user-name";
const logLines: string[] = [];

function setup(
  opts: Parameters<typeof ordersConnector>[0] = { orders: makeOrders(250, 50) },
  hostOptions = {},
) {
  const connector = ordersConnector(opts);
  const secrets = new StaticSecretResolver({ [SECRET_ARN]: { username: USERNAME, password: PASSWORD } });
  const host = createAppFlowHost(connector, {
    secrets,
    logger: undefined,
    logLevel: "debug",
    ...hostOptions,
  });
  return { connector, host };
}

// Every host below logs through one collecting writer, so the final test can scan all output for secrets.
function collectingHost(opts?: Parameters<typeof ordersConnector>[0], hostOptions = {}) {
  const { connector, host: _ } = setup(opts);
  const secrets = new StaticSecretResolver({ [SECRET_ARN]: { username: USERNAME, password: PASSWORD } });
  const hostRef: { redact?: (s: string) => string } = {};
  const host = createAppFlowHost(connector, {
    secrets,
    logger: createJsonLogger({
      level: "debug",
      write: (line) => logLines.push(line),
      redact: (s) => hostRef.redact!(s),
    }),
    ...hostOptions,
  });
  hostRef.redact = (s) => host.redactor.redact(s);
  const responses: JsonObject[] = [];
  return {
    connector,
    invoke: async (event: unknown, ctx?: Parameters<typeof host.invoke>[1]) => {
      const response = await host.invoke(event, ctx);
      responses.push(response);
      allResponses.push(response);
      return response;
    },
    responses,
  };
}
const allResponses: JsonObject[] = [];

function expectFailure(response: JsonObject, code: string, messagePart?: string | RegExp) {
  expect(response["isSuccess"]).toBe(false);
  const details = response["errorDetails"] as JsonObject;
  expect(details["errorCode"]).toBe(code);
  if (messagePart) expect(String(details["errorMessage"])).toMatch(messagePart);
}

describe("AppFlow host: the eight operations", () => {
  it("DescribeConnectorConfiguration answers the full declaration with defaults, in wire spelling", async () => {
    const { invoke } = collectingHost();
    const r = await invoke(events.describeConfiguration());
    expect(Object.keys(r)).toEqual([
      "connectorOwner",
      "connectorName",
      "connectorVersion",
      "connectorModes",
      "authenticationConfig",
      "supportedApiVersions",
      "connectorRuntimeSetting",
      "logoURL",
      "operatorsSupported",
      "triggerFrequenciesSupported",
      "supportedWriteOperations",
      "supportedTriggerTypes",
      "supportedDataTransferTypes",
      "isSuccess",
      "errorDetails",
    ]);
    expect(r).toMatchObject({
      connectorOwner: "connector-kit",
      connectorName: "OrdersTest",
      connectorModes: ["SOURCE", "DESTINATION"],
      authenticationConfig: {
        isBasicAuthSupported: true,
        isApiKeyAuthSupported: false,
        isOAuth2Supported: false,
        isCustomAuthSupported: false,
        oAuth2Defaults: null,
        customAuthConfig: null,
      },
      supportedApiVersions: ["v1"],
      logoURL: null,
      supportedTriggerTypes: ["SCHEDULED", "ONDEMAND"],
      supportedWriteOperations: ["INSERT", "UPDATE", "UPSERT", "DELETE"],
      supportedDataTransferTypes: ["RECORD"],
      isSuccess: true,
      errorDetails: null,
    });
    expect(r["operatorsSupported"]).toHaveLength(21);
    expect(r["connectorRuntimeSetting"]).toEqual([
      {
        key: "region",
        dataType: "String",
        required: true,
        label: "Region",
        description: "Region",
        scope: "CONNECTOR_PROFILE",
        connectorSuppliedValueOptions: ["eu", "us"],
      },
      {
        key: "batchSize",
        dataType: "Integer",
        required: false,
        label: "Batch size",
        description: "Batch size",
        scope: "DESTINATION",
        connectorSuppliedValueOptions: null,
      },
    ]);
  });

  it("ValidateCredentials resolves the secret and runs the connector's check", async () => {
    const { invoke } = collectingHost({
      orders: [],
      checkPassword: (p) => {
        if (p !== PASSWORD) throw new ConnectorError("InvalidCredentials", "wrong password");
      },
    });
    expect(await invoke(events.validateCredentials())).toEqual({ isSuccess: true, errorDetails: null });
  });

  it("ValidateCredentials reports the connector's InvalidCredentials", async () => {
    const { invoke } = collectingHost({
      orders: [],
      checkPassword: () => {
        throw new ConnectorError("InvalidCredentials", "The upstream refused the password");
      },
    });
    const r = await invoke(events.validateCredentials());
    expect(r).toEqual({
      isSuccess: false,
      errorDetails: {
        errorCode: "InvalidCredentials",
        errorMessage: "The upstream refused the password",
        retryAfterSeconds: null,
      },
    });
  });

  it("ValidateCredentials with a missing secret is ResourceNotFoundError", async () => {
    const { invoke } = collectingHost();
    const event = {
      ...events.validateCredentials(),
      credentials: { secretArn: "arn:missing", authenticationType: "BasicAuth" },
    };
    expectFailure(await invoke(event), "ResourceNotFoundError");
  });

  it("ValidateConnectorRuntimeSettings names each bad key in errorsByInputField", async () => {
    const { invoke } = collectingHost();
    expect(await invoke(events.validateSettings({ region: "eu" }))).toEqual({
      isSuccess: true,
      errorsByInputField: null,
      errorDetails: null,
    });
    const missing = await invoke(events.validateSettings({}));
    expect(missing["errorsByInputField"]).toEqual({ region: "Region is required" });
    expectFailure(missing, "InvalidArgument", /region/);
    const wrong = await invoke(events.validateSettings({ region: "mars" }));
    expect(wrong["errorsByInputField"]).toEqual({ region: "Region must be one of eu, us" });
    const custom = await invoke(events.validateSettings({ region: "us" }));
    expect(custom["errorsByInputField"]).toEqual({ region: "Region us is closed for maintenance" });
    const dest = await invoke(events.validateSettings({ batchSize: "ten" }, "DESTINATION"));
    expect(dest["errorsByInputField"]).toEqual({ batchSize: "Batch size must be an integer" });
  });

  it("ListEntities walks the tree and pages a long listing", async () => {
    const { invoke } = collectingHost();
    const top = await invoke(events.listEntities());
    expect(top).toEqual({
      isSuccess: true,
      errorDetails: null,
      entities: [
        {
          entityIdentifier: "sales",
          hasNestedEntities: true,
          isWritable: false,
          label: null,
          description: null,
          customProperties: null,
        },
      ],
      nextToken: null,
      cacheControl: { timeToLive: 900, timeToLiveUnit: "SECONDS" },
    });
    const nested = await invoke(events.listEntities({ entitiesPath: "sales", maxResult: 1 }));
    expect((nested["entities"] as JsonObject[]).map((e) => e["entityIdentifier"])).toEqual(["orders"]);
    expectFailure(
      await invoke(events.listEntities({ entitiesPath: "nowhere" })),
      "ResourceNotFoundError",
      /nowhere/,
    );
  });

  it("DescribeEntity returns the definition with defaults materialized", async () => {
    const { invoke } = collectingHost();
    const r = await invoke(events.describeEntity());
    const fields = (r["entityDefinition"] as JsonObject)["fields"] as JsonObject[];
    expect(fields.map((f) => [f["fieldName"], f["dataTypeLabel"], f["filterOperators"]])).toEqual([
      ["id", "String", ["CONTAINS", "EQUAL_TO", "NOT_EQUAL_TO"]],
      [
        "amount",
        "BigDecimal",
        [
          "NOT_EQUAL_TO",
          "EQUAL_TO",
          "LESS_THAN",
          "LESS_THAN_OR_EQUAL_TO",
          "GREATER_THAN",
          "GREATER_THAN_OR_EQUAL_TO",
        ],
      ],
      ["note", "String", ["CONTAINS", "EQUAL_TO", "NOT_EQUAL_TO"]],
      [
        "updatedAt",
        "DateTime",
        [
          "EQUAL_TO",
          "LESS_THAN",
          "LESS_THAN_OR_EQUAL_TO",
          "GREATER_THAN",
          "GREATER_THAN_OR_EQUAL_TO",
          "BETWEEN",
        ],
      ],
    ]);
    expect(r["cacheControl"]).toEqual({ timeToLive: 900, timeToLiveUnit: "SECONDS" });
    expectFailure(await invoke(events.describeEntity("nope")), "ResourceNotFoundError");
  });

  it("QueryData pages through every record exactly once, honouring maxResults", async () => {
    const orders = makeOrders(250, 50);
    const { invoke } = collectingHost({ orders: [...orders], upstreamPageSize: 40 });
    const seen: string[] = [];
    let token: unknown = null;
    let pages = 0;
    do {
      const r = await invoke(
        events.query({ maxResults: 60, nextToken: token, selectedFieldNames: ["id", "amount"] }),
      );
      expect(r["isSuccess"]).toBe(true);
      const records = (r["records"] as string[]).map((s) => JSON.parse(s) as JsonObject);
      expect(records.length).toBeLessThanOrEqual(60);
      for (const rec of records) expect(Object.keys(rec)).toEqual(["id", "amount"]);
      seen.push(...records.map((rec) => rec["id"] as string));
      token = r["nextToken"];
      pages++;
    } while (token !== null);
    expect(pages).toBe(5);
    expect(seen).toEqual(orders.map((o) => o["id"]));
  });

  it("QueryData rejects a forged token, an unknown field and a bad maxResults", async () => {
    const { invoke } = collectingHost();
    expectFailure(await invoke(events.query({ nextToken: "forged" })), "InvalidArgument", /nextToken/);
    expectFailure(
      await invoke(
        events.query({
          selectedFieldNames: ["id", "nope"],
          connectorContext: {
            ...(events.query()["connectorContext"] as JsonObject),
            entityDefinition: {
              entity: { entityIdentifier: "orders", hasNestedEntities: false },
              fields: [{ fieldName: "id", dataType: "String" }],
            },
          },
        }),
      ),
      "InvalidArgument",
      /nope/,
    );
    expectFailure(await invoke(events.query({ maxResults: 0 })), "InvalidArgument", /maxResults/);
  });

  it("QueryData parses and validates the filter against the entity definition", async () => {
    const { invoke } = collectingHost();
    const withEntity = (extra: JsonObject) =>
      events.query({
        ...extra,
        connectorContext: {
          ...(events.query()["connectorContext"] as JsonObject),
          entityDefinition: ORDERS_ENTITY,
        },
      });
    expectFailure(
      await invoke(withEntity({ filterExpression: "amount >> 5" })),
      "InvalidArgument",
      /line 1, column 9/,
    );
    expectFailure(
      await invoke(withEntity({ filterExpression: "color = 'red'" })),
      "InvalidArgument",
      /color/,
    );
    expectFailure(await invoke(withEntity({ filterExpression: "note > 'a'" })), "InvalidArgument", /note/);
  });

  it("QueryData applies LIMIT over the whole query, across pages", async () => {
    const { invoke } = collectingHost({ orders: makeOrders(100, 10), upstreamPageSize: 7 });
    let token: unknown = null;
    let total = 0;
    do {
      const r = await invoke(
        events.query({ filterExpression: "LIMIT 25", maxResults: 10, nextToken: token }),
      );
      total += (r["records"] as string[]).length;
      token = r["nextToken"];
    } while (token !== null);
    expect(total).toBe(25);
  });

  it("with clientSideFilter the SDK filters and projects the records", async () => {
    const orders = makeOrders(300, 10);
    const { invoke } = collectingHost({ orders: [...orders], clientSideFilter: true, upstreamPageSize: 33 });
    const connectorContext = {
      ...(events.query()["connectorContext"] as JsonObject),
      entityDefinition: ORDERS_ENTITY,
    };
    const ids: string[] = [];
    let token: unknown = null;
    do {
      const r = await invoke(
        events.query({
          connectorContext,
          filterExpression: "amount >= 100.5 and amount < 200",
          selectedFieldNames: ["id"],
          maxResults: 20,
          nextToken: token,
        }),
      );
      for (const s of r["records"] as string[]) {
        const rec = JSON.parse(s) as JsonObject;
        expect(Object.keys(rec)).toEqual(["id"]);
        ids.push(rec["id"] as string);
      }
      token = r["nextToken"];
    } while (token !== null);
    const expected = orders.filter((o) => {
      const a = Number(o["amount"]);
      return a >= 100.5 && a < 200;
    });
    expect(ids).toEqual(expected.map((o) => o["id"]));
  });

  it("RetrieveData returns the records asked for", async () => {
    const { invoke } = collectingHost();
    const r = await invoke(events.retrieve(["o-000003", "o-000007", "missing"]));
    expect(r["isSuccess"]).toBe(true);
    expect((r["records"] as string[]).map((s) => JSON.parse(s).id)).toEqual(["o-000003", "o-000007"]);
  });

  it("WriteData reports per-record results and PartialWriteFailure", async () => {
    const { invoke } = collectingHost({ orders: [] });
    const ok = await invoke(
      events.write("INSERT", [JSON.stringify({ id: "a" }), JSON.stringify({ id: "b" })]),
    );
    expect(ok).toEqual({
      isSuccess: true,
      errorDetails: null,
      writeRecordResults: [
        { isSuccess: true, recordId: "a", errorMessage: null },
        { isSuccess: true, recordId: "b", errorMessage: null },
      ],
    });
    const partial = await invoke(
      events.write("INSERT", [JSON.stringify({ id: "a" }), "not json", JSON.stringify({ id: "c" })]),
    );
    expectFailure(partial, "PartialWriteFailure", /2 of 3/);
    expect(partial["writeRecordResults"]).toEqual([
      { isSuccess: false, recordId: null, errorMessage: "duplicate id" },
      { isSuccess: false, recordId: null, errorMessage: "Record 1 is not valid JSON" },
      { isSuccess: true, recordId: "c", errorMessage: null },
    ]);
  });

  it("WriteData with allOrNone and an invalid record writes nothing", async () => {
    const store = makeOrders(1);
    const { invoke } = collectingHost({ orders: store });
    const r = await invoke(
      events.write("UPSERT", [JSON.stringify({ id: "z" }), "[1,2]"], { allOrNone: true }),
    );
    expectFailure(r, "InvalidArgument", /allOrNone/);
    expect((r["writeRecordResults"] as JsonObject[]).every((w) => w["isSuccess"] === false)).toBe(true);
    expect(store.map((o) => o["id"])).toEqual(["o-000000"]);
  });

  it("WriteData without an operation, or with one not supported, is InvalidArgument", async () => {
    const { invoke } = collectingHost();
    expectFailure(await invoke(events.write(null, ["{}"])), "InvalidArgument", /operation/);
    expectFailure(
      await invoke(events.write("MERGE", ["{}"])),
      "InvalidArgument",
      /operation: expected one of INSERT/,
    );
  });
});

describe("AppFlow host: bad events never throw", () => {
  const cases: [string, unknown, RegExp][] = [
    ["not an object", "hello", /event: expected an object/],
    ["null", null, /event: expected an object/],
    ["no type", {}, /^type:/],
    ["unknown type", { type: "UnknownRequest" }, /type: expected one of/],
    ["type not a string", { type: 7 }, /type: expected one of/],
    [
      "no entityIdentifier",
      { type: "DescribeEntityRequest", connectorContext: {} },
      /^entityIdentifier: expected a string, got a undefined/,
    ],
    [
      "no connectorContext",
      { type: "QueryDataRequest", entityIdentifier: "x" },
      /^connectorContext: expected an object/,
    ],
    [
      "bad scope",
      { type: "ValidateConnectorRuntimeSettingsRequest", scope: "GLOBAL" },
      /^scope: expected one of CONNECTOR_PROFILE/,
    ],
    ["no credentials", { type: "ValidateCredentialsRequest" }, /^credentials: expected an object/],
    [
      "bad field data type",
      {
        type: "QueryDataRequest",
        entityIdentifier: "x",
        connectorContext: {
          entityDefinition: {
            entity: { entityIdentifier: "x" },
            fields: [{ fieldName: "a", dataType: "Text" }],
          },
        },
      },
      /^connectorContext\.entityDefinition\.fields\[0\]\.dataType: expected one of String/,
    ],
    [
      "records not strings",
      { type: "WriteDataRequest", entityIdentifier: "x", connectorContext: {}, records: [{}] },
      /^records\[0\]: expected a string/,
    ],
    [
      "setting value an object",
      { type: "ListEntitiesRequest", connectorContext: { connectorRuntimeSettings: { region: {} } } },
      /connectorRuntimeSettings\.region/,
    ],
  ];
  for (const [name, event, message] of cases) {
    it(`${name} → InvalidArgument naming the key`, async () => {
      const { invoke } = collectingHost();
      expectFailure(await invoke(event), "InvalidArgument", message);
    });
  }

  it("the failure response of a known type carries that type's keys", async () => {
    const { invoke } = collectingHost();
    const r = await invoke({ type: "QueryDataRequest" });
    expect(Object.keys(r)).toEqual(["isSuccess", "errorDetails", "nextToken", "records"]);
  });
});

describe("AppFlow host: connector failures", () => {
  it("an unexpected exception becomes a ServerError with a safe message and a reference", async () => {
    const { connector } = setup();
    const boom = {
      ...connector.handlers,
      metadata: {
        ...connector.handlers.metadata,
        describeEntity: async () => {
          throw new TypeError(`db password ${PASSWORD} rejected`);
        },
      },
    };
    const lines: string[] = [];
    const host = createAppFlowHost(boom, {
      secrets: null,
      logger: createJsonLogger({ write: (l) => lines.push(l) }),
    });
    const r = await host.invoke(events.describeEntity(), { awsRequestId: "req-42" });
    expectFailure(r, "ServerError", "The connector failed unexpectedly (reference req-42)");
    expect(JSON.stringify(r)).not.toContain(PASSWORD);
    expect(lines.some((l) => l.includes("req-42") && l.includes("TypeError"))).toBe(true);
  });

  it("every AppFlow error code a connector throws reaches the wire, for every operation", async () => {
    for (const code of ERROR_CODES) {
      const fail = async () => {
        throw new ConnectorError(code, `failing with ${code}`);
      };
      const failing = {
        configuration: {
          describeConnectorConfiguration: fail,
          validateCredentials: fail,
          validateConnectorRuntimeSettings: fail,
        },
        metadata: { listEntities: fail, describeEntity: fail },
        record: { queryData: fail, retrieveData: fail, writeData: fail },
      };
      const host = createAppFlowHost(failing, { secrets: null, logLevel: "silent" });
      for (const event of [
        events.describeConfiguration(),
        events.validateCredentials(),
        events.validateSettings({ region: "eu" }),
        events.listEntities(),
        events.describeEntity(),
        events.query(),
        events.retrieve(["a"]),
        events.write("INSERT", ["{}"]),
      ]) {
        expectFailure(await host.invoke(event), code, `failing with ${code}`);
      }
    }
  });

  it("a ConnectorError's retryAfterSeconds reaches the caller", async () => {
    const { connector } = setup();
    const slow = {
      ...connector.handlers,
      metadata: {
        ...connector.handlers.metadata,
        listEntities: async () => {
          throw new ConnectorError("RateLimitExceeded", "Upstream rate limit", { retryAfterSeconds: 30 });
        },
      },
    };
    const host = createAppFlowHost(slow, { secrets: null, logLevel: "silent" });
    expect((await host.invoke(events.listEntities()))["errorDetails"]).toEqual({
      errorCode: "RateLimitExceeded",
      errorMessage: "Upstream rate limit",
      retryAfterSeconds: 30,
    });
  });

  it("a handler that hangs is answered with RequestTimeout before the deadline", async () => {
    const { connector } = setup();
    const hang = {
      ...connector.handlers,
      metadata: { ...connector.handlers.metadata, describeEntity: () => new Promise<never>(() => {}) },
    };
    const host = createAppFlowHost(hang, {
      secrets: null,
      logLevel: "silent",
      timeLimitsMs: { DescribeEntityRequest: 300 },
      safetyMarginMs: 100,
    });
    const started = Date.now();
    expectFailure(await host.invoke(events.describeEntity()), "RequestTimeout");
    expect(Date.now() - started).toBeLessThan(300);
  });

  it("the Lambda context's remaining time shortens the deadline", async () => {
    const { connector } = setup();
    const hang = {
      ...connector.handlers,
      metadata: { ...connector.handlers.metadata, describeEntity: () => new Promise<never>(() => {}) },
    };
    const host = createAppFlowHost(hang, { secrets: null, logLevel: "silent", safetyMarginMs: 100 });
    const started = Date.now();
    expectFailure(
      await host.invoke(events.describeEntity(), { getRemainingTimeInMillis: () => 400 }),
      "RequestTimeout",
    );
    expect(Date.now() - started).toBeLessThan(600);
  });

  it("low-level handlers get a final size check", async () => {
    const { connector } = setup();
    const big = {
      ...connector.handlers,
      record: {
        ...connector.handlers.record,
        retrieveData: async () => ({ isSuccess: true, errorDetails: null, records: ["x".repeat(5000)] }),
      },
    };
    const host = createAppFlowHost(big, { secrets: null, logLevel: "silent", maxResponseBytes: 4096 });
    expectFailure(await host.invoke(events.retrieve(["a"])), "InvalidArgument", /exceeds 4096 bytes/);
  });

  it("createLambdaHandler works as AWS calls it (event, context)", async () => {
    const handler = createLambdaHandler(ordersConnector({ orders: makeOrders(3) }), {
      secrets: new StaticSecretResolver({ [SECRET_ARN]: { username: USERNAME, password: PASSWORD } }),
      logLevel: "silent",
    });
    const out = await handler(JSON.parse(JSON.stringify(events.query())), {
      awsRequestId: "x",
      getRemainingTimeInMillis: () => 60_000,
    });
    expect(JSON.parse(JSON.stringify(out))).toEqual(out);
    expect((out["records"] as string[]).length).toBe(3);
  });
});

afterAll(() => {
  // The promise: no secret value ever appears in a log line or a response of this suite.
  const everything = [...logLines, ...allResponses.map((r) => JSON.stringify(r))];
  expect(logLines.length).toBeGreaterThan(10);
  for (const text of everything) {
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(USERNAME);
  }
});
