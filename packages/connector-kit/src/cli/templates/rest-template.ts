import { projectFiles, sdkSourceNote } from "./project-files.js";
import type { ProjectTemplate } from "./project-template.js";

/**
 * A REST connector on connector-kit/http (settings, API-key credentials, a static entity, cursor pages, filter
 * push-down with client-side filtering, retrieve, write, error handling), with a local upstream on node:http
 * that its tests and `npm run conformance` start. docs/rest-connector.md follows it step by step.
 */
export const restTemplate: ProjectTemplate = {
  name: "rest",
  description:
    "A REST API connector on the HTTP toolkit, tested against a local upstream (docs/rest-connector.md)",
  files: (input) => {
    const { name, connectorName } = input;
    return {
      ...projectFiles(input, {
        // connector.config.ts names the connector and the local connection.
        describe: "connector describe",
        invoke: "connector invoke",
        dev: "connector dev",
        package: "connector package src/connector.ts",
        upstream: "tsx test/upstream.ts",
        // The upstream on a free port, its URL given as the baseUrl setting ({url}), the API key in
        // TEST_API_SECRET (test/testconfig.json names it), then the suite.
        conformance:
          "tsx test/upstream.ts connector test src/connector.ts --config test/testconfig.json --setting baseUrl={url}",
      }),
      "connector.config.ts": `import { defineConfig } from "connector-kit/config";

// What \`connector describe\`, \`invoke\`, \`dev\` and \`serve\` use when given no connector or connection: this
// connector, and the local upstream of \`npm run upstream\` (port 4010) with its test key. Add a connection per
// environment of your API (\`--connection <name>\`); secrets are references, never values.
export default defineConfig({
  connector: "src/connector.ts",
  connections: {
    local: {
      settings: { baseUrl: "http://127.0.0.1:4010/" },
      secret: "file:test/local-secret.json",
      authType: "ApiKey",
    },
  },
});
`,
      // The local upstream's own key (test/upstream.ts), not a secret: what the local connection sends.
      "test/local-secret.json": `${JSON.stringify({ apiKey: "test-key-0123456789" }, null, 2)}\n`,
      "src/connector.ts": `import {
  type ConnectorContext,
  ConnectorError,
  type DataRecord,
  defineConnector,
  type EntityDefinition,
  isConnectorError,
  projectFields,
  setting,
  type WriteOutcome,
} from "connector-kit";
import { createLambdaHandler } from "connector-kit/appflow";
import { authFromCredentials, createHttpClient, cursorPaginator, type HttpClient } from "connector-kit/http";
import { filterToParams } from "./filter-params.js";

// Step 1 of docs/rest-connector.md: the settings a user gives when creating a connector profile.
const settings = {
  baseUrl: setting.url({ label: "API base URL", description: "e.g. https://api.example.com/v1/", required: true }),
};

type Ctx = ConnectorContext<typeof settings>;

/** Records per request the API allows at most (its \`limit\`). */
const MAX_PAGE_SIZE = 100;

/** An HTTP client for one call: the settings, the credentials, and the call's deadline, signal and logger. */
export function clientFor(ctx: Ctx): HttpClient {
  return createHttpClient({
    baseUrl: ctx.settings.baseUrl,
    // ApiKey → X-Api-Key header; for OAuth2 credentials this sends the access token as a bearer token.
    auth: authFromCredentials(ctx.credentials, { apiKey: { in: "header", name: "X-Api-Key" } }),
    // 429 and 5xx are retried with backoff, honouring Retry-After, but never past ctx.deadline.
    retry: { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 2000 },
    timeoutMs: 5000,
    deadline: ctx.deadline,
    signal: ctx.signal,
    logger: ctx.logger,
  });
}

const contacts: EntityDefinition = {
  entity: { entityIdentifier: "contacts", hasNestedEntities: false, isWritable: true, label: "Contacts" },
  fields: [
    {
      fieldName: "id",
      dataType: "String",
      isPrimaryKey: true,
      writeProperties: { isCreatable: true, supportedWriteOperations: ["UPDATE", "DELETE"] },
    },
    { fieldName: "name", dataType: "String", writeProperties: { isCreatable: true, isUpdatable: true } },
    { fieldName: "email", dataType: "String", writeProperties: { isCreatable: true, isUpdatable: true } },
    {
      fieldName: "status",
      dataType: "String",
      constraints: { allowedValues: ["active", "archived"] },
      writeProperties: { isCreatable: true, isUpdatable: true },
    },
    {
      fieldName: "updatedAt",
      dataType: "DateTime",
      readProperties: { isTimestampFieldForIncrementalQueries: true },
      writeProperties: { isCreatable: false, isUpdatable: false },
    },
  ],
};
const ENTITIES: Record<string, EntityDefinition> = { contacts };

function entityOf(entityIdentifier: string): EntityDefinition {
  const entity = ENTITIES[entityIdentifier];
  if (!entity) throw new ConnectorError("ResourceNotFoundError", \`No entity \${entityIdentifier}\`);
  return entity;
}

/** Fields a write may send: those of the entity, never the id (it is in the URL) or read-only ones. */
function writable(record: DataRecord, operation: "INSERT" | "UPDATE"): DataRecord {
  const allowed = new Set(
    contacts.fields
      .filter((f) => (operation === "INSERT" ? f.writeProperties?.isCreatable : f.writeProperties?.isUpdatable))
      .map((f) => f.fieldName),
  );
  return Object.fromEntries(Object.entries(record).filter(([key]) => allowed.has(key)));
}

/** Errors that concern the whole call, not one record: they fail the call instead of one record. */
const FATAL = new Set(["InvalidCredentials", "AccessDenied", "RequestTimeout"]);

export const connector = defineConnector({
  name: ${JSON.stringify(connectorName)},
  owner: "TODO: your company",
  version: "0.1.0",
  // Step 2: credentials. AppFlow stores the key; ctx.credentials is { type: "ApiKey", apiKey, apiSecretKey }.
  auth: { apiKey: true },
  settings,
  writeOperations: ["INSERT", "UPDATE", "DELETE"],

  async validateCredentials(ctx) {
    // One cheap authenticated call: a 401 becomes InvalidCredentials, a 403 AccessDenied.
    await clientFor(ctx).get("/contacts", { query: { limit: 1 } });
  },

  // Step 3: entities. This API has one collection, so the list is static (no call needed).
  async listEntities() {
    return Object.values(ENTITIES).map((e) => e.entity);
  },
  async describeEntity(_ctx, entityIdentifier) {
    return entityOf(entityIdentifier);
  },

  // Step 5: the API filters by status and updated_since only (src/filter-params.ts); the SDK applies the
  // whole filter exactly to what the API returned.
  clientSideFilter: true,

  // Step 4: query with the toolkit's cursor paginator. The upstream token is the API's cursor, so AppFlow's
  // next call resumes where this one stopped; the SDK enforces maxResults, LIMIT, 6 MB and the deadline.
  async *query(ctx, input, upstreamToken) {
    entityOf(input.entityIdentifier);
    const limit = Math.min(Math.max(input.pageSize, 1), MAX_PAGE_SIZE);
    const paginator = cursorPaginator<DataRecord>({
      recordsPath: "data",
      cursorPath: "next_cursor",
      pageParams: [["limit", limit]],
    });
    const pages = paginator.recordPages(
      clientFor(ctx),
      { path: ["contacts"], query: filterToParams(input.filter) },
      { token: upstreamToken, deadline: ctx.deadline, signal: ctx.signal, partialPageOnGiveUp: true },
    );
    for await (const page of pages) {
      yield { records: page.records.map((r) => projectFields(r, input.fields)), nextToken: page.nextToken };
    }
  },

  async retrieve(ctx, input) {
    entityOf(input.entityIdentifier);
    const client = clientFor(ctx);
    const found: DataRecord[] = [];
    for (const id of input.ids) {
      const response = await client.get(["contacts", id], { acceptStatus: [404] });
      if (response.status !== 404) found.push(projectFields(response.json<DataRecord>(), input.fields));
    }
    return found;
  },

  // Step 6: write, one outcome per record. A failure of one record fails that record only.
  async write(ctx, input) {
    entityOf(input.entityIdentifier);
    if (input.allOrNone) throw ConnectorError.invalidArgument("This API has no transactions: allOrNone is not supported");
    const client = clientFor(ctx);
    const idField = input.idFieldNames[0] ?? "id";
    const outcomes: WriteOutcome[] = [];
    for (const record of input.records) {
      try {
        outcomes.push(await writeOne(client, input.operation, record, idField));
      } catch (error) {
        // Step 7: errors. HttpError is a ConnectorError with AppFlow's code (404 ResourceNotFoundError, …).
        if (isConnectorError(error) && FATAL.has(error.code)) throw error;
        outcomes.push({ isSuccess: false, errorMessage: error instanceof Error ? error.message : String(error) });
      }
    }
    return outcomes;
  },
});

async function writeOne(client: HttpClient, operation: string, record: DataRecord, idField: string): Promise<WriteOutcome> {
  if (operation === "INSERT") {
    const created = (await client.post("/contacts", writable(record, "INSERT"))).json<DataRecord>();
    return { isSuccess: true, recordId: String(created["id"]) };
  }
  const id = record[idField];
  if (typeof id !== "string" || id === "") return { isSuccess: false, errorMessage: \`The record has no \${idField}\` };
  if (operation === "UPDATE") {
    await client.patch(["contacts", id], writable(record, "UPDATE"));
  } else if (operation === "DELETE") {
    const response = await client.delete(["contacts", id], { acceptStatus: [404] });
    // A 404 after a retry means an earlier attempt deleted it (its answer was lost on the way).
    if (response.status === 404 && response.attempts === 1) return { isSuccess: false, errorMessage: \`No contact \${id}\` };
  } else {
    return { isSuccess: false, errorMessage: \`\${operation} is not supported\` };
  }
  return { isSuccess: true, recordId: id };
}

/** The AWS Lambda entry point. */
export const handler = createLambdaHandler(connector);
`,
      "src/filter-params.ts": `import type { FilterQuery } from "connector-kit/filter";

/**
 * The part of an AppFlow filter the API can do itself, as query parameters: \`status = '…'\` and
 * \`updatedAt > …\` / \`updatedAt >= …\` in the top-level AND chain. They may select more records than the filter
 * (the API's \`updated_since\` is inclusive), never fewer: the SDK then applies the whole filter exactly
 * (\`clientSideFilter: true\` in the connector). OR, NOT, parentheses and other fields are left to the SDK.
 */
export function filterToParams(filter: FilterQuery | null): Array<[string, string]> {
  const expression = filter?.expression ?? null;
  if (expression === null) return [];
  const terms = expression.kind === "and" ? expression.operands : [expression];
  const params: Array<[string, string]> = [];
  for (const term of terms) {
    if (term.kind !== "comparison") continue;
    const { field, operator, value } = term;
    if (field === "status" && operator === "=" && value.kind === "string") {
      params.push(["status", value.value]);
    } else if (
      field === "updatedAt" &&
      (operator === ">" || operator === ">=") &&
      (value.kind === "datetime" || value.kind === "date") &&
      !Number.isNaN(Date.parse(value.text))
    ) {
      params.push(["updated_since", new Date(Date.parse(value.text)).toISOString()]);
    }
  }
  return params;
}
`,
      "test/upstream.ts": `/**
 * A stand-in for the REST API the connector talks to, on 127.0.0.1: \`/contacts\` with cursor pages, filters
 * (\`status\`, \`updated_since\`), create, update and delete, an API key, and faults on demand. The tests start
 * it; \`npm run conformance\` runs the conformance suite against it; \`npm run upstream\` keeps it running.
 * When you point the connector at your real API, keep this as the tests' double of it.
 */
import { spawn } from "node:child_process";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";

export interface Contact {
  id: string;
  name: string;
  email: string;
  status: "active" | "archived";
  updatedAt: string;
}

export interface Upstream {
  readonly url: string;
  readonly apiKey: string;
  /** The data, changed by writes. */
  readonly contacts: Contact[];
  /** Requests seen, as \`METHOD /path?query\`. */
  readonly requests: string[];
  /** The next requests are answered with these statuses (with \`Retry-After: 0\`) before anything else. */
  failNext(...statuses: number[]): void;
  close(): Promise<void>;
}

/** The environment variable \`npm run conformance\` passes the API key in (test/testconfig.json reads it). */
export const SECRET_VARIABLE = "TEST_API_SECRET";

/** \`count\` contacts, ids c001…, updated a day apart from 2024-01-01. */
export function seedContacts(count = 12): Contact[] {
  return Array.from({ length: count }, (_, i) => ({
    id: \`c\${String(i + 1).padStart(3, "0")}\`,
    name: \`Contact \${i + 1}\`,
    email: \`contact\${i + 1}@example.com\`,
    status: i % 3 === 2 ? "archived" : "active",
    updatedAt: new Date(Date.UTC(2024, 0, 1 + i, 12)).toISOString(),
  }));
}

export async function startUpstream(
  options: { port?: number; apiKey?: string; contacts?: Contact[] } = {},
): Promise<Upstream> {
  const apiKey = options.apiKey ?? "test-key-0123456789";
  const contacts = options.contacts ?? seedContacts();
  const requests: string[] = [];
  const failures: number[] = [];
  let nextId = contacts.length + 1;

  const send = (res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(body === undefined ? undefined : JSON.stringify(body));
  };

  const handle = (req: IncomingMessage, res: ServerResponse, text: string) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const method = req.method ?? "GET";
    requests.push(\`\${method} \${url.pathname}\${url.search}\`);
    if (req.headers["x-api-key"] !== apiKey) return send(res, 401, { error: "invalid API key" });
    const failure = failures.shift();
    if (failure !== undefined) return send(res, failure, { error: "injected" }, { "retry-after": "0" });
    const [, collection, id, extra] = url.pathname.split("/");
    if (collection !== "contacts" || extra !== undefined) return send(res, 404, { error: "not found" });
    let body: Record<string, unknown> = {};
    if (text !== "") {
      try {
        body = JSON.parse(text) as Record<string, unknown>;
      } catch {
        return send(res, 400, { error: "the body is not JSON" });
      }
    }
    const at = id === undefined ? -1 : contacts.findIndex((c) => c.id === decodeURIComponent(id));
    if (id === undefined && method === "GET") {
      const limit = Number(url.searchParams.get("limit") ?? 25);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100) return send(res, 400, { error: "limit: 1 to 100" });
      const statuses = url.searchParams.getAll("status");
      const since = url.searchParams.get("updated_since");
      const cursor = url.searchParams.get("cursor");
      const selected = contacts
        .filter((c) => statuses.every((s) => c.status === s))
        .filter((c) => since === null || Date.parse(c.updatedAt) >= Date.parse(since))
        .filter((c) => cursor === null || c.id > cursor)
        .sort((a, b) => (a.id < b.id ? -1 : 1));
      const data = selected.slice(0, limit);
      const more = selected.length > limit;
      return send(res, 200, { data, next_cursor: more ? data.at(-1)!.id : null });
    }
    if (id === undefined && method === "POST") {
      if (typeof body["name"] !== "string" || typeof body["email"] !== "string")
        return send(res, 422, { error: "name and email are required" });
      const created: Contact = {
        id: typeof body["id"] === "string" ? body["id"] : \`c\${String(nextId++).padStart(3, "0")}\`,
        name: body["name"],
        email: body["email"],
        status: body["status"] === "archived" ? "archived" : "active",
        updatedAt: new Date().toISOString(),
      };
      if (contacts.some((c) => c.id === created.id)) return send(res, 409, { error: \`\${created.id} exists\` });
      contacts.push(created);
      return send(res, 201, created);
    }
    if (at < 0) return send(res, 404, { error: "no such contact" });
    if (method === "GET") return send(res, 200, contacts[at]);
    if (method === "PATCH") {
      const current = contacts[at]!;
      for (const key of ["name", "email", "status"] as const) {
        if (typeof body[key] === "string") (current as unknown as Record<string, string>)[key] = body[key];
      }
      current.updatedAt = new Date().toISOString();
      return send(res, 200, current);
    }
    if (method === "DELETE") {
      contacts.splice(at, 1);
      return send(res, 204);
    }
    return send(res, 405, { error: "method not allowed" });
  };

  const server = createServer((req, res) => {
    let text = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => {
      text += chunk;
    });
    req.on("end", () => handle(req, res, text));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", resolve);
  });
  return {
    url: \`http://127.0.0.1:\${(server.address() as AddressInfo).port}\`,
    apiKey,
    contacts,
    requests,
    failNext: (...statuses) => failures.push(...statuses),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The port \`npm run upstream\` listens on when \`PORT\` does not say (the \`describe\` script's baseUrl). */
export const DEFAULT_PORT = 4010;

// \`tsx test/upstream.ts [command…]\`: alone, the upstream on PORT (default 4010) until Ctrl-C. With a command, the
// upstream on a free port: the command runs with \`{url}\` in its arguments replaced by the upstream's URL and the
// API key in TEST_API_SECRET, and the upstream stops when it ends, with its exit status.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [command, ...args] = process.argv.slice(2);
  const upstream = await startUpstream({ port: command === undefined ? Number(process.env["PORT"] ?? DEFAULT_PORT) : 0 });
  if (command === undefined) {
    console.log(\`The test upstream listens on \${upstream.url} (X-Api-Key: \${upstream.apiKey}); Ctrl-C stops it.\`);
  } else {
    const child = spawn(command, args.map((arg) => arg.replaceAll("{url}", \`\${upstream.url}/\`)), {
      stdio: "inherit",
      shell: process.platform === "win32",
      env: { ...process.env, [SECRET_VARIABLE]: JSON.stringify({ apiKey: upstream.apiKey }) },
    });
    child.on("exit", (code, signal) => {
      void upstream.close().then(() => process.exit(code ?? (signal ? 1 : 0)));
    });
  }
}
`,
      "test/connector.test.ts": `import { readFileSync } from "node:fs";
import { createAppFlowHost } from "connector-kit/appflow";
import { assertConformance, localSecretResolver, type TestConfig } from "connector-kit/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { connector } from "../src/connector.js";
import { SECRET_VARIABLE, seedContacts, startUpstream, type Upstream } from "./upstream.js";

let upstream: Upstream;
let host: ReturnType<typeof createAppFlowHost>;
let connectorContext: Record<string, unknown>;

beforeAll(async () => {
  upstream = await startUpstream();
  const secrets = localSecretResolver({ env: { [SECRET_VARIABLE]: JSON.stringify({ apiKey: upstream.apiKey }) } });
  host = createAppFlowHost(connector, { secrets, logLevel: "silent" });
  connectorContext = {
    apiVersion: "v1",
    connectorRuntimeSettings: { baseUrl: upstream.url },
    credentials: { secretArn: \`env:\${SECRET_VARIABLE}\`, authenticationType: "ApiKey" },
  };
});
afterAll(() => upstream?.close());
beforeEach(() => {
  upstream.contacts.splice(0, upstream.contacts.length, ...seedContacts());
  upstream.requests.length = 0;
});

/** Every record of a query, page after page, as AppFlow reads them. */
async function queryAll(request: Record<string, unknown>): Promise<Array<Record<string, unknown>>> {
  const records: Array<Record<string, unknown>> = [];
  let nextToken: string | null = null;
  do {
    const r = await host.invoke({ type: "QueryDataRequest", entityIdentifier: "contacts", connectorContext, ...request, nextToken });
    expect(r["errorDetails"]).toBeNull();
    records.push(...(r["records"] as string[]).map((s) => JSON.parse(s)));
    nextToken = r["nextToken"] as string | null;
  } while (nextToken);
  return records;
}

describe(${JSON.stringify(connectorName)}, () => {
  it("validates its credentials, and refuses a wrong API key with InvalidCredentials", async () => {
    const ok = await host.invoke({ type: "ValidateCredentialsRequest", ...connectorContext });
    expect(ok).toEqual({ isSuccess: true, errorDetails: null });
    const wrong = createAppFlowHost(connector, {
      secrets: localSecretResolver({ env: { [SECRET_VARIABLE]: JSON.stringify({ apiKey: "wrong" }) } }),
      logLevel: "silent",
    });
    const refused = await wrong.invoke({ type: "ValidateCredentialsRequest", ...connectorContext });
    expect(refused).toMatchObject({ isSuccess: false, errorDetails: { errorCode: "InvalidCredentials" } });
  });

  it("pages through every contact with the API's cursor", async () => {
    const records = await queryAll({ maxResults: 5 });
    expect(records.map((r) => r["id"])).toEqual(seedContacts().map((c) => c.id));
    expect(upstream.requests).toContain("GET /contacts?limit=5&cursor=c005");
  });

  it("sends what the API can filter as query parameters, and the SDK applies the rest exactly", async () => {
    const records = await queryAll({
      selectedFieldNames: ["id", "status"],
      filterExpression: "status = 'active' and updatedAt > 2024-01-05T12:00:00Z",
    });
    expect(records).toEqual(
      seedContacts()
        .filter((c) => c.status === "active" && c.updatedAt > "2024-01-05T12:00:00.000Z")
        .map((c) => ({ id: c.id, status: c.status })),
    );
    expect(upstream.requests[0]).toMatch(/^GET \\/contacts\\?limit=\\d+&status=active&updated_since=2024-01-05T12%3A00%3A00\\.000Z$/);

    const either = await queryAll({ filterExpression: "status = 'archived' or name = 'Contact 1'" });
    expect(either.map((r) => r["id"])).toEqual(["c001", "c003", "c006", "c009", "c012"]);
  });

  it("retries 429 and 503 inside the deadline", async () => {
    upstream.failNext(429, 503);
    const records = await queryAll({});
    expect(records).toHaveLength(12);
    expect(upstream.requests.filter((r) => r.startsWith("GET /contacts?"))).toHaveLength(3);
  });

  it("retrieves by id, leaving out ids that do not exist", async () => {
    const r = await host.invoke({ type: "RetrieveDataRequest", entityIdentifier: "contacts", ids: ["c002", "nope"], selectedFieldNames: ["id", "name"], connectorContext });
    expect((r["records"] as string[]).map((s) => JSON.parse(s))).toEqual([{ id: "c002", name: "Contact 2" }]);
  });

  it("writes with a result per record", async () => {
    const write = (operation: string, records: object[]) =>
      host.invoke({ type: "WriteDataRequest", entityIdentifier: "contacts", operation, idFieldNames: ["id"], records: records.map((r) => JSON.stringify(r)), connectorContext });
    const inserted = await write("INSERT", [{ name: "New", email: "new@example.com" }, { name: "No email" }]);
    expect(inserted["writeRecordResults"]).toEqual([
      { isSuccess: true, recordId: "c013", errorMessage: null },
      { isSuccess: false, recordId: null, errorMessage: expect.stringMatching(/^HTTP 422 from POST .*name and email are required/) },
    ]);
    const updated = await write("UPDATE", [{ id: "c013", status: "archived" }]);
    expect(updated["isSuccess"]).toBe(true);
    expect(upstream.contacts.at(-1)).toMatchObject({ id: "c013", status: "archived" });
    const deleted = await write("DELETE", [{ id: "c013" }, { id: "c999" }]);
    expect(deleted["writeRecordResults"]).toEqual([
      { isSuccess: true, recordId: "c013", errorMessage: null },
      { isSuccess: false, recordId: null, errorMessage: "No contact c999" },
    ]);
  });

  it("passes the AppFlow conformance suite with test/testconfig.json", async () => {
    const config = JSON.parse(readFileSync(new URL("./testconfig.json", import.meta.url), "utf8")) as TestConfig;
    config.runtimeSettings.connectorProfile = { baseUrl: upstream.url };
    await assertConformance(connector, config, {
      secrets: localSecretResolver({ env: { [SECRET_VARIABLE]: JSON.stringify({ apiKey: upstream.apiKey }) } }),
    });
  });
});
`,
      "test/testconfig.json": `{
  "runtimeSettings": {
    "connectorProfile": {}
  },
  "credentials": {
    "secretArn": "env:TEST_API_SECRET",
    "authenticationType": "ApiKey"
  },
  "testEntityIdentifier": "contacts",
  "retrieveRecordConfigurations": [
    {
      "entityIdentifier": "contacts",
      "selectedFieldNames": [
        "id",
        "name"
      ],
      "idFieldName": "id",
      "ids": [
        "c001",
        "c002"
      ]
    }
  ],
  "queryRecordConfigurations": [
    {
      "entityIdentifier": "contacts",
      "selectedFieldNames": [
        "id",
        "name",
        "status"
      ],
      "filterExpression": "status = 'active' and updatedAt >= 2024-01-04T00:00:00Z"
    }
  ],
  "writeRecordConfigurations": [
    {
      "entityIdentifier": "contacts",
      "operation": "INSERT",
      "records": [
        "{\\"name\\":\\"Conformance\\",\\"email\\":\\"conformance@example.com\\",\\"status\\":\\"active\\"}"
      ]
    },
    {
      "entityIdentifier": "contacts",
      "operation": "UPDATE",
      "idFieldNames": [
        "id"
      ],
      "records": [
        "{\\"id\\":\\"c002\\",\\"status\\":\\"archived\\"}"
      ]
    },
    {
      "entityIdentifier": "contacts",
      "operation": "DELETE",
      "idFieldNames": [
        "id"
      ],
      "records": [
        "{\\"id\\":\\"c012\\"}"
      ]
    }
  ]
}
`,
      "README.md": `# ${name}

An Amazon AppFlow custom connector for a REST API, built with connector-kit and its HTTP toolkit. It starts as a
working connector for a small contacts API, which \`test/upstream.ts\` plays on 127.0.0.1. connector-kit's guide
*Write a REST connector* (\`docs/rest-connector.md\` in its repository) follows this project step by step, to turn it
into the connector of your API.

\`\`\`bash
npm install
npm test                 # the connector's tests, against the local upstream
npm run conformance      # the conformance suite (test/testconfig.json) against the local upstream
npm run upstream         # keep the local upstream running on port 4010 (PORT=…), then, in another terminal:
npm run invoke -- query --request '{"entityIdentifier":"contacts"}'   # through connector.config.ts's local connection
npm run dev              # reload, check and print on every save of src/ (add -- --serve to serve it too)
npm run describe         # its configuration and entities
npm run package          # a Lambda zip, a CloudFormation template and a Dockerfile in dist/connector
\`\`\`

| file | what |
| --- | --- |
| \`connector.config.ts\` | the connector and its connections for \`connector\` commands (\`local\`: the upstream on port 4010) |
| \`src/connector.ts\` | settings, credentials, entities, query (cursor pages), retrieve, write, error handling |
| \`src/filter-params.ts\` | the part of AppFlow's filter the API can do, as query parameters |
| \`test/upstream.ts\` | the API's stand-in: cursor pages, filters, writes, an API key, injected 429/503 |
| \`test/connector.test.ts\` | every operation through the AppFlow host, retries, and the conformance suite |
| \`test/testconfig.json\` | what \`npm run conformance\` runs (the local upstream's URL is given as \`--setting baseUrl\`, its key in \`TEST_API_SECRET\`) |
${sdkSourceNote(input)}
`,
    };
  },
};
