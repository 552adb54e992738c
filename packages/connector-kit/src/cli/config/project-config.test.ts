import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { readmeExamples } from "../../test-support/readme-examples.js";
import { makeTempDir } from "../../test-support/temp-dir.js";
import { captureCli } from "../test-support/capture-cli.js";
import { findConfigFile } from "./load-config.js";

const PACKAGE_DIR = resolve(import.meta.dirname, "../../..");
const ORDERS = join(PACKAGE_DIR, "src/hosts/appflow/test-support/cli-connector.ts");
const SECRET = JSON.stringify({ username: "cli-user", password: "cli-password-123" });

/**
 * A project in a temporary directory: package.json, src/connector.ts (the orders test connector, which needs
 * the `region` setting and BasicAuth credentials), node_modules/connector-kit leading to this package, and
 * the given files.
 */
function project(files: Record<string, string>): string {
  const dir = makeTempDir("ck-config-");
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "p", private: true, type: "module" }));
  mkdirSync(join(dir, "src"));
  writeFileSync(join(dir, "src/connector.ts"), `export { connector } from ${JSON.stringify(ORDERS)};\n`);
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(PACKAGE_DIR, join(dir, "node_modules/connector-kit"), "dir");
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const TS_CONFIG = `import { defineConfig } from "connector-kit/config";

export default defineConfig({
  connector: "src/connector.ts",
  connections: {
    eu: { settings: { region: "eu" }, secret: "env:ORDERS", authType: "BasicAuth" },
    us: { settings: { region: "us" }, secret: "file:secrets/orders.json" },
  },
  defaultConnection: "eu",
});
`;

const SCOPE = '{"scope":"CONNECTOR_PROFILE"}';
const query = JSON.stringify({ entityIdentifier: "orders", maxResults: 1 });

