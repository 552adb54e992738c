import { existsSync } from "node:fs";
import { mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { bundleConnector } from "../../deploy/bundle.js";
import { createZip } from "../../deploy/zip.js";
import { describeLumosApp } from "../../hosts/lumos/lumos-app.js";
import { type TarEntry, writeTarGz } from "../../hosts/lumos/tar.js";
import { windowsLauncherExe } from "../../hosts/lumos/windows-launcher.js";
import { COMMON_FLAGS, type Command, UsageError } from "../command.js";
import { commandTarget } from "../config/command-target.js";
import { loadConnector } from "../load-connector.js";

/** Default output directory of `connector compile`, relative to the working directory. */
export const DEFAULT_COMPILE_OUT_DIR = "dist/lumos";

/** The platforms `connector compile` packages for: the on-prem agent runs on Linux (a container) or Windows Server. */
export const COMPILE_PLATFORMS = ["linux", "windows"] as const;
/** One of {@link COMPILE_PLATFORMS}. */
export type CompilePlatform = (typeof COMPILE_PLATFORMS)[number];

/** Options of {@link compileOnPrem}. */
export interface CompileOnPremOptions {
  /** The connector module (TypeScript or JavaScript) exporting a `defineConnector` connector. */
  modulePath: string;
  /** Directory relative paths are read from. Default: `process.cwd()`. */
  cwd?: string;
  /** Where the archive goes. Default: `dist/lumos`. */
  outDir?: string;
  /**
   * The Lumos app id, which names the archive (`<app_id>-<version>`), as given (`x_on_prem` stays
   * `x_on_prem`). Default: the connector's (`identity.appId`, else derived from its name).
   */
  appId?: string;
  /**
   * `linux`: a `.tar.gz` with a POSIX launcher `main`; `windows`: a `.zip` with the launcher `main.exe`
   * (needs {@link CompileOnPremOptions.nodeBinary}: a Windows x64 `node.exe`). Default: `linux`.
   */
  platform?: CompilePlatform;
  /** Package-export conditions to resolve first (e.g. `["source"]` in the connector-kit monorepo). Default: none. */
  conditions?: string[];
  /**
   * The Node.js binary shipped as the runtime. Default: the running one (`process.execPath`) for `linux`;
   * required for `windows`, where it must be a Windows x64 `node.exe`.
   */
  nodeBinary?: string;
}

/** What {@link compileOnPrem} made. */
export interface CompiledOnPrem {
  /** Absolute path of `<app_id>-<version>.tar.gz` (`.zip` for Windows). */
  archive: string;
  /** The app id, as it names the archive. */
  appId: string;
  platform: CompilePlatform;
  version: string;
  /** Bytes of the bundled connector (`app/main.mjs`). */
  bundleBytes: number;
  /** Bytes of the archive. */
  archiveBytes: number;
}

/**
 * The launcher, `main` at the archive's root: runs the bundle with the Node.js binary shipped beside it,
 * using no other program (no `dirname`, no `node` on PATH), so it works on a host without Node.js.
 */
export const LAUNCHER = `#!/bin/sh
# Lumos on-prem connector launcher (connector-kit): runs app/main.mjs with the bundled Node.js runtime.
case "$0" in
  */*) here="\${0%/*}" ;;
  *) here=. ;;
esac
exec "$here/runtime/node" "$here/app/main.mjs" "$@"
`;

/** `metadata.toml`: the `[connector]` table the on-prem agent reads (`app_id` with the `_on_prem` suffix). */
export function metadataToml(appId: string, version: string): string {
  const base = appId.replace(/_on_prem$/, "");
  return `[connector]\napp_id = ${JSON.stringify(`${base}_on_prem`)}\nversion = ${JSON.stringify(version)}\n`;
}

/** The SDK's own `runLumosExecutable` module (source in development, dist once built). */
function runExecutableModule(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const ext of [".js", ".ts"]) {
    const candidate = resolve(here, "../../hosts/lumos", `run-executable${ext}`);
    if (existsSync(candidate)) return candidate;
  }
  throw new Error("connector-kit's hosts/lumos/run-executable module is missing from this installation");
}

