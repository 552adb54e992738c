import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeTempDir } from "../../test-support/temp-dir.js";
import { watchSources } from "./watch-sources.js";

/** Watches `dir` and collects each batch of changes. */
function collect(dir: string) {
  const batches: string[][] = [];
  const stop = watchSources(dir, (files) => batches.push(files), { debounceMs: 50 });
  return { batches, stop };
}

const settle = () => new Promise((done) => setTimeout(done, 400));

describe("watchSources", () => {
  it("reports the changed sources of a project root in one batch, but nothing under node_modules, .connector or dist", async () => {
    const dir = makeTempDir("ck-watch-");
    for (const sub of ["node_modules/pkg", ".connector", "dist", "src/lib"])
      mkdirSync(join(dir, sub), { recursive: true });
    const { batches, stop } = collect(dir);
    try {
      writeFileSync(join(dir, "node_modules/pkg/index.js"), "1");
      writeFileSync(join(dir, ".connector/state.json"), "{}");
      writeFileSync(join(dir, "dist/index.js"), "1");
      await settle();
      expect(batches).toEqual([]);
      writeFileSync(join(dir, "index.ts"), "export {};");
      writeFileSync(join(dir, "src/lib/helper.ts"), "export {};");
      writeFileSync(join(dir, "src/lib/.helper.ts.swp"), "x");
      await settle();
      expect(batches).toEqual([["index.ts", join("src", "lib", "helper.ts")]]);
    } finally {
      stop();
    }
  });

  it("watches a source directory recursively, debouncing a burst of saves into one batch", async () => {
    const dir = makeTempDir("ck-watch-");
    mkdirSync(join(dir, "nested"));
    const { batches, stop } = collect(dir);
    try {
      for (let i = 0; i < 5; i++) writeFileSync(join(dir, "connector.ts"), `// ${i}`);
      writeFileSync(join(dir, "nested/data.json"), "{}");
      await settle();
      expect(batches).toEqual([["connector.ts", join("nested", "data.json")]]);
    } finally {
      stop();
    }
  });
});
