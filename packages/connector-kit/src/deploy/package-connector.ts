import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { BUNDLE_FILE_NAME, type BundleAsset, type BundleOptions, bundleConnector } from "./bundle.js";
import { connectorDockerfile } from "./dockerfile.js";
import { lambdaRuntimeFacts } from "./runtimes.js";
import { type CloudFormationTemplate, type ConnectorTemplateOptions, connectorTemplate } from "./template.js";
import { type TemplateValidation, tryLoadCfnSpecification, validateTemplate } from "./validate-template.js";
import { createZip } from "./zip.js";

/** Options of {@link packageConnector}. */
export interface PackageConnectorOptions extends BundleOptions {
  /** Output folder. Default: {@link DEFAULT_PACKAGE_DIR}, relative to `cwd`. */
  outDir?: string;
  /** Folder relative paths start from. Default: `process.cwd()`. */
  cwd?: string;
  /** Options of the generated template (the code comes from `ConnectorCodeBucket`/`ConnectorCodeKey` by default). */
  template?: ConnectorTemplateOptions;
}

/** What {@link packageConnector} wrote. */
export interface PackagedConnector {
  outDir: string;
  files: { zip: string; template: string; dockerfile: string; bundle: string };
  /** Bytes of `function.zip`. */
  zipBytes: number;
  /** Bytes of the bundle before compression. */
  bundleBytes: number;
  /** The zip itself, for `deploy`. */
  zip: Uint8Array;
  template: CloudFormationTemplate;
  /** The template checked against the CloudFormation resource specification, or null when `@aws-cdk/cfnspec` is not installed. */
  validation: TemplateValidation | null;
  generatedHandler: boolean;
  warnings: string[];
  /** The files the bundle loads at run time, in the zip and in `outDir` next to `index.mjs`. */
  assets: BundleAsset[];
}

/** Default output folder of `connector package`. */
export const DEFAULT_PACKAGE_DIR = "dist/connector";

/** File names written by {@link packageConnector}. */
export const PACKAGE_FILES = {
  zip: "function.zip",
  template: "template.json",
  dockerfile: "Dockerfile",
  bundle: BUNDLE_FILE_NAME,
} as const;

/**
 * Packages a connector for Lambda: bundles it ({@link bundleConnector}), zips the bundle and the files it loads
 * at run time (its `assets`, such as PGlite's `pglite.wasm`) deterministically, and writes `function.zip`,
 * `index.mjs` and the assets, `template.json` (validated against the CloudFormation resource specification when
 * `@aws-cdk/cfnspec` is installed) and a `Dockerfile` into `outDir`. A bundle that loads a file which does not
 * exist is refused with a `BundleError` naming it.
 */
export async function packageConnector(
  modulePath: string,
  options: PackageConnectorOptions = {},
): Promise<PackagedConnector> {
  const cwd = options.cwd ?? process.cwd();
  const outDir = resolve(cwd, options.outDir ?? DEFAULT_PACKAGE_DIR);
  // The template's runtime decides the bundle's target and the Dockerfile's base image.
  const runtime = lambdaRuntimeFacts(options.template?.runtime);
  const bundle = await bundleConnector(resolve(cwd, modulePath), {
    target: runtime.esbuildTarget,
    ...options,
  });
  const assets = await Promise.all(bundle.assets.map(async (a) => ({ ...a, data: await readFile(a.path) })));
  const zip = createZip([
    { name: BUNDLE_FILE_NAME, data: bundle.code },
    ...assets.map((a) => ({ name: a.name, data: a.data })),
  ]);
  const template = connectorTemplate(options.template);
  const spec = tryLoadCfnSpecification();
  const code = options.template?.code;
  const validation = spec
    ? validateTemplate(template, spec, { packageablePaths: typeof code === "object" })
    : null;
  const files = {
    zip: join(outDir, PACKAGE_FILES.zip),
    template: join(outDir, PACKAGE_FILES.template),
    dockerfile: join(outDir, PACKAGE_FILES.dockerfile),
    bundle: join(outDir, PACKAGE_FILES.bundle),
  };
  await mkdir(outDir, { recursive: true });
  const dockerfile = connectorDockerfile({
    runtime: runtime.runtime,
    assets: bundle.assets.map((a) => a.name),
  });
  await Promise.all([
    writeFile(files.zip, zip),
    writeFile(files.bundle, bundle.code),
    writeFile(files.template, `${JSON.stringify(template, null, 2)}\n`),
    writeFile(files.dockerfile, dockerfile),
    ...assets.map(async (a) => {
      const target = join(outDir, a.name);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, a.data);
    }),
  ]);
  return {
    outDir,
    files,
    zipBytes: zip.byteLength,
    bundleBytes: bundle.bytes,
    zip,
    template,
    validation,
    generatedHandler: bundle.generatedHandler,
    warnings: bundle.warnings,
    assets: bundle.assets,
  };
}
