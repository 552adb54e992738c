import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { missingPeer } from "../core/peer-dependency.js";

/** The console's page assets: the script (the client and the filter parser in one ES module) and the style. */
export interface ClientAssets {
  script: string;
  style: string;
}

/** File names of the prebuilt assets in {@link CLIENT_STATIC_DIR}. */
export const CLIENT_SCRIPT_FILE = "console.js";
/** File name of the prebuilt style. */
export const CLIENT_STYLE_FILE = "console.css";

/**
 * Where the package build writes the prebuilt assets: `static/` next to this module, so `dist/console/static/`
 * in an installed package. Running from source (the repository), the folder does not exist.
 */
export const CLIENT_STATIC_DIR = fileURLToPath(new URL("./static/", import.meta.url));

/** The client's sources: next to this module when it runs from source. */
export const CLIENT_SOURCE_DIR = fileURLToPath(new URL("./client/", import.meta.url));

/** Where {@link loadClientAssets} looks. Defaults: {@link CLIENT_STATIC_DIR}, {@link CLIENT_SOURCE_DIR}. */
export interface ClientAssetDirs {
  /** The prebuilt assets, used when both files are there. */
  staticDir: string;
  /** The client's sources, bundled when no prebuilt assets exist. */
  sourceDir: string;
}

/**
 * Bundles the client with esbuild: its TypeScript modules plus the SDK's own filter parser and validator
 * (`src/filter`, which has no Node dependencies), so the browser checks a filter with exactly the code the
 * connector's host runs. esbuild is an optional peer, needed only to build (the package build, or a console
 * run from the repository's sources).
 */
export async function bundleClient(sourceDir: string = CLIENT_SOURCE_DIR): Promise<ClientAssets> {
  const esbuild = await import("esbuild").catch(
    missingPeer("esbuild", "Building the console's client", { dev: true }),
  );
  const result = await esbuild.build({
    entryPoints: [join(sourceDir, "main.ts")],
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    legalComments: "none",
    logLevel: "silent",
  });
  const script = result.outputFiles[0]?.text;
  if (script === undefined) throw new Error("esbuild produced no console script");
  return { script, style: await readFile(join(sourceDir, CLIENT_STYLE_FILE), "utf8") };
}

/**
 * Writes the bundled client into `outDir` (`console.js`, `console.css`): the package build's step that ships
 * static files, so an installed console needs neither esbuild nor a network at run time.
 * `outDir` has no default: from the sources, the default place would shadow them with a stale copy.
 * Default `sourceDir`: {@link CLIENT_SOURCE_DIR}.
 */
export async function writeClientAssets(
  outDir: string,
  sourceDir: string = CLIENT_SOURCE_DIR,
): Promise<string[]> {
  const assets = await bundleClient(sourceDir);
  await mkdir(outDir, { recursive: true });
  const files = [join(outDir, CLIENT_SCRIPT_FILE), join(outDir, CLIENT_STYLE_FILE)];
  await writeFile(files[0]!, assets.script);
  await writeFile(files[1]!, assets.style);
  return files;
}

/**
 * The assets to serve: the prebuilt files when the package ships them, else (running from the repository's
 * sources) a bundle made now. Neither: an error saying the installation lacks them.
 */
export async function loadClientAssets(dirs: Partial<ClientAssetDirs> = {}): Promise<ClientAssets> {
  const staticDir = dirs.staticDir ?? CLIENT_STATIC_DIR;
  const sourceDir = dirs.sourceDir ?? CLIENT_SOURCE_DIR;
  const script = join(staticDir, CLIENT_SCRIPT_FILE);
  const style = join(staticDir, CLIENT_STYLE_FILE);
  if (existsSync(script) && existsSync(style)) {
    const [s, c] = await Promise.all([readFile(script, "utf8"), readFile(style, "utf8")]);
    return { script: s, style: c };
  }
  if (existsSync(join(sourceDir, "main.ts"))) return bundleClient(sourceDir);
  throw new Error(
    `The console's client is missing from this connector-kit installation (no ${script}); rebuild the package`,
  );
}

let loaded: Promise<ClientAssets> | undefined;

/** {@link loadClientAssets} once per process (a failed attempt is retried on the next call). */
export function clientAssets(): Promise<ClientAssets> {
  loaded ??= loadClientAssets().catch((error: unknown) => {
    loaded = undefined;
    throw error;
  });
  return loaded;
}
