import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, isAbsolute, posix, relative, resolve } from "node:path";
import type { BuildOptions, BuildResult, Metafile } from "esbuild";
import { missingPeer } from "../core/peer-dependency.js";

/** Options of {@link bundleConnector}. */
export interface BundleOptions {
  /** Package-export conditions to resolve first, e.g. `["source"]` inside the connector-kit monorepo. Default: none. */
  conditions?: string[];
  /** Minify the bundle. Default: true. */
  minify?: boolean;
  /** Node.js version the bundle targets. Default: `"node22"` (the default `nodejs22.x` runtime). */
  target?: string;
  /** Modules left out of the bundle. Default: {@link DEFAULT_EXTERNALS} (present in the Lambda runtime). */
  external?: string[];
  /** Add an inline source map. Default: false. */
  sourcemap?: boolean;
}

/**
 * A file the bundle loads at run time, found as `new URL("./file", import.meta.url)` in a module bundled into
 * it (PGlite's `pglite.wasm`, `pglite.data` and `initdb.wasm`, for example): it must sit next to the bundle.
 */
export interface BundleAsset {
  /** Path next to the bundle (`pglite.wasm`, or `sub/x.bin`), with `/` separators. */
  name: string;
  /** Where the file is now. */
  path: string;
  bytes: number;
}

/** The bundled handler module. */
export interface ConnectorBundle {
  /** The ES module text; Lambda loads it as `index.mjs` and calls its `handler` export. */
  code: string;
  /** Bytes of `code`. */
  bytes: number;
  /** True when the connector module exported no `handler` and one was made with `createLambdaHandler`. */
  generatedHandler: boolean;
  /** esbuild's warnings, formatted. */
  warnings: string[];
  /** The files the bundle loads at run time, to ship next to it (sorted by name). */
  assets: BundleAsset[];
}

/** Modules a Lambda bundle leaves out by default: the AWS SDK v3, present in the Lambda Node.js runtimes. */
export const DEFAULT_EXTERNALS: readonly string[] = ["@aws-sdk/*"];

/** File name of the bundle inside the zip; `index.handler` is its handler. */
export const BUNDLE_FILE_NAME = "index.mjs";

/**
 * Lets bundled CommonJS dependencies `require()` Node.js built-ins from an ES module bundle, and gives them
 * `__filename`/`__dirname`.
 */
const ESM_BANNER = [
  'import { createRequire as __ckCreateRequire } from "node:module";',
  "const require = __ckCreateRequire(import.meta.url);",
].join("\n");

/** Thrown when esbuild cannot bundle the connector; the message lists esbuild's errors. */
export class BundleError extends Error {
  override readonly name = "BundleError";
}

type Esbuild = typeof import("esbuild");

async function loadEsbuild(): Promise<Esbuild> {
  return import("esbuild").catch(missingPeer("esbuild", "Bundling a connector", { dev: true }));
}

/** The names the connector module exports, found by a quick non-minified build with a metafile. */
async function exportsOf(esbuild: Esbuild, entry: string, options: BundleOptions): Promise<string[]> {
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    metafile: true,
    platform: "node",
    format: "esm",
    target: options.target ?? "node22",
    conditions: options.conditions ?? [],
    external: [...(options.external ?? DEFAULT_EXTERNALS)],
    logLevel: "silent",
    outfile: "probe.mjs",
  });
  const output = Object.values(result.metafile.outputs).find((o) => o.entryPoint !== undefined);
  return output?.exports ?? [];
}

