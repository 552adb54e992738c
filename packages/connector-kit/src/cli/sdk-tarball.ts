import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { UsageError } from "./command.js";

/** The directory of the connector-kit package this code runs from (`src/cli/…` and `dist/cli/…` alike). */
export const SDK_ROOT = fileURLToPath(new URL("../..", import.meta.url));

/**
 * Packs the running connector-kit with `npm pack` into `destination` and returns the tarball's file name.
 * The package must be built (`dist/` present): a registry install always is; in a source checkout, run
 * `npm run build -w connector-kit` first.
 */
export async function packRunningSdk(destination: string, sdkRoot: string = SDK_ROOT): Promise<string> {
  if (!existsSync(join(sdkRoot, "dist", "index.js"))) {
    throw new UsageError(
      `connector-kit at ${sdkRoot} is not built (no dist/), so it cannot be vendored into the project; ` +
        "build it (npm run build -w connector-kit) or depend on a registry version with --sdk registry",
    );
  }
  await mkdir(destination, { recursive: true });
  // --ignore-scripts: an installed copy has no build tools, and dist/ is already there.
  const { stdout } = await promisify(execFile)(
    "npm",
    ["pack", "--json", "--ignore-scripts", "--pack-destination", destination],
    { cwd: sdkRoot, shell: process.platform === "win32", maxBuffer: 64 * 1024 * 1024 },
  );
  const [packed] = JSON.parse(stdout) as Array<{ filename: string }>;
  if (!packed) throw new Error(`npm pack printed no tarball for ${sdkRoot}`);
  return packed.filename;
}
