import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { captureCli } from "../test-support/capture-cli.js";

const repo = resolve(import.meta.dirname, "../../../../..");
const sdk = join(repo, "packages/connector-kit");

const init = (args: string[], cwd: string) => captureCli(["init", ...args], cwd);

describe("connector init --template lumos", () => {
  // Inside the repository, so the project resolves connector-kit (its built dist/), vitest and typescript
  // through node_modules as an installed project would.
  const work = join(repo, ".tmp");
  mkdirSync(work, { recursive: true });
  const cwd = mkdtempSync(join(work, "init-lumos-"));

  it("creates a Lumos connector project whose typecheck and tests pass out of the box", async () => {
    const exports = JSON.parse(readFileSync(join(sdk, "package.json"), "utf8")).exports;
    for (const subpath of ["./lumos", "./identity"]) {
      expect(
        exports[subpath],
        `package.json needs the "${subpath}" export for generated projects`,
      ).toBeDefined();
    }
    const r = await init(["people-directory", "--template", "lumos", "--json"], cwd);
    expect(r.status, r.stderr).toBe(0);
    const created = JSON.parse(r.stdout);
    expect(created.template).toBe("lumos");
    expect(created.files).toEqual(
      expect.arrayContaining(["package.json", "src/connector.ts", "test/connector.test.ts", "README.md"]),
    );
    const project = created.directory as string;
    const pkg = JSON.parse(readFileSync(join(project, "package.json"), "utf8"));
    expect(pkg.scripts).toMatchObject({
      compile: "connector compile src/connector.ts",
      serve: "connector serve src/connector.ts",
      spec: "connector spec --lumos src/connector.ts",
    });

    execFileSync(
      process.execPath,
      [join(repo, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"],
      {
        cwd: sdk,
        stdio: "pipe",
      },
    );
    execFileSync(
      process.execPath,
      [join(repo, "node_modules/typescript/bin/tsc"), "--noEmit", "-p", project],
      {
        cwd: project,
        stdio: "pipe",
      },
    );
    const out = execFileSync(process.execPath, [join(repo, "node_modules/vitest/vitest.mjs"), "run"], {
      cwd: project,
      stdio: "pipe",
      env: { ...process.env, CI: "true", NO_COLOR: "1", FORCE_COLOR: "0" },
    }).toString();
    expect(out).toMatch(/Tests\s+4 passed \(4\)/);
  }, 120_000);
});
