import { existsSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeTempDir } from "../../test-support/temp-dir.js";
import { captureCli } from "../test-support/capture-cli.js";

const HELLO = join(import.meta.dirname, "../../../../../examples/hello/src/connector.ts");

describe("connector package", () => {
  it("writes the zip, bundle, template and Dockerfile and reports the zip size", async () => {
    const dir = makeTempDir("ck-cli-package-");
    const r = await captureCli(["package", HELLO, "--conditions", "source", "--label", "planets"], dir);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Packaged .*connector\.ts into dist\/connector$/m);
    expect(r.stdout).toMatch(/function\.zip {3}\d+\.\d KB \(bundle \d+\.\d KB\)/);
    expect(r.stdout).toMatch(/template\.json {2}valid against the CloudFormation resource specification \d+/);
    expect(r.stdout).toContain("runtime nodejs22.x, target node22");
    expect(r.stdout).toMatch(/Dockerfile {5}container image on public\.ecr\.aws\/lambda\/nodejs:22 .*pinned/);
    expect(r.stdout).toMatch(/^warning: the function may read the secrets of every connector profile/m);
    for (const f of ["function.zip", "index.mjs", "template.json", "Dockerfile"]) {
      expect(existsSync(join(dir, "dist/connector", f))).toBe(true);
    }
  });

  it("answers JSON with --json, and takes --out and --code", async () => {
    const dir = makeTempDir("ck-cli-package-");
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
    expect(help.stdout).toContain("connector package [connector]");
    expect(help.stdout).toContain("--conditions <name>");
    expect((await captureCli(["package"], dir)).status).toBe(2);
    const bad = await captureCli(["package", HELLO, "--code", "ftp"], dir);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--code must be s3, local or image/);
    const missing = await captureCli(["package", "nope.ts", "--json"], dir);
    expect(missing.status).toBe(1);
    expect(JSON.parse(missing.stdout).error.message).toMatch(/No connector module/);
  });

  it("follows --runtime in the template, the Dockerfile and the report, and refuses other runtimes", async () => {
    for (const [runtime, major] of [
      ["nodejs22.x", "22"],
      ["nodejs24.x", "24"],
    ] as const) {
      const dir = makeTempDir("ck-cli-package-");
      const r = await captureCli(["package", HELLO, "--conditions", "source", "--runtime", runtime], dir);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain(`runtime ${runtime}, target node${major}`);
      const out = join(dir, "dist/connector");
      const template = JSON.parse(readFileSync(join(out, "template.json"), "utf8"));
      expect(template.Resources.ConnectorFunction.Properties.Runtime).toBe(runtime);
      expect(readFileSync(join(out, "Dockerfile"), "utf8")).toMatch(
        new RegExp(`^FROM public\\.ecr\\.aws/lambda/nodejs:${major}@\\$\\{BASE_IMAGE_DIGEST\\}$`, "m"),
      );
    }
    for (const bad of ["nodejs20.x", "nodejs24", "python3.12"]) {
      const r = await captureCli(["package", HELLO, "--runtime", bad], tmpdir());
      expect(r.status, bad).toBe(2);
      expect(r.stderr).toContain(`--runtime must be one of nodejs22.x, nodejs24.x, not "${bad}"`);
    }
  });

  it("grants exactly the secrets of the --profile names given", async () => {
    const dir = makeTempDir("ck-cli-package-");
    const r = await captureCli(
      ["package", HELLO, "--conditions", "source", "--profile", "prod", "--profile", "sand-box", "--json"],
      dir,
    );
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).warnings).toEqual([]);
    const template = JSON.parse(readFileSync(join(dir, "dist/connector/template.json"), "utf8"));
    const resources =
      template.Resources.ConnectorRole.Properties.Policies[0].PolicyDocument.Statement[0].Resource;
    expect(resources.map((x: { "Fn::Sub": string }) => x["Fn::Sub"].replace(/^.*:secret:/, ""))).toEqual([
      // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub syntax
      "appflow!${AWS::AccountId}-${ConnectorLabel}-prod-??????",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub syntax
      "appflow!${AWS::AccountId}-${ConnectorLabel}-sand-box-??????",
    ]);
    const bad = await captureCli(["package", HELLO, "--profile", "any*"], tmpdir());
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--profile "any\*" is not an AppFlow connector profile name/);
  });
});
