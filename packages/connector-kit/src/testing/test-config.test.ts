import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeTempDir } from "../test-support/temp-dir.js";
import {
  apiVersionOf,
  mergedRuntimeSettings,
  parseTestConfig,
  readTestConfig,
  type TestConfig,
  TestConfigError,
} from "./test-config.js";

/** Our own sample in the official format (Python flavour: apiVersion). */
const PYTHON_STYLE = {
  runtimeSettings: {
    connectorProfile: { instanceUrl: "https://example.test", apiVersion: "v2.1" },
    source: { pageSize: "50" },
  },
  credentials: {
    secretArn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:demo",
    authenticationType: "OAuth2",
  },
  testEntityIdentifier: "Contact",
  retrieveRecordConfigurations: [
    { entityIdentifier: "Contact", selectedFieldNames: ["Email", "Code"], idFieldName: "Code", ids: ["A1"] },
  ],
  writeRecordConfigurations: [
    {
      entityIdentifier: "Contact",
      operation: "INSERT",
      idFieldNames: [],
      records: ['{"Email":"a@b.c"}'],
      allOrNone: false,
    },
    { entityIdentifier: "Contact", operation: "UPSERT", idFieldNames: ["Code"], records: ['{"Code":"A1"}'] },
  ],
  queryRecordConfigurations: [
    { entityIdentifier: "Contact", selectedFieldNames: ["Email"], filterExpression: "Email contains 'b.c'" },
  ],
};

/** Java flavour: api_version, no optional lists. */
const JAVA_STYLE = {
  runtimeSettings: { connectorProfile: { api_version: "v3" }, destination: { mode: "fast" } },
  credentials: { secretArn: "", authenticationType: "BasicAuth" },
  testEntityIdentifier: "Ticket",
};

function errorOf(json: unknown): TestConfigError {
  try {
    parseTestConfig(json);
  } catch (error) {
    if (error instanceof TestConfigError) return error;
    throw error;
  }
  throw new Error("expected a TestConfigError");
}

