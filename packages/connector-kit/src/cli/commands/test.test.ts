import { mkdirSync, writeFileSync } from "node:fs";
import { connect, createServer, type Server } from "node:net";
import { join, resolve } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startJsonServer } from "../../../../../examples/json-server/test/json-server.js";
import { seed as ldapSeed } from "../../../../../examples/ldap/test/fixtures.js";
import { findSlapd, INSTALL_HINT, startSlapd } from "../../../../../examples/ldap/test/slapd-server.js";
import { closeAllDatabases } from "../../../../../examples/postgres/src/index.js";
import { makeTempDir } from "../../test-support/temp-dir.js";
import { captureCli } from "../test-support/capture-cli.js";
import { findTestConfig } from "./test.js";

const REPO = resolve(import.meta.dirname, "../../../../..");

/** `connector test <module>` from the repository's root, with no flag and no environment: its defaults. */
async function testWithDefaults(module: string) {
  const run = await captureCli(["test", module], REPO);
  const summary = run.stdout.trim().split("\n").at(-1) ?? "";
  const failed = run.stdout.split("\n").filter((line) => line.startsWith("✗"));
  return { ...run, summary, failed };
}

/** Forwards a fixed loopback port to another one: the shipped TestConfig names the fixed one. */
async function forward(from: number, to: number): Promise<Server> {
  const proxy = createServer((client) => {
    const upstream = connect(to, "127.0.0.1");
    client.pipe(upstream).on("error", () => upstream.destroy());
    upstream.pipe(client).on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
    upstream.on("error", () => client.destroy());
  });
  await new Promise<void>((done, fail) => {
    proxy.once("error", fail);
    proxy.listen(from, "127.0.0.1", done);
  });
  return proxy;
}

describe("connector test passes with its defaults on every example (each ships its testconfig.json)", () => {
  afterAll(closeAllDatabases);

  it("examples/hello", async () => {
    const run = await testWithDefaults("examples/hello/src/connector.ts");
    expect(run.stdout).toMatch(/^TestConfig: examples\/hello\/testconfig\.json/);
    expect(run.stdout).toContain("✓ credentials: ValidateCredentials accepts the test credentials");
    expect(run.failed).toEqual([]);
    expect(run.summary).toMatch(/^Planets: \d+ passed, 0 failed/);
    expect(run.status).toBe(0);
  });

  describe("examples/postgres", () => {
    // PGlite's first start in a process (WebAssembly, initdb) can take more than AppFlow's 10 s for a
    // validation call on a busy CI machine; once started, as in a warm Lambda container, a database opens in
    // about a second.
    beforeAll(async () => {
      await (await PGlite.create()).close();
    }, 120_000);

    it("on its embedded demo database, writes read back included", async () => {
      const run = await testWithDefaults("examples/postgres/src/index.ts");
      expect(run.stdout).toMatch(/^TestConfig: examples\/postgres\/testconfig\.json/);
      expect(run.failed).toEqual([]);
      expect(run.stdout).toContain('✓ metadata: the test entity "public.customers" is listed');
      for (const i of [0, 1, 2]) expect(run.stdout).toContain(`[write.config[${i}].read-back]`);
      expect(run.stdout).not.toMatch(/^- .*\[write\.config\[\d\]\.read-back\]$/m);
      expect(run.summary).toMatch(/^PostgreSQL: \d+ passed, 0 failed/);
      expect(run.status).toBe(0);
    }, 120_000);
  });

  it("examples/json-server, against json-server on 127.0.0.1:3000 as its testconfig.json says", async () => {
    const server = await startJsonServer({ port: 3000 });
    try {
      const run = await testWithDefaults("examples/json-server/src/index.ts");
      expect(run.stdout).toMatch(/^TestConfig: examples\/json-server\/testconfig\.json/);
      expect(run.failed).toEqual([]);
      expect(run.summary).toMatch(/^JsonServer: \d+ passed, 0 failed/);
      expect(run.status).toBe(0);
    } finally {
      await server.close();
    }
  }, 120_000);

  const slapd = findSlapd();
  it.skipIf(slapd === null)(
    `examples/ldap, against slapd on 127.0.0.1:3389 as its testconfig.json says${slapd ? "" : ` (skipped: no slapd; ${INSTALL_HINT})`}`,
    async () => {
      const server = await startSlapd(slapd!, ldapSeed());
      let proxy: Server | undefined;
      try {
        proxy = await forward(3389, Number(new URL(server.url).port));
        const run = await testWithDefaults("examples/ldap/src/index.ts");
        expect(run.stdout).toMatch(/^TestConfig: examples\/ldap\/testconfig\.json/);
        expect(run.failed).toEqual([]);
        expect(run.status).toBe(0);
      } finally {
        await new Promise((done) => (proxy ? proxy.close(done) : done(undefined)));
        await server.stop();
      }
    },
    120_000,
  );
});

describe("the TestConfig next to a connector", () => {
  const dir = makeTempDir("ck-testconfig-");

  it("is found in the module's directory or a parent, up to its package.json", () => {
    mkdirSync(join(dir, "pkg", "src", "deep"), { recursive: true });
    writeFileSync(join(dir, "pkg", "package.json"), "{}");
    writeFileSync(join(dir, "testconfig.json"), "{}"); // above the package: not its config
    expect(findTestConfig(join(dir, "pkg", "src", "deep", "connector.ts"))).toBeUndefined();
    writeFileSync(join(dir, "pkg", "TestConfig.json"), "{}");
    expect(findTestConfig(join(dir, "pkg", "src", "deep", "connector.ts"))).toBe(
      join(dir, "pkg", "TestConfig.json"),
    );
    writeFileSync(join(dir, "pkg", "src", "testconfig.json"), "{}");
    expect(findTestConfig(join(dir, "pkg", "src", "deep", "connector.ts"))).toBe(
      join(dir, "pkg", "src", "testconfig.json"),
    );
  });

  it("reads its file: secrets next to it, wherever the command runs, else from the working directory", async () => {
    const configDir = join(dir, "configs");
    mkdirSync(configDir, { recursive: true });
    writeFileSync(join(configDir, "key.json"), JSON.stringify({ apiKey: "pk_from_the_config_dir" }));
    const config = join(configDir, "planets.json");
    writeFileSync(
      config,
      JSON.stringify({
        runtimeSettings: { connectorProfile: { unit: "metric" } },
        credentials: { secretArn: "file:key.json", authenticationType: "ApiKey" },
        testEntityIdentifier: "planets",
      }),
    );
    const elsewhere = join(dir, "elsewhere");
    mkdirSync(elsewhere, { recursive: true });
    const hello = join(REPO, "examples/hello/src/connector.ts");
    const run = await captureCli(["test", hello, "--config", config, "--failures-only"], elsewhere);
    expect(run.stdout).not.toContain("TestConfig:"); // given, not found
    expect(run.stdout).toMatch(/Planets: \d+ passed, 0 failed/);
    expect(run.status).toBe(0);
    // A reference relative to the working directory, as `connector init` projects write them, still works.
    writeFileSync(join(elsewhere, "cwd-key.json"), JSON.stringify({ apiKey: "pk_from_the_cwd" }));
    writeFileSync(
      config,
      JSON.stringify({
        runtimeSettings: { connectorProfile: { unit: "metric" } },
        credentials: { secretArn: "file:cwd-key.json", authenticationType: "ApiKey" },
        testEntityIdentifier: "planets",
      }),
    );
    const fromCwd = await captureCli(["test", hello, "--config", config, "--failures-only"], elsewhere);
    expect(fromCwd.stdout).toMatch(/Planets: \d+ passed, 0 failed/);
  });
});
