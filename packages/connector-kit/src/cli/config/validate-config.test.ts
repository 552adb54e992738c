import { describe, expect, it } from "vitest";
import { ConfigError } from "./config-error.js";
import { validateConfig } from "./validate-config.js";

const FILE = "/project/connector.config.ts";

/** The ConfigError validating `value` throws. */
function problemOf(value: unknown): ConfigError {
  try {
    validateConfig(value, FILE);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("the config was accepted");
}

describe("validateConfig", () => {
  it("resolves the connector from the config's directory and turns settings into text", () => {
    const config = validateConfig(
      {
        connector: "src/connector.ts",
        connections: {
          local: {
            settings: { baseUrl: "http://127.0.0.1:3000/", sampleSize: 50, strict: true },
            secret: "env:SHOP_SECRET",
            authType: "ApiKey",
            apiVersion: "v2",
          },
        },
      },
      FILE,
    );
    expect(config.connector).toBe("/project/src/connector.ts");
    expect(config.dir).toBe("/project");
    expect(config.connections.get("local")).toEqual({
      name: "local",
      settings: { baseUrl: "http://127.0.0.1:3000/", sampleSize: "50", strict: "true" },
      secret: "env:SHOP_SECRET",
      authType: "ApiKey",
      apiVersion: "v2",
    });
    // The only connection is the default one.
    expect(config.defaultConnection).toBe("local");
  });

  it("has no default connection among several unless it names one", () => {
    const two = { connections: { a: {}, b: { secret: "file:secrets/b.json" } } };
    expect(validateConfig(two, FILE).defaultConnection).toBeUndefined();
    expect(validateConfig({ ...two, defaultConnection: "b" }, FILE).defaultConnection).toBe("b");
    expect(validateConfig({}, FILE).connections.size).toBe(0);
  });

  it("answers an unknown key with the closest known one, naming the key's path", () => {
    const top = problemOf({ conector: "src/connector.ts" });
    expect([top.file, top.key]).toEqual([FILE, "conector"]);
    expect(top.message).toBe(
      `${FILE}: conector: unknown key (did you mean "connector"?); known keys: connector, connections, defaultConnection`,
    );
    const nested = problemOf({ connections: { local: { setings: { a: "b" } } } });
    expect(nested.key).toBe("connections.local.setings");
    expect(nested.message).toMatch(/unknown key \(did you mean "settings"\?\)/);
  });

  it("names the expected type of a wrong value", () => {
    expect(problemOf(null).message).toMatch(/the config must be an object .*, not null/);
    expect(problemOf({ connector: 5 }).message).toBe(
      `${FILE}: connector: must be a non-empty string, not a number`,
    );
    expect(problemOf({ connections: [] }).key).toBe("connections");
    expect(problemOf({ connections: { x: "env:A" } }).key).toBe("connections.x");
    const setting = problemOf({ connections: { x: { settings: { region: { eu: true } } } } });
    expect([setting.key, setting.message]).toEqual([
      "connections.x.settings.region",
      `${FILE}: connections.x.settings.region: must be a string, a number or a boolean, not an object`,
    ]);
    expect(problemOf({ connections: { x: { settings: { n: Number.NaN } } } }).key).toBe(
      "connections.x.settings.n",
    );
  });

  it("refuses a secret that is not a reference, without repeating it", () => {
    const error = problemOf({ connections: { prod: { secret: '{"apiKey":"sk_live_123"}' } } });
    expect(error.key).toBe("connections.prod.secret");
    expect(error.message).toMatch(/must be a reference — env:NAME, file:path or a Secrets Manager ARN/);
    expect(error.message).not.toContain("sk_live_123");
    for (const secret of ["env:SHOP", "file:./secret.json", "arn:aws:secretsmanager:eu-west-1:1:secret:x"])
      expect(validateConfig({ connections: { ok: { secret } } }, FILE).connections.get("ok")?.secret).toBe(
        secret,
      );
  });

  it("refuses a default connection that names none, with the closest one", () => {
    const error = problemOf({ connections: { staging: {}, prod: {} }, defaultConnection: "stagin" });
    expect(error.key).toBe("defaultConnection");
    expect(error.message).toMatch(
      /names no connection: "stagin" \(did you mean "staging"\?\); connections: staging, prod/,
    );
  });
});
