import { projectFiles, sdkSourceNote } from "./project-files.js";
import type { ProjectTemplate } from "./project-template.js";

/**
 * A PostgreSQL connector: embedded PGlite by default (tests pass with nothing installed), `pg` for a server,
 * filters through `toSql` with parameters, keyset pagination, parameterized writes with per-record results.
 */
export const sqlTemplate: ProjectTemplate = {
  name: "sql",
  description:
    "A PostgreSQL connector (PGlite by default, pg for a server) with SQL filters and keyset pages",
  files: (input) => {
    const { name, connectorName } = input;
    return {
      ...projectFiles(
        input,
        {
          // connector.config.ts names the connector and the local connection (the embedded database).
          describe: "connector describe",
          invoke: "connector invoke",
          dev: "connector dev",
          package: "connector package src/connector.ts",
          conformance: "connector test src/connector.ts --config test/testconfig.json",
          flow: "connector flow run flows/customers-to-jsonl.yaml",
        },
        {
          dependencies: { "@electric-sql/pglite": "^0.5.16", pg: "^8.23.1" },
          devDependencies: { "@types/pg": "^8.23.1" },
          ignore: ["out/"],
        },
      ),
      "flows/customers-to-jsonl.yaml": `# The connector's customers into out/customers.jsonl, active ones only, emails masked, upserted by id: run it
# again and nothing is duplicated. Run it on the embedded database with nothing else installed:
#   npm run flow                                        (connector flow run flows/customers-to-jsonl.yaml)
#   npx connector flow history flows/customers-to-jsonl.yaml
# The runner keeps each run's record, checkpoints and watermark in flows/.connector/ (git-ignored).
# For a server, set source.settings.connectionString and credentials ({ secret: env:PG_CREDENTIALS,
# authenticationType: BasicAuth }, a JSON {"username","password"}); to read only what changed since the last run,
# use trigger { type: incremental, field: updated_at }.
name: customers-to-jsonl
description: Active customers into a JSON-lines file with emails masked and upserted by id

source:
  connector: ../src/connector.ts
  entity: customers

destination:
  connector: connector-kit/connectors/jsonl
  settings:
    directory: \${OUT_DIR:-\${FLOW_DIR}/../out}
  entity: customers
  operation: UPSERT
  idFieldNames: [id]

tasks:
  - { type: Filter, expression: "active = true" }
  - { type: Mask, operator: MASK_FIRST_N, n: 8, field: email }

trigger:
  type: onDemand
`,
      "test/flow.test.ts": `import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createAppFlowHost } from "connector-kit/appflow";
import { jsonlConnector } from "connector-kit/connectors/jsonl";
import { readFlowFile, runFlow } from "connector-kit/flow";
import { afterAll, describe, expect, it } from "vitest";
import { dispose } from "../src/connector.js";

// flows/customers-to-jsonl.yaml, run as \`npm run flow\` runs it, into a temporary directory.
const work = mkdtempSync(join(tmpdir(), "flow-test-"));
afterAll(async () => {
  await dispose();
  rmSync(work, { recursive: true, force: true });
});

/** The customers a reader of the JSON-lines file sees: each id once, its latest version. */
async function written(directory: string): Promise<Array<{ id: number; email: string; active: boolean }>> {
  const reader = createAppFlowHost(jsonlConnector, { secrets: null, logLevel: "silent" });
  const r = await reader.invoke({
    type: "QueryDataRequest",
    entityIdentifier: "customers",
    maxResults: 1000,
    connectorContext: { apiVersion: "v1", connectorRuntimeSettings: { directory } },
  });
  expect(r["errorDetails"]).toBeNull();
  return (r["records"] as string[]).map((s) => JSON.parse(s));
}

describe("flows/customers-to-jsonl.yaml", () => {
  it("writes the active customers with masked emails; a second run duplicates none", async () => {
    const env = { OUT_DIR: join(work, "out") };
    const flow = await readFlowFile(new URL("../flows/customers-to-jsonl.yaml", import.meta.url).pathname, { env });
    const options = { stateDir: join(work, "state"), env, logLevel: "silent" } as const;
    const first = await runFlow(flow, options);
    expect(first).toMatchObject({ status: "succeeded", recordsRead: 30, recordsWritten: 23, recordsFailed: 0 });
    const second = await runFlow(flow, options);
    expect(second).toMatchObject({ status: "succeeded", recordsWritten: 23 });

    const customers = await written(env.OUT_DIR);
    expect(customers).toHaveLength(23);
    for (const customer of customers) {
      expect(customer.active).toBe(true);
      expect(customer.email).toMatch(/^\\*{8}\\d*@example\\.com$/);
    }
  }, 60_000); // starting the embedded database takes seconds on a busy machine
});
`,
      "connector.config.ts": `import { defineConfig } from "connector-kit/config";

// What \`connector describe\`, \`invoke\`, \`dev\` and \`serve\` use when given no connector or connection: the
// embedded database. Add a connection for your server (settings: { connectionString: "postgres://host:5432/db" },
// secret: "env:PG_CREDENTIALS"); secrets are references (env:, file:, an ARN), never values.
export default defineConfig({
  connector: "src/connector.ts",
  connections: {
    local: { secret: "file:test/test-credentials.json", authType: "BasicAuth" },
  },
});
`,
      "src/connector.ts": `import {
  type ConnectorContext,
  ConnectorError,
  type DataRecord,
  defineConnector,
  type EntityDefinition,
  setting,
  type WriteOutcome,
} from "connector-kit";
import { createLambdaHandler } from "connector-kit/appflow";
import { postgresDialect, toSql } from "connector-kit/filter";
import { closeDatabases, type Database, databaseFor } from "./database.js";

const settings = {
  connectionString: setting.string({
    label: "Connection string",
    description: "postgres://host:5432/database of a PostgreSQL server; empty: the embedded demo database",
  }),
};
type Ctx = ConnectorContext<typeof settings>;

/** A table the connector exposes: its entity definition and the column it pages by (unique, not null). */
interface Table {
  definition: EntityDefinition;
  keysetColumn: string;
}

/** The tables, declared: only these names ever reach SQL, always quoted as identifiers. */
const TABLES: Record<string, Table> = {
  customers: {
    keysetColumn: "id",
    definition: {
      entity: { entityIdentifier: "customers", hasNestedEntities: false, isWritable: true, label: "Customers" },
      fields: [
        {
          fieldName: "id",
          dataType: "Integer",
          isPrimaryKey: true,
          writeProperties: { isCreatable: true, supportedWriteOperations: ["UPDATE", "UPSERT", "DELETE"] },
        },
        { fieldName: "name", dataType: "String", writeProperties: { isCreatable: true, isUpdatable: true } },
        {
          fieldName: "email",
          dataType: "String",
          writeProperties: { isCreatable: true, isUpdatable: true, supportedWriteOperations: ["UPDATE", "UPSERT", "DELETE"] },
        },
        { fieldName: "country", dataType: "String", writeProperties: { isCreatable: true, isUpdatable: true, isNullable: true } },
        { fieldName: "active", dataType: "Boolean", writeProperties: { isCreatable: true, isUpdatable: true } },
        {
          fieldName: "updated_at",
          dataType: "DateTime",
          readProperties: { isTimestampFieldForIncrementalQueries: true },
          writeProperties: { isCreatable: true, isUpdatable: true },
        },
      ],
    },
  },
};

/** A PostgreSQL identifier, quoted (a name from TABLES, never a value). */
const ident = (name: string) => \`"\${name.replaceAll('"', '""')}"\`;

function tableOf(entityIdentifier: string): Table {
  const table = TABLES[entityIdentifier];
  if (!table) throw new ConnectorError("ResourceNotFoundError", \`No entity \${entityIdentifier}\`);
  return table;
}

/** The columns to select: the requested fields (each checked against the table), or every one. */
function columnsOf(table: Table, fields: readonly string[] | null): string[] {
  const known = table.definition.fields.map((f) => f.fieldName);
  if (fields === null) return known;
  for (const f of fields) if (!known.includes(f)) throw ConnectorError.invalidArgument(\`No field \${f}\`);
  return fields.includes(table.keysetColumn) ? [...fields] : [...fields, table.keysetColumn];
}

const database = (ctx: Ctx): Promise<Database> => databaseFor(ctx.settings.connectionString, ctx.credentials);

export const connector = defineConnector({
  name: ${JSON.stringify(connectorName)},
  owner: "TODO: your company",
  version: "0.1.0",
  // A server's user and password; the embedded database needs none.
  auth: { basic: true },
  settings,

  async validateCredentials(ctx) {
    await (await database(ctx)).query("SELECT 1");
  },
  async listEntities() {
    return Object.values(TABLES).map((t) => t.definition.entity);
  },
  async describeEntity(_ctx, entityIdentifier) {
    return tableOf(entityIdentifier).definition;
  },

  // Keyset pagination: WHERE <filter> AND key > <last key> ORDER BY key LIMIT n. The token is the last key,
  // so a page can be asked for again (the SDK may stop inside one and resume there).
  async query(ctx, input, upstreamToken) {
    const table = tableOf(input.entityIdentifier);
    const key = table.keysetColumn;
    const conditions: string[] = [];
    const params: unknown[] = [];
    if (input.filter) {
      // AppFlow's filter as SQL with $n placeholders; values travel only as parameters.
      const sql = toSql(input.filter, { dialect: postgresDialect, entityDefinition: table.definition });
      if (sql.where !== null) conditions.push(\`(\${sql.where})\`);
      params.push(...sql.params);
    }
    if (upstreamToken !== null) {
      params.push(upstreamToken);
      conditions.push(\`\${ident(key)} > $\${params.length}\`);
    }
    const pageSize = Math.min(input.pageSize, input.limit ?? Number.POSITIVE_INFINITY);
    params.push(pageSize);
    const columns = columnsOf(table, input.fields);
    const sql = \`SELECT \${columns.map(ident).join(", ")} FROM \${ident(input.entityIdentifier)}\${
      conditions.length > 0 ? \` WHERE \${conditions.join(" AND ")}\` : ""
    } ORDER BY \${ident(key)} LIMIT $\${params.length}\`;
    const { rows } = await (await database(ctx)).query<DataRecord>(sql, params);
    const last = rows.at(-1);
    const records = input.fields === null || input.fields.includes(key) ? rows : rows.map(({ [key]: _, ...rest }) => rest);
    return { records, nextToken: rows.length === pageSize && last ? String(last[key]) : null };
  },

  async retrieve(ctx, input) {
    const table = tableOf(input.entityIdentifier);
    const idField = input.idFieldName ?? table.keysetColumn;
    columnsOf(table, [idField]);
    const columns = columnsOf(table, input.fields);
    const { rows } = await (await database(ctx)).query<DataRecord>(
      \`SELECT \${columns.map(ident).join(", ")} FROM \${ident(input.entityIdentifier)} WHERE \${ident(idField)}::text = ANY($1::text[]) ORDER BY \${ident(table.keysetColumn)}\`,
      [input.ids],
    );
    return rows;
  },

  async write(ctx, input) {
    const table = tableOf(input.entityIdentifier);
    const idField = input.idFieldNames[0] ?? table.keysetColumn;
    columnsOf(table, [idField]);
    const writeAll = async (db: Database): Promise<WriteOutcome[]> => {
      const outcomes: WriteOutcome[] = [];
      for (const record of input.records) {
        try {
          outcomes.push(await writeOne(db, table, input.operation, idField, record));
        } catch (error) {
          if (input.allOrNone) throw error;
          outcomes.push({ isSuccess: false, errorMessage: error instanceof Error ? error.message : String(error) });
        }
        if (input.allOrNone && outcomes.at(-1)?.isSuccess === false) throw new Error(outcomes.at(-1)?.errorMessage ?? "failed");
      }
      return outcomes;
    };
    const db = await database(ctx);
    if (!input.allOrNone) return writeAll(db);
    try {
      return await db.transaction(writeAll);
    } catch (error) {
      // All or none: the transaction was rolled back, so no record stays written.
      const message = \`Rolled back: \${error instanceof Error ? error.message : String(error)}\`;
      return input.records.map(() => ({ isSuccess: false, errorMessage: message }));
    }
  },
});

/** One record written with one parameterized statement. */
async function writeOne(
  db: Database,
  table: Table,
  operation: string,
  idField: string,
  record: DataRecord,
): Promise<WriteOutcome> {
  const name = ident(table.definition.entity.entityIdentifier);
  const key = ident(table.keysetColumn);
  const columns = Object.keys(record);
  columnsOf(table, columns);
  const values = columns.map((c) => record[c]);
  const placeholders = columns.map((_, i) => \`$\${i + 1}\`);
  let sql: string;
  let params: unknown[] = values;
  switch (operation) {
    case "INSERT":
      sql = \`INSERT INTO \${name} (\${columns.map(ident).join(", ")}) VALUES (\${placeholders.join(", ")}) RETURNING \${key} AS id\`;
      break;
    case "UPSERT": {
      if (!(idField in record)) return { isSuccess: false, errorMessage: \`The record has no \${idField}\` };
      const updates = columns.filter((c) => c !== idField).map((c) => \`\${ident(c)} = EXCLUDED.\${ident(c)}\`);
      sql = \`INSERT INTO \${name} (\${columns.map(ident).join(", ")}) VALUES (\${placeholders.join(", ")}) ON CONFLICT (\${ident(idField)}) DO \${
        updates.length > 0 ? \`UPDATE SET \${updates.join(", ")}\` : "NOTHING"
      } RETURNING \${key} AS id\`;
      break;
    }
    case "UPDATE": {
      const set = columns.filter((c) => c !== idField);
      if (!(idField in record) || set.length === 0) return { isSuccess: false, errorMessage: \`The record needs \${idField} and a field to change\` };
      params = [...set.map((c) => record[c]), record[idField]];
      sql = \`UPDATE \${name} SET \${set.map((c, i) => \`\${ident(c)} = $\${i + 1}\`).join(", ")} WHERE \${ident(idField)} = $\${set.length + 1} RETURNING \${key} AS id\`;
      break;
    }
    case "DELETE":
      if (!(idField in record)) return { isSuccess: false, errorMessage: \`The record has no \${idField}\` };
      params = [record[idField]];
      sql = \`DELETE FROM \${name} WHERE \${ident(idField)} = $1 RETURNING \${key} AS id\`;
      break;
    default:
      return { isSuccess: false, errorMessage: \`\${operation} is not supported\` };
  }
  const { rows } = await db.query<{ id: unknown }>(sql, params);
  if (rows.length === 0) return { isSuccess: false, errorMessage: \`No record with \${idField} = \${String(record[idField])}\` };
  return { isSuccess: true, recordId: String(rows[0]!.id) };
}

/** Closes the databases; the CLI and the local flow runner call it before exiting. */
export const dispose = closeDatabases;

/** The AWS Lambda entry point. */
export const handler = createLambdaHandler(connector);
`,
      "src/database.ts": `import type { Credentials } from "connector-kit";

/** What the connector needs of PostgreSQL: parameterized queries and transactions. */
export interface Database {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: T[]; affectedRows: number }>;
  /** Runs \`work\` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (db: Database) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Open databases by connection, kept for the life of the process (a warm Lambda container reuses them). */
const open = new Map<string, Promise<Database>>();

/**
 * The database of a connector profile: a PostgreSQL server when \`connectionString\` is set (user and password
 * from the BasicAuth credentials, never from the settings), else an embedded PGlite, seeded with demo data.
 */
export function databaseFor(connectionString: string | undefined, credentials: Credentials | null): Promise<Database> {
  const user = credentials?.type === "BasicAuth" ? credentials.username : "";
  const key = connectionString ? \`\${connectionString} \${user}\` : "pglite";
  let db = open.get(key);
  if (!db) {
    db = connectionString ? openServer(connectionString, credentials) : openEmbedded();
    db.catch(() => open.delete(key));
    open.set(key, db);
  }
  return db;
}

/** Closes every open database (the CLI calls the connector module's \`dispose\` before it exits). */
export async function closeDatabases(): Promise<void> {
  const all = [...open.values()];
  open.clear();
  await Promise.all(all.map(async (db) => (await db).close()));
}

async function openEmbedded(): Promise<Database> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { emptyPGliteCluster } = await import("connector-kit/pglite");
  // In memory, started from connector-kit's cached empty cluster: no initdb (seconds) in each process.
  const pglite = await PGlite.create({ loadDataDir: await emptyPGliteCluster() });
  const wrap = (q: Pick<InstanceType<typeof PGlite>, "query">): Database["query"] =>
    async <T,>(sql: string, params: unknown[] = []) => {
      const result = await q.query<T>(sql, params);
      return { rows: result.rows, affectedRows: result.affectedRows ?? 0 };
    };
  const db: Database = {
    query: wrap(pglite),
    transaction: (work) =>
      pglite.transaction((tx) => work({ ...db, query: wrap(tx), transaction: () => Promise.reject(new Error("nested transaction")) })),
    close: () => pglite.close(),
  };
  await seed(db);
  return db;
}

async function openServer(connectionString: string, credentials: Credentials | null): Promise<Database> {
  const { default: pg } = await import("pg");
  const pool = new pg.Pool({
    connectionString,
    ...(credentials?.type === "BasicAuth" ? { user: credentials.username, password: credentials.password } : {}),
    max: 4,
  });
  const wrap = (q: Pick<InstanceType<typeof pg.Pool>, "query">): Database["query"] =>
    async <T,>(sql: string, params: unknown[] = []) => {
      const result = await q.query(sql, params);
      return { rows: result.rows as T[], affectedRows: result.rowCount ?? 0 };
    };
  return {
    query: wrap(pool),
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const inner: Database = { query: wrap(client), transaction: () => Promise.reject(new Error("nested transaction")), close: async () => {} };
        const result = await work(inner);
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/** The demo table of the embedded database. Replace it with your own schema (or drop it with a server). */
async function seed(db: Database): Promise<void> {
  await db.query(\`CREATE TABLE customers (
    id integer GENERATED BY DEFAULT AS IDENTITY (START WITH 1000) PRIMARY KEY,
    name text NOT NULL,
    email text NOT NULL UNIQUE,
    country text,
    active boolean NOT NULL DEFAULT true,
    updated_at timestamptz NOT NULL DEFAULT now()
  )\`);
  await db.query(
    \`INSERT INTO customers (id, name, email, country, active, updated_at)
     SELECT n, 'Customer ' || n, 'customer' || n || '@example.com', (ARRAY['FR', 'DE', 'US'])[1 + n % 3], n % 4 <> 0,
            timestamptz '2024-01-01 00:00:00+00' + n * interval '1 day'
     FROM generate_series(1, $1::integer) AS n\`,
    [30],
  );
}
`,
      "test/connector.test.ts": `import { readFileSync } from "node:fs";
import { createAppFlowHost } from "connector-kit/appflow";
import { assertConformance, localSecretResolver, type TestConfig } from "connector-kit/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connector, dispose } from "../src/connector.js";
import { databaseFor } from "../src/database.js";

// The embedded PGlite database, seeded with 30 customers (src/database.ts); no server needed.
// test/testconfig.json's credentials: file: references are read from its directory, as \`connector test\` does.
const secrets = localSecretResolver({ cwd: new URL(".", import.meta.url).pathname });
const host = createAppFlowHost(connector, { secrets, logLevel: "silent" });
const connectorContext = {
  apiVersion: "v1",
  connectorRuntimeSettings: {},
  credentials: { secretArn: "file:test-credentials.json", authenticationType: "BasicAuth" },
};
// Starting the embedded database takes a few seconds: once, before the tests.
beforeAll(() => databaseFor(undefined, null), 60_000);
afterAll(() => dispose());

/** Every record of a query, page after page, as AppFlow reads them. */
async function queryAll(request: Record<string, unknown>): Promise<Array<Record<string, unknown>>> {
  const records: Array<Record<string, unknown>> = [];
  let nextToken: string | null = null;
  do {
    const r = await host.invoke({ type: "QueryDataRequest", entityIdentifier: "customers", connectorContext, ...request, nextToken });
    expect(r["errorDetails"]).toBeNull();
    records.push(...(r["records"] as string[]).map((s) => JSON.parse(s)));
    nextToken = r["nextToken"] as string | null;
  } while (nextToken);
  return records;
}

const write = (operation: string, idFieldNames: string[], records: object[], allOrNone = false) =>
  host.invoke({
    type: "WriteDataRequest",
    entityIdentifier: "customers",
    operation,
    idFieldNames,
    allOrNone,
    records: records.map((r) => JSON.stringify(r)),
    connectorContext,
  });

describe(${JSON.stringify(connectorName)}, () => {
  it("pages by key: every customer once, in order", async () => {
    const records = await queryAll({ maxResults: 7, selectedFieldNames: ["id"] });
    expect(records.map((r) => r["id"])).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  });

  it("filters in SQL with parameters, values never spliced into the statement", async () => {
    const records = await queryAll({
      selectedFieldNames: ["name", "country"],
      filterExpression: "country IN ('FR', 'DE') and not active and updated_at < 2024-01-25T00:00:00Z",
    });
    // Seeded: customer n is in FR, DE, US by n % 3, inactive when n % 4 = 0, updated on 2024-01-01 + n days.
    expect(records).toEqual([
      { name: "Customer 4", country: "DE" },
      { name: "Customer 12", country: "FR" },
      { name: "Customer 16", country: "DE" },
    ]);
    // A value that would break a spliced statement is only a value here.
    const none = await queryAll({ filterExpression: "name = 'x\\\\' OR 1=1 --'" });
    expect(none).toEqual([]);
  });

  it("answers LIMIT and a malformed filter as AppFlow expects", async () => {
    expect(await queryAll({ filterExpression: "active = true LIMIT 10", maxResults: 4 })).toHaveLength(10);
    const bad = await host.invoke({ type: "QueryDataRequest", entityIdentifier: "customers", filterExpression: "nope > 1", connectorContext });
    expect(bad).toMatchObject({ isSuccess: false, errorDetails: { errorCode: "InvalidArgument" } });
  });

  it("writes with a result per record, and all or none in one transaction", async () => {
    const inserted = await write("INSERT", [], [
      { name: "Ada", email: "ada@example.com", country: "GB" },
      { name: "Dup", email: "customer1@example.com" },
    ]);
    expect(inserted["writeRecordResults"]).toEqual([
      { isSuccess: true, recordId: expect.stringMatching(/^\\d+$/), errorMessage: null },
      { isSuccess: false, recordId: null, errorMessage: expect.stringMatching(/duplicate key/) },
    ]);
    const id = (inserted["writeRecordResults"] as Array<{ recordId: string }>)[0]!.recordId;
    expect((await write("UPDATE", ["id"], [{ id: Number(id), country: "FR" }]))["isSuccess"]).toBe(true);
    const upserted = await write("UPSERT", ["email"], [{ email: "ada@example.com", name: "Ada L." }]);
    expect(upserted["writeRecordResults"]).toEqual([{ isSuccess: true, recordId: id, errorMessage: null }]);

    const rolledBack = await write("DELETE", ["id"], [{ id: Number(id) }, { id: 99999 }], true);
    expect((rolledBack["writeRecordResults"] as Array<{ isSuccess: boolean }>).map((r) => r.isSuccess)).toEqual([false, false]);
    expect(await queryAll({ filterExpression: \`id = \${id}\`, selectedFieldNames: ["name", "country"] })).toEqual([{ name: "Ada L.", country: "FR" }]);
    expect((await write("DELETE", ["id"], [{ id: Number(id) }]))["isSuccess"]).toBe(true);
  });

  it("passes the AppFlow conformance suite with test/testconfig.json", async () => {
    const config = JSON.parse(readFileSync(new URL("./testconfig.json", import.meta.url), "utf8")) as TestConfig;
    await assertConformance(connector, config, { secrets });
  });
});
`,
      "test/testconfig.json": `{
  "runtimeSettings": { "connectorProfile": {} },
  "credentials": { "secretArn": "file:test-credentials.json", "authenticationType": "BasicAuth" },
  "testEntityIdentifier": "customers",
  "retrieveRecordConfigurations": [
    { "entityIdentifier": "customers", "selectedFieldNames": ["id", "name"], "idFieldName": "id", "ids": ["1", "2"] }
  ],
  "queryRecordConfigurations": [
    {
      "entityIdentifier": "customers",
      "selectedFieldNames": ["id", "name", "country"],
      "filterExpression": "country = 'FR' and active and updated_at >= 2024-01-10T00:00:00Z"
    }
  ],
  "writeRecordConfigurations": [
    {
      "entityIdentifier": "customers",
      "operation": "INSERT",
      "records": ["{\\"id\\":5001,\\"name\\":\\"New\\",\\"email\\":\\"new5001@example.com\\",\\"country\\":\\"DE\\",\\"active\\":true,\\"updated_at\\":\\"2024-06-01T00:00:00.000Z\\"}"]
    },
    {
      "entityIdentifier": "customers",
      "operation": "UPDATE",
      "idFieldNames": ["id"],
      "records": ["{\\"id\\":5001,\\"country\\":\\"FR\\"}"]
    },
    {
      "entityIdentifier": "customers",
      "operation": "UPSERT",
      "idFieldNames": ["email"],
      "records": ["{\\"email\\":\\"customer3@example.com\\",\\"name\\":\\"Renamed Three\\"}"]
    },
    {
      "entityIdentifier": "customers",
      "operation": "DELETE",
      "idFieldNames": ["id"],
      "records": ["{\\"id\\":5001}"]
    }
  ]
}
`,
      "test/test-credentials.json": `{ "username": "postgres", "password": "not-used-by-the-embedded-database" }
`,
      "README.md": `# ${name}

An Amazon AppFlow custom connector for PostgreSQL, built with connector-kit. Out of the box it runs on an embedded
[PGlite](https://pglite.dev) database in memory, seeded with 30 customers, so its tests need nothing installed (it
starts from an empty cluster connector-kit caches in \`~/.cache/connector-kit\`, not by initdb each time); set the
\`connectionString\` setting (\`postgres://host:5432/database\`) and BasicAuth credentials to use a server through \`pg\`.

\`\`\`bash
npm install
npm test                 # the connector's tests, on the embedded database
npm run conformance      # the conformance suite, as test/testconfig.json says
npm run describe         # its configuration and entities, through connector.config.ts's local connection
npm run dev              # reload and check on every save of src/ (add -- --serve to serve it too)
npm run flow             # flows/customers-to-jsonl.yaml: the customers into out/customers.jsonl
\`\`\`

- **Tables** are declared in \`TABLES\` (\`src/connector.ts\`): entity definitions and the column each pages by.
  Only those names reach SQL, always quoted as identifiers.
- **Filters**: AppFlow's filter, already parsed and validated, becomes a \`WHERE\` condition with \`$n\` parameters
  through \`toSql\` of \`connector-kit/filter\`; values are never spliced into the statement.
- **Pages**: keyset pagination, \`WHERE key > $n ORDER BY key LIMIT $m\`; the page token is the last key, so a page
  can be read again and the SDK can resume inside one.
- **Writes**: INSERT, UPDATE, UPSERT (\`ON CONFLICT\` on the id field: a primary key or unique column) and DELETE,
  one parameterized statement per record, with a result per record; \`allOrNone\` runs them in one transaction.
- \`dispose\` (exported by \`src/connector.ts\`) closes the databases; \`connector\` commands call it before exiting.
- **A flow** (\`flows/customers-to-jsonl.yaml\`) runs the connector as AppFlow would, on this machine: pages of
  customers, a Filter and a Mask task, UPSERT by id into a JSON-lines file, each run recorded in
  \`flows/.connector/\` (\`npx connector flow history flows/customers-to-jsonl.yaml\`). \`test/flow.test.ts\` runs it
  too. Once the connector is deployed, \`connector flow deploy\` makes the file an AppFlow flow; what cannot be
  mapped is named before any call (here the UPSERT: an S3 destination only adds files, so deploy it with INSERT).
${sdkSourceNote(input)}
`,
    };
  },
};
