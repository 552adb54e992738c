/**
 * The README's main job: the PostgreSQL example connector on an embedded PGlite database, seeded with
 * demo data, driven through its AWS Lambda handler exactly as AppFlow would drive it, with nothing to
 * install. Run: npm start  (options: --customers N --orders N)
 */
import { parseArgs } from "node:util";

// The Lambda handler reads LOG_LEVEL when it is created, at import: set it first.
process.env["LOG_LEVEL"] ??= "warn";
const { closeAllDatabases, handler, openDatabase, seedDemo } = await import("../src/index.js");

const { values } = parseArgs({
  options: { customers: { type: "string", default: "2000" }, orders: { type: "string", default: "20000" } },
});
const customers = Number(values.customers);
const orders = Number(values.orders);

const connectorContext = {
  apiVersion: "v1",
  connectorRuntimeSettings: { mode: "embedded", dataDir: "memory://", schemaFilter: "public" },
};
let calls = 0;
const lambdaContext = () => ({ awsRequestId: `demo-${++calls}`, getRemainingTimeInMillis: () => 30_000 });

async function call(event: Record<string, unknown>): Promise<Record<string, unknown>> {
  const started = performance.now();
  const response = await handler(JSON.parse(JSON.stringify(event)), lambdaContext());
  const ms = (performance.now() - started).toFixed(1);
  const outcome = response["isSuccess"] ? "ok" : `failed: ${JSON.stringify(response["errorDetails"])}`;
  console.log(`  ${String(event["type"]).padEnd(40)} ${outcome.padEnd(6)} ${ms.padStart(8)} ms`);
  if (!response["isSuccess"] && event["type"] !== "ValidateConnectorRuntimeSettingsRequest")
    process.exitCode = 1;
  return response;
}

console.log(`Seeding an embedded PGlite database with ${customers} customers and ${orders} orders…`);
const db = await openDatabase({ kind: "embedded", dataDir: "memory://" });
await seedDemo(db, { customers, orders });

console.log("\nAppFlow registers the connector and creates a profile:");
const configuration = await call({ type: "DescribeConnectorConfigurationRequest" });
await call({
  type: "ValidateConnectorRuntimeSettingsRequest",
  scope: "CONNECTOR_PROFILE",
  connectorRuntimeSettings: connectorContext.connectorRuntimeSettings,
});

console.log("\nThe user picks an entity:");
const top = await call({ type: "ListEntitiesRequest", connectorContext });
const schemas = (top["entities"] as { entityIdentifier: string }[]).map((e) => e.entityIdentifier);
const tables = await call({ type: "ListEntitiesRequest", connectorContext, entitiesPath: schemas[0] });
const described = await call({
  type: "DescribeEntityRequest",
  entityIdentifier: "public.orders",
  connectorContext,
});
const entityDefinition = described["entityDefinition"];

console.log("\nA flow runs: every shipped order over 100, 1000 records a page:");
const filterExpression = "status = 'shipped' and amount > 100";
let nextToken: unknown = null;
let pages = 0;
let records = 0;
let bytes = 0;
const started = performance.now();
do {
  const page = await call({
    type: "QueryDataRequest",
    entityIdentifier: "public.orders",
    selectedFieldNames: ["id", "customer_id", "status", "amount", "updated_at"],
    filterExpression,
    maxResults: 1000,
    nextToken,
    connectorContext: { ...connectorContext, entityDefinition },
  });
  pages++;
  records += (page["records"] as string[] | null)?.length ?? 0;
  bytes += JSON.stringify(page).length;
  nextToken = page["nextToken"];
} while (nextToken);
const seconds = (performance.now() - started) / 1000;

console.log("\nThe connector as a destination: upsert two customers, then read them back:");
const customerDefinition = (
  await call({ type: "DescribeEntityRequest", entityIdentifier: "public.customers", connectorContext })
)["entityDefinition"];
const write = await call({
  type: "WriteDataRequest",
  entityIdentifier: "public.customers",
  operation: "UPSERT",
  idFieldNames: ["id"],
  records: [
    JSON.stringify({ id: 1, name: "Ada Lovelace", email: "ada@example.com" }),
    JSON.stringify({ id: customers + 1, name: "Grace Hopper", email: "grace@example.com" }),
  ],
  connectorContext: { ...connectorContext, entityDefinition: customerDefinition },
});
const retrieved = await call({
  type: "RetrieveDataRequest",
  entityIdentifier: "public.customers",
  selectedFieldNames: ["id", "name", "email"],
  idFieldName: "id",
  ids: ["1", String(customers + 1)],
  connectorContext: { ...connectorContext, entityDefinition: customerDefinition },
});

console.log(`
Done.
  connector:   ${configuration["connectorName"]} ${configuration["connectorVersion"]} (${(configuration["connectorModes"] as string[]).join(", ")})
  entities:    ${schemas.join(", ")} → ${(tables["entities"] as { entityIdentifier: string }[]).map((e) => e.entityIdentifier).join(", ")}
  query:       ${filterExpression}
               ${records} records in ${pages} pages, ${(bytes / 1e6).toFixed(1)} MB of responses, ${(records / seconds).toFixed(0)} records/s
  write:       ${JSON.stringify(write["writeRecordResults"])}
  read back:   ${(retrieved["records"] as string[]).join(" ")}

Every call above went through the exported Lambda handler (examples/postgres/src/index.ts) as JSON in,
JSON out, the way AWS Lambda invokes it for AppFlow. The connector: examples/postgres/src/connector.ts.`);
await closeAllDatabases();
