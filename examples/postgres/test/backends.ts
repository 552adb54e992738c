import { randomUUID } from "node:crypto";
import { StaticSecretResolver, silentLogger } from "connector-kit";
import { type AppFlowHost, createAppFlowHost } from "connector-kit/appflow";
import { postgresConnector } from "../src/connector.js";
import { createPool, type Database, openDatabase, poolDatabase } from "../src/database.js";
import type { Settings } from "../src/settings.js";
import { type PostgresServer, serverConfig } from "./postgres-server.js";

/** Every runtime setting at its default: what `loadTable` and the catalog see for a profile that sets nothing. */
export const DEFAULT_SETTINGS: Settings = {
  mode: undefined,
  dataDir: undefined,
  demoData: undefined,
  host: undefined,
  port: undefined,
  database: undefined,
  schemaFilter: undefined,
  sslMode: undefined,
  connectTimeoutMs: undefined,
};

/** One database the scenarios run against, reached through the connector and directly. */
export interface Backend {
  name: string;
  /** connectorRuntimeSettings to send. */
  settings: Record<string, string>;
  /** `credentials` to send, or null. */
  credentials: { secretArn: string; authenticationType: string } | null;
  /** The secrets the host resolves. */
  secrets: Record<string, Record<string, string>>;
  /** Direct access, for seeding and for checking what changed. */
  admin: Database;
  close(): Promise<void>;
}

/** Makes a fresh, empty backend for one suite. */
export type BackendFactory = () => Promise<Backend>;

/** Embedded PGlite: a fresh in-memory database per suite, shared with the connector through `openDatabase`. */
export const pgliteBackend: BackendFactory = async () => {
  const dataDir = `memory://${randomUUID()}`;
  const admin = await openDatabase({ kind: "embedded", dataDir });
  return {
    name: "pglite",
    settings: { mode: "embedded", dataDir },
    // AppFlow always sends a secret when the connector declares auth; embedded mode ignores it.
    credentials: { secretArn: SECRET_ARN, authenticationType: "BasicAuth" },
    secrets: { [SECRET_ARN]: { username: "ignored", password: "ignored" } },
    admin,
    close: async () => {},
  };
};

export const SECRET_ARN = "arn:aws:secretsmanager:us-east-1:111122223333:secret:appflow!test-postgres-AbCdEf";

/** A real server: a fresh database per suite, the connector in server mode with basic auth. */
export function serverBackend(server: PostgresServer): BackendFactory {
  return async () => {
    const database = `t_${randomUUID().replaceAll("-", "")}`;
    const root = createPool(serverConfig(server, "postgres"));
    await root.query(`CREATE DATABASE ${database}`);
    await root.end();
    const pool = createPool(serverConfig(server, database));
    return {
      name: "server",
      settings: {
        mode: "server",
        host: server.host,
        port: String(server.port),
        database,
        sslMode: "disable",
      },
      credentials: { secretArn: SECRET_ARN, authenticationType: "BasicAuth" },
      secrets: { [SECRET_ARN]: { username: server.user, password: server.password } },
      admin: poolDatabase(pool),
      close: () => pool.end(),
    };
  };
}

/** The AppFlow host of the connector for a backend (secrets from the backend, logs off). */
export function hostFor(backend: Backend, maxResponseBytes?: number): AppFlowHost {
  return createAppFlowHost(postgresConnector, {
    secrets: new StaticSecretResolver(backend.secrets),
    logger: silentLogger,
    ...(maxResponseBytes === undefined ? {} : { maxResponseBytes }),
  });
}

/** JSON in, JSON out, as AppFlow does. */
export type Json = Record<string, unknown>;

/** Builds the events of one backend. */
export function events(backend: Backend, settings: Record<string, string> = {}) {
  const connectorContext = (entityDefinition: unknown = null) => ({
    apiVersion: "v1",
    connectorRuntimeSettings: { ...backend.settings, ...settings },
    credentials: backend.credentials,
    entityDefinition,
  });
  return {
    validateCredentials: () => ({
      type: "ValidateCredentialsRequest",
      credentials: backend.credentials ?? { secretArn: null, authenticationType: "BasicAuth" },
      connectorRuntimeSettings: { ...backend.settings, ...settings },
    }),
    validateSettings: () => ({
      type: "ValidateConnectorRuntimeSettingsRequest",
      scope: "CONNECTOR_PROFILE",
      connectorRuntimeSettings: { ...backend.settings, ...settings },
    }),
    listEntities: (entitiesPath: string | null, maxResult = 1000, nextToken: string | null = null) => ({
      type: "ListEntitiesRequest",
      connectorContext: connectorContext(),
      entitiesPath,
      maxResult,
      nextToken,
    }),
    describeEntity: (entityIdentifier: string) => ({
      type: "DescribeEntityRequest",
      entityIdentifier,
      connectorContext: connectorContext(),
    }),
    query: (
      entityIdentifier: string,
      opts: {
        fields?: string[] | null;
        filter?: string | null;
        maxResults?: number;
        nextToken?: string | null;
      } = {},
    ) => ({
      type: "QueryDataRequest",
      entityIdentifier,
      connectorContext: connectorContext(),
      selectedFieldNames: opts.fields ?? null,
      filterExpression: opts.filter ?? null,
      maxResults: opts.maxResults ?? 1000,
      nextToken: opts.nextToken ?? null,
    }),
    retrieve: (
      entityIdentifier: string,
      ids: string[],
      idFieldName: string | null = null,
      fields: string[] | null = null,
    ) => ({
      type: "RetrieveDataRequest",
      entityIdentifier,
      connectorContext: connectorContext(),
      selectedFieldNames: fields,
      idFieldName,
      ids,
    }),
    write: (
      entityIdentifier: string,
      operation: string,
      records: unknown[],
      opts: { idFieldNames?: string[]; allOrNone?: boolean } = {},
    ) => ({
      type: "WriteDataRequest",
      entityIdentifier,
      connectorContext: connectorContext(),
      operation,
      idFieldNames: opts.idFieldNames ?? [],
      records: records.map((r) => (typeof r === "string" ? r : JSON.stringify(r))),
      allOrNone: opts.allOrNone ?? false,
    }),
  };
}

/** Runs a query to its end through the host, following nextToken; returns every record and the page count. */
export async function queryAll(
  host: AppFlowHost,
  make: (nextToken: string | null) => unknown,
): Promise<{ records: Json[]; pages: number; tokens: string[] }> {
  const records: Json[] = [];
  const tokens: string[] = [];
  let token: string | null = null;
  let pages = 0;
  do {
    const response: Json = await host.invoke(make(token));
    if (response["isSuccess"] !== true)
      throw new Error(`query failed: ${JSON.stringify(response["errorDetails"])}`);
    for (const r of response["records"] as string[]) records.push(JSON.parse(r) as Json);
    token = (response["nextToken"] as string | null) ?? null;
    if (token) tokens.push(token);
    pages++;
    if (pages > 10_000) throw new Error("query does not end");
  } while (token !== null);
  return { records, pages, tokens };
}

/** A fingerprint of a table's whole content, to prove it did not change. */
export async function fingerprint(db: Database, qualified: string): Promise<string> {
  const { rows } = await db.query<{ h: string | null }>(
    `SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS h, count(*) AS n FROM ${qualified} t`,
  );
  return String(rows[0]?.h);
}
