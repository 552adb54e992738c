import { execFileSync, spawnSync } from "node:child_process";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { TEST_PASSWORD, TEST_USERNAME } from "../../hosts/lumos/test-support/test-directory-connector.js";
import { makeTempDir } from "../../test-support/temp-dir.js";
import { runCli } from "../run-cli.js";
import { metadataToml } from "./compile.js";

const FIXTURE = resolve(import.meta.dirname, "../../hosts/lumos/test-support/test-directory-connector.ts");

async function cli(args: string[], cwd: string) {
  let stdout = "";
  let stderr = "";
  const status = await runCli(args, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    stdin: async () => null,
    cwd,
    env: {},
  });
  return { status, stdout, stderr };
}

describe("connector compile", () => {
  it("packs <app_id>-<version>.tar.gz that runs `main info` after extraction, with no Node.js on PATH", async () => {
    const out = makeTempDir("lumos-compile-");
    const r = await cli(["compile", FIXTURE, "--out", out], out);
    expect(r.status, r.stderr).toBe(0);
    const archive = join(out, "test-directory-1.2.3.tar.gz");
    expect(r.stdout).toBe(`${archive}\n`);
    expect(readdirSync(dirname(FIXTURE)).some((f) => f.startsWith(".connector-kit-lumos-entry"))).toBe(false);

    const listing = execFileSync("tar", ["-tzvf", archive]).toString();
    expect(
      listing
        .split("\n")
        .filter(Boolean)
        .map((l) => l.split(/\s+/).at(-1)),
    ).toEqual(["main", "metadata.toml", "app/", "app/main.mjs", "runtime/", "runtime/node"]);
    const dir = makeTempDir("lumos-extracted-");
    execFileSync("tar", ["-xzf", archive, "-C", dir]);
    expect(readFileSync(join(dir, "metadata.toml"), "utf8")).toBe(
      '[connector]\napp_id = "test-directory_on_prem"\nversion = "1.2.3"\n',
    );
    expect(statSync(join(dir, "main")).mode & 0o777).toBe(0o770);

    const env = { PATH: "" };
    const info = spawnSync(join(dir, "main"), ["info"], { env, encoding: "utf8" });
    expect(info.status, info.stderr).toBe(0);
    const document = JSON.parse(info.stdout);
    expect(document.response).toMatchObject({ app_id: "test-directory", version: "1.2.3" });

    const envelope = JSON.stringify({
      auth: { basic: { username: TEST_USERNAME, password: TEST_PASSWORD } },
      settings: { baseDn: "o=prem" },
      request: {},
    });
    const valid = spawnSync(join(dir, "main"), ["validate_credentials", "--json", envelope], {
      env,
      encoding: "utf8",
    });
    expect(valid.status).toBe(0);
    expect(JSON.parse(valid.stdout)).toEqual({
      response: { valid: true, unique_tenant_id: "test-directory:o=prem" },
      raw_data: null,
      page: null,
    });
    expect(valid.stderr).not.toContain(TEST_PASSWORD);

    writeFileSync(join(dir, "request.json"), envelope);
    const filed = spawnSync(
      "./main",
      ["list_accounts", "--json-file", "request.json", "--result-file-path", "result.json.gz"],
      { env, cwd: dir, encoding: "utf8" },
    );
    expect(filed.status, filed.stderr).toBe(0);
    expect(filed.stdout).toBe("");
    const listed = JSON.parse(gunzipSync(readFileSync(join(dir, "result.json.gz"))).toString("utf8"));
    expect(listed.response).toHaveLength(2);
    expect(listed.page.token).toMatch(/^[0-9a-f]+$/);

    const usage = spawnSync(join(dir, "main"), ["list_things"], { env, encoding: "utf8" });
    expect(usage.status).toBe(2);
  }, 180_000);

  it("writes metadata.toml with the _on_prem suffix once", () => {
    expect(metadataToml("okta", "0.1.0")).toBe('[connector]\napp_id = "okta_on_prem"\nversion = "0.1.0"\n');
    expect(metadataToml("okta_on_prem", "0.1.0")).toContain('app_id = "okta_on_prem"\n');
  });

  it("needs a connector module", async () => {
    expect((await cli(["compile"], tmpdir())).status).toBe(2);
    expect((await cli(["compile", "nope.ts"], tmpdir())).stderr).toMatch(/No connector module/);
  });
});
