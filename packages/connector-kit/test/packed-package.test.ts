/**
 * connector-kit as its users get it: the packed tarball installed into projects outside this repository.
 * Nothing here resolves connector-kit from the workspace; every project lives in a temporary directory and
 * installs the tarball that `npm pack` made (npm's cache serves the other packages where it can).
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const repo = resolve(import.meta.dirname, "../../..");
const sdk = join(repo, "packages/connector-kit");
const bin = (name: string) => join(repo, "node_modules/.bin", name);

/** A child's environment without this test run's own variables (a nested vitest must not see them). */
const childEnv = Object.fromEntries(
  Object.entries({ ...process.env, CI: "true", NO_COLOR: "1", FORCE_COLOR: "0" }).filter(
    ([key]) => !key.startsWith("VITEST") && key !== "NODE_OPTIONS" && !key.startsWith("npm_"),
  ),
);

async function sh(command: string, args: string[], cwd: string): Promise<string> {
  try {
    const { stdout } = await run(command, args, { cwd, env: childEnv, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(" ")} failed in ${cwd}:\n${stdout ?? ""}\n${stderr ?? ""}`);
  }
}

/**
 * `npm install`'s options here: npm's cache first, and a registry fetch that stalls is given up after 30 s and
 * tried again (npm's own default waits 5 minutes, longer than a test may take; one CI run stalled so).
 */
const INSTALL = [
  "install",
  "--prefer-offline",
  "--no-audit",
  "--no-fund",
  "--fetch-timeout=30000",
  "--fetch-retries=3",
];

/** Installs packages into `dir` (made a fresh ESM project), preferring npm's cache. */
async function project(dir: string, packages: string[]): Promise<string> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify({ name: "consumer", private: true, type: "module" }),
  );
  await sh("npm", [...INSTALL, ...packages], dir);
  return dir;
}

const SUBPATHS = Object.keys(
  (JSON.parse(readFileSync(join(sdk, "package.json"), "utf8")) as { exports: Record<string, unknown> })
    .exports,
).map((key) => `connector-kit${key.slice(1)}`);
/** The subpaths that need an optional development tool (they are Hono apps). */
const NEEDS_DEV_TOOLS = new Set(["connector-kit/http-host"]);
const DEV_TOOLS = ["esbuild", "tsx", "@electric-sql/pglite", "hono", "@hono/node-server"];

describe("the packed package", () => {
  const work = mkdtempSync(join(tmpdir(), "ck-packed-"));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  let tarball = "";
  let full = "";

  beforeAll(async () => {
    // `npm pack` runs the package's prepack script: a clean build into dist/.
    const packed = JSON.parse(await sh("npm", ["pack", "--json", "--pack-destination", work], sdk)) as Array<{
      filename: string;
    }>;
    tarball = join(work, packed[0]!.filename);
    full = await project(join(work, "full"), [
      tarball,
      ...DEV_TOOLS,
      "typescript@~5.9",
      "@types/node@^20.19",
    ]);
  }, 300_000);

  it("holds the build, README and LICENSE, no tests, and passes publint and Are The Types Wrong", async () => {
    const files = (await sh("tar", ["-tzf", tarball], work)).split("\n");
    expect(files).toEqual(
      expect.arrayContaining([
        "package/dist/index.js",
        "package/dist/index.d.ts",
        "package/dist/cli/main.js",
        // The console's client, prebuilt: an installed console needs no esbuild and no CDN.
        "package/dist/console/static/console.js",
        "package/dist/console/static/console.css",
        "package/README.md",
        "package/LICENSE",
      ]),
    );
    expect(files.filter((f) => /\.test\.ts$|test-support/.test(f))).toEqual([]);
    expect(await sh(bin("publint"), ["run", tarball, "--strict"], work)).toMatch(/All good/);
    // ESM only: CommonJS callers use require(esm) (Node >= 20.19) or import(), which attw's esm-only profile allows.
    await sh(bin("attw"), [tarball, "--profile", "esm-only", "--format", "table-flipped"], work);
  });

  it("installs lean: no development tool comes with it, and the runtime subpaths load without them", async () => {
    const lean = await project(join(work, "lean"), [tarball]);
    const installed = (await sh("npm", ["ls", "--all", "--parseable"], lean)).split("\n").filter(Boolean);
    for (const tool of DEV_TOOLS)
      expect(installed.some((p) => p.endsWith(`node_modules/${tool}`))).toBe(false);

    const runtime = SUBPATHS.filter((s) => !NEEDS_DEV_TOOLS.has(s));
    writeFileSync(
      join(lean, "imports.mjs"),
      `${runtime.map((s, i) => `import * as m${i} from "${s}";`).join("\n")}
const modules = [${runtime.map((_, i) => `m${i}`).join(", ")}];
console.log(modules.every((m) => Object.keys(m).length > 0) ? "loaded" : "empty module");
`,
    );
    expect((await sh("node", ["imports.mjs"], lean)).trim()).toBe("loaded");
    // CommonJS: require(esm), unflagged since Node 20.19.
    writeFileSync(
      join(lean, "require.cjs"),
      `const { defineConnector } = require("connector-kit");
const { parseFilter } = require("connector-kit/filter");
console.log(typeof defineConnector, typeof parseFilter);
`,
    );
    expect((await sh("node", ["require.cjs"], lean)).trim()).toBe("function function");

    const connector = join(lean, "node_modules/.bin/connector");
    expect((await sh(connector, ["--version"], lean)).trim()).toMatch(/^\d+\.\d+\.\d+/);
    // A local flow runs with nothing else installed: its state is a journal file, not a database.
    mkdirSync(join(lean, "in"));
    writeFileSync(join(lean, "in", "items.jsonl"), '{"id":1,"name":"a"}\n{"id":2,"name":"b"}\n');
    writeFileSync(
      join(lean, "flow.yaml"),
      `name: copy-items
source: { connector: connector-kit/connectors/jsonl, settings: { directory: ./in }, entity: items }
destination:
  { connector: connector-kit/connectors/jsonl, settings: { directory: ./out }, entity: items, operation: INSERT }
trigger: { type: onDemand }
`,
    );
    expect(await sh(connector, ["flow", "run", "flow.yaml", "--state-dir", "state"], lean)).toMatch(
      /Run 1 of copy-items: succeeded/,
    );
    expect(readFileSync(join(lean, "out", "items.jsonl"), "utf8")).toBe(
      '{"id":1,"name":"a"}\n{"id":2,"name":"b"}\n',
    );
    expect(existsSync(join(lean, "state", "state.jsonl"))).toBe(true);
    expect(await sh(connector, ["flow", "history", "flow.yaml", "--state-dir", "state"], lean)).toMatch(
      /1 +copy-items +succeeded/,
    );
    const serve = await run(connector, ["serve", "x.ts"], { cwd: lean, env: childEnv }).catch((e) => e);
    expect(serve.code).toBe(1);
    expect(serve.stderr).toMatch(/needs the package (hono|@hono\/node-server).*npm install --save-dev/);
  }, 180_000);

  it("imports every subpath from plain JavaScript, and type-checks under node16, nodenext and bundler without skipLibCheck", async () => {
    writeFileSync(
      join(full, "all.mjs"),
      `${SUBPATHS.map((s, i) => `import * as m${i} from "${s}";`).join("\n")}
console.log([${SUBPATHS.map((_, i) => `m${i}`).join(", ")}].filter((m) => Object.keys(m).length > 0).length);
`,
    );
    expect(Number(await sh("node", ["all.mjs"], full))).toBe(SUBPATHS.length);

    writeFileSync(
      join(full, "all.ts"),
      `${SUBPATHS.map((s, i) => `import * as m${i} from "${s}";`).join("\n")}
import { defineConnector, setting } from "connector-kit";
export const modules = [${SUBPATHS.map((_, i) => `m${i}`).join(", ")}];
export const connector = defineConnector({
  name: "Typed",
  owner: "Example",
  version: "1.0.0",
  settings: { baseUrl: setting.string({ label: "Base URL", required: true }) },
  async listEntities() {
    return [{ entityIdentifier: "x", hasNestedEntities: false, isWritable: false }];
  },
  async describeEntity() {
    return { entity: { entityIdentifier: "x", hasNestedEntities: false, isWritable: false }, fields: [] };
  },
});
`,
    );
    // The package README's example, as a user would paste it.
    const readme = readFileSync(join(sdk, "README.md"), "utf8");
    writeFileSync(join(full, "readme.ts"), /```ts\n([\s\S]*?)```/.exec(readme)![1]!);
    for (const resolution of ["node16", "nodenext", "bundler"]) {
      const config = `tsconfig.${resolution}.json`;
      writeFileSync(
        join(full, config),
        JSON.stringify({
          compilerOptions: {
            strict: true,
            noEmit: true,
            skipLibCheck: false,
            target: "ES2022",
            module: resolution === "bundler" ? "ESNext" : resolution,
            moduleResolution: resolution,
            types: ["node"],
          },
          files: ["all.ts", "readme.ts"],
        }),
      );
      await sh(join(full, "node_modules/.bin/tsc"), ["-p", config], full);
    }
  }, 180_000);

  // What `npm run describe` lists for each template that runs the conformance suite.
  const entityOf: Record<string, string> = { appflow: "items", rest: "contacts", sql: "customers" };
  for (const template of ["appflow", "lumos", "rest", "sql"]) {
    it(`init --template ${template} outside the repository: installs from the vendored tarball, tests, typechecks and passes connector test`, async () => {
      const connector = join(full, "node_modules/.bin/connector");
      const created = JSON.parse(
        await sh(connector, ["init", `my-${template}`, "--template", template, "--json"], work),
      ) as { directory: string; files: string[] };
      const dir = created.directory;
      expect(dir.startsWith(repo)).toBe(false);
      const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
      expect(pkg.dependencies["connector-kit"]).toMatch(/^file:vendor\/connector-kit-\d+\.\d+\.\d+\.tgz$/);
      expect(created.files).toContain(pkg.dependencies["connector-kit"].slice("file:".length));

      await sh("npm", INSTALL, dir);
      expect(await sh("npm", ["test"], dir)).toMatch(/Tests\s+\d+ passed/);
      await sh("npm", ["run", "typecheck"], dir);
      const entity = entityOf[template];
      if (entity !== undefined) {
        // rest: `conformance` starts the project's local upstream first; sql: the embedded PGlite database.
        expect(await sh("npm", ["run", "-s", "describe"], dir)).toMatch(new RegExp(entity));
        const report = JSON.parse(
          await sh("npm", ["run", "--silent", "conformance", "--", "--json"], dir),
        ) as {
          ok: boolean;
          summary: { failed: number };
        };
        expect(report).toMatchObject({ ok: true, summary: { failed: 0 } });
        if (template === "sql") {
          // The main job in a new project: its demo flow, run twice by the installed CLI. The raw file keeps both
          // versions of each customer; that readers see one is the project's own test/flow.test.ts, run above.
          for (const run of [1, 2]) {
            expect(await sh("npm", ["run", "-s", "flow"], dir)).toMatch(
              new RegExp(`Run ${run} of customers-to-jsonl: succeeded[\\s\\S]*30 read, 23 written`),
            );
          }
          expect(
            readFileSync(join(dir, "out", "customers.jsonl"), "utf8")
              .trim()
              .split("\n"),
          ).toHaveLength(46);
        }
        if (template === "appflow") {
          // flow deploy reads the project's own TypeScript connector to split its settings by scope: a key it
          // does not declare is refused, which only a connector that was read can tell.
          const flowFile = (settings: string) =>
            `name: items-to-s3
source: { connector: ./src/connector.ts, entity: items, settings: { ${settings} } }
destination: { connector: connector-kit/connectors/jsonl, entity: items }
`;
          const connectorBin = join(dir, "node_modules/.bin/connector");
          const deploy = ["flow", "deploy", "flow.yaml", "--dry-run", "--region", "us-east-1"];
          const labels = ["--source-connector-label", "items", "--bucket", "items-bucket"];
          writeFileSync(join(dir, "flow.yaml"), flowFile('baseUrl: "https://api.example.com", tpyo: x'));
          await expect(sh(connectorBin, [...deploy, ...labels], dir)).rejects.toThrow(
            "source.settings.tpyo: is not a setting of the connector",
          );
          writeFileSync(join(dir, "flow.yaml"), flowFile('baseUrl: "https://api.example.com"'));
          const printed = await sh(connectorBin, [...deploy, ...labels], dir);
          expect(printed).toContain("appflow CreateFlow (if the flow does not exist)");
          expect(printed).toMatch(/"profileProperties": \{\s*"baseUrl": "https:\/\/api\.example\.com"/);
        }
      } else {
        // The conformance suite checks AppFlow's sequence; a Lumos project checks its published spec instead.
        const spec = JSON.parse(await sh("npm", ["run", "--silent", "spec"], dir)) as { openapi?: string };
        expect(spec.openapi).toMatch(/^3\./);
      }
    }, 240_000);
  }
});
