import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { captureCli } from "../test-support/capture-cli.js";
import { SDK_VERSION } from "../version.js";

const repo = resolve(import.meta.dirname, "../../../../..");
const sdk = join(repo, "packages/connector-kit");

const init = (args: string[], cwd: string) => captureCli(["init", ...args], cwd);

describe("connector init", () => {
  // Generated inside the repository so the project finds connector-kit, vitest and typescript the way an
  // installed project would: through node_modules, resolving connector-kit to its built dist/.
  const work = join(repo, ".tmp");
  mkdirSync(work, { recursive: true });
  const cwd = mkdtempSync(join(work, "init-"));

  it("creates a project whose typecheck and tests pass out of the box", async () => {
    const r = await init(["shop-orders", "--json"], cwd);
    expect(r.status).toBe(0);
    const created = JSON.parse(r.stdout);
    expect(created.files).toEqual(
      expect.arrayContaining([
        "package.json",
        "src/connector.ts",
        "test/connector.test.ts",
        "README.md",
        ".gitignore",
        "tsconfig.json",
      ]),
    );
    const project = created.directory as string;
    const pkg = JSON.parse(readFileSync(join(project, "package.json"), "utf8"));
    expect(pkg.dependencies["connector-kit"]).toBe(`^${SDK_VERSION}`);
    expect(pkg.scripts.package).toBe("connector package src/connector.ts");

    execFileSync(
      process.execPath,
      [join(repo, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"],
      { cwd: sdk, stdio: "pipe" },
    );
    execFileSync(
      process.execPath,
      [join(repo, "node_modules/typescript/bin/tsc"), "--noEmit", "-p", project],
      { cwd: project, stdio: "pipe" },
    );
    const out = execFileSync(process.execPath, [join(repo, "node_modules/vitest/vitest.mjs"), "run"], {
      cwd: project,
      stdio: "pipe",
      env: { ...process.env, CI: "true", NO_COLOR: "1", FORCE_COLOR: "0" },
    }).toString();
    expect(out).toMatch(/Tests\s+5 passed \(5\)/);
  }, 120_000);

  it("refuses bad names, reserved prefixes, unknown templates and non-empty directories", async () => {
    expect((await init(["My Connector"], cwd)).stderr).toMatch(/lower-case letters/);
    expect((await init(["aws-thing"], cwd)).stderr).toMatch(/starting with aws/);
    expect((await init(["ok-name", "--template", "nope"], cwd)).stderr).toMatch(/Unknown template "nope"/);
    expect((await init(["shop-orders"], cwd)).stderr).toMatch(/already exists/);
  });

  it("declares the package's own version", () => {
    expect(JSON.parse(readFileSync(join(sdk, "package.json"), "utf8")).version).toBe(SDK_VERSION);
  });
});
