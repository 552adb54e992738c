import { describe, expect, it } from "vitest";
import type { ConnectorConfiguration } from "../core/model/configuration.js";
import { defineConnector } from "../define/define-connector.js";
import { localSecretResolver } from "./local-secrets.js";
import { testConfigFromConnector, withConnection } from "./test-config-from-connector.js";
import { shopConnector, shopSecrets } from "./test-support/shop-connector.js";

describe("testConfigFromConnector", () => {
  it("takes the first leaf entity and fills required settings from their options", async () => {
    const config = await testConfigFromConnector(shopConnector(), { secrets: shopSecrets() });
    expect(config).toEqual({
      runtimeSettings: { connectorProfile: { apiVersion: "v1", region: "eu" } },
      credentials: {},
      testEntityIdentifier: "orders",
    });
  });

  it("keeps given settings and credentials", async () => {
    const config = await testConfigFromConnector(shopConnector(), {
      runtimeSettings: { connectorProfile: { region: "us" } },
      credentials: { secretArn: "env:SHOP", authenticationType: "BasicAuth" },
      secrets: localSecretResolver({ env: { SHOP: '{"username":"u","password":"p"}' } }),
    });
    expect(config.runtimeSettings).toEqual({ connectorProfile: { region: "us" } });
    expect(config.credentials.secretArn).toBe("env:SHOP");
  });

  it("fails when no leaf entity is listed", async () => {
    const empty = defineConnector({
      name: "Empty",
      owner: "me",
      version: "1",
      async listEntities() {
        return [];
      },
      async describeEntity() {
        throw new Error("none");
      },
      async query() {
        return { records: [] };
      },
    });
    await expect(testConfigFromConnector(empty)).rejects.toThrow(/lists no entity/);
  });
});

describe("withConnection", () => {
  const configuration = {
    authenticationConfig: { isApiKeyAuthSupported: true },
    connectorRuntimeSetting: [
      { key: "region", scope: "CONNECTOR_PROFILE" },
      { key: "table", scope: "SOURCE" },
      { key: "target", scope: "DESTINATION" },
      { key: "both", scope: "SOURCE_AND_DESTINATION" },
    ],
  } as unknown as ConnectorConfiguration;
  const base = {
    runtimeSettings: { connectorProfile: { api_version: "v1" }, destination: { region: "old" } },
    credentials: { secretArn: "env:OLD", authenticationType: "BasicAuth" },
    testEntityIdentifier: "orders",
  };

  it("puts a setting where the TestConfig has it, else in its declared scope, else on the profile", () => {
    const config = withConnection(
      base,
      { settings: { region: "eu", table: "t", target: "d", both: "b", extra: "x" }, apiVersion: "v2" },
      configuration,
    );
    expect(config.runtimeSettings).toEqual({
      connectorProfile: { api_version: "v2", apiVersion: "v2", extra: "x" },
      source: { table: "t", both: "b" },
      destination: { region: "eu", target: "d" },
    });
    expect(config.credentials).toEqual(base.credentials);
    expect(base.runtimeSettings.destination.region).toBe("old");
  });

  it("replaces only the credentials given, and types a secret with the connector's first type", () => {
    expect(
      withConnection(base, { credentials: { secretArn: "env:NEW" } }, configuration).credentials,
    ).toEqual({
      secretArn: "env:NEW",
      authenticationType: "BasicAuth",
    });
    const bare = { ...base, credentials: {} };
    expect(
      withConnection(bare, { credentials: { secretArn: "env:NEW" } }, configuration).credentials,
    ).toEqual({
      secretArn: "env:NEW",
      authenticationType: "ApiKey",
    });
  });
});

describe("localSecretResolver", () => {
  it("reads env: references, then static ones, and explains unknown references", async () => {
    const resolver = localSecretResolver({
      env: { SHOP: '{"username":"u","password":"p"}' },
      secrets: { "arn:x": { apiKey: "k" } },
    });
    expect(await resolver.resolve("env:SHOP")).toEqual({ username: "u", password: "p" });
    expect(await resolver.resolve("arn:x")).toEqual({ apiKey: "k" });
    await expect(resolver.resolve("arn:other")).rejects.toThrow(/use env:NAME or file:PATH/);
    await expect(resolver.resolve("file:/nonexistent/secret.json")).rejects.toThrow(/does not exist/);
  });
});
