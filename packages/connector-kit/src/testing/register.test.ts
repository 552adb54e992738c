import { AssertionError } from "node:assert";
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { assertConformance, describeConformance } from "./register.js";
import { fakeOversizedPages, fakeReservedName } from "./test-support/fakes.js";
import { shopConnector, shopSecrets, shopTestConfig } from "./test-support/shop-connector.js";

// The helper registering its tests with vitest itself (top-level await, as documented).
const report = await describeConformance(
  shopConnector(),
  shopTestConfig(),
  { describe, it },
  { secrets: shopSecrets(), title: "shop connector (registered by describeConformance)" },
);

describe("describeConformance", () => {
  it("returned the report of the tests it registered", () => {
    expect(report.ok).toBe(true);
    expect(report.checks.length).toBeGreaterThan(50);
  });

  it("registers one test per check with any describe/it, failing the failed checks", async () => {
    const registered: Array<{ name: string; fn: () => void; skip: boolean }> = [];
    const fakeIt = Object.assign(
      (name: string, fn: () => void) => registered.push({ name, fn, skip: false }),
      {
        skip: (name: string, fn: () => void) => registered.push({ name, fn, skip: true }),
      },
    );
    const blocks: string[] = [];
    const r = await describeConformance(
      fakeReservedName(),
      shopTestConfig(),
      {
        describe: (name, fn) => {
          blocks.push(name);
          fn();
        },
        it: fakeIt,
      },
      { secrets: shopSecrets(), writes: false },
    );
    expect(blocks).toEqual(["AppFlow conformance"]);
    expect(registered).toHaveLength(r.checks.length);
    const name = registered.find((t) => t.name.includes("[configuration.name]"))!;
    expect(name.name).toBe("configuration: connector name and owner are allowed [configuration.name]");
    expect(() => name.fn()).toThrow(AssertionError);
    expect(() => name.fn()).toThrow(/connectorName "AWSOrders" starts with a reserved prefix/);
    expect(registered.filter((t) => t.skip).length).toBe(r.summary.skipped);
    for (const t of registered.filter((x) => !x.name.includes("[configuration.name]")))
      expect(t.fn).not.toThrow();
  });

  it("derives a TestConfig when none is given", async () => {
    const registered: string[] = [];
    const r = await describeConformance(
      shopConnector(),
      null,
      { describe: (_n, fn) => fn(), it: (n) => registered.push(n) },
      { secrets: shopSecrets(), derive: { credentials: shopTestConfig().credentials } },
    );
    expect(r.ok).toBe(true);
    expect(registered.some((n) => n.includes("[query.orders.terminates]"))).toBe(true);
  });
});

describe("assertConformance", () => {
  it("resolves with the report for a good connector", async () => {
    const r = await assertConformance(shopConnector(), shopTestConfig(), { secrets: shopSecrets() });
    expect(r.ok).toBe(true);
  });

  it("throws an AssertionError listing the failures", async () => {
    const error = await assertConformance(fakeOversizedPages(), shopTestConfig(), {
      secrets: shopSecrets(),
    }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AssertionError);
    const message = (error as AssertionError).message;
    expect(message).toMatch(/^\d+ AppFlow conformance check\(s\) failed:\n/);
    expect(message).toContain(
      "✗ query: orders unfiltered: every page has at most maxResults (2) records — page 1 has 7 records, over maxResults 2 [query.orders.page-size]",
    );
    expect(message).not.toContain("✓");
  });
});

describe("with node:test", () => {
  const fixture = fileURLToPath(new URL("./test-support/node-test-fixture.ts", import.meta.url));
  const run = (env: Record<string, string>) =>
    promisify(execFile)(
      process.execPath,
      ["--conditions=source", "--import", "tsx", "--test", "--test-reporter=tap", fixture],
      { env: { ...process.env, ...env }, cwd: process.cwd() },
    ).then(
      (r) => ({ code: 0, out: r.stdout }),
      (e: { code: number; stdout: string }) => ({ code: e.code, out: e.stdout }),
    );

  it("registers passing tests for a good connector", async () => {
    const { code, out } = await run({ FIXTURE: "good" });
    expect(out).toMatch(/# fail 0/);
    expect(out).toMatch(
      /ok \d+ - configuration: connector name and owner are allowed \[configuration\.name\]/,
    );
    expect(code).toBe(0);
  }, 60_000);

  it("fails the node:test run for a broken connector", async () => {
    const { code, out } = await run({ FIXTURE: "broken" });
    expect(out).toMatch(/# fail 1\b/);
    expect(out).toMatch(/not ok \d+ - configuration: connector name and owner are allowed/);
    expect(code).not.toBe(0);
  }, 60_000);
});
