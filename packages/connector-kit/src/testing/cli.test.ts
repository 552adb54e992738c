import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeTempDir } from "../test-support/temp-dir.js";
import { EXIT_CHECK_FAILED, EXIT_OK, EXIT_USAGE, runConformanceCommand } from "./cli.js";
import { fakeRepeatingRecord } from "./test-support/fakes.js";
import { shopConnector, shopSecrets, shopTestConfig } from "./test-support/shop-connector.js";

async function capture(run: (write: (t: string) => void) => Promise<number>) {
  let out = "";
  const code = await run((t) => {
    out += t;
  });
  return { code, out };
}

describe("runConformanceCommand", () => {
  it("prints a line per check and exits 0 for a good connector", async () => {
    const dir = makeTempDir("conformance-");
    const path = join(dir, "TestConfig.json");
    await writeFile(path, JSON.stringify(shopTestConfig()));
    const { code, out } = await capture((write) =>
      runConformanceCommand(shopConnector(), { configPath: path, secrets: shopSecrets(), write }),
    );
    expect(code).toBe(EXIT_OK);
    const lines = out.trim().split("\n");
    expect(lines[0]).toBe(
      "✓ configuration: DescribeConnectorConfiguration answers a well-formed configuration [configuration.response]",
    );
    expect(lines.at(-1)).toMatch(/^ShopTest: \d+ passed, 0 failed, 0 skipped$/);
  });

  it("prints JSON and exits 1 when a check fails", async () => {
    const { code, out } = await capture((write) =>
      runConformanceCommand(fakeRepeatingRecord(), {
        config: shopTestConfig(),
        secrets: shopSecrets(),
        json: true,
        write,
      }),
    );
    expect(code).toBe(EXIT_CHECK_FAILED);
    const json = JSON.parse(out) as {
      ok: boolean;
      checks: Array<{ id: string; status: string; message?: string }>;
    };
    expect(json.ok).toBe(false);
    const check = json.checks.find((c) => c.id === "query.orders.unique-records");
    expect(check?.status).toBe("fail");
    expect(check?.message).toMatch(/^page 2 repeats record \{"id":"o-2"\} \(first seen on page 1\)/);
  });

  it("prints only failures with failuresOnly", async () => {
    const { out } = await capture((write) =>
      runConformanceCommand(fakeRepeatingRecord(), {
        config: shopTestConfig(),
        secrets: shopSecrets(),
        failuresOnly: true,
        write,
      }),
    );
    const lines = out.trim().split("\n");
    expect(lines.slice(0, -1).every((l) => l.startsWith("✗ "))).toBe(true);
  });

  it("exits 2 naming the bad key of an invalid TestConfig", async () => {
    const dir = makeTempDir("conformance-");
    const path = join(dir, "TestConfig.json");
    await writeFile(path, JSON.stringify({ ...shopTestConfig(), testEntityIdentifier: 3 }));
    const { code, out } = await capture((write) =>
      runConformanceCommand(shopConnector(), { configPath: path, write }),
    );
    expect(code).toBe(EXIT_USAGE);
    expect(out).toBe(
      "connector test: invalid TestConfig: testEntityIdentifier: expected a string, got a number\n",
    );
  });
});