/** What kind of executable a file is, from its first bytes: enough to refuse a binary for the wrong platform. */
export function executableKind(bytes: Uint8Array): "elf" | "pe-x64" | "pe" | "mach-o" | "unknown" {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length >= 4 && b.readUInt32BE(0) === 0x7f454c46) return "elf";
  if (b.length >= 4 && [0xfeedfacf, 0xcffaedfe, 0xcafebabe].includes(b.readUInt32BE(0))) return "mach-o";
  if (b.length >= 0x40 && b.toString("latin1", 0, 2) === "MZ") {
    const pe = b.readUInt32LE(0x3c);
    if (pe + 6 <= b.length && b.toString("latin1", pe, pe + 4) === "PE\0\0")
      return b.readUInt16LE(pe + 4) === 0x8664 ? "pe-x64" : "pe";
  }
  return "unknown";
}

/**
 * Builds the on-prem package of a connector, as Lumos' `compile-on-prem` names it:
 *
 * - `linux` (default): `<app_id>-<version>.tar.gz` holding `main` (a POSIX shell launcher, see
 *   {@link LAUNCHER}), `app/main.mjs` (the connector bundled by esbuild with an entry that runs
 *   `runLumosExecutable(connector, argv)`), `runtime/node` (a copy of the Node.js binary, so the package runs
 *   where Node.js is not installed) and `metadata.toml` (`[connector]` with `app_id = "<app_id>_on_prem"`
 *   and `version`); entries mode 0770 with a fixed mtime;
 * - `windows`: `<app_id>-<version>.zip` holding `main.exe` (a launcher that runs
 *   `runtime\\node.exe app\\main.mjs <arguments>`, see `hosts/lumos/windows-launcher.s`), `app/main.mjs`,
 *   `runtime/node.exe` (the given Windows x64 `node.exe`, unmodified) and `metadata.toml`.
 */
export async function compileOnPrem(options: CompileOnPremOptions): Promise<CompiledOnPrem> {
  const cwd = options.cwd ?? process.cwd();
  const platform = options.platform ?? "linux";
  if (!COMPILE_PLATFORMS.includes(platform))
    throw new UsageError(`--platform must be one of ${COMPILE_PLATFORMS.join(", ")}, not "${platform}"`);
  if (platform === "windows" && options.nodeBinary === undefined)
    throw new UsageError(
      "--platform windows needs --node <path to node.exe>: a Windows x64 node.exe to ship as the runtime",
    );
  const modulePath = resolve(cwd, options.modulePath);
  const loaded = await loadConnector(modulePath, cwd);
  if (!("definition" in loaded))
    throw new UsageError(
      `${options.modulePath} exports low-level handlers; compile needs a defineConnector connector`,
    );
  const app = describeLumosApp(loaded);
  const appId = options.appId ?? app.appId;
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(appId))
    throw new UsageError(`The app id "${appId}" must be letters, digits, dots, dashes and underscores`);
  const version = app.version;

  const nodeBinary = resolve(cwd, options.nodeBinary ?? process.execPath);
  const node = await readFile(nodeBinary).catch(() => {
    throw new UsageError(`Cannot read the Node.js binary ${nodeBinary}`);
  });
  const kind = executableKind(node);
  if (platform === "windows" && kind !== "pe-x64")
    throw new UsageError(`${nodeBinary} is not a Windows x64 executable (node.exe); found: ${kind}`);
  if (platform === "linux" && kind.startsWith("pe"))
    throw new UsageError(`${nodeBinary} is a Windows executable: add --platform windows to ship it`);

  const code = await bundleEntry(modulePath, options.conditions ?? []);
  const outDir = resolve(cwd, options.outDir ?? DEFAULT_COMPILE_OUT_DIR);
  await mkdir(outDir, { recursive: true });
  const mode = 0o770;
  const metadata = Buffer.from(metadataToml(appId, version));
  let archive: string;
  if (platform === "windows") {
    archive = join(outDir, `${appId}-${version}.zip`);
    await writeFile(
      archive,
      createZip([
        { name: "main.exe", data: windowsLauncherExe(), mode },
        { name: "metadata.toml", data: metadata, mode },
        { name: "app/main.mjs", data: code, mode },
        { name: "runtime/node.exe", data: node, mode },
      ]),
    );
  } else {
    archive = join(outDir, `${appId}-${version}.tar.gz`);
    const entries: TarEntry[] = [
      { path: "main", content: Buffer.from(LAUNCHER), mode },
      { path: "metadata.toml", content: metadata, mode },
      { path: "app", mode },
      { path: "app/main.mjs", content: Buffer.from(code), mode },
      { path: "runtime", mode },
      { path: "runtime/node", content: node, mode },
    ];
    await writeTarGz(archive, entries);
  }
  return {
    archive,
    appId,
    platform,
    version,
    bundleBytes: Buffer.byteLength(code),
    archiveBytes: (await stat(archive)).size,
  };
}

