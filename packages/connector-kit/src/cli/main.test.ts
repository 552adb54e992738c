import { spawn } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const MAIN = join(import.meta.dirname, "main.ts");
/** The repository, where `--import tsx` resolves. */
const REPO = join(import.meta.dirname, "../../../..");

describe("the connector bin", () => {
  it("exits quietly when its reader closes the pipe early (`connector … | head`)", async () => {
    const child = spawn(process.execPath, ["--conditions=source", "--import", "tsx", MAIN, "--help"], {
      cwd: REPO,
      stdio: ["ignore", "pipe", "pipe"],
    });
    // The reader goes away before the bin writes anything: its first write meets a closed pipe.
    child.stdout.destroy();
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(stderr).toBe("");
    expect(code).toBe(0);
  }, 30_000);
});
