import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeTempDir } from "../test-support/temp-dir.js";
import { exitStatusOf } from "./commands/flow-run.js";
import { captureCli } from "./test-support/capture-cli.js";

const FIXTURE = join(import.meta.dirname, "../hosts/appflow/test-support/cli-connector.ts");
const dir = makeTempDir("ck-cli-");

const cli = (args: string[], stdin: string | null = null, env: Record<string, string> = {}) =>
  captureCli(args, dir, env, stdin);

const SECRET = JSON.stringify({ username: "cli-user", password: "cli-password-123" });

describe("connector invoke", () => {
  it("calls an operation as AppFlow would and prints the response", async () => {
    const r = await cli([
      "invoke",
      FIXTURE,
      "QueryData",
      "--request",
      JSON.stringify({
        entityIdentifier: "orders",
        maxResults: 2,
        connectorContext: { apiVersion: "v1", connectorRuntimeSettings: { region: "eu" } },
      }),
    ]);
    expect(r.status).toBe(0);
    const response = JSON.parse(r.stdout);
    expect(response.records).toHaveLength(2);
    expect(response.nextToken).toMatch(/^ck\d+\./);
  });

  it("reads the request from a file or standard input, and resolves env: secrets", async () => {
    const file = join(dir, "req.json");
    writeFileSync(
      file,
      JSON.stringify({
        credentials: { secretArn: "env:ORDERS", authenticationType: "BasicAuth" },
        connectorRuntimeSettings: { region: "eu" },
      }),
    );
    const fromFile = await cli(
      ["invoke", FIXTURE, "validate-credentials", "--request-file", "req.json"],
      null,
      {
        ORDERS: SECRET,
      },
    );
    expect(JSON.parse(fromFile.stdout)).toEqual({ isSuccess: true, errorDetails: null });
    const fromStdin = await cli(["invoke", FIXTURE, "configuration", "--pretty"], "{}");
    expect(fromStdin.stdout).toContain('\n  "connectorName": "OrdersTest"');
  });

  it("takes the connection from the same flags as describe, and the request's own context wins", async () => {
    const env = { ORDERS: SECRET };
    const flags = ["--setting", "region=eu", "--secret", "env:ORDERS"];
    const query = await cli(
      ["invoke", FIXTURE, "query", "--request", '{"entityIdentifier":"orders"}', ...flags],
      null,
      env,
    );
    expect(query.status, query.stdout).toBe(0);
    expect(JSON.parse(query.stdout).records.length).toBeGreaterThan(0);
    const valid = await cli(["invoke", FIXTURE, "validate-credentials", ...flags], null, env);
    expect(JSON.parse(valid.stdout)).toEqual({ isSuccess: true, errorDetails: null });
    const overridden = await cli(
      [
        "invoke",
        FIXTURE,
        "settings",
        "--request",
        '{"scope":"CONNECTOR_PROFILE","connectorRuntimeSettings":{"region":"us"}}',
        ...flags,
      ],
      null,
      env,
    );
    expect(JSON.parse(overridden.stdout).errorsByInputField).toEqual({
      region: "Region us is closed for maintenance",
    });
  });

  it("describes the entity first, as AppFlow does, so a filter is checked against its fields and operators", async () => {
    const query = (filterExpression: string) =>
      cli([
        "invoke",
        FIXTURE,
        "query",
        "--setting",
        "region=eu",
        "--request",
        JSON.stringify({ entityIdentifier: "orders", filterExpression }),
      ]);
    const typo = await query("stauts = 'active'");
    expect(typo.status).toBe(1);
    expect(JSON.parse(typo.stdout).errorDetails).toMatchObject({
      errorCode: "InvalidArgument",
      errorMessage: expect.stringMatching(/stauts/),
    });
    const ok = await query("note = 'x'");
    expect(ok.status, ok.stdout).toBe(0);
  });

  it("exits 1 when the connector answers isSuccess false", async () => {
    const r = await cli([
      "invoke",
      FIXTURE,
      "entity",
      "--request",
      '{"entityIdentifier":"nope","connectorContext":{"connectorRuntimeSettings":{"region":"eu"}}}',
    ]);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).errorDetails.errorCode).toBe("ResourceNotFoundError");
  });

  it("exits 2 with a clear message for usage errors", async () => {
    expect((await cli(["invoke", FIXTURE, "frobnicate"])).stderr).toMatch(/Unknown operation "frobnicate"/);
    expect((await cli(["invoke", FIXTURE, "query", "--request", "{nope"])).stderr).toMatch(/not valid JSON/);
    const both = await cli(["invoke", FIXTURE, "query", "--request", "{}", "--request-file", "r.json"]);
    expect(both.stderr).toMatch(/not both/);
    const missing = await cli(["invoke", FIXTURE, "query", "--request-file", "absent.json"]);
    expect([missing.status, missing.stderr]).toEqual([
      2,
      expect.stringMatching(/Cannot read the request file .*absent\.json: ENOENT/),
    ]);
    expect((await cli(["invoke", "missing.ts", "query"])).stderr).toMatch(/No connector module/);
    expect((await cli(["invoke", FIXTURE, "query", "--bogus"])).status).toBe(2);
    expect((await cli(["frobnicate"])).status).toBe(2);
  });
});

