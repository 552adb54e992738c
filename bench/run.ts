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
    // Dependencies with native or WASM parts load from node_modules; the SDK itself is bundled from source.
    external: ["@aws-sdk/*", "@electric-sql/pglite", "pg", "better-sqlite3"],
    logLevel: "warning",
  });
  const result = spawnSync(process.execPath, [bundle], { stdio: "inherit" });
  if (result.status !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);