/** The connector bundled with an entry that runs it as a Lumos executable. */
async function bundleEntry(modulePath: string, conditions: string[]): Promise<string> {
  // bundleConnector bundles a module that exports `handler` as it is (no Lambda entry is generated).
  const entry = join(dirname(modulePath), `.connector-kit-lumos-entry-${process.pid}-${Date.now()}.mjs`);
  await writeFile(
    entry,
    [
      `import * as module from ${JSON.stringify(modulePath)};`,
      `import { runLumosExecutable } from ${JSON.stringify(runExecutableModule())};`,
      "const isConnector = (v) => typeof v === 'object' && v !== null && 'definition' in v && 'handlers' in v;",
      "const connector = [module['connector'], module['default'], ...Object.values(module)].find(isConnector);",
      "export const handler = null;",
      "process.exitCode = await runLumosExecutable(connector, process.argv.slice(2));",
      "",
    ].join("\n"),
  );
  try {
    const bundle = await bundleConnector(entry, { conditions, minify: false, external: [] });
    return bundle.code;
  } finally {
    await rm(entry, { force: true });
  }
}

export const compileCommand: Command = {
  name: "compile",
  usage: "[connector]",
  flags: {
    ...COMMON_FLAGS,
    out: {
      type: "string",
      valueName: "dir",
      description: `Output directory (default: ${DEFAULT_COMPILE_OUT_DIR})`,
    },
    "app-id": { type: "string", valueName: "id", description: "Lumos app id (default: the connector's)" },
    conditions: {
      type: "string",
      multiple: true,
      valueName: "name",
      description: "Package-export condition to resolve first (repeatable), e.g. source",
    },
    node: {
      type: "string",
      valueName: "path",
      description:
        "Node.js binary to ship (default: the running one); must match the platform (node.exe for windows)",
    },
    platform: {
      type: "string",
      valueName: "name",
      description: "linux (default: a .tar.gz with main) or windows (a .zip with main.exe; needs --node)",
    },
  },
  examples: [
    "connector compile src/connector.ts",
    "connector compile src/connector.ts --out build --app-id my-directory",
    "tar -xzf dist/lumos/my-directory-1.0.0.tar.gz -C /tmp/c && /tmp/c/main info",
    "connector compile src/connector.ts --platform windows --node ./node-v22-win-x64/node.exe",
  ],
  async run({ positionals, flags }, io) {
    const usage = "connector compile <connector>";
    const target = await commandTarget(positionals, flags, io.cwd, { positionalCount: 1, usage });
    if (target.rest.length > 0) throw new UsageError(`Usage: ${usage}`);
    const module = target.module;
    const result = await compileOnPrem({
      modulePath: module,
      cwd: io.cwd,
      ...(typeof flags["out"] === "string" ? { outDir: flags["out"] } : {}),
      ...(typeof flags["app-id"] === "string" ? { appId: flags["app-id"] } : {}),
      ...(typeof flags["node"] === "string" ? { nodeBinary: flags["node"] } : {}),
      ...(typeof flags["platform"] === "string" ? { platform: flags["platform"] as CompilePlatform } : {}),
      conditions: (flags["conditions"] as string[] | undefined) ?? [],
    });
    if (flags["json"]) {
      io.stdout(`${JSON.stringify(result)}\n`);
    } else {
      io.stderr(
        `Compiled ${basename(module)} for ${result.platform}: ${result.appId} ${result.version}, bundle ${result.bundleBytes} bytes, archive ${result.archiveBytes} bytes\n`,
      );
      io.stdout(`${result.archive}\n`);
    }
    return 0;
  },
};