/** `new URL("<relative path>", import.meta.url)`, the way ES modules name a file beside them. */
const ASSET_URL = /new\s+URL\(\s*(["'`])([^"'`$\\]+)\1\s*,\s*import\.meta\.url\s*\)/g;

/**
 * The files the bundle `code` loads at run time: each `new URL("./x", import.meta.url)` still in the bundle,
 * resolved from the bundled module that wrote it (those URLs now resolve next to the bundle). Throws a
 * BundleError naming the asset when it does not exist, lies outside the module's folder, or two different files
 * would take one name.
 */
function bundleAssets(code: string, metafile: Metafile): BundleAsset[] {
  const used = new Set([...code.matchAll(ASSET_URL)].map((m) => m[2]!));
  const assets = new Map<string, BundleAsset>();
  if (used.size === 0) return [];
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const file = resolve(input);
      if (bytesInOutput === 0 || !existsSync(file)) continue; // tree-shaken, or the generated entry
      for (const match of readFileSync(file, "utf8").matchAll(ASSET_URL)) {
        const spec = match[2]!;
        if (!used.has(spec)) continue;
        const name = posix.normalize(spec);
        const where = `${relative(process.cwd(), file)} loads ${JSON.stringify(spec)} (new URL(…, import.meta.url))`;
        if (name === "." || name.startsWith("../") || isAbsolute(name) || /[?#:]/.test(name)) {
          throw new BundleError(
            `${where}, which is not a file beside it: it cannot be shipped next to the bundle`,
          );
        }
        const path = resolve(dirname(file), spec);
        if (!existsSync(path) || !statSync(path).isFile()) {
          throw new BundleError(
            `${where}, but ${path} does not exist: the packaged function would fail without that asset`,
          );
        }
        const known = assets.get(name);
        if (known && known.path !== path && !readFileSync(known.path).equals(readFileSync(path))) {
          throw new BundleError(
            `${where}, and ${known.path} is another file of that name next to the bundle`,
          );
        }
        if (!known) assets.set(name, { name, path, bytes: statSync(path).size });
      }
    }
  }
  return [...assets.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function describeFailure(error: unknown): string {
  const errors = (error as { errors?: { text: string; location?: { file: string; line: number } | null }[] })
    .errors;
  if (!Array.isArray(errors)) return error instanceof Error ? error.message : String(error);
  return errors
    .map((e) => (e.location ? `${e.location.file}:${e.location.line}: ${e.text}` : e.text))
    .join("\n");
}

/**
 * Bundles a connector module (TypeScript or JavaScript) with esbuild into one ES module whose `handler`
 * export is the Lambda entry point (`index.handler`). When the module exports no `handler`, a tiny entry
 * is generated that exports `handler = createLambdaHandler(connector)` (its `connector` export, else its
 * default export). Targets Node.js 22 by default, minified, with `@aws-sdk/*` left out. The files the bundled
 * modules load beside themselves (`new URL("./x", import.meta.url)`) are listed in `assets`, to ship next to it.
 */
export async function bundleConnector(
  modulePath: string,
  options: BundleOptions = {},
): Promise<ConnectorBundle> {
  const entry = resolve(modulePath);
  if (!existsSync(entry)) throw new BundleError(`No connector module at ${entry}`);
  const esbuild = await loadEsbuild();
  let exported: string[];
  try {
    exported = await exportsOf(esbuild, entry, options);
  } catch (error) {
    throw new BundleError(`Cannot bundle ${modulePath}:\n${describeFailure(error)}`);
  }
  const generatedHandler = !exported.includes("handler");
  let connectorExport: string | undefined;
  if (generatedHandler) {
    connectorExport = exported.includes("connector")
      ? "connector"
      : exported.includes("default")
        ? "default"
        : undefined;
    if (!connectorExport) {
      throw new BundleError(
        `${modulePath} exports neither "handler" nor "connector" nor a default export to make a handler from`,
      );
    }
  }
  const common: BuildOptions = {
    bundle: true,
    write: false,
    platform: "node",
    format: "esm",
    target: options.target ?? "node22",
    minify: options.minify ?? true,
    sourcemap: options.sourcemap ? "inline" : false,
    conditions: options.conditions ?? [],
    external: [...(options.external ?? DEFAULT_EXTERNALS)],
    legalComments: "none",
    banner: { js: ESM_BANNER },
    logLevel: "silent",
    outfile: BUNDLE_FILE_NAME,
    metafile: true,
  };
  let result: BuildResult<{ metafile: true }>;
  try {
    result = generatedHandler
      ? await esbuild.build({
          ...common,
          stdin: {
            contents: [
              `import { ${connectorExport} as connector } from ${JSON.stringify(`./${basename(entry)}`)};`,
              'import { createLambdaHandler } from "connector-kit/appflow";',
              "export const handler = createLambdaHandler(connector);",
            ].join("\n"),
            resolveDir: dirname(entry),
            sourcefile: "connector-kit-lambda-entry.js",
            loader: "js",
          },
        })
      : await esbuild.build({ ...common, entryPoints: [entry] });
  } catch (error) {
    throw new BundleError(`Cannot bundle ${modulePath}:\n${describeFailure(error)}`);
  }
  const file = result.outputFiles?.[0];
  if (!file) throw new BundleError(`esbuild wrote no output for ${modulePath}`);
  const warnings = await esbuild.formatMessages(result.warnings, { kind: "warning" });
  const assets = bundleAssets(file.text, result.metafile);
  return { code: file.text, bytes: file.contents.byteLength, generatedHandler, warnings, assets };
}