describe("a project config (connector.config.ts)", () => {
  it("gives every command its connector and default connection, found from a subdirectory", async () => {
    const dir = project({ "connector.config.ts": TS_CONFIG });
    const sub = join(dir, "src");
    const env = { ORDERS: SECRET };
    const described = await captureCli(["describe"], sub, env);
    expect(described.status, described.stderr).toBe(0);
    expect(described.stdout).toContain("OrdersTest 1.0.0 by connector-kit");
    const entity = await captureCli(["describe", "orders"], sub, env);
    expect(entity.stdout).toMatch(/Entity orders: \d+ fields/);
    const invoked = await captureCli(["invoke", "query", "--request", query], dir, env);
    expect(invoked.status, invoked.stderr).toBe(0);
    expect(JSON.parse(invoked.stdout).records).toHaveLength(1);
    const valid = await captureCli(["invoke", "validate-credentials"], dir, env);
    expect(JSON.parse(valid.stdout)).toEqual({ isSuccess: true, errorDetails: null });
  });

  it("takes a named connection with --connection, its file: secret read next to the config, and flags win", async () => {
    const dir = project({ "connector.config.ts": TS_CONFIG, "secrets/orders.json": SECRET });
    const sub = join(dir, "src");
    // us is closed for maintenance in the test connector: the connection's setting reached it.
    const us = await captureCli(["invoke", "settings", "--request", SCOPE, "--connection", "us"], sub);
    expect(JSON.parse(us.stdout).errorsByInputField).toEqual({
      region: "Region us is closed for maintenance",
    });
    const overridden = await captureCli(
      ["invoke", "settings", "--request", SCOPE, "--connection", "us", "--setting", "region=eu"],
      sub,
    );
    expect(JSON.parse(overridden.stdout)).toMatchObject({ isSuccess: true });
    const credentials = await captureCli(["invoke", "validate-credentials", "--connection", "us"], sub);
    expect(JSON.parse(credentials.stdout)).toEqual({ isSuccess: true, errorDetails: null });
    // An explicit --secret replaces the connection's: this one is not set.
    const other = await captureCli(
      ["invoke", "validate-credentials", "--connection", "us", "--secret", "env:NOPE"],
      sub,
    );
    expect(other.status).toBe(1);
    expect(other.stdout).not.toContain("cli-password-123");
  });

  it("still takes an explicit connector module before the config's", async () => {
    const dir = project({
      "connector.config.ts": TS_CONFIG.replace(
        'connector: "src/connector.ts"',
        'connector: "src/missing.ts"',
      ),
    });
    const r = await captureCli(["describe", "src/connector.ts", "orders"], dir, { ORDERS: SECRET });
    expect(r.status, r.stderr).toBe(0);
    const missing = await captureCli(["describe"], dir, { ORDERS: SECRET });
    expect([missing.status, missing.stderr]).toEqual([
      2,
      expect.stringMatching(/No connector module at .*src\/missing\.ts/),
    ]);
  });

  it("reads connector.config.json and .mjs too", async () => {
    const json = project({
      "connector.config.json": JSON.stringify({
        connector: "src/connector.ts",
        connections: { eu: { settings: { region: "eu" } } },
      }),
    });
    expect((await captureCli(["describe", "orders"], json)).status).toBe(0);
    const mjs = project({
      "connector.config.mjs":
        'export default { connector: "src/connector.ts", connections: { eu: { settings: { region: "eu" } } } };\n',
    });
    expect((await captureCli(["describe", "orders"], mjs)).status).toBe(0);
  });

  it("answers an unknown connection, an invalid config and a missing one with a usage error naming what is wrong", async () => {
    const dir = project({ "connector.config.ts": TS_CONFIG });
    const unknown = await captureCli(["describe", "--connection", "ue"], dir);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(
      /--connection ue: .*connector\.config\.ts has no such connection \(did you mean "us"\?\); connections: eu, us/,
    );

    const bad = project({
      "connector.config.json": JSON.stringify({
        connector: "src/connector.ts",
        connections: { eu: { secret: "hunter2-plain" } },
      }),
    });
    const invalid = await captureCli(["invoke", "configuration", "--json"], bad);
    expect(invalid.status).toBe(2);
    expect(JSON.parse(invalid.stdout).error).toEqual({
      type: "UsageError",
      message: expect.stringMatching(/connector\.config\.json: connections\.eu\.secret: must be a reference/),
      file: join(bad, "connector.config.json"),
      key: "connections.eu.secret",
      problem: expect.stringMatching(/^must be a reference/),
    });
    expect(invalid.stdout).not.toContain("hunter2");

    const none = makeTempDir("ck-config-none-");
    writeFileSync(join(none, "package.json"), "{}");
    const noConfig = await captureCli(["describe", "--connection", "eu"], none);
    expect([noConfig.status, noConfig.stderr]).toEqual([
      2,
      expect.stringMatching(/Usage: connector describe <connector>/),
    ]);
    const noConfigWithModule = await captureCli(["describe", ORDERS, "--connection", "eu"], none);
    expect(noConfigWithModule.stderr).toMatch(/--connection eu: no project config/);

    const broken = project({ "connector.config.json": "{ nope" });
    expect((await captureCli(["describe"], broken)).stderr).toMatch(
      /connector\.config\.json: not valid JSON/,
    );
  });

  it("stops looking at the project root, and refuses two configs in one directory", () => {
    const dir = project({ "connector.config.ts": TS_CONFIG, "nested/package.json": "{}" });
    expect(findConfigFile(join(dir, "src"))).toBe(join(dir, "connector.config.ts"));
    expect(findConfigFile(join(dir, "nested"))).toBeUndefined();
    writeFileSync(join(dir, "connector.config.json"), "{}");
    expect(() => findConfigFile(dir)).toThrow(
      /one project config per directory; also found .*connector\.config\.json/,
    );
  });
});

