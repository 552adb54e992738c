import { existsSync } from "node:fs";
import { mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { bundleConnector } from "../../deploy/bundle.js";
import { describeLumosApp } from "../../hosts/lumos/lumos-app.js";
import { type TarEntry, writeTarGz } from "../../hosts/lumos/tar.js";
import { COMMON_FLAGS, type Command, UsageError } from "../command.js";
import { loadConnector } from "../load-connector.js";

/** Default output directory of `connector compile`, relative to the working directory. */
export const DEFAULT_COMPILE_OUT_DIR = "dist/lumos";

/** Options of {@link compileOnPrem}. */
export interface CompileOnPremOptions {
  /** The connector module (TypeScript or JavaScript) exporting a `defineConnector` connector. */
  modulePath: string;
  /** Directory relative paths are read from. Default: `process.cwd()`. */
  cwd?: string;
  /** Where the archive goes. Default: `dist/lumos`. */
  outDir?: string;
  /** The Lumos app id. Default: the connector's (`identity.appId`, else derived from its name). */
  appId?: string;
  /** Package-export conditions to resolve first (e.g. `["source"]` in the connector-kit monorepo). Default: none. */
  conditions?: string[];
  /** The Node.js binary shipped as the runtime. Default: the running one (`process.execPath`). */
  nodeBinary?: string;
}

/** What {@link compileOnPrem} made. */
export interface CompiledOnPrem {
  /** Absolute path of `<app_id>-<version>.tar.gz`. */
  archive: string;
  /** The app id, without the `_on_prem` suffix. */
  appId: string;
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

/**
 * Builds the on-prem package of a connector: `<app_id>-<version>.tar.gz` holding
 * - `main`: a POSIX shell launcher (see {@link LAUNCHER});
 * - `app/main.mjs`: the connector bundled by esbuild (every dependency inside) with an entry that runs
 *   `runLumosExecutable(connector, argv)`;
 * - `runtime/node`: a copy of the Node.js binary, so the package runs where Node.js is not installed;
 * - `metadata.toml`: `[connector]` with `app_id = "<app_id>_on_prem"` and `version`.
 * Entries are mode 0770 with a fixed mtime. Targets the platform of the Node.js binary (Linux x86-64 by
 * default, from the machine that builds).
 */
export async function compileOnPrem(options: CompileOnPremOptions): Promise<CompiledOnPrem> {
  const cwd = options.cwd ?? process.cwd();
  const modulePath = resolve(cwd, options.modulePath);
  const loaded = await loadConnector(modulePath, cwd);
  if (!("definition" in loaded))
    throw new UsageError(
      `${options.modulePath} exports low-level handlers; compile needs a defineConnector connector`,
    );
  const app = describeLumosApp(loaded);
  const appId = (options.appId ?? app.appId).replace(/_on_prem$/, "");
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(appId))
    throw new UsageError(`The app id "${appId}" must be letters, digits, dots, dashes and underscores`);
  const version = app.version;

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
  let code: string;
  try {
    const bundle = await bundleConnector(entry, {
      conditions: options.conditions ?? [],
      minify: false,
      external: [],
    });
    code = bundle.code;
  } finally {
    await rm(entry, { force: true });
  }

  const nodeBinary = options.nodeBinary ?? process.execPath;
  const node = await readFile(nodeBinary).catch(() => {
    throw new UsageError(`Cannot read the Node.js binary ${nodeBinary}`);
  });
  const outDir = resolve(cwd, options.outDir ?? DEFAULT_COMPILE_OUT_DIR);
  await mkdir(outDir, { recursive: true });
  const archive = join(outDir, `${appId}-${version}.tar.gz`);
  const mode = 0o770;
  const entries: TarEntry[] = [
    { path: "main", content: Buffer.from(LAUNCHER), mode },
    { path: "metadata.toml", content: Buffer.from(metadataToml(appId, version)), mode },
    { path: "app", mode },
    { path: "app/main.mjs", content: Buffer.from(code), mode },
    { path: "runtime", mode },
    { path: "runtime/node", content: node, mode },
  ];
  await writeTarGz(archive, entries);
  return {
    archive,
    appId,
    version,
    bundleBytes: Buffer.byteLength(code),
    archiveBytes: (await stat(archive)).size,
  };
}

export const compileCommand: Command = {
  name: "compile",
  usage: "<connector>",
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
      description: "Node.js binary to ship (default: the running one); must match the target platform",
    },
  },
  examples: [
    "connector compile src/connector.ts",
    "connector compile src/connector.ts --out build --app-id my-directory",
    "tar -xzf dist/lumos/my-directory-1.0.0.tar.gz -C /tmp/c && /tmp/c/main info",
  ],
  async run({ positionals, flags }, io) {
    const [module] = positionals;
    if (!module) throw new UsageError("Usage: connector compile <connector>");
    const result = await compileOnPrem({
      modulePath: module,
      cwd: io.cwd,
      ...(typeof flags["out"] === "string" ? { outDir: flags["out"] } : {}),
      ...(typeof flags["app-id"] === "string" ? { appId: flags["app-id"] } : {}),
      ...(typeof flags["node"] === "string" ? { nodeBinary: flags["node"] } : {}),
      conditions: (flags["conditions"] as string[] | undefined) ?? [],
    });
    if (flags["json"]) {
      io.stdout(`${JSON.stringify(result)}\n`);
    } else {
      io.stderr(
        `Compiled ${basename(module)}: ${result.appId} ${result.version}, bundle ${result.bundleBytes} bytes, archive ${result.archiveBytes} bytes\n`,
      );
      io.stdout(`${result.archive}\n`);
    }
    return 0;
  },
};
