import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { missingPeer } from "../core/peer-dependency.js";

/** The console's page assets: the script (the client and the filter parser in one ES module) and the style. */
export interface ClientAssets {
  script: string;
  style: string;
}

/**
 * The client's folder: next to this module when it runs from source, else the `src/` copy the package ships
 * (the compiled `dist/` holds no plain `.js` client files).
 */
function clientDir(): string {
  const candidates = [
    new URL("./client/", import.meta.url),
    new URL("../../src/console/client/", import.meta.url),
  ];
  for (const candidate of candidates) {
    const dir = fileURLToPath(candidate);
    if (existsSync(`${dir}main.js`)) return dir;
  }
  throw new Error("The console's client files are missing from this connector-kit installation");
}

let built: Promise<ClientAssets> | undefined;

/**
 * Bundles the client with esbuild once per process: plain ES modules plus the SDK's own filter parser and
 * validator (`src/filter`, which has no Node dependencies), so the browser checks a filter with exactly the
 * code the connector's host runs. esbuild is an optional peer, as for `connector package`.
 */
export function clientAssets(): Promise<ClientAssets> {
  built ??= build().catch((error: unknown) => {
    built = undefined;
    throw error;
  });
  return built;
}

async function build(): Promise<ClientAssets> {
  const esbuild = await import("esbuild").catch(
    missingPeer("esbuild", "The console (connector console)", { dev: true }),
  );
  const dir = clientDir();
  const result = await esbuild.build({
    entryPoints: [`${dir}main.js`],
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
  return { script, style: await readFile(`${dir}console.css`, "utf8") };
}