describe("connector describe", () => {
  it("summarizes the configuration and the entity tree", async () => {
    const r = await cli(["describe", FIXTURE, "--setting", "region=eu"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("OrdersTest 1.0.0 by connector-kit");
    expect(r.stdout).toContain("auth:           BasicAuth");
    expect(r.stdout).toMatch(/region\s+String\s+CONNECTOR_PROFILE\s+yes\s+Region\s+eu, us/);
    expect(r.stdout).toContain("└─ sales [read-only]\n   └─ orders (Orders)");
  });

  it("prints an entity's field table, or JSON", async () => {
    const r = await cli(["describe", FIXTURE, "orders", "--setting", "region=eu"]);
    expect(r.stdout).toMatch(/updatedAt\s+DateTime\s+yes\s+yes/);
    const json = await cli(["describe", FIXTURE, "--setting", "region=eu", "--json"]);
    expect(JSON.parse(json.stdout).entities[0].children[0].id).toBe("orders");
  });

  it("reports a failing call as a failure (exit 1, not a usage error), as JSON with --json", async () => {
    const r = await cli(["describe", FIXTURE, "--json"]);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).error).toMatchObject({
      type: "InvalidArgument",
      message: expect.stringMatching(/region: Region is required/),
    });
  });
});

describe("connector test", () => {
  const hello = join(import.meta.dirname, "../../../../examples/hello/src/connector.ts");

  it("runs the conformance suite and exits 0 when every check passes", async () => {
    const config = join(dir, "hello-testconfig.json");
    writeFileSync(
      config,
      JSON.stringify({
        runtimeSettings: { connectorProfile: { unit: "metric", apiVersion: "v1" } },
        credentials: { secretArn: "env:PLANETS", authenticationType: "ApiKey" },
        testEntityIdentifier: "planets",
        queryRecordConfigurations: [
          {
            entityIdentifier: "planets",
            selectedFieldNames: ["name", "moons"],
            filterExpression: "moons > 0",
          },
        ],
      }),
    );
    const r = await cli(["test", hello, "--config", config], null, { PLANETS: '{"apiKey":"pk_test_12345"}' });
    expect(r.stdout).toMatch(/✓ credentials/);
    expect(r.stdout).toMatch(/\d+ passed, 0 failed/);
    expect(r.status).toBe(0);
  });

  it("exits 1 and says why when a check fails, and 2 for a bad TestConfig", async () => {
    const config = join(dir, "bad-key-testconfig.json");
    writeFileSync(
      config,
      JSON.stringify({
        runtimeSettings: { connectorProfile: { unit: "metric" } },
        credentials: { secretArn: "env:PLANETS", authenticationType: "ApiKey" },
        testEntityIdentifier: "planets",
      }),
    );
    const failed = await cli(["test", hello, "--config", config, "--json"], null, {
      PLANETS: '{"apiKey":"wrong"}',
    });
    expect(failed.status).toBe(1);
    const report = JSON.parse(failed.stdout);
    expect(report.checks.find((c: { id: string }) => c.id === "credentials.validate")).toMatchObject({
      status: "fail",
    });
    const bad = join(dir, "broken-testconfig.json");
    writeFileSync(bad, JSON.stringify({ credentials: {}, testEntityIdentifier: 5 }));
    expect((await cli(["test", hello, "--config", bad])).status).toBe(2);
  });
});

