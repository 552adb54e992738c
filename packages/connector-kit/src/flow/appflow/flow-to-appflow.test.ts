import { describe, expect, it } from "vitest";
import { parseFlowText } from "../parse-flow.js";
import { rateExpressionOf } from "../schedule-expression.js";
import { AppFlowMappingError } from "./appflow-mapping-error.js";
import { flowToAppFlow, lambdaFunctionName } from "./flow-to-appflow.js";
import { enumValues, OPERATIONS, shapeProblems } from "./test-support/appflow-model.js";

const SOURCE_FN = "arn:aws:lambda:us-east-1:123456789012:function:orders-connector";
const SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:orders-db-AbCdEf";
const NOW = Date.parse("2026-12-03T12:00:00Z");

const flow = (text: string) => parseFlowText(text, { file: "flow.yaml", baseDir: "/flows", env: {} });

/** A flow using every task type, between two deployed functions. */
const FULL = `name: orders-sync
description: Orders to the warehouse
source:
  connector: lambda:${SOURCE_FN}
  settings: { database: shop, schema: public }
  credentials: { secret: ${SECRET}, authenticationType: BasicAuth }
  entity: public.orders
  fields: [id, status, amount, quantity, email, note, first_name, last_name, updated_at]
  filter: "status != 'cancelled' and amount between 1 and 1000 and updated_at > 2026-01-01T00:00:00Z"
destination:
  connector: lambda:arn:aws:lambda:us-east-1:123456789012:function:warehouse-connector
  entity: orders
  operation: UPSERT
  idFieldNames: [order_id]
tasks:
  - { type: Map, source: id, destination: order_id }
  - { type: Filter, expression: "status in ('paid', 'shipped')" }
  - { type: Mask, operator: MASK_FIRST_N, field: email, n: 3 }
  - { type: Truncate, field: note, length: 100 }
  - { type: Validate, operator: VALIDATE_NON_NULL, field: order_id, action: DropRecord }
  - { type: Arithmetic, operator: MULTIPLICATION, fields: [amount, quantity], destination: total }
  - { type: Merge, fields: [first_name, last_name], separator: " ", destination: name }
  - { type: Drop, fields: [first_name, last_name] }
trigger:
  type: incremental
  field: updated_at
  firstRunWindow: 7d
  cron: "cron(0/15 * * * ? *)"
`;

function problemsOf(text: string, options: Parameters<typeof flowToAppFlow>[1] = {}): string[] {
  try {
    flowToAppFlow(flow(text), options);
  } catch (error) {
    expect(error).toBeInstanceOf(AppFlowMappingError);
    return (error as AppFlowMappingError).problems.map((p) => `${p.path}: ${p.message}`);
  }
  throw new Error("the flow was mapped");
}

const MINIMAL = (extra: string) => `name: m1
source: { connector: lambda:${SOURCE_FN}, entity: a }
destination: { connector: lambda:${SOURCE_FN}, entity: b }
${extra}`;

describe("the AppFlow model read from the SDK", () => {
  const createFlow = OPERATIONS.find((o) => o.name === "CreateFlow")!;

  it("finds operations with their HTTP bindings", () => {
    expect(createFlow).toMatchObject({ method: "POST", path: "/create-flow" });
    expect(OPERATIONS.find((o) => o.name === "StartFlow")).toMatchObject({ path: "/start-flow" });
    expect(enumValues("TaskType")).toContain("Map_all");
  });

  it("refuses unknown members, missing required ones, wrong types and values outside enums", () => {
    expect(
      shapeProblems(createFlow.input, {
        flowName: "f",
        triggerConfig: { triggerType: "Sometimes" },
        sourceFlowConfig: { connectorType: "CustomConnector", sourceConnectorProperties: {}, extra: 1 },
        tasks: [{ taskType: "Map", sourceFields: "id", taskProperties: { NOT_A_KEY: "x" } }],
      }),
    ).toEqual([
      expect.stringMatching(/^triggerConfig.triggerType: "Sometimes" is not one of TriggerType/),
      "sourceFlowConfig.extra: not a member of SourceFlowConfig",
      "destinationFlowConfigList: required by CreateFlowRequest",
      "tasks[0].sourceFields: expected a list, got string",
      "tasks[0].taskProperties.NOT_A_KEY: key not in OperatorPropertiesKeys",
    ]);
  });
});

