/**
 * Start-up time of the built `connector --help`, against the floor of starting Node itself with an empty
 * script, in the same run. Builds the package first.
 * Run from the repository root: npm run bench -- cli-startup
 */
import { execFileSync, spawnSync } from "node:child_process";
import { join } from "node:path";
import { writeSection } from "./harness.js";

const root = process.cwd();
execFileSync(process.execPath, [
  join(root, "node_modules/typescript/bin/tsc"),
  "-p",
  join(root, "packages/connector-kit/tsconfig.build.json"),
]);
const main = join(root, "packages/connector-kit/dist/cli/main.js");

function median(args: string[], runs = 25): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const r = spawnSync(process.execPath, args, { stdio: "ignore" });
    if (r.status !== 0) throw new Error(`${args.join(" ")} exited ${r.status}`);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(runs / 2)]!;
}

const cli = median([main, "--help"]);
const floor = median(["-e", ""]);
writeSection("CLI start-up", "npm run bench -- cli-startup", [
  "Wall time of `node packages/connector-kit/dist/cli/main.js --help` (the built bin), median of 25 runs, against",
  '`node -e ""` in the same run.',
  "",
  `| command | median | floor (node -e "") | ratio |`,
  "| --- | --- | --- | --- |",
  `| connector --help | ${cli.toFixed(0)} ms (target < 150 ms) | ${floor.toFixed(0)} ms | ${(cli / floor).toFixed(2)}× |`,
]);
