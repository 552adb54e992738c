import { execFileSync, spawnSync } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { runCli } from "../../cli/run-cli.js";
import { makeTempDir } from "../../test-support/temp-dir.js";
import { TEST_PASSWORD, TEST_USERNAME } from "./test-support/test-directory-connector.js";
import { WINDOWS_LAUNCHER_TEXT_HEX, windowsLauncherExe } from "./windows-launcher.js";

const SOURCE = resolve(import.meta.dirname, "windows-launcher.s");
const FIXTURE = resolve(import.meta.dirname, "test-support/test-directory-connector.ts");
const has = (tool: string, args: string[]) => spawnSync(tool, args, { stdio: "ignore" }).status === 0;

/** The DLL and function names the image imports, read from its headers. */
function importsOf(image: Buffer): { dll: string; functions: string[] } {
  const pe = image.readUInt32LE(0x3c);
  const optional = pe + 24;
  const sections = optional + image.readUInt16LE(pe + 20);
  const count = image.readUInt16LE(pe + 6);
  const offsetOf = (rva: number) => {
    for (let i = 0; i < count; i++) {
      const at = sections + i * 40;
      const start = image.readUInt32LE(at + 12);
      const size = image.readUInt32LE(at + 16);
      if (rva >= start && rva < start + size) return rva - start + image.readUInt32LE(at + 20);
    }
    throw new Error(`RVA ${rva.toString(16)} is in no section's raw data`);
  };
  const cString = (at: number) => image.toString("latin1", at, image.indexOf(0, at));
  const descriptor = offsetOf(image.readUInt32LE(optional + 112 + 8));
  const functions: string[] = [];
  for (let thunk = offsetOf(image.readUInt32LE(descriptor)); ; thunk += 8) {
    const rva = Number(image.readBigUInt64LE(thunk));
    if (rva === 0) break;
    functions.push(cString(offsetOf(rva) + 2));
  }
  return { dll: cString(offsetOf(image.readUInt32LE(descriptor + 12))), functions };
}

