import { describe, expect, it } from "vitest";
import { defineConnector } from "../core/define/define-connector.js";
import { localSecretResolver } from "./local-secrets.js";
import { testConfigFromConnector } from "./test-config-from-connector.js";
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
