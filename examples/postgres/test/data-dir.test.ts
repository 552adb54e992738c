import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { StaticSecretResolver, silentLogger } from "connector-kit";
import { createAppFlowHost } from "connector-kit/appflow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postgresConnector } from "../src/connector.js";
import { closeAllDatabases } from "../src/database.js";
import { DATA_ROOT_ENV, dataDirProblem, dataRoot, resolveDataDir } from "../src/settings.js";

const host = createAppFlowHost(postgresConnector, {
  secrets: new StaticSecretResolver({}),
  logger: silentLogger,
});

const listEntities = (dataDir: string) =>
  host.invoke({
    type: "ListEntitiesRequest",
    connectorContext: { apiVersion: "v1", connectorRuntimeSettings: { dataDir }, credentials: null },
    entitiesPath: null,
  });

const validateSettings = (dataDir: string) =>
  host.invoke({
    type: "ValidateConnectorRuntimeSettingsRequest",
    scope: "CONNECTOR_PROFILE",
    connectorRuntimeSettings: { dataDir },
  });

describe("the embedded dataDir setting is confined to the data root", () => {
  let root: string;
  let previous: string | undefined;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "ck-pgroot-"));
    previous = process.env[DATA_ROOT_ENV];
    process.env[DATA_ROOT_ENV] = root;
  });
  afterAll(async () => {
    await closeAllDatabases();
    if (previous === undefined) delete process.env[DATA_ROOT_ENV];
    else process.env[DATA_ROOT_ENV] = previous;
    rmSync(root, { recursive: true, force: true });
  });

  it("takes the root from PGLITE_DATA_ROOT, else a folder of the temporary directory", () => {
    expect(dataRoot({ [DATA_ROOT_ENV]: "/srv/pg" })).toBe("/srv/pg");
    expect(dataRoot({})).toBe(tmpdir());
  });

  it("accepts memory:// and paths inside the root, relative or absolute", () => {
    expect(resolveDataDir("memory://x", "/r")).toBe("memory://x");
    expect(resolveDataDir("db", "/r")).toBe("/r/db");
    expect(resolveDataDir("a/b-1/c_2.d", "/r")).toBe("/r/a/b-1/c_2.d");
    expect(resolveDataDir("/r/db", "/r")).toBe("/r/db");
    for (const bad of [
      "",
      ".",
      "..",
      "../x",
      "a/../../x",
      "/r",
      "/etc",
      "/r2/x",
      ".hidden",
      "💥",
      "a b",
      "a\u0000",
    ]) {
      expect(dataDirProblem(bad, "/r"), JSON.stringify(bad)).not.toBeNull();
      expect(() => resolveDataDir(bad, "/r"), JSON.stringify(bad)).toThrow(/dataDir/);
    }
  });

  it("answers InvalidArgument for a dataDir outside the root, and creates nothing", async () => {
    const before = readdirSync(process.cwd()).sort();
    for (const bad of ["\u0000", "../escape", "/tmp/elsewhere", "💥", `${root}/../next-door`]) {
      const response = await listEntities(bad);
      expect(response["errorDetails"], JSON.stringify(bad)).toMatchObject({ errorCode: "InvalidArgument" });
      expect(String((response["errorDetails"] as { errorMessage: string }).errorMessage)).toMatch(
        /dataDir must be memory:\/\/… or a directory inside the data root|NUL/,
      );
      const validated = await validateSettings(bad);
      expect(validated["isSuccess"]).toBe(false);
      expect(Object.keys(validated["errorsByInputField"] as object)).toEqual(["dataDir"]);
    }
    expect(readdirSync(process.cwd()).sort()).toEqual(before);
    expect(existsSync("/tmp/elsewhere")).toBe(false);
  });

  it("opens a dataDir such as true inside the root (making its parents), not in the working directory", async () => {
    const response = await listEntities("nested/true");
    expect(response["isSuccess"], JSON.stringify(response)).toBe(true);
    expect(existsSync(join(root, "nested", "true", "PG_VERSION"))).toBe(true);
    expect(existsSync(join(process.cwd(), "true"))).toBe(false);
    expect(existsSync(join(process.cwd(), "nested"))).toBe(false);
    expect((await validateSettings("nested/true"))["isSuccess"]).toBe(true);
  }, 60_000);

  it("refuses a directory of the root that holds something else, and leaves it alone", async () => {
    mkdirSync(join(root, "someone-else"));
    writeFileSync(join(root, "someone-else", "notes.txt"), "mine");
    const response = await listEntities("someone-else");
    expect(response["errorDetails"]).toMatchObject({ errorCode: "InvalidArgument" });
    expect((await validateSettings("someone-else"))["errorsByInputField"]).toEqual({
      dataDir: expect.stringContaining("something other than a PostgreSQL database"),
    });
    expect(readdirSync(join(root, "someone-else"))).toEqual(["notes.txt"]);
  });
});