describe("the Windows launcher (main.exe)", () => {
  it("is a PE32+ x86-64 console image importing only KERNEL32, entry at the start of .text", () => {
    const image = Buffer.from(windowsLauncherExe());
    expect(image.toString("latin1", 0, 2)).toBe("MZ");
    const pe = image.readUInt32LE(0x3c);
    expect(image.toString("latin1", pe, pe + 4)).toBe("PE\0\0");
    expect(image.readUInt16LE(pe + 4)).toBe(0x8664);
    const optional = pe + 24;
    expect(image.readUInt16LE(optional)).toBe(0x20b);
    expect(image.readUInt32LE(optional + 16)).toBe(0x1000);
    expect(image.readUInt16LE(optional + 68)).toBe(3);
    expect(importsOf(image)).toEqual({
      dll: "KERNEL32.dll",
      functions: [
        "GetModuleFileNameW",
        "GetCommandLineW",
        "GetStdHandle",
        "GetCurrentProcess",
        "DuplicateHandle",
        "CreateJobObjectW",
        "SetInformationJobObject",
        "AssignProcessToJobObject",
        "SetConsoleCtrlHandler",
        "CreateProcessW",
        "ResumeThread",
        "CloseHandle",
        "WaitForSingleObject",
        "GetExitCodeProcess",
        "WriteFile",
        "ExitProcess",
      ],
    });
    expect(Buffer.from(windowsLauncherExe()).equals(image)).toBe(true);
  });

  it.runIf(has("as", ["--version"]) && has("objcopy", ["--version"]))(
    "embeds exactly the code windows-launcher.s assembles to",
    () => {
      const dir = makeTempDir("launcher-asm-");
      execFileSync("as", ["--64", "-o", join(dir, "launcher.o"), SOURCE]);
      execFileSync("objcopy", [
        "-O",
        "binary",
        "-j",
        ".text",
        join(dir, "launcher.o"),
        join(dir, "text.bin"),
      ]);
      expect(readFileSync(join(dir, "text.bin")).toString("hex")).toBe(WINDOWS_LAUNCHER_TEXT_HEX);
    },
  );

  // Runs only where Wine and a Windows node.exe are at hand: CONNECTOR_KIT_WINDOWS_NODE=<path to node.exe>.
  const windowsNode = process.env["CONNECTOR_KIT_WINDOWS_NODE"];
  it.runIf(windowsNode !== undefined && existsSync(windowsNode) && has("wine", ["--version"]))(
    "under Wine: runs node.exe with the arguments as typed, passing stdout, stderr and the exit code",
    async () => {
      const out = makeTempDir("launcher-wine-");
      const status = await runCli(
        ["compile", FIXTURE, "--out", out, "--platform", "windows", "--node", windowsNode!, "--json"],
        { stdout: () => {}, stderr: () => {}, stdin: async () => null, cwd: out, env: {} },
      );
      expect(status).toBe(0);
      const dir = join(out, "with space");
      for (const [name, data] of Object.entries(
        unzipSync(readFileSync(join(out, "test-directory-1.2.3.zip"))),
      )) {
        execFileSync("mkdir", ["-p", join(dir, name, "..")]);
        writeFileSync(join(dir, name), data);
      }
      // NODE_SKIP_PLATFORM_CHECK: Wine reports an old Windows by default; it also shows the environment passes.
      const prefix = makeTempDir("wine-prefix-");
      execFileSync("mkdir", ["-p", join(prefix, "tmp")]);
      const env = {
        ...process.env,
        WINEPREFIX: prefix,
        TMPDIR: join(prefix, "tmp"),
        WINEDEBUG: "-all",
        NODE_SKIP_PLATFORM_CHECK: "1",
      };
      // Files, not pipes: node.exe under Wine cannot open a pipe as stdout/stderr (EBADF), with or without
      // the launcher; on Windows the agent's pipes are passed on as they are.
      const run = (args: string[]) => {
        const files = [join(prefix, "stdout.txt"), join(prefix, "stderr.txt")] as const;
        const fds = files.map((f) => openSync(f, "w"));
        try {
          const r = spawnSync("wine", [join(dir, "main.exe"), ...args], {
            env,
            timeout: 120_000,
            stdio: ["ignore", fds[0]!, fds[1]!],
          });
          return {
            status: r.status,
            stdout: readFileSync(files[0], "utf8"),
            stderr: readFileSync(files[1], "utf8"),
          };
        } finally {
          for (const fd of fds) closeSync(fd);
        }
      };
      try {
        spawnSync("wineboot", ["-u"], { env, stdio: "ignore", timeout: 120_000 });
        const info = run(["info"]);
        expect(info.status, info.stderr).toBe(0);
        expect(JSON.parse(info.stdout).response).toMatchObject({
          app_id: "test-directory",
          version: "1.2.3",
        });
        const envelope = JSON.stringify({
          auth: { basic: { username: TEST_USERNAME, password: TEST_PASSWORD } },
          settings: { baseDn: 'o="quoted" and spaced' },
          request: {},
        });
        const valid = run(["validate_credentials", "--json", envelope]);
        expect(valid.status, valid.stderr).toBe(0);
        expect(JSON.parse(valid.stdout).response).toEqual({
          valid: true,
          unique_tenant_id: 'test-directory:o="quoted" and spaced',
        });
        expect(run(["validate_credentials", "--json", ""]).status).toBe(1);
        expect(run(["list_things"]).status).toBe(2);
        renameSync(join(dir, "runtime", "node.exe"), join(dir, "runtime", "moved.exe"));
        const missing = run(["info"]);
        expect(missing.status).toBe(1);
        expect(missing.stderr).toContain("main.exe: cannot start runtime\\node.exe next to it");
      } finally {
        spawnSync("wineserver", ["-k"], { env, stdio: "ignore" });
        spawnSync("wineserver", ["-w"], { env, stdio: "ignore", timeout: 30_000 });
      }
    },
    300_000,
  );
});