describe("flowToAppFlow", () => {
  it("maps every part of a flow onto requests that conform to AppFlow's shapes", () => {
    const plan = flowToAppFlow(flow(FULL), { now: NOW });
    expect(plan.connectors).toEqual([
      { side: "source", label: "orders-connector", lambdaArn: SOURCE_FN },
      {
        side: "destination",
        label: "warehouse-connector",
        lambdaArn: "arn:aws:lambda:us-east-1:123456789012:function:warehouse-connector",
      },
    ]);
    expect(plan.profiles.map((p) => [p.name, p.connectorLabel, p.secretArn, p.authenticationType])).toEqual([
      ["orders-sync-source", "orders-connector", SECRET, "BASIC"],
      ["orders-sync-destination", "warehouse-connector", null, null],
    ]);
    expect(plan.profiles[0]!.request.connectorProfileConfig?.connectorProfileProperties).toEqual({
      CustomConnector: { profileProperties: { database: "shop", schema: "public" } },
    });
    const op = (name: string) => OPERATIONS.find((o) => o.name === name)!.input;
    // The SDK sends Dates as epoch seconds; check the request as it goes on the wire.
    const wire = JSON.parse(
      JSON.stringify(plan.flow, (_k, v) =>
        typeof v === "string" && /^\d{4}-\d\d-\d\dT/.test(v) ? Date.parse(v) / 1000 : v,
      ),
    );
    expect(shapeProblems(op("CreateFlow"), wire)).toEqual([]);
    expect(shapeProblems(op("CreateConnectorProfile"), plan.profiles[0]!.request)).toEqual([]);

    expect(plan.flow.triggerConfig).toEqual({
      triggerType: "Scheduled",
      triggerProperties: {
        Scheduled: {
          scheduleExpression: "cron(0/15 * * * ? *)",
          dataPullMode: "Incremental",
          firstExecutionFrom: new Date(NOW - 7 * 86_400_000),
        },
      },
    });
    expect(plan.flow.sourceFlowConfig?.incrementalPullConfig).toEqual({
      datetimeTypeFieldName: "updated_at",
    });
    expect(plan.flow.destinationFlowConfigList?.[0]).toEqual({
      connectorType: "CustomConnector",
      connectorProfileName: "orders-sync-destination",
      destinationConnectorProperties: {
        CustomConnector: {
          entityName: "orders",
          writeOperationType: "UPSERT",
          idFieldNames: ["order_id"],
          errorHandlingConfig: { failOnFirstDestinationError: false },
        },
      },
    });
    const tasks = plan.flow.tasks!.map((t) =>
      [
        t.taskType,
        t.connectorOperator?.CustomConnector,
        (t.sourceFields ?? []).join(","),
        t.destinationField ?? "",
        JSON.stringify(t.taskProperties ?? {}),
      ].join(" "),
    );
    expect(tasks).toEqual([
      "Filter PROJECTION id,status,amount,quantity,email,note,first_name,last_name,updated_at  {}",
      'Filter NOT_EQUAL_TO status  {"DATA_TYPE":"string","VALUE":"cancelled"}',
      'Filter BETWEEN amount  {"DATA_TYPE":"integer","LOWER_BOUND":"1","UPPER_BOUND":"1000"}',
      'Filter GREATER_THAN updated_at  {"DATA_TYPE":"datetime","VALUE":"1767225600000"}',
      // tasks[1] names the renamed field's source where it must; here status is not renamed
      'Filter EQUAL_TO status  {"DATA_TYPE":"string","VALUES":"paid,shipped"}',
      'Mask MASK_FIRST_N email  {"MASK_VALUE":"*","MASK_LENGTH":"3"}',
      'Truncate NO_OP note  {"TRUNCATE_LENGTH":"100"}',
      'Validate VALIDATE_NON_NULL id  {"VALIDATION_ACTION":"DropRecord"}', // order_id is id at the source
      // A computed field as the AppFlow console writes it: into one named after its sources, then mapped.
      'Arithmetic MULTIPLICATION amount,quantity amount,quantity {"MATH_OPERATION_FIELDS_ORDER":"amount,quantity"}',
      "Map NO_OP amount,quantity total {}",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: AppFlow's CONCAT_FORMAT placeholders
      'Merge NO_OP first_name,last_name first_name,last_name {"CONCAT_FORMAT":"${first_name} ${last_name}"}',
      "Map NO_OP first_name,last_name name {}",
      "Map NO_OP status status {}",
      "Map NO_OP amount amount {}",
      "Map NO_OP quantity quantity {}",
      "Map NO_OP email email {}",
      "Map NO_OP note note {}",
      "Map NO_OP updated_at updated_at {}",
      "Map NO_OP id order_id {}",
    ]);
    expect(plan.notes).toEqual([
      "AppFlow's incremental pulls have no look-back: a row committed after a run read its window is not read again",
    ]);
  });

  it("maps every field with Map_all when the fields are not listed, excluding renamed and dropped ones", () => {
    const plan = flowToAppFlow(
      flow(
        MINIMAL(`tasks:
  - { type: Map, source: id, destination: key }
  - { type: Drop, fields: [secret] }
trigger: { type: scheduled, every: 15m }`),
      ),
    );
    expect(plan.flow.tasks).toEqual([
      {
        taskType: "Map_all",
        connectorOperator: { CustomConnector: "NO_OP" },
        sourceFields: [],
        taskProperties: { EXCLUDE_SOURCE_FIELDS_LIST: '["id","key","secret"]' },
      },
      {
        taskType: "Map",
        connectorOperator: { CustomConnector: "NO_OP" },
        sourceFields: ["id"],
        destinationField: "key",
        taskProperties: {},
      },
    ]);
    expect(plan.flow.triggerConfig).toEqual({
      triggerType: "Scheduled",
      triggerProperties: { Scheduled: { scheduleExpression: "rate(15minutes)", dataPullMode: "Complete" } },
    });
  });

  it("maps a JSON-lines destination to S3 writing JSON", () => {
    const plan = flowToAppFlow(
      flow(`name: to-s3
source: { connector: ./src/index.ts, entity: orders }
destination: { connector: connector-kit/connectors/jsonl, entity: orders, settings: { directory: ./out } }
`),
      { connectorLabels: { source: "orders" }, bucket: "my-bucket" },
    );
    expect(plan.connectors).toEqual([{ side: "source", label: "orders", lambdaArn: null }]);
    expect(plan.profiles.map((p) => p.side)).toEqual(["source"]);
    expect(plan.flow.destinationFlowConfigList).toEqual([
      {
        connectorType: "S3",
        destinationConnectorProperties: {
          S3: {
            bucketName: "my-bucket",
            bucketPrefix: "orders",
            s3OutputFormatConfig: { fileType: "JSON", aggregationConfig: { aggregationType: "None" } },
          },
        },
      },
    ]);
    expect(plan.flow.triggerConfig).toEqual({ triggerType: "OnDemand" });
  });

  it("takes a secret ARN for a local reference from the options, and reports what AppFlow ignores", () => {
    const plan = flowToAppFlow(
      flow(
        MINIMAL(`errors: { file: ./errors.jsonl }
`).replace(
          "entity: a }",
          `entity: a, pageSize: 50, credentials: { secret: "env:PG", authenticationType: ApiKey } }`,
        ),
      ),
      { secretArns: { source: SECRET } },
    );
    expect(plan.profiles[0]).toMatchObject({ secretArn: SECRET, authenticationType: "APIKEY" });
    expect(plan.notes).toEqual([
      "source.pageSize: AppFlow chooses its page sizes",
      "errors.file: AppFlow reports failed records in its execution records",
    ]);
  });

  it("reports every key it cannot map, with why, before any call", () => {
    expect(
      problemsOf(`name: x
source:
  connector: ./src/index.ts
  entity: orders
  credentials: { secret: "env:PG_SECRET" }
  filter: "status = 'a' or status = 'b'"
destination: { connector: connector-kit/connectors/jsonl, entity: out, operation: UPSERT, idFieldNames: [id] }
tasks:
  - { type: Arithmetic, operator: ADDITION, fields: [a, b], destination: c }
  - { type: Truncate, field: c, length: 3 }
  - { type: Map, source: email, destination: email2, keepSource: true }
  - { type: Mask, operator: MASK_ALL, field: email }
trigger: { type: incremental, field: updated_at, lookBack: 10m }
`),
    ).toEqual([
      "name: AppFlow flow names start with a letter or digit, have at least 2 characters, and use letters, digits and _!@#.- only",
      "source.connector: AppFlow runs registered connectors: deploy ./src/index.ts with connector deploy and give its label (--source-connector-label), or name the function (connector: lambda:<function-arn>)",
      "trigger.lookBack: AppFlow's incremental pulls have no look-back; remove it (or set 0) to deploy",
      "tasks[1].field: c is computed by tasks[0]; AppFlow's tasks read source fields only",
      "tasks[3].field: email is copied to email and email2; AppFlow changes the source field, so every copy would change",
      "source.filter: OR cannot be mapped: AppFlow's filter tasks all apply (AND)",
      "destination.connector: the JSON-lines destination maps to S3 writing JSON: give the bucket (--bucket)",
      "destination.operation: UPSERT cannot be mapped: an S3 destination adds files; use INSERT to deploy",
      "trigger: an incremental flow runs on a schedule on AppFlow: give it every, schedule or cron",
    ]);
  });

  it("refuses local credentials without a mapped ARN, naming the key and the flag", () => {
    expect(
      problemsOf(
        MINIMAL("").replace(
          "entity: a }",
          `entity: a, credentials: { secret: "file:./pg.json", authenticationType: BasicAuth } }`,
        ),
      ),
    ).toEqual([
      "source.credentials.secret: file: references are local; AppFlow takes the credentials from a Secrets Manager secret: write its ARN here or give it with --source-secret-arn",
    ]);
    expect(
      problemsOf(
        MINIMAL("").replace(
          "entity: a }",
          `entity: a, credentials: { secret: "${SECRET}", authenticationType: OAuth2 } }`,
        ),
      ),
    ).toEqual([
      "source.credentials.authenticationType: OAuth2 profiles need AppFlow's OAuth flow: create the profile in the AppFlow console and give its name with --source-profile",
    ]);
    expect(
      problemsOf(MINIMAL("").replace("entity: a }", `entity: a, credentials: { secret: "env:PG" } }`), {
        secretArns: { source: "arn:aws:iam::123456789012:role/x" },
      }),
    ).toEqual([
      "source.credentials.secret: arn:aws:iam::123456789012:role/x (from --source-secret-arn) is not a Secrets Manager secret ARN",
      "source.credentials.authenticationType: is needed to deploy (BasicAuth, ApiKey or CustomAuth)",
    ]);
  });

  it("puts profile-scoped settings on the profile and source- or destination-scoped ones on the flow", () => {
    const text = MINIMAL("")
      .replace("entity: a }", "entity: a, settings: { host: db1, schemaFilter: public, pageHint: 500 } }")
      .replace("entity: b }", "entity: b, settings: { host: db2, commitMode: batch, pageHint: 200 } }");
    const settingScopes = {
      source: { host: "CONNECTOR_PROFILE", schemaFilter: "SOURCE", pageHint: "SOURCE_AND_DESTINATION" },
      destination: {
        host: "CONNECTOR_PROFILE",
        commitMode: "DESTINATION",
        pageHint: "SOURCE_AND_DESTINATION",
      },
    } as const;
    const plan = flowToAppFlow(flow(text), { settingScopes });
    const properties = plan.profiles.map(
      (p) => p.request.connectorProfileConfig?.connectorProfileProperties?.CustomConnector?.profileProperties,
    );
    expect(properties).toEqual([{ host: "db1" }, { host: "db2" }]);
    expect(plan.flow.sourceFlowConfig?.sourceConnectorProperties?.CustomConnector?.customProperties).toEqual({
      schemaFilter: "public",
      pageHint: "500",
    });
    const destination =
      plan.flow.destinationFlowConfigList?.[0]?.destinationConnectorProperties?.CustomConnector;
    expect(destination?.customProperties).toEqual({ commitMode: "batch", pageHint: "200" });
    const input = (name: string) => OPERATIONS.find((o) => o.name === name)!.input;
    expect(shapeProblems(input("CreateFlow"), plan.flow)).toEqual([]);
    expect(shapeProblems(input("CreateConnectorProfile"), plan.profiles[1]!.request)).toEqual([]);

    // An existing profile keeps its own properties; the flow's settings still go with the flow.
    const existing = flowToAppFlow(flow(text), {
      settingScopes,
      existingProfiles: ["source"],
      profileNames: { source: "made-in-console" },
    });
    expect(existing.profiles[0]?.managed).toBe(false);
    expect(
      existing.flow.sourceFlowConfig?.sourceConnectorProperties?.CustomConnector?.customProperties,
    ).toEqual({ schemaFilter: "public", pageHint: "500" });

    // Without scopes, every setting stays on the profile (and no customProperties are sent).
    const unscoped = flowToAppFlow(flow(text));
    expect(unscoped.flow.sourceFlowConfig?.sourceConnectorProperties?.CustomConnector).toEqual({
      entityName: "a",
    });

    expect(
      problemsOf(text.replace("pageHint: 200", "pageHint: 200, tpyo: x"), {
        settingScopes: { ...settingScopes, source: { ...settingScopes.source, pageHint: "DESTINATION" } },
      }),
    ).toEqual([
      "source.settings.pageHint: is a destination setting of the connector, and this side is the source",
      "destination.settings.tpyo: is not a setting of the connector (its configuration declares no such key)",
    ]);
  });

  it("writes rate expressions as AppFlow does: no space, unit always plural", () => {
    // ScheduledTriggerProperties.scheduleExpression's own example is rate(5minutes); EventBridge's
    // rate(1 hour) is the local syntax only.
    const expressionOf = (trigger: string) => {
      const t = flowToAppFlow(flow(MINIMAL(`trigger: ${trigger}\n`))).flow.triggerConfig;
      return t?.triggerProperties?.Scheduled?.scheduleExpression;
    };
    expect(expressionOf("{ type: scheduled, every: 1h }")).toBe("rate(1hours)");
    expect(expressionOf("{ type: scheduled, every: 90m }")).toBe("rate(90minutes)");
    expect(expressionOf('{ type: scheduled, schedule: "rate(1 day)" }')).toBe("rate(1days)");
    expect(expressionOf("{ type: incremental, field: t, every: 2d }")).toBe("rate(2days)");
    expect(expressionOf('{ type: scheduled, cron: "cron(0 6 * * ? *)" }')).toBe("cron(0 6 * * ? *)");
    expect([60_000, 3_600_000, 90_000].map((ms) => rateExpressionOf(ms, "appflow"))).toEqual([
      "rate(1minutes)",
      "rate(1hours)",
      null,
    ]);
  });

  it("computes into a field named after the sources and maps it, as the console does; one such name per flow", () => {
    const tasksOf = (text: string) =>
      flowToAppFlow(flow(MINIMAL(text))).flow.tasks!.map(
        (t) => `${t.taskType} ${(t.sourceFields ?? []).join(",")} ${t.destinationField ?? ""}`,
      );
    // A rename of the computed field renames the Map's destination; the intermediate field stays.
    expect(
      tasksOf(`tasks:
  - { type: Arithmetic, operator: ADDITION, fields: [a, b], destination: c }
  - { type: Map, source: c, destination: total }
`),
    ).toEqual(["Arithmetic a,b a,b", "Map a,b total", "Map_all  "]);
    // Two results from the same fields would share AppFlow's name for them.
    expect(
      problemsOf(
        MINIMAL(`tasks:
  - { type: Arithmetic, operator: ADDITION, fields: [a, b], destination: sum }
  - { type: Arithmetic, operator: SUBTRACTION, fields: [a, b], destination: diff }
  - { type: Merge, fields: [b, a], separator: "-", destination: ba }
`),
      ),
    ).toEqual([
      'tasks[1].fields: tasks[0] computes from the same fields, and AppFlow names both results "a,b"',
    ]);
  });

  it("sends a Validate that stops the run as AppFlow's DropDataset, and reads DropDataset back", () => {
    // AWS's cdk-appflow writes its terminateFlow() as DropDataset; TerminateFlow is the flow file's word only.
    const actionOf = (action: string) => {
      const f = flow(
        MINIMAL(`tasks:\n  - { type: Validate, operator: VALIDATE_NON_NULL, field: x, action: ${action} }\n`),
      );
      const validate = flowToAppFlow(f).flow.tasks!.find((t) => t.taskType === "Validate");
      return [
        f.tasks[0]!.type === "Validate" && f.tasks[0]!.action,
        validate?.taskProperties?.VALIDATION_ACTION,
      ];
    };
    expect(actionOf("TerminateFlow")).toEqual(["TerminateFlow", "DropDataset"]);
    expect(actionOf("DropDataset")).toEqual(["TerminateFlow", "DropDataset"]);
    expect(actionOf("DropRecord")).toEqual(["DropRecord", "DropRecord"]);
  });

  it("sends the trigger's start and end as scheduleStartTime and scheduleEndTime; --schedule-start wins", () => {
    const scheduled = (options: Parameters<typeof flowToAppFlow>[1] = {}) =>
      flowToAppFlow(
        flow(
          MINIMAL(
            "trigger: { type: scheduled, every: 1h, start: 2027-01-01T06:00:00Z, end: 2027-02-01T00:00:00+01:00 }\n",
          ),
        ),
        options,
      ).flow.triggerConfig?.triggerProperties?.Scheduled;
    expect(scheduled()).toMatchObject({
      scheduleStartTime: new Date("2027-01-01T06:00:00Z"),
      scheduleEndTime: new Date("2027-01-31T23:00:00Z"),
    });
    const flag = new Date("2027-01-02T00:00:00Z");
    expect(scheduled({ scheduleStartTime: flag })?.scheduleStartTime).toEqual(flag);
  });

  it("refuses task property values AppFlow's Property shape cannot hold (empty, a line break)", () => {
    expect(
      problemsOf(
        MINIMAL(`tasks:
  - { type: Filter, expression: "status = ''" }
  - { type: Filter, expression: "status in ('a', '')" }
  - { type: Merge, fields: [a, b], separator: "\\n", destination: ab }
  - { type: Mask, operator: MASK_ALL, field: c, maskValue: "*\\n" }
`).replace("entity: a }", `entity: a, filter: "note = 'line 1\\nline 2'" }`),
      ),
    ).toEqual([
      "tasks[0].expression: the VALUE of the comparison on status is empty, and AppFlow's task property values never are",
      "tasks[1].expression: an IN value on status is empty",
      "tasks[2].separator: CONCAT_FORMAT holds a line break, which AppFlow's task property values cannot",
      "tasks[3].maskValue: holds a line break, which AppFlow's task property values cannot",
      "source.filter: the VALUE of the comparison on note holds a line break, which AppFlow's task property values cannot",
    ]);
  });

  it("checks the destination's entity and id field names and the connector labels against AppFlow's patterns", () => {
    expect(
      problemsOf(
        `name: m1
source: { connector: "lambda:arn:aws:lambda:us-east-1:123456789012:function:_orders", entity: a }
destination: { connector: lambda:${SOURCE_FN}, entity: "order lines", operation: UPSERT, idFieldNames: ["order id"] }
`,
        { connectorLabels: { destination: "x" } },
      ),
    ).toEqual([
      "source.connector: _orders is not a valid AppFlow connector label (a letter or digit, then at least one of letters, digits and _!@#.-); give one with --source-connector-label",
      "destination.connector: x is not a valid AppFlow connector label (a letter or digit, then at least one of letters, digits and _!@#.-); give one with --destination-connector-label",
      "destination.entity: AppFlow entity names have no white space and at most 1024 characters",
      "destination.idFieldNames[0]: AppFlow id field names have no white space and at most 128 characters",
    ]);
  });

  it("reads function names from Lambda ARNs", () => {
    expect(lambdaFunctionName(SOURCE_FN)).toBe("orders-connector");
    expect(lambdaFunctionName(`${SOURCE_FN}:live`)).toBe("orders-connector");
    expect(lambdaFunctionName("arn:aws:s3:::bucket")).toBeNull();
  });
});