describe("connector test with connection flags", () => {
  it("derives the TestConfig from the flags when there is no TestConfig file", async () => {
    const dir = project({});
    const r = await captureCli(
      ["test", "src/connector.ts", "--setting", "region=eu", "--secret", "env:ORDERS", "--json"],
      dir,
      { ORDERS: SECRET },
    );
    const report = JSON.parse(r.stdout);
    expect(report.checks.find((c: { id: string }) => c.id === "credentials.validate")).toMatchObject({
      status: "pass",
    });
    expect(report.checks.find((c: { id: string }) => c.id === "settings.CONNECTOR_PROFILE")?.status).not.toBe(
      "fail",
    );
  });

  it("puts the flags over a TestConfig file's settings, and uses the project's connection with --connection", async () => {
    const dir = project({
      "connector.config.ts": TS_CONFIG,
      "secrets/orders.json": SECRET,
      "test/testconfig.json": JSON.stringify({
        runtimeSettings: { connectorProfile: { region: "us" } },
        credentials: { secretArn: "env:ORDERS", authenticationType: "BasicAuth" },
        testEntityIdentifier: "orders",
      }),
    });
    const config = ["--config", "test/testconfig.json", "--json"];
    const check = (stdout: string, id: string) =>
      (JSON.parse(stdout).checks as Array<{ id: string; status: string }>).find((c) => c.id === id)?.status;
    // region=us is refused by the connector; the flag replaces it.
    const asIs = await captureCli(["test", ...config], dir, { ORDERS: SECRET });
    expect(asIs.status).toBe(1);
    const fixed = await captureCli(["test", ...config, "--setting", "region=eu"], dir, { ORDERS: SECRET });
    expect(check(fixed.stdout, "credentials.validate")).toBe("pass");
    const byConnection = await captureCli(["test", ...config, "--connection", "eu"], dir, { ORDERS: SECRET });
    expect(byConnection.status, byConnection.stdout).toBe(JSON.parse(fixed.stdout).ok ? 0 : 1);
    expect(check(byConnection.stdout, "credentials.validate")).toBe("pass");
  });
});

describe("the README's project config", () => {
  const README = join(PACKAGE_DIR, "../../README.md");
  const config = readmeExamples(README).get("project-config")!;
  // The commands of the bash block right after it, as a shell would split them (single quotes only).
  const readme = readFileSync(README, "utf8");
  const block = readme.slice(readme.indexOf("<!-- example: project-config -->"));
  const commands = /```bash\n([\s\S]*?)```/
    .exec(block)![1]!
    .split("\n")
    .filter((line) => line.startsWith("connector "))
    .map((line) =>
      [...line.replace(/\s+#.*$/, "").matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]!).slice(1),
    );

  it("is a config file the commands below it use as the README says", async () => {
    expect(config).toMatch(/from "connector-kit\/config"/);
    expect(commands.map((c) => c[0])).toEqual(["describe", "invoke", "invoke", "test"]);
    const dir = project({
      "connector.config.ts": config,
      "secrets/staging.json": SECRET,
      "test/testconfig.json": JSON.stringify({
        runtimeSettings: { connectorProfile: { region: "eu" } },
        credentials: {},
        testEntityIdentifier: "orders",
      }),
    });
    const env = { SHOP_SECRET: SECRET };
    const [describeRun, staging, overridden, tested] = await Promise.all(
      commands.map((args) => captureCli(args, dir, env)),
    );
    // describe: the config's connector with the local connection (region eu, the env: secret).
    expect(describeRun!.status, describeRun!.stderr).toBe(0);
    expect(describeRun!.stdout).toContain("└─ sales [read-only]\n   └─ orders (Orders)");
    // invoke with the staging connection: its file: secret is read next to the config.
    expect(staging!.status, staging!.stderr).toBe(0);
    expect(JSON.parse(staging!.stdout).records.length).toBeGreaterThan(0);
    // --setting region=us over the local connection's region eu: the connector's settings check sees us.
    expect(JSON.parse(overridden!.stdout).errorsByInputField).toEqual({
      region: "Region us is closed for maintenance",
    });
    // test: the staging connection over the TestConfig; the connector refuses region us in its settings check.
    const report = tested!.stdout;
    expect(report).toMatch(/✓ credentials/);
    expect(report).toMatch(/✗ settings.*Region us is closed for maintenance/);
  });
});
