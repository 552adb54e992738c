import { Ajv2020 } from "ajv/dist/2020.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { StaticSecretResolver } from "../../../core/secrets/static-secret-resolver.js";
import { createAppFlowHost } from "../appflow-host.js";
import { events, SECRET_ARN } from "../test-support/events.js";
import { makeOrders, ordersConnector } from "../test-support/orders-connector.js";
import { appflowJsonSchema } from "./appflow-json-schema.js";
import type { JsonObject } from "./decoder.js";
import { requestTypeOf } from "./request-dispatch.js";

const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
const schema = appflowJsonSchema();
ajv.addSchema(schema);
const validator = (name: string) => {
  const v = ajv.getSchema(`${schema["$id"]}#/$defs/${name}`);
  if (!v) throw new Error(`no schema ${name}`);
  return v;
};

const host = createAppFlowHost(ordersConnector({ orders: makeOrders(12, 10) }), {
  secrets: new StaticSecretResolver({ [SECRET_ARN]: { username: "u", password: "p" } }),
  logLevel: "silent",
});

const EVENTS: JsonObject[] = [
  events.describeConfiguration(),
  events.validateCredentials(),
  {
    ...events.validateCredentials(),
    credentials: { secretArn: "arn:none", authenticationType: "BasicAuth" },
  },
  events.validateSettings({ region: "eu" }),
  events.validateSettings({ region: "mars" }),
  events.listEntities(),
  events.listEntities({ entitiesPath: "nowhere" }),
  events.describeEntity(),
  events.describeEntity("nope"),
  events.query({ maxResults: 5 }),
  events.query({ nextToken: "forged" }),
  events.retrieve(["o-000001"]),
  events.write("INSERT", [JSON.stringify({ id: "x" }), "bad"]),
  events.write("UPSERT", [JSON.stringify({ id: "y" })]),
];

describe("JSON Schema of the AppFlow protocol", () => {
  it("compiles under strict draft 2020-12", () => {
    // The entity model's 8 definitions, the configuration's 7, ErrorDetails and WriteRecordResult, the request
    // context and credentials, the entity model as requests carry it (`…Input`), 8 requests and 8 responses.
    expect(Object.keys(schema["$defs"] as object)).toHaveLength(8 + 7 + 2 + 2 + 8 + 8 + 8);
  });

  it("accepts every request the tests send and every response the host gives", async () => {
    for (const event of EVENTS) {
      const type = requestTypeOf(event)!;
      const request = validator(type);
      expect(request(event), JSON.stringify(request.errors)).toBe(true);
      const response = await host.invoke(event);
      const check = validator(`${type.replace(/Request$/, "")}Response`);
      expect(check(response), `${type}: ${JSON.stringify(check.errors)} in ${JSON.stringify(response)}`).toBe(
        true,
      );
    }
  });

  it("accepts the responses to random events", async () => {
    const types = fc.constantFrom(...EVENTS.map((e) => e["type"] as string));
    await fc.assert(
      fc.asyncProperty(types, fc.dictionary(fc.string(), fc.jsonValue()), async (type, rest) => {
        const response = await host.invoke({ ...rest, type });
        const check = validator(`${type.replace(/Request$/, "")}Response`);
        expect(check(response), JSON.stringify(check.errors)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("rejects requests without their required keys", () => {
    expect(validator("QueryDataRequest")({ type: "QueryDataRequest", connectorContext: {} })).toBe(false);
    expect(
      validator("ValidateConnectorRuntimeSettingsRequest")({
        type: "ValidateConnectorRuntimeSettingsRequest",
        scope: "GLOBAL",
      }),
    ).toBe(false);
  });
});
