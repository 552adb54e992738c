import { existsSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import type { BuildOptions, BuildResult } from "esbuild";
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
 * default export). Targets Node.js 22 by default, minified, with `@aws-sdk/*` left out.
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
  };
  let result: BuildResult;
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
  return { code: file.text, bytes: file.contents.byteLength, generatedHandler, warnings };
}
