import { createServer, type Server, type Socket } from "node:net";
import { StaticSecretResolver, silentLogger } from "connector-kit";
import { createAppFlowHost } from "connector-kit/appflow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postgresConnector } from "../src/connector.js";
import { closeAllDatabases } from "../src/database.js";
import {
  findPostgresBinaries,
  INSTALL_HINT,
  type PostgresServer,
  startPostgresServer,
} from "./postgres-server.js";

const ARN = "arn:aws:secretsmanager:us-east-1:111122223333:secret:appflow!validation-AbCdEf";

function hostWith(secret: Record<string, string>) {
  return createAppFlowHost(postgresConnector, {
    secrets: new StaticSecretResolver({ [ARN]: secret }),
    logger: silentLogger,
  });
}

async function validate(
  secret: Record<string, string>,
  settings: Record<string, string>,
  type = "BasicAuth",
) {
  return hostWith(secret).invoke({
    type: "ValidateCredentialsRequest",
    credentials: { secretArn: ARN, authenticationType: type },
    connectorRuntimeSettings: settings,
  });
}

async function validateSettings(settings: Record<string, string>) {
  return hostWith({}).invoke({
    type: "ValidateConnectorRuntimeSettingsRequest",
    scope: "CONNECTOR_PROFILE",
    connectorRuntimeSettings: settings,
  });
}

function codeOf(response: Record<string, unknown>): string | undefined {
  return (response["errorDetails"] as { errorCode?: string } | null)?.errorCode;
}

/** A TCP port that accepts connections and never answers: the connect timeout fires. */
let silent: Server;
let silentPort = 0;
const sockets: Socket[] = [];
/** A port nothing listens on. */
let closedPort = 0;

beforeAll(async () => {
  silent = createServer((s) => sockets.push(s));
  await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
  silentPort = (silent.address() as { port: number }).port;
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
  closedPort = (probe.address() as { port: number }).port;
  await new Promise<void>((r) => probe.close(() => r()));
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((r) => silent.close(() => r()));
  await closeAllDatabases();
});

describe("validation without a server", () => {
  const server = (port: number) => ({
    mode: "server",
    host: "127.0.0.1",
    port: String(port),
    sslMode: "disable",
    connectTimeoutMs: "400",
  });

  it("unreachable host → ServiceUnavailable (credentials and settings)", async () => {
    expect(codeOf(await validate({ username: "u", password: "p" }, server(closedPort)))).toBe(
      "ServiceUnavailable",
    );
    expect(codeOf(await validateSettings(server(closedPort)))).toBe("ServiceUnavailable");
  });

  it("a server that never answers → RequestTimeout", async () => {
    expect(codeOf(await validate({ username: "u", password: "p" }, server(silentPort)))).toBe(
      "RequestTimeout",
    );
    expect(codeOf(await validateSettings(server(silentPort)))).toBe("RequestTimeout");
  });

  it("a malformed connection URL → InvalidCredentials, without echoing it", async () => {
    const res = await validate(
      { customAuthenticationType: "ConnectionUrl", connectionUrl: "mysql://u:secret@h/db" },
      {},
      "CustomAuth",
    );
    expect(codeOf(res)).toBe("InvalidCredentials");
    expect(JSON.stringify(res)).not.toContain("secret@");
  });

  it("embedded mode validates by opening PGlite", async () => {
    expect((await validate({ username: "x", password: "y" }, {}))["isSuccess"]).toBe(true);
    expect((await validateSettings({ dataDir: "memory://validation" }))["isSuccess"]).toBe(true);
  });

  it("refuses an unknown mode or SSL mode per setting", async () => {
    const res = await validateSettings({ mode: "cloud", sslMode: "maybe" });
    expect(res["isSuccess"]).toBe(false);
    expect(Object.keys(res["errorsByInputField"] as object).sort()).toEqual(["mode", "sslMode"]);
  });
});

const bindir = findPostgresBinaries();

describe.skipIf(bindir === null)(`validation against a real server (needs: ${INSTALL_HINT})`, () => {
  let pg: PostgresServer;
  beforeAll(async () => {
    pg = await startPostgresServer(bindir!);
  });
  afterAll(async () => {
    await closeAllDatabases();
    await pg?.stop();
  });
  const settings = (database = "postgres") => ({
    mode: "server",
    host: pg.host,
    port: String(pg.port),
    database,
    sslMode: "disable",
  });

  it("right password → success; wrong password → InvalidCredentials", async () => {
    expect((await validate({ username: pg.user, password: pg.password }, settings()))["isSuccess"]).toBe(
      true,
    );
    const wrong = await validate({ username: pg.user, password: "wrong" }, settings());
    expect(codeOf(wrong)).toBe("InvalidCredentials");
    expect(JSON.stringify(wrong)).not.toContain(pg.password);
  });

  it("unknown database → InvalidArgument", async () => {
    const res = await validate({ username: pg.user, password: pg.password }, settings("no_such_db"));
    expect(codeOf(res)).toBe("InvalidArgument");
    expect(JSON.stringify(res)).toMatch(/no_such_db/);
  });

  it("connection URL credentials override the settings", async () => {
    const url = `postgres://${pg.user}:${encodeURIComponent(pg.password)}@${pg.host}:${pg.port}/postgres?sslmode=disable`;
    const res = await validate(
      { customAuthenticationType: "ConnectionUrl", connectionUrl: url },
      {},
      "CustomAuth",
    );
    expect(res["isSuccess"]).toBe(true);
  });

  it("TLS demanded from a server without TLS → InvalidArgument", async () => {
    const res = await validate(
      { username: pg.user, password: pg.password },
      { ...settings(), sslMode: "require" },
    );
    expect(codeOf(res)).toBe("InvalidArgument");
  });

  it("settings validation reaches the server without credentials", async () => {
    expect((await validateSettings(settings()))["isSuccess"]).toBe(true);
  });
});
