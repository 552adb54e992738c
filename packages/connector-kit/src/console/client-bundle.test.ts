import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeTempDir } from "../test-support/temp-dir.js";
import { CLIENT_SOURCE_DIR, loadClientAssets, writeClientAssets } from "./client-bundle.js";

describe("console client assets", () => {
  it("writes the bundled client as static files, as the package build does", async () => {
    const out = join(makeTempDir("ck-console-static-"), "static");
    const files = await writeClientAssets(out);
    expect(files).toEqual([join(out, "console.js"), join(out, "console.css")]);
    const script = readFileSync(files[0]!, "utf8");
    expect(script).toContain("Invalid filter expression at line"); // the SDK's filter parser, bundled
    expect(script).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/); // no CDN or other network asset
    expect(readFileSync(files[1]!, "utf8")).toContain(".filter-error-at");
  });

  it("serves the prebuilt files when they are there, without bundling", async () => {
    const staticDir = makeTempDir("ck-console-prebuilt-");
    writeFileSync(join(staticDir, "console.js"), "/* prebuilt */");
    writeFileSync(join(staticDir, "console.css"), "/* prebuilt css */");
    const missingSources = join(staticDir, "no-client-here");
    const assets = await loadClientAssets({ staticDir, sourceDir: missingSources });
    expect(assets).toEqual({ script: "/* prebuilt */", style: "/* prebuilt css */" });
  });

  it("bundles from the sources when nothing is prebuilt, and says what is missing when neither exists", async () => {
    const empty = makeTempDir("ck-console-empty-");
    expect(existsSync(join(CLIENT_SOURCE_DIR, "main.ts"))).toBe(true);
    const bundled = await loadClientAssets({ staticDir: empty, sourceDir: CLIENT_SOURCE_DIR });
    expect(bundled.script).toContain("Invalid filter expression at line");
    await expect(loadClientAssets({ staticDir: empty, sourceDir: empty })).rejects.toThrow(
      `The console's client is missing from this connector-kit installation (no ${join(empty, "console.js")})`,
    );
  });
});