describe("connector spec", () => {
  it("prints the JSON Schema of every request and response", async () => {
    const r = await cli(["spec", "--compact"]);
    expect(r.status).toBe(0);
    const schema = JSON.parse(r.stdout);
    expect(Object.keys(schema.$defs)).toEqual(
      expect.arrayContaining(["QueryDataRequest", "QueryDataResponse", "EntityDefinition"]),
    );
  });
});

describe("connector help", () => {
  it("lists commands and shows each command's flags", async () => {
    expect((await cli(["--help"])).stdout).toMatch(/invoke\s+Call one AppFlow operation/);
    expect((await cli(["invoke", "--help"])).stdout).toMatch(/--request-file <path>/);
  });
});

describe("connector --version", () => {
  it("prints the version of connector-kit, the one in its package.json", async () => {
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, "../../package.json"), "utf8")) as {
      version: string;
    };
    for (const flag of ["--version", "-v"]) {
      const r = await cli([flag]);
      expect(r.status).toBe(0);
      expect(r.stdout.trim()).toBe(pkg.version);
    }
  });

  it("`help <command>` shows that command's help, and an unknown one is a usage error", async () => {
    expect((await cli(["help", "invoke"])).stdout).toMatch(/--request-file <path>/);
    expect((await cli(["help", "nope"])).status).toBe(2);
  });
});

describe("usage errors", () => {
  it("answers an unknown command or flag with the closest known one, exit 2", async () => {
    const command = await cli(["invok"]);
    expect(command.status).toBe(2);
    expect(command.stderr).toMatch(/Unknown command "invok" \(did you mean "invoke"\?\)/);
    const flag = await cli(["describe", FIXTURE, "--setings", "a=b"]);
    expect(flag.status).toBe(2);
    expect(flag.stderr).toMatch(
      /Unknown flag --setings for connector describe \(did you mean "--setting"\?\)/,
    );
    const far = await cli(["describe", FIXTURE, "--zzzzzzzz"]);
    expect(far.stderr).toMatch(
      /Unknown flag --zzzzzzzz for connector describe; run `connector help describe`/,
    );
  });
});

describe("exit statuses", () => {
  it("are those of the README's table, each produced by the CLI", async () => {
    const readme = readFileSync(join(import.meta.dirname, "../../../../README.md"), "utf8");
    const documented = [...readme.matchAll(/^\| (\d) \| /gm)].map((m) => Number(m[1]));
    const scenarios: Record<number, () => Promise<number>> = {
      0: async () => (await cli(["--version"])).status,
      1: async () => (await cli(["describe", FIXTURE])).status,
      2: async () => (await cli(["describe"])).status,
      3: async () => exitStatusOf("completed_with_errors"), // a real run of it: commands/flow.test.ts
    };
    expect(documented).toEqual(Object.keys(scenarios).map(Number));
    for (const code of documented) expect(await scenarios[code]!()).toBe(code);
  });
});

describe("a connector module that throws on import", () => {
  it("is reported with the module, the error, and where in the module it was thrown", async () => {
    const file = join(dir, "broken-connector.ts");
    writeFileSync(
      file,
      'const ready = false;\nif (!ready) throw new TypeError("boom: no API key");\nexport const connector = {};\n',
    );
    const r = await cli(["describe", file]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/importing .*broken-connector\.ts failed: TypeError: boom: no API key/);
    expect(r.stderr).toMatch(/at .*broken-connector\.ts:2:\d+/);
  });
});

describe("commands that load a connector close what it keeps open", () => {
  it("describe and invoke call the module's dispose once they are done, also when the call failed", async () => {
    const module = join(dir, "disposing-connector.ts");
    const marker = join(dir, "disposed.log");
    writeFileSync(
      module,
      `import { appendFileSync } from "node:fs";
export { connector } from ${JSON.stringify(FIXTURE)};
export async function dispose() {
  appendFileSync(${JSON.stringify(marker)}, "disposed\\n");
}
`,
    );
    const describe = await cli(["describe", module, "--setting", "region=eu"]);
    expect(describe.status).toBe(0);
    expect(readFileSync(marker, "utf8")).toBe("disposed\n");
    const invoke = await cli(["invoke", module, "configuration"]);
    expect(invoke.status).toBe(0);
    const failed = await cli(["describe", module, "no-such-entity", "--setting", "region=eu"]);
    expect(failed.status).not.toBe(0);
    expect(readFileSync(marker, "utf8")).toBe("disposed\ndisposed\ndisposed\n");
  });
});
