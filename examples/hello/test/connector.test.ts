import { readFileSync } from "node:fs";
import { StaticSecretResolver } from "connector-kit";
import { createAppFlowHost } from "connector-kit/appflow";
import { describe, expect, it } from "vitest";
import { connector } from "../src/connector.js";

const host = createAppFlowHost(connector, {
  secrets: new StaticSecretResolver({ "arn:test": { apiKey: "pk_live_123456" } }),
  logLevel: "silent",
});
const connectorContext = { apiVersion: "v1", connectorRuntimeSettings: { unit: "metric" } };

describe("the README's example connector", () => {
  it("is the code the README shows", () => {
    const readme = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");
    const source = readFileSync(new URL("../src/connector.ts", import.meta.url), "utf8");
    expect(readme).toContain(source.trim());
  });

  it("validates its API key", async () => {
    const ok = await host.invoke({
      type: "ValidateCredentialsRequest",
      credentials: { secretArn: "arn:test", authenticationType: "ApiKey" },
      connectorRuntimeSettings: { unit: "metric" },
    });
    expect(ok).toEqual({ isSuccess: true, errorDetails: null });
  });

  it("answers a paged query as AppFlow asks for it", async () => {
    const names: string[] = [];
    let nextToken: string | null = null;
    do {
      const r = await host.invoke({
        type: "QueryDataRequest",
        entityIdentifier: "planets",
        selectedFieldNames: ["name"],
        maxResults: 3,
        nextToken,
        connectorContext,
      });
      expect(r["isSuccess"]).toBe(true);
      names.push(...(r["records"] as string[]).map((s) => JSON.parse(s).name));
      nextToken = r["nextToken"] as string | null;
    } while (nextToken);
    expect(names).toEqual(["Mercury", "Venus", "Earth", "Mars"]);
  });

  it("rejects a query without its required setting", async () => {
    const r = await host.invoke({
      type: "QueryDataRequest",
      entityIdentifier: "planets",
      connectorContext: { apiVersion: "v1" },
    });
    expect(r["errorDetails"]).toMatchObject({
      errorCode: "InvalidArgument",
      errorMessage: "Invalid runtime settings: unit: Unit is required",
    });
  });
});
