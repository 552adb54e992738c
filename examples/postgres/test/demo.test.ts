import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

describe("the README's main job (npm start)", () => {
  it("seeds PGlite and runs every AppFlow call through the Lambda handler", () => {
    // The child's temporary files (tsx's cache) go into a directory removed afterwards.
    const tmp = mkdtempSync(join(tmpdir(), "ck-demo-"));
    try {
      const out = execFileSync(
        process.execPath,
        [
          "--conditions=source",
          "--import",
          "tsx",
          join(import.meta.dirname, "../scripts/demo.ts"),
          "--customers",
          "40",
          "--orders",
          "400",
        ],
        { encoding: "utf8", env: { ...process.env, LOG_LEVEL: "warn", TMPDIR: tmp } },
      );
      expect(out).toMatch(/QueryDataRequest\s+ok/);
      expect(out).not.toMatch(/failed:/);
      expect(out).toMatch(/\d+ records in \d+ pages/);
      expect(out).toContain('{"id":41,"name":"Grace Hopper","email":"grace@example.com"}');
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }, 60_000);
});
