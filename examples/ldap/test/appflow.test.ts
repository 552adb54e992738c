import { StaticSecretResolver, silentLogger } from "connector-kit";
import { type AppFlowHost, createAppFlowHost } from "connector-kit/appflow";
import { beforeAll, expect, it } from "vitest";
import { ldapConnector } from "../src/connector.js";
import { describeWithSlapd, diff, FILLER, HOSTILE_NAMES, snapshot } from "./fixtures.js";
import { SERVICE_DN, SERVICE_PASSWORD, type SlapdServer, SUFFIX } from "./slapd-server.js";

const ARN = "arn:aws:secretsmanager:us-east-1:111122223333:secret:appflow!ldap-AbCdEf";
type Json = Record<string, unknown>;

function eventsFor(server: SlapdServer) {
  const connectorContext = () => ({
    apiVersion: "v1",
    connectorRuntimeSettings: { url: server.url, baseDn: SUFFIX, pageSize: "7" },
    credentials: { secretArn: ARN, authenticationType: "BasicAuth" },
    entityDefinition: null,
  });
  return {
    validateCredentials: () => ({
      type: "ValidateCredentialsRequest",
      credentials: { secretArn: ARN, authenticationType: "BasicAuth" },
      connectorRuntimeSettings: { url: server.url, baseDn: SUFFIX },
    }),
    query: (
      entityIdentifier: string,
      opts: { filter?: string; maxResults?: number; nextToken?: string | null; fields?: string[] },
    ) => ({
      type: "QueryDataRequest",
      entityIdentifier,
      connectorContext: connectorContext(),
      selectedFieldNames: opts.fields ?? null,
      filterExpression: opts.filter ?? null,
      maxResults: opts.maxResults ?? 1000,
      nextToken: opts.nextToken ?? null,
    }),
    write: (operation: string, records: unknown[], allOrNone = false) => ({
      type: "WriteDataRequest",
      entityIdentifier: "users",
      connectorContext: connectorContext(),
      operation,
      idFieldNames: ["uid"],
      records: records.map((r) => JSON.stringify(r)),
      allOrNone,
    }),
  };
}

async function queryAll(
  host: AppFlowHost,
  make: (token: string | null) => unknown,
): Promise<{ records: Json[]; pages: number }> {
  const records: Json[] = [];
  let token: string | null = null;
  let pages = 0;
  do {
    const response: Json = await host.invoke(make(token));
    if (response["isSuccess"] !== true)
      throw new Error(`query failed: ${JSON.stringify(response["errorDetails"])}`);
    for (const r of response["records"] as string[]) records.push(JSON.parse(r) as Json);
    token = (response["nextToken"] as string | null) ?? null;
    pages++;
  } while (token !== null && pages < 1000);
  return { records, pages };
}

describeWithSlapd("AppFlow host on a real slapd", (server) => {
  let host: AppFlowHost;
  let events: ReturnType<typeof eventsFor>;
  beforeAll(() => {
    events = eventsFor(server());
    host = createAppFlowHost(ldapConnector, {
      secrets: new StaticSecretResolver({ [ARN]: { username: SERVICE_DN, password: SERVICE_PASSWORD } }),
      logger: silentLogger,
    });
  });

  it("validates credentials by binding", async () => {
    expect(await host.invoke(events.validateCredentials())).toMatchObject({ isSuccess: true });
    const wrong = createAppFlowHost(ldapConnector, {
      secrets: new StaticSecretResolver({ [ARN]: { username: SERVICE_DN, password: "wrong" } }),
      logger: silentLogger,
    });
    expect(await wrong.invoke(events.validateCredentials())).toMatchObject({
      isSuccess: false,
      errorDetails: { errorCode: "InvalidCredentials" },
    });
  });

  it("queries users in pages, with client-side filters", async () => {
    const { records, pages } = await queryAll(host, (t) =>
      events.query("users", { maxResults: 6, nextToken: t }),
    );
    expect(records.map((r) => r["uid"])).toEqual(["alice", "bob", "carol", ...FILLER].sort());
    expect(pages).toBeGreaterThan(5);
    const { records: locked } = await queryAll(host, (t) =>
      events.query("users", { filter: "active = false", fields: ["uid"], nextToken: t }),
    );
    expect(locked).toEqual([{ uid: "carol" }]);
    const { records: groups } = await queryAll(host, (t) =>
      events.query("groups", { maxResults: 4, nextToken: t }),
    );
    expect(groups).toHaveLength(5 + HOSTILE_NAMES.length);
    const { records: memberships } = await queryAll(host, (t) =>
      events.query("memberships", { nextToken: t }),
    );
    expect(memberships).toHaveLength(5);
  });

  it("writes users: INSERT, UPDATE (incl. active), DELETE, with per-record failures", async () => {
    const s = server();
    const before = await snapshot(s);
    const name = 'app*flow(),+"<>;# ';
    const inserted: Json = await host.invoke(
      events.write("INSERT", [
        { uid: name, sn: "Flow", mail: "flow@example.org", active: false },
        { uid: "alice", sn: "dup" },
      ]),
    );
    expect(inserted["writeRecordResults"]).toMatchObject([
      { isSuccess: true, recordId: name },
      { isSuccess: false },
    ]);
    const { records } = await queryAll(host, (t) =>
      events.query("users", { filter: "mail = 'flow@example.org'", nextToken: t }),
    );
    expect(records).toMatchObject([{ uid: name, sn: "Flow", active: false, lockedTime: "000001010000Z" }]);
    const updated: Json = await host.invoke(
      events.write("UPDATE", [{ uid: name, active: true, title: "Tester" }, { uid: "*" }]),
    );
    expect(updated["writeRecordResults"]).toMatchObject([{ isSuccess: true }, { isSuccess: false }]);
    expect(await host.invoke(events.write("UPDATE", [{ uid: name }], true))).toMatchObject({
      isSuccess: false,
      errorDetails: { errorCode: "InvalidArgument" },
    });
    const deleted: Json = await host.invoke(events.write("DELETE", [{ uid: name }]));
    expect(deleted["writeRecordResults"]).toMatchObject([{ isSuccess: true }]);
    expect(diff(before, await snapshot(s))).toEqual({ added: [], removed: [], changed: [] });
  });
});
