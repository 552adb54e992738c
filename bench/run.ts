/**
 * Runs every benchmark in bench/ (or those whose names start with the arguments). Each is first bundled
 * with esbuild, as a connector ships to Lambda, so the figures are those of production code.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", ".tmp", "bench");
mkdirSync(out, { recursive: true });
const wanted = process.argv.slice(2);
const benches = readdirSync(here).filter(
  (f) =>
    f.endsWith(".ts") &&
    !["run.ts", "harness.ts"].includes(f) &&
    (wanted.length === 0 || wanted.some((w) => f.startsWith(w))),
);
let failed = 0;
for (const file of benches) {
  console.log(`\n## ${file}`);
  const bundle = join(out, file.replace(/\.ts$/, ".mjs"));
  await build({
    entryPoints: [join(here, file)],
    outfile: bundle,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    conditions: ["source"],
    // The SDK is bundled from source, as a connector's Lambda bundle would hold it; every other package
    // (CommonJS ones, WASM, native parts) loads from node_modules as it is.
    plugins: [
      {
        name: "dependencies-stay-external",
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, (args) =>
            args.path === "connector-kit" || args.path.startsWith("connector-kit/")
              ? undefined
              : { path: args.path, external: true },
          );
        },
      },
    ],
    logLevel: "warning",
  });
  const result = spawnSync(process.execPath, [bundle], { stdio: "inherit" });
  if (result.status !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);
