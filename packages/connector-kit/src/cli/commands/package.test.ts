import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { captureCli } from "../test-support/capture-cli.js";

const HELLO = join(import.meta.dirname, "../../../../../examples/hello/src/connector.ts");

describe("connector package", () => {
  it("writes the zip, bundle, template and Dockerfile and reports the zip size", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ck-cli-package-"));
    const r = await captureCli(["package", HELLO, "--conditions", "source", "--label", "planets"], dir);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Packaged .*connector\.ts into dist\/connector$/m);
    expect(r.stdout).toMatch(/function\.zip {3}\d+\.\d KB \(bundle \d+\.\d KB\)/);
    expect(r.stdout).toMatch(/template\.json {2}valid against the CloudFormation resource specification \d+/);
    for (const f of ["function.zip", "index.mjs", "template.json", "Dockerfile"]) {
      expect(existsSync(join(dir, "dist/connector", f))).toBe(true);
    }
  });

  it("answers JSON with --json, and takes --out and --code", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ck-cli-package-"));
    const r = await captureCli(
      ["package", HELLO, "--conditions", "source", "--out", "build", "--code", "image", "--json"],
      dir,
    );
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.zipBytes).toBeGreaterThan(1000);
    expect(out.zipBytes).toBeLessThan(150 * 1024);
    expect(out.validation).toMatchObject({ valid: true, problems: [] });
    expect(out.files.zip).toBe(join(dir, "build", "function.zip"));
    const template = JSON.parse(readFileSync(join(dir, "build", "template.json"), "utf8"));
    expect(template.Resources.ConnectorFunction.Properties).toMatchObject({ PackageType: "Image" });
  });

  it("shows help and rejects bad usage", async () => {
    const dir = tmpdir();
    const help = await captureCli(["package", "--help"], dir);
    expect(help.stdout).toContain("connector package <connector>");
    expect(help.stdout).toContain("--conditions <name>");
    expect((await captureCli(["package"], dir)).status).toBe(2);
    const bad = await captureCli(["package", HELLO, "--code", "ftp"], dir);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--code must be s3, local or image/);
    const missing = await captureCli(["package", "nope.ts", "--json"], dir);
    expect(missing.status).toBe(1);
    expect(JSON.parse(missing.stdout).error.message).toMatch(/No connector module/);
  });
});
