/**
 * The console in a real browser: Debian's headless Chromium driven through playwright-core, against the
 * in-memory orders connector (entity tree, settings validation, paged queries, writes with a failing record,
 * as JSON and in the grid).
 * Skipped only where Chromium is absent outside CI; in CI (`CI` set) a missing Chromium fails the run.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localSecretResolver } from "../flow/local-secrets.js";
import { makeOrders, ordersConnector } from "../hosts/appflow/test-support/orders-connector.js";
import { makeTempDir } from "../test-support/temp-dir.js";
import { type ConsoleServer, serveConsole } from "./serve-console.js";
import { axeViolations, launchChromium, requireChromium, type TestBrowser } from "./test-support/browser.js";

const chromium = requireChromium();

describe.skipIf(!chromium)("connector console in Chromium", () => {
  const projectDir = makeTempDir("ck-console-browser-");
  const profileDir = makeTempDir("ck-console-chromium-");
  let server: ConsoleServer;
  let chrome: TestBrowser;

  beforeAll(async () => {
    server = await serveConsole({
      connector: ordersConnector({
        orders: makeOrders(250, 20),
        upstreamPageSize: 40,
        clientSideFilter: true,
      }),
      connectorLabel: "orders-connector.ts",
      projectDir,
      secrets: localSecretResolver(projectDir, {}),
      port: 0,
    });
    chrome = await launchChromium(chromium!, profileDir);
  });

  afterAll(async () => {
    await chrome?.close();
    await server?.close();
  });

  it("fills and validates a connection, browses entities, and queries with a filter checked as it is typed", async () => {
    const page = await chrome.browser.newPage();
    page.setDefaultTimeout(10_000);
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(server.openUrl);
    expect(new URL(page.url()).search).toBe(""); // the token left the address bar for the cookie

    // Connections: a setting that the connector refuses is shown next to its field.
    await page.getByLabel("Name", { exact: true }).fill("main");
    await page.getByLabel("Username *").fill("ada");
    await page.getByLabel("Password *").fill("pa55-word-in-browser");
    await page.getByLabel("Region *").selectOption("us");
    await page.getByRole("button", { name: "Save and validate" }).click();
    await expect
      .poll(() => page.locator("#validate-outcome").textContent())
      .toContain("Settings (CONNECTOR_PROFILE)");
    const regionError = page.locator(`#${await page.getByLabel("Region *").getAttribute("id")}-error`);
    expect(await regionError.textContent()).toBe("Region us is closed for maintenance");
    expect(await page.getByLabel("Password *").inputValue()).toBe(""); // never put back in the page

    await page.getByLabel("Region *").selectOption("eu");
    await page.getByRole("button", { name: "Save and validate" }).click();
    await expect
      .poll(() => page.locator("#validate-outcome").textContent())
      .toBe("Credentials are validSettings (CONNECTOR_PROFILE) are validSettings (DESTINATION) are valid");
    expect(await page.locator("#status").textContent()).toBe("Connection main is valid");
    expect(await page.content()).not.toContain("pa55-word-in-browser");

    // Entities: the tree opens level by level.
    await page.getByRole("button", { name: "Entities" }).click();
    await page.getByRole("button", { name: "sales" }).click();
    await page.getByRole("button", { name: "Orders (orders)" }).click();
    await expect.poll(() => page.locator("table.fields tbody tr").count()).toBe(4);
    expect(await page.locator("table.fields").textContent()).toContain("updatedAt");

    // Query: a typo is reported at its position, by the SDK's parser running in the page.
    await page.getByRole("button", { name: "Query it" }).click();
    await expect.poll(() => page.locator(".fields-picker input").count()).toBe(4);
    await page.getByLabel("Filter").fill("amount > 100 ANDD note CONTAINS 'x'");
    await expect.poll(() => page.locator(".filter-problem").first().textContent()).toContain("column 14");
    expect(await page.locator(".filter-error-at").textContent()).toBe("ANDD");
    expect(await page.getByLabel("Filter").getAttribute("aria-invalid")).toBe("true");
    await page.getByLabel("Filter").fill("amount > 100 AND notee CONTAINS 'x'");
    await expect.poll(() => page.locator(".filter-problem").first().textContent()).toContain("notee");

    await page.getByLabel("Filter").fill("amount > 100 AND note CONTAINS 'x'");
    await expect.poll(() => page.locator(".filter-problem").count()).toBe(0);
    await page.getByLabel("Page size (maxResults)").fill("50");
    await page.getByRole("button", { name: "Run query" }).click();
    await expect.poll(() => page.locator("#query-stats").textContent()).toContain("Page 1: 50 records");
    expect(await page.locator("#query-stats").textContent()).toContain("of 6,291,556 bytes");
    const firstRow = page.locator(".grid-body .grid-row").first();
    expect(await firstRow.textContent()).toContain("o-000101");
    await firstRow.click();
    expect(JSON.parse((await page.locator("#query-record").textContent())!)).toMatchObject({
      id: "o-000101",
    });
    await page.getByRole("button", { name: "Next page" }).click();
    await expect.poll(() => page.locator("#query-stats").textContent()).toContain("Page 2: 50 records");

    // Write: one outcome per record, the failing one with its reason.
    await page.getByRole("button", { name: "Write", exact: true }).click();
    await page.getByLabel("Entity").fill("orders");
    await page.getByLabel("Operation").selectOption("UPSERT");
    await page
      .getByLabel("Records (a JSON array of objects)")
      .fill('[{"id":"n-1","amount":"1.5"},{"amount":"2"}]');
    await page.locator("#write-run").click();
    await expect.poll(() => page.locator("table.outcomes tbody tr").count()).toBe(2);
    expect(await page.locator("table.outcomes tbody tr").nth(1).textContent()).toContain("id is required");

    // The same records in the grid (one input per field of the entity), the failing one fixed there.
    await page.getByRole("button", { name: "Grid", exact: true }).click();
    await expect.poll(() => page.locator("table.record-grid tbody tr").count()).toBe(2);
    expect(await page.getByLabel("id of record 1").inputValue()).toBe("n-1");
    expect(await page.getByLabel("amount of record 2").inputValue()).toBe("2");
    await page.getByLabel("amount of record 1").fill("one");
    await page.locator("#write-run").click();
    await expect
      .poll(() => page.locator("#write-grid-error").textContent())
      .toBe('Record 1, amount: "one" is not a number (BigDecimal)');
    await page.getByLabel("amount of record 1").fill("1.5");
    await page.getByRole("button", { name: "Add record" }).click();
    await page.getByLabel("id of record 3").fill("n-3");
    await page.getByRole("button", { name: "Remove record 3" }).click();
    await page.getByLabel("id of record 2").fill("n-2");
    await page.getByLabel("note of record 2").fill("typed in the grid");
    await page.locator("#write-run").click();
    await expect.poll(() => page.locator("#status").textContent()).toBe("2 of 2 records written");
    expect(await page.locator("table.outcomes tbody tr").allTextContents()).toEqual([
      "1writtenn-1",
      "2writtenn-2",
    ]);
    expect(await axeViolations(page)).toEqual([]);
    // Back to JSON: the grid's records, empty cells left out.
    await page.getByRole("button", { name: "JSON", exact: true }).click();
    expect(JSON.parse(await page.getByLabel("Records (a JSON array of objects)").inputValue())).toEqual([
      { id: "n-1", amount: "1.5" },
      { id: "n-2", amount: "2", note: "typed in the grid" },
    ]);

    // Conformance with the saved connection.
    await page.getByRole("button", { name: "Conformance" }).click();
    await page.getByRole("button", { name: "Run the suite" }).click();
    await expect
      .poll(() => page.locator("#conformance-summary").textContent(), { timeout: 20_000 })
      .toMatch(/^Conformant: \d+ passed, 0 failed/);

    // Accessibility: axe-core finds no serious or critical violation on the conformance page.
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  }, 90_000);

  it("reloads itself when the console behind it restarts with the connector reloaded (connector dev --console)", async () => {
    const token = "a-fixed-token-for-both-runs-0123456789";
    const start = (label: string, port: number) =>
      serveConsole({
        connector: ordersConnector({ orders: makeOrders(10, 2) }),
        connectorLabel: label,
        projectDir,
        secrets: localSecretResolver(projectDir, {}),
        port,
        token,
        reloadOnRestart: true,
      });
    const first = await start("first-load.ts", 0);
    let second: ConsoleServer | undefined;
    const page = await chrome.browser.newPage();
    try {
      await page.goto(first.openUrl);
      await expect.poll(() => page.title()).toBe("first-load.ts · connector console");
      await page.evaluate("window.__beforeReload = true");
      await first.close();
      second = await start("second-load.ts", first.port);
      // The page notices the new instance behind the same port and token, and loads itself again.
      await expect.poll(() => page.title(), { timeout: 15_000 }).toBe("second-load.ts · connector console");
      expect(await page.evaluate("window.__beforeReload === undefined")).toBe(true);
    } finally {
      await page.close();
      await second?.close();
      await first.close().catch(() => {});
    }
  });
});
