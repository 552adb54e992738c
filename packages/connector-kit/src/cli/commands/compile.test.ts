import { execFileSync, spawnSync } from "node:child_process";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { gunzipSync } from "node:zlib";
import { unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { TEST_PASSWORD, TEST_USERNAME } from "../../hosts/lumos/test-support/test-directory-connector.js";
import { windowsLauncherExe } from "../../hosts/lumos/windows-launcher.js";
import { makeTempDir } from "../../test-support/temp-dir.js";
import { runCli } from "../run-cli.js";
import { executableKind, metadataToml } from "./compile.js";

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
      execution_summary: null,
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

  it("names the archive by the app id as given: --app-id x_on_prem makes x_on_prem-<version>.tar.gz", async () => {
    const out = makeTempDir("lumos-compile-id-");
    // A stand-in runtime: the archive is only listed here, not run.
    const fakeNode = join(out, "node");
    writeFileSync(fakeNode, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]));
    const r = await cli(["compile", FIXTURE, "--out", out, "--app-id", "x_on_prem", "--node", fakeNode], out);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(`${join(out, "x_on_prem-1.2.3.tar.gz")}\n`);
    const dir = makeTempDir("lumos-extracted-id-");
    execFileSync("tar", ["-xzf", join(out, "x_on_prem-1.2.3.tar.gz"), "-C", dir]);
    expect(readFileSync(join(dir, "metadata.toml"), "utf8")).toContain('app_id = "x_on_prem"\n');
  }, 120_000);

  it("--platform windows packs <app_id>-<version>.zip: main.exe, metadata.toml, app/main.mjs, runtime/node.exe", async () => {
    const out = makeTempDir("lumos-compile-win-");
    // Any Windows x64 executable stands in for node.exe here (the launcher itself is one).
    const nodeExe = join(out, "node.exe");
    writeFileSync(nodeExe, windowsLauncherExe());
    const r = await cli(
      ["compile", FIXTURE, "--out", out, "--platform", "windows", "--node", "node.exe", "--json"],
      out,
    );
    expect(r.status, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result).toMatchObject({
      archive: join(out, "test-directory-1.2.3.zip"),
      appId: "test-directory",
      platform: "windows",
      version: "1.2.3",
    });
    const files = unzipSync(readFileSync(result.archive));
    expect(Object.keys(files)).toEqual(["app/main.mjs", "main.exe", "metadata.toml", "runtime/node.exe"]);
    expect(Buffer.from(files["main.exe"]!).equals(Buffer.from(windowsLauncherExe()))).toBe(true);
    expect(executableKind(files["main.exe"]!)).toBe("pe-x64");
    expect(Buffer.from(files["runtime/node.exe"]!).equals(readFileSync(nodeExe))).toBe(true);
    expect(Buffer.from(files["metadata.toml"]!).toString()).toBe(
      '[connector]\napp_id = "test-directory_on_prem"\nversion = "1.2.3"\n',
    );
    const listing = spawnSync("unzip", ["-Z", result.archive], { encoding: "utf8" });
    if (listing.status === 0) {
      for (const name of ["main.exe", "runtime/node.exe"])
        expect(listing.stdout).toMatch(new RegExp(`^-rwxrwx---.* ${name.replace(".", "\\.")}$`, "m"));
    }

    // What runs here: the bundle is the same JavaScript on every platform, so node runs it as main.exe would.
    const dir = makeTempDir("lumos-extracted-win-");
    writeFileSync(join(dir, "main.mjs"), files["app/main.mjs"]!);
    const info = spawnSync(process.execPath, [join(dir, "main.mjs"), "info"], { encoding: "utf8" });
    expect(info.status, info.stderr).toBe(0);
    expect(JSON.parse(info.stdout).response).toMatchObject({ app_id: "test-directory", version: "1.2.3" });
  }, 120_000);

  it("refuses a runtime for the wrong platform, windows without --node, and an unknown platform", async () => {
    const out = makeTempDir("lumos-compile-refuse-");
    const elf = join(out, "node");
    writeFileSync(elf, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]));
    const exe = join(out, "node.exe");
    writeFileSync(exe, windowsLauncherExe());
    const cases: [string[], RegExp][] = [
      [["--platform", "windows"], /--platform windows needs --node <path to node\.exe>/],
      [["--platform", "windows", "--node", elf], /is not a Windows x64 executable \(node\.exe\); found: elf/],
      [["--node", exe], /is a Windows executable: add --platform windows/],
      [["--platform", "macos"], /--platform must be one of linux, windows/],
    ];
    for (const [args, message] of cases) {
      const r = await cli(["compile", FIXTURE, "--out", out, ...args], out);
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    expect(readdirSync(out).sort()).toEqual(["node", "node.exe"]);
  });

  it("writes metadata.toml with the _on_prem suffix once", () => {
    expect(metadataToml("okta", "0.1.0")).toBe('[connector]\napp_id = "okta_on_prem"\nversion = "0.1.0"\n');
    expect(metadataToml("okta_on_prem", "0.1.0")).toContain('app_id = "okta_on_prem"\n');
  });

  it("needs a connector module", async () => {
    expect((await cli(["compile"], tmpdir())).status).toBe(2);
    expect((await cli(["compile", "nope.ts"], tmpdir())).stderr).toMatch(/No connector module/);
  });
});
