import { type ChildProcess, spawn } from "node:child_process";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { TEST_PASSWORD, TEST_USERNAME } from "../../hosts/lumos/test-support/test-directory-connector.js";

const repo = resolve(import.meta.dirname, "../../../../..");
const main = join(repo, "packages/connector-kit/src/cli/main.ts");
const FIXTURE = join(repo, "packages/connector-kit/src/hosts/lumos/test-support/test-directory-connector.ts");

describe("connector serve", () => {
  let child: ChildProcess | undefined;
  afterAll(() => {
    if (child?.pid && child.exitCode === null) child.kill("SIGTERM");
  });

  it("serves a connector over HTTP until stopped", async () => {
    child = spawn(
      process.execPath,
      [
        "--conditions=source",
        "--import",
        "tsx",
        main,
        "serve",
        FIXTURE,
        "--port",
        "0",
        "--json",
        "--log-level",
        "silent",
      ],
      { cwd: repo, stdio: ["ignore", "pipe", "pipe"] },
    );
    const url = await new Promise<string>((done, fail) => {
      let out = "";
      child!.stdout!.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        const line = out.split("\n").find((l) => l.startsWith("{"));
        if (line) done(JSON.parse(line).url as string);
      });
      child!.once("exit", (code) => fail(new Error(`serve exited with ${code}`)));
    });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const r = await fetch(`${url}/validate_credentials`, {
      method: "POST",
      body: JSON.stringify({
        auth: { basic: { username: TEST_USERNAME, password: TEST_PASSWORD } },
        settings: { baseDn: "o=test" },
        request: {},
      }),
    });
    expect(await r.json()).toMatchObject({
      response: { valid: true, unique_tenant_id: "test-directory:o=test" },
    });
    const exited = new Promise<number | null>((done) => child!.once("exit", done));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  }, 30_000);
});
