import { ConnectorError, defineConnector, setting } from "connector-kit";
import { createLambdaHandler } from "connector-kit/appflow";

const planets = [
  { name: "Mercury", moons: 0, discovered: "1631-11-07" },
  { name: "Venus", moons: 0, discovered: "1610-01-01" },
  { name: "Earth", moons: 1, discovered: "1543-01-01" },
  { name: "Mars", moons: 2, discovered: "1610-01-01" },
];

export const connector = defineConnector({
  name: "Planets",
  owner: "ExampleCo",
  version: "1.0.0",
  auth: { apiKey: true },
  settings: {
    unit: setting.string({ label: "Unit", options: ["metric", "imperial"], required: true }),
  },
  async validateCredentials(ctx) {
    if (ctx.credentials?.type !== "ApiKey" || !ctx.credentials.apiKey.startsWith("pk_")) {
      throw new ConnectorError("InvalidCredentials", "The API key must start with pk_");
    }
  },
  async listEntities() {
    return [{ entityIdentifier: "planets", hasNestedEntities: false, isWritable: false, label: "Planets" }];
  },
  async describeEntity(_ctx, entityIdentifier) {
    if (entityIdentifier !== "planets")
      throw new ConnectorError("ResourceNotFoundError", `No entity ${entityIdentifier}`);
    return {
      entity: { entityIdentifier: "planets", hasNestedEntities: false, isWritable: false },
      fields: [
        { fieldName: "name", dataType: "String", isPrimaryKey: true },
        { fieldName: "moons", dataType: "Integer" },
        {
          fieldName: "discovered",
          dataType: "Date",
          readProperties: { isTimestampFieldForIncrementalQueries: true },
        },
      ],
    };
  },
  // This "API" cannot filter, so the SDK applies AppFlow's filters to the records query returns.
  clientSideFilter: true,
  // Pages of two planets; the token is the offset. The SDK wraps it, enforces maxResults, LIMIT,
  // the 6 MB response limit and the deadline, and resumes exactly where a page stopped.
  async query(_ctx, input, upstreamToken) {
    const offset = upstreamToken === null ? 0 : Number(upstreamToken);
    const page = planets.slice(offset, offset + 2);
    const records = input.fields
      ? page.map((p) => Object.fromEntries(input.fields!.map((f) => [f, p[f as keyof typeof p]])))
      : page;
    return { records, nextToken: offset + 2 < planets.length ? String(offset + 2) : null };
  },
});

/** The AWS Lambda entry point: `index.handler` once bundled. */
export const handler = createLambdaHandler(connector);
