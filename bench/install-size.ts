/**
 * Installed size of each install profile of connector-kit, from the packed tarball into empty projects:
 * what `npm install connector-kit` costs an author who needs only the SDK, and what the development tools
 * (esbuild, tsx, PGlite, Hono) add. The floor is the tarball's own unpacked size.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

// Run from the repository root (npm run bench bundles this file elsewhere).
const sdk = resolve(process.cwd(), "packages/connector-kit");
const work = mkdtempSync(join(tmpdir(), "ck-install-size-"));

function bytesUnder(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += bytesUnder(path);
    else if (entry.isFile()) total += statSync(path).size;
  }
  return total;
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

try {
  const [packed] = JSON.parse(
    execFileSync("npm", ["pack", "--json", "--pack-destination", work], { cwd: sdk, encoding: "utf8" }),
  ) as Array<{ filename: string; size: number; unpackedSize: number }>;
  const tarball = join(work, packed!.filename);
  console.log(`tarball: ${mb(packed!.size)} packed, ${mb(packed!.unpackedSize)} unpacked (the floor)`);
  const profiles: Array<[string, string[]]> = [
    ["SDK only (npm install connector-kit)", []],
    ["+ CLI tools (esbuild, tsx)", ["esbuild", "tsx"]],
    [
      "+ flow runner and serve (PGlite, Hono)",
      ["esbuild", "tsx", "@electric-sql/pglite", "hono", "@hono/node-server"],
    ],
  ];
  for (const [name, extra] of profiles) {
    const dir = join(work, String(profiles.findIndex(([n]) => n === name)));
    mkdirSync(dir);
    writeFileSync(join(dir, "package.json"), '{"name":"size","private":true}');
    execFileSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", tarball, ...extra], {
      cwd: dir,
      stdio: "ignore",
    });
    const size = bytesUnder(join(dir, "node_modules"));
    const count = readdirSync(join(dir, "node_modules")).filter((n) => !n.startsWith(".")).length;
    console.log(
      `${name}: ${mb(size)} in node_modules (${count} top-level entries), ${(size / packed!.unpackedSize).toFixed(1)}× the floor`,
    );
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
