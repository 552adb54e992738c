import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { makeTempDir } from "../../test-support/temp-dir.js";
import { packRunningSdk } from "../sdk-tarball.js";
import { restTemplate } from "../templates/rest-template.js";
import { captureCli } from "../test-support/capture-cli.js";
import { SDK_VERSION } from "../version.js";

/** The generated project's own test upstream (test/upstream.ts), on a free port with its default key. */
async function startLocalUpstream(dir: string): Promise<{ url: string; close(): Promise<void> }> {
  const module = (await import(pathToFileURL(join(dir, "test/upstream.ts")).href)) as {
    startUpstream(): Promise<{ url: string; close(): Promise<void> }>;
  };
  return module.startUpstream();
}

// The end-to-end path (pack, init outside the repository, install, test) is in test/packed-package.test.ts.
const init = (args: string[], cwd: string) => captureCli(["init", ...args], cwd);

describe("connector init", () => {
  it("writes each template's project, depending on the registry version with --sdk registry", async () => {
    const cwd = makeTempDir("ck-init-");
    for (const [template, files] of [
      ["appflow", ["src/connector.ts", "test/connector.test.ts"]],
      ["lumos", ["src/connector.ts", "test/connector.test.ts"]],
      ["rest", ["src/connector.ts", "src/filter-params.ts", "test/upstream.ts", "test/testconfig.json"]],
      [
        "sql",
        [
          "src/connector.ts",
          "src/database.ts",
          "test/testconfig.json",
          "test/test-credentials.json",
          "flows/customers-to-jsonl.yaml",
          "test/flow.test.ts",
        ],
      ],
    ] as const) {
      const r = await init([`shop-${template}`, "--template", template, "--sdk", "registry", "--json"], cwd);
      expect(r.status, r.stderr).toBe(0);
      const created = JSON.parse(r.stdout);
      expect(created.files).toEqual(
        expect.arrayContaining(["package.json", "README.md", ".gitignore", "tsconfig.json", ...files]),
      );
      const pkg = JSON.parse(readFileSync(join(created.directory, "package.json"), "utf8"));
      expect(pkg.dependencies["connector-kit"]).toBe(`^${SDK_VERSION}`);
      expect(Object.keys(pkg.devDependencies)).toEqual(expect.arrayContaining(["ajv", "esbuild", "tsx"]));
    }
  });

  it("writes a given version range as it is", async () => {
    const cwd = makeTempDir("ck-init-");
    const r = await init(["shop", "--sdk", "~0.1.0", "--json"], cwd);
    const pkg = JSON.parse(readFileSync(join(JSON.parse(r.stdout).directory, "package.json"), "utf8"));
    expect(pkg.dependencies["connector-kit"]).toBe("~0.1.0");
  });

  it("refuses bad names, reserved prefixes, unknown templates and non-empty directories", async () => {
    const cwd = makeTempDir("ck-init-");
    expect((await init(["My Connector"], cwd)).stderr).toMatch(/lower-case letters/);
    expect((await init(["aws-thing"], cwd)).stderr).toMatch(/starting with aws/);
    expect((await init(["ok-name", "--template", "nope"], cwd)).stderr).toMatch(/Unknown template "nope"/);
    expect((await init(["shop", "--sdk", "registry"], cwd)).status).toBe(0);
    const again = await init(["shop", "--sdk", "registry"], cwd);
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/already exists/);
  });

  it("refuses to vendor a connector-kit that is not built, naming the way out", async () => {
    const unbuilt = makeTempDir("ck-sdk-");
    await expect(packRunningSdk(makeTempDir("ck-vendor-"), unbuilt)).rejects.toThrow(
      /is not built \(no dist\/\).*--sdk registry/,
    );
  });

  it("writes where the user is, also through this repository's `npm run connector` from another directory", () => {
    const elsewhere = makeTempDir("ck-init-cwd-");
    const repo = join(import.meta.dirname, "../../../../..");
    const out = execFileSync(
      "npm",
      [
        "--prefix",
        repo,
        "run",
        "-s",
        "connector",
        "--",
        "init",
        "from-elsewhere",
        "--sdk",
        "registry",
        "--json",
      ],
      { cwd: elsewhere, encoding: "utf8" },
    );
    expect(JSON.parse(out).directory).toBe(join(elsewhere, "from-elsewhere"));
    expect(existsSync(join(repo, "from-elsewhere"))).toBe(false);
  });

  it("keeps the flow runner's state out of git and describes out of the box", async () => {
    const cwd = makeTempDir("ck-init-");
    const r = await init(["shop", "--sdk", "registry", "--json"], cwd);
    const dir = JSON.parse(r.stdout).directory as string;
    expect(readFileSync(join(dir, ".gitignore"), "utf8").split("\n")).toContain(".connector/");
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    // describe takes the connector and its local connection (baseUrl, the test key) from connector.config.ts.
    expect(pkg.scripts.describe).toBe("connector describe");
    const config = readFileSync(join(dir, "connector.config.ts"), "utf8");
    expect(config).toContain('connector: "src/connector.ts"');
    expect(config).toContain('settings: { baseUrl: "https://api.example.com" }');
  });

  it("writes a REST project whose conformance script starts the local upstream on a free port and passes its URL as baseUrl", async () => {
    const cwd = makeTempDir("ck-init-");
    const r = await init(["shop-rest", "--template", "rest", "--sdk", "registry", "--json"], cwd);
    expect(r.status, r.stderr).toBe(0);
    const dir = JSON.parse(r.stdout).directory as string;
    const read = (file: string) => readFileSync(join(dir, file), "utf8");
    const pkg = JSON.parse(read("package.json"));
    expect(pkg.scripts.conformance).toBe(
      "tsx test/upstream.ts connector test src/connector.ts --config test/testconfig.json --setting baseUrl={url}",
    );
    expect(pkg.scripts.describe).toBe("connector describe");
    const config = JSON.parse(read("test/testconfig.json"));
    expect(config.runtimeSettings.connectorProfile).toEqual({});
    expect(read("test/upstream.ts")).toMatch(/startUpstream\(\{ port: command === undefined \? .* : 0 \}\)/);
    expect(config.credentials.secretArn).toBe("env:TEST_API_SECRET");
    expect(read("test/upstream.ts")).toContain('SECRET_VARIABLE = "TEST_API_SECRET"');
    const source = read("src/connector.ts");
    expect(source).toMatch(/name: "ShopRest",/);
    expect(source).toMatch(/from "connector-kit\/http"/);
    expect(source).toMatch(/cursorPaginator/);
    expect(read("README.md")).toMatch(/^# shop-rest\n/);
  });

  it("writes a REST project whose connector.config.ts gives describe and invoke the connector and the local connection", async () => {
    const cwd = makeTempDir("ck-init-");
    const r = await init(["shop-rest", "--template", "rest", "--sdk", "registry", "--json"], cwd);
    const dir = JSON.parse(r.stdout).directory as string;
    // As after npm install: connector-kit resolves (here to this package's sources).
    mkdirSync(join(dir, "node_modules"));
    symlinkSync(join(import.meta.dirname, "../../.."), join(dir, "node_modules/connector-kit"), "dir");
    const described = await captureCli(["describe"], join(dir, "src"));
    expect(described.status, described.stderr).toBe(0);
    expect(described.stdout).toContain("└─ contacts (Contacts)");
    // The local connection: the upstream's URL and its key, read from test/local-secret.json.
    const upstream = await startLocalUpstream(dir);
    try {
      const valid = await captureCli(
        ["invoke", "validate-credentials", "--setting", `baseUrl=${upstream.url}/`],
        dir,
      );
      expect(JSON.parse(valid.stdout)).toEqual({ isSuccess: true, errorDetails: null });
    } finally {
      await upstream.close();
    }
  });

  it("is the project docs/rest-connector.md walks through: the guide's code is the template's", () => {
    const files = restTemplate.files({ name: "guide", connectorName: "Guide", sdkVersion: "^0.1.0" });
    const guide = readFileSync(join(import.meta.dirname, "../../../../../docs/rest-connector.md"), "utf8");
    // Lines without their indentation: the guide shows methods out of their object.
    const flat = (code: string) =>
      code
        .split("\n")
        .map((line) => line.trim())
        .filter((line) => line !== "")
        .join("\n");
    const quoted = [...guide.matchAll(/```ts\n([\s\S]*?)```/g)]
      .map(([, code]) => code!)
      .filter((code) => /^(const settings|export function clientFor|async \*query)/.test(code));
    expect(quoted).toHaveLength(3);
    for (const code of quoted) expect(flat(files["src/connector.ts"]!)).toContain(flat(code));
    for (const file of ["src/filter-params.ts", "test/upstream.ts", "test/testconfig.json"])
      expect(guide).toContain(file);
    expect(guide).toContain(JSON.parse(files["package.json"]!).scripts.conformance);
  });

  it("writes a SQL project on PGlite and pg, filtering through toSql with parameters", async () => {
    const cwd = makeTempDir("ck-init-");
    const r = await init(["shop-sql", "--template", "sql", "--sdk", "registry", "--json"], cwd);
    expect(r.status, r.stderr).toBe(0);
    const dir = JSON.parse(r.stdout).directory as string;
    const read = (file: string) => readFileSync(join(dir, file), "utf8");
    const pkg = JSON.parse(read("package.json"));
    expect(Object.keys(pkg.dependencies).sort()).toEqual(["@electric-sql/pglite", "connector-kit", "pg"]);
    expect(pkg.devDependencies["@types/pg"]).toBeDefined();
    expect(pkg.scripts.conformance).toBe("connector test src/connector.ts --config test/testconfig.json");
    expect(pkg.scripts.flow).toBe("connector flow run flows/customers-to-jsonl.yaml");
    // The demo flow's output stays out of the project's commits, like the runner's state.
    expect(read(".gitignore").split("\n")).toEqual(expect.arrayContaining([".connector/", "out/"]));
    const source = read("src/connector.ts");
    expect(source).toMatch(/toSql\(input\.filter, \{ dialect: postgresDialect/);
    expect(source).toMatch(/export const dispose/);
    // Values travel as $n parameters: no statement is built from a record's or a filter's values.
    expect(source).not.toMatch(/\$\{(record|value|input\.ids)/);
  });

  it("lists every template in its help", async () => {
    const r = await captureCli(["help", "init"], makeTempDir("ck-init-"));
    for (const template of ["appflow", "lumos", "rest", "sql"]) expect(r.stdout).toContain(template);
  });

  it("declares the package's own version", () => {
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, "../../../package.json"), "utf8"));
    expect(pkg.version).toBe(SDK_VERSION);
  });
});