describe("parseTestConfig", () => {
  it("reads the official format and keeps every entry", () => {
    const config = parseTestConfig(PYTHON_STYLE);
    expect(config).toEqual(PYTHON_STYLE);
    expect(apiVersionOf(config)).toBe("v2.1");
    expect(mergedRuntimeSettings(config)).toEqual({
      instanceUrl: "https://example.test",
      apiVersion: "v2.1",
      pageSize: "50",
    });
  });

  it("takes the Java runner's api_version too, and the optional lists may be absent", () => {
    const config = parseTestConfig(JAVA_STYLE);
    expect(apiVersionOf(config)).toBe("v3");
    expect(config.writeRecordConfigurations).toBeUndefined();
  });

  it("prefers apiVersion over api_version and gives null without either", () => {
    const base: TestConfig = { runtimeSettings: {}, credentials: {}, testEntityIdentifier: "x" };
    expect(apiVersionOf(base)).toBeNull();
    expect(
      apiVersionOf({ ...base, runtimeSettings: { connectorProfile: { apiVersion: "a", api_version: "b" } } }),
    ).toBe("a");
  });

  it("later scopes override earlier keys when merging", () => {
    const config = parseTestConfig({
      ...JAVA_STYLE,
      runtimeSettings: { connectorProfile: { k: "p" }, source: { k: "s" }, destination: { k: "d" } },
    });
    expect(mergedRuntimeSettings(config)).toEqual({ k: "d" });
  });

  it("accepts DELETE as a write operation (an extension of the official schema)", () => {
    const config = parseTestConfig({
      ...JAVA_STYLE,
      writeRecordConfigurations: [
        { entityIdentifier: "Ticket", operation: "DELETE", records: ['{"id":"1"}'] },
      ],
    });
    expect(config.writeRecordConfigurations?.[0]?.operation).toBe("DELETE");
  });

  it.each([
    [[], "", "expected an object, got an array"],
    [{ ...JAVA_STYLE, runtimeSettings: undefined }, "runtimeSettings", "is required"],
    [{ ...JAVA_STYLE, credentials: undefined }, "credentials", "is required"],
    [{ ...JAVA_STYLE, testEntityIdentifier: undefined }, "testEntityIdentifier", "is required"],
    [{ ...JAVA_STYLE, testEntityIdentifier: 7 }, "testEntityIdentifier", "expected a string, got a number"],
    [{ ...JAVA_STYLE, extra: 1 }, "extra", "unknown key"],
    [{ ...JAVA_STYLE, runtimeSettings: { profile: {} } }, "runtimeSettings.profile", "unknown key"],
    [
      { ...JAVA_STYLE, runtimeSettings: { source: { n: 5 } } },
      "runtimeSettings.source.n",
      "expected a string, got a number",
    ],
    [{ ...JAVA_STYLE, credentials: { secretArn: "x", token: "t" } }, "credentials.token", "unknown key"],
    [
      { ...JAVA_STYLE, credentials: { secretArn: null } },
      "credentials.secretArn",
      "expected a string, got null",
    ],
    [
      { ...JAVA_STYLE, retrieveRecordConfigurations: [{ entityIdentifier: "T" }] },
      "retrieveRecordConfigurations[0].selectedFieldNames",
      "is required",
    ],
    [
      {
        ...JAVA_STYLE,
        retrieveRecordConfigurations: [{ entityIdentifier: "T", selectedFieldNames: ["a", 1] }],
      },
      "retrieveRecordConfigurations[0].selectedFieldNames[1]",
      "expected a string, got a number",
    ],
    [
      {
        ...JAVA_STYLE,
        writeRecordConfigurations: [{ entityIdentifier: "T" }, { entityIdentifier: "T", operation: "MERGE" }],
      },
      "writeRecordConfigurations[1].operation",
      'expected one of INSERT, UPDATE, UPSERT, DELETE, got "MERGE"',
    ],
    [
      { ...JAVA_STYLE, writeRecordConfigurations: [{ entityIdentifier: "T", allOrNone: "yes" }] },
      "writeRecordConfigurations[0].allOrNone",
      "expected a boolean, got a string",
    ],
    [
      { ...JAVA_STYLE, writeRecordConfigurations: [{ entityIdentifier: "T", records: [{ id: 1 }] }] },
      "writeRecordConfigurations[0].records[0]",
      "expected a string, got an object",
    ],
    [
      {
        ...JAVA_STYLE,
        queryRecordConfigurations: [{ entityIdentifier: "T", selectedFieldNames: [], limit: 3 }],
      },
      "queryRecordConfigurations[0].limit",
      "unknown key",
    ],
    [
      { ...JAVA_STYLE, queryRecordConfigurations: {} },
      "queryRecordConfigurations",
      "expected an array, got an object",
    ],
    [
      { ...JAVA_STYLE, runtimeSettings: { source: { "0": 1 } } },
      "runtimeSettings.source.0",
      "expected a string, got a number",
    ],
    [
      { ...JAVA_STYLE, queryRecordConfigurations: [{ entityIdentifier: "T", selectedFieldNames: "Email" }] },
      "queryRecordConfigurations[0].selectedFieldNames",
      "expected an array of strings, got a string",
    ],
    [
      { ...JAVA_STYLE, credentials: { secretArn: "x", token: "t" } },
      "credentials.token",
      "unknown key (allowed: secretArn, authenticationType)",
    ],
  ])("rejects %j at %s", (json, path, message) => {
    const error = errorOf(json);
    expect(error.path).toBe(path);
    expect(error.message).toContain(message);
    if (path !== "") expect(error.message.startsWith(`${path}: `)).toBe(true);
  });

  it("returns a copy: changing the document afterwards does not change the config", () => {
    const document = structuredClone(PYTHON_STYLE);
    const config = parseTestConfig(document);
    document.runtimeSettings.source.pageSize = "1";
    document.queryRecordConfigurations[0]!.selectedFieldNames.push("Code");
    expect(config.runtimeSettings.source?.["pageSize"]).toBe("50");
    expect(config.queryRecordConfigurations?.[0]?.selectedFieldNames).toEqual(["Email"]);
  });
});

describe("readTestConfig", () => {
  it("reads a file, and names invalid JSON", async () => {
    const dir = makeTempDir("testconfig-");
    const good = join(dir, "good.json");
    await writeFile(good, `\uFEFF${JSON.stringify(JAVA_STYLE)}`);
    expect((await readTestConfig(good)).testEntityIdentifier).toBe("Ticket");
    const bad = join(dir, "bad.json");
    await writeFile(bad, '{"runtimeSettings": {} "credentials": {}}');
    await expect(readTestConfig(bad)).rejects.toThrow(/bad\.json is not valid JSON/);
    await expect(readTestConfig(join(dir, "missing.json"))).rejects.toThrow(/cannot read/);
  });
});
