/**
 * The console in a real browser against the project's examples: the hello connector (a connection, a query
 * with a filter error, paging, a conformance run watched as it goes), the json-server example against a real
 * json-server (its settings and API key, the entity list, a filtered query), the PostgreSQL example on embedded
 * PGlite (a query, and a flow run with its records-per-second chart), and Lumos capabilities (forms from JSON
 * Schema, the envelope, the next page through the token) of an in-memory identity connector and, where slapd
 * is installed, of the LDAP example on a real slapd. Screenshots for the
 * README are written with CONSOLE_SCREENSHOTS=update.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connector as helloConnector } from "../../../../examples/hello/src/connector.js";
import { jsonServerConnector } from "../../../../examples/json-server/src/connector.js";
import { type JsonServerHandle, startJsonServer } from "../../../../examples/json-server/test/json-server.js";
import { ldapConnector } from "../../../../examples/ldap/src/connector.js";
import { seed as ldapSeed } from "../../../../examples/ldap/test/fixtures.js";
import {
  findSlapd,
  SERVICE_DN,
  SERVICE_PASSWORD,
  type SlapdServer,
  SUFFIX,
  startSlapd,
} from "../../../../examples/ldap/test/slapd-server.js";
import { closeAllDatabases, postgresConnector } from "../../../../examples/postgres/src/index.js";
import type { Connector } from "../define/define-connector.js";
import { localSecretResolver } from "../flow/local-secrets.js";
import {
  createTestDirectory,
  TEST_PASSWORD,
  TEST_USERNAME,
} from "../hosts/lumos/test-support/test-directory-connector.js";
import { makeTempDir } from "../test-support/temp-dir.js";
import { type ConsoleServer, serveConsole } from "./serve-console.js";
import {
  axeViolations,
  launchChromium,
  requireChromium,
  screenshot,
  type TestBrowser,
} from "./test-support/browser.js";

const chromium = requireChromium();

/**
 * Run in the page (as text: this file is compiled without DOM types): records what the page showed, batch by
 * batch, and how the table's rows arrived — one by one as their events came, or all at once.
 */
const WATCH_CONFORMANCE = `(() => {
  const log = { summaries: [], appended: 0 };
  globalThis.log = log;
  new MutationObserver((records) => {
    log.summaries.push(document.getElementById("conformance-summary")?.textContent ?? "");
    for (const r of records) {
      if (r.target.id === "conformance-checks" && r.addedNodes.length === 1 && r.removedNodes.length === 0)
        log.appended++;
    }
  }).observe(document.getElementById("conformance-report"), { subtree: true, childList: true, characterData: true });
})()`;
const POSTGRES_MODULE = join(import.meta.dirname, "../../../../examples/postgres/src/index.ts");

describe.skipIf(!chromium)("connector console in Chromium, against the examples", () => {
  const profileDir = makeTempDir("ck-console-chromium-");
  let chrome: TestBrowser;
  const servers: ConsoleServer[] = [];

  const slapd = findSlapd();
  let ldap: SlapdServer | undefined;
  let jsonServer: JsonServerHandle | undefined;

  beforeAll(async () => {
    jsonServer = await startJsonServer();
    // Before the browser: slapd's folder must be in the system's temporary directory, which its own user
    // can reach (the browser's profile folder, TMPDIR while it runs, is private).
    if (slapd) ldap = await startSlapd(slapd, ldapSeed());
    chrome = await launchChromium(chromium!, profileDir);
  });
  afterAll(async () => {
    await chrome?.close();
    await ldap?.stop();
    await jsonServer?.close();
    for (const server of servers) await server.close();
    await closeAllDatabases();
  });

  /** A console for `connector` (with `flowsDir` when given), and a page opened on it that records errors. */
  const open = async (connector: Connector, label: string, flowsDir?: string) => {
    const projectDir = makeTempDir("ck-console-project-");
    const server = await serveConsole({
      connector,
      connectorLabel: label,
      projectDir,
      secrets: localSecretResolver(projectDir, {}),
      port: 0,
      ...(flowsDir ? { flowsDir } : {}),
    });
    servers.push(server);
    const page = await chrome.browser.newPage({ viewport: { width: 1100, height: 760 } });
    page.setDefaultTimeout(10_000);
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(server.openUrl);
    await page.getByRole("heading", { name: "Connections" }).waitFor();
    return { page, errors };
  };

  const validate = async (page: Page, expected: string) => {
    await page.getByRole("button", { name: "Save and validate" }).click();
    // The first call to an embedded PostgreSQL creates its database: allow it the time.
    await expect.poll(() => page.locator("#status").textContent(), { timeout: 30_000 }).toBe(expected);
  };

  it("hello: a connection, a query with a filter error then two pages, and a conformance run watched as it goes", async () => {
    const { page, errors } = await open(helloConnector, "examples/hello/src/connector.ts");
    // No Lumos tab: the hello connector has no identity capabilities.
    expect(await page.locator("#tabs button").allTextContents()).toEqual([
      "Connections",
      "Entities",
      "Query",
      "Write",
      "Conformance",
    ]);
    await page.getByLabel("API key *").fill("wrong-key");
    await page.getByLabel("Unit *").selectOption("metric");
    await validate(page, "Connection default has errors");
    expect(await page.locator("#auth-error").textContent()).toContain("The API key must start with pk_");
    await page.getByLabel("API key *").fill("pk_live_123");
    await validate(page, "Connection default is valid");
    await screenshot(page, "connections");

    await page.getByRole("button", { name: "Entities" }).click();
    await page.getByRole("button", { name: "Planets (planets)" }).click();
    await page.getByRole("button", { name: "Query it" }).click();
    await expect.poll(() => page.locator(".fields-picker input").count()).toBe(3);
    await page.getByLabel("Filter").fill("moons >= 0 AND discoverd > 1600-01-01");
    await expect.poll(() => page.locator(".filter-problem").first().textContent()).toContain("discoverd");
    await page.getByLabel("Filter").fill("moons >= 0 AND discovered > 1600-01-01");
    await expect.poll(() => page.locator(".filter-problem").count()).toBe(0);
    await page.getByLabel("Page size (maxResults)").fill("2");
    await page.getByRole("button", { name: "Run query" }).click();
    await expect
      .poll(() => page.locator("#query-stats").textContent())
      .toContain("Page 1: 2 records, more pages");
    expect(await page.locator(".grid-body .grid-row").allTextContents()).toEqual([
      "Mercury01631-11-07",
      "Venus01610-01-01",
    ]);
    await page.getByRole("button", { name: "Next page" }).click();
    await expect
      .poll(() => page.locator("#query-stats").textContent())
      .toContain("Page 2: 1 records, last page");
    expect(await page.locator(".grid-body .grid-row").first().textContent()).toContain("Mars");
    await screenshot(page, "query");

    // Conformance: every check event is shown as it arrives, then the report.
    await page.getByRole("button", { name: "Conformance" }).click();
    await page.evaluate(WATCH_CONFORMANCE);
    await page.getByRole("button", { name: "Run the suite" }).click();
    await expect
      .poll(() => page.locator("#conformance-summary").textContent(), { timeout: 20_000 })
      .toMatch(/^Conformant: \d+ passed, 0 failed/);
    const rows = await page.locator("#conformance-checks tr").count();
    const log = await page.evaluate(
      () => (globalThis as unknown as { log: { summaries: string[]; appended: number } }).log,
    );
    expect(log.appended).toBe(rows); // each check was added as its event came
    const counts = [
      ...new Set(log.summaries.flatMap((t) => /checks done: (\d+)/.exec(t)?.[1] ?? []).map(Number)),
    ];
    // How many batches the page drew depends on timing; those it drew counted up.
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(counts.every((n) => n <= rows)).toBe(true);
    await screenshot(page, "conformance");
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  }, 30_000);

  it("json-server (examples/json-server): a connection with its settings and API key, the entities, a query", async () => {
    const upstream = jsonServer!;
    const { page, errors } = await open(jsonServerConnector, "examples/json-server/src/connector.ts");
    await page.getByLabel("Base URL *").fill(upstream.url);
    await page.getByLabel("API key location").selectOption("header");
    await page.getByLabel("API key *").fill("jsk_wrong_key");
    await validate(page, "Connection default has errors");
    expect(await page.locator("#validate-outcome").textContent()).toContain("401");
    await page.getByLabel("API key *").fill(upstream.apiKey);
    await validate(page, "Connection default is valid");
    expect(await page.content()).not.toContain(upstream.apiKey); // the key stays out of the page

    await page.getByRole("button", { name: "Entities" }).click();
    await expect
      .poll(() => page.locator(".tree button").allTextContents())
      .toEqual(["posts", "comments", "users"]);
    await page.getByRole("button", { name: "posts", exact: true }).click();
    await expect.poll(() => page.locator("table.fields").textContent()).toContain("views");
    await page.getByRole("button", { name: "Query it" }).click();
    await expect.poll(() => page.locator(".fields-picker input").count()).toBeGreaterThan(5);
    await page.getByLabel("Filter").fill("views > 50 AND published = true");
    await expect.poll(() => page.locator(".filter-problem").count()).toBe(0);
    await page.getByLabel("Page size (maxResults)").fill("2");
    await page.getByRole("button", { name: "Run query" }).click();
    await expect
      .poll(() => page.locator("#query-stats").textContent())
      .toContain("Page 1: 2 records, more pages");
    const rows = await page.locator(".grid-body .grid-row").allTextContents();
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.includes("Post "))).toBe(true);
    // The filter went upstream as json-server's own query parameters.
    expect(upstream.requests.some((r) => r.url.startsWith("/posts?") && r.url.includes("views_gte=50"))).toBe(
      true,
    );
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  }, 20_000);

  it("PostgreSQL on PGlite: a query, then a flow run with its records-per-second chart and its history", async () => {
    const flowsDir = makeTempDir("ck-console-pg-flows-");
    // The flow names its connector by a path next to it (as a project would), which re-exports the example.
    writeFileSync(
      join(flowsDir, "postgres.ts"),
      `export { dispose, postgresConnector as connector } from ${JSON.stringify(POSTGRES_MODULE)};\n`,
    );
    writeFileSync(
      join(flowsDir, "orders.yaml"),
      `name: orders-to-jsonl
description: Demo orders from embedded PostgreSQL into a JSON-lines file
source:
  connector: ./postgres.ts
  settings: { mode: embedded, dataDir: "memory://console-flow", demoData: "true" }
  entity: public.orders
  fields: [id, customer_id, status, amount, updated_at]
  pageSize: 25
destination:
  connector: connector-kit/connectors/jsonl
  settings: { directory: "\${FLOW_DIR}/out" }
  entity: orders
  operation: UPSERT
  idFieldNames: [id]
  batchSize: 25
`,
    );
    const { page, errors } = await open(postgresConnector, "examples/postgres/src/index.ts", flowsDir);
    await page.getByLabel("Username *").fill("demo");
    await page.getByLabel("Password *").fill("not-used-when-embedded");
    await page.getByLabel("Mode", { exact: true }).selectOption("embedded");
    await page.getByLabel("Data directory").fill("memory://console");
    await page.getByLabel("Demo data").fill("true");
    await validate(page, "Connection default is valid");

    await page.getByRole("button", { name: "Query", exact: true }).click();
    await page.getByLabel("Entity").fill("public.orders");
    await page.getByRole("button", { name: "Load fields" }).click();
    await expect.poll(() => page.locator(".fields-picker input").count()).toBeGreaterThan(3);
    await page.getByLabel("Filter").fill("amount > 100 AND status = 'shipped'");
    await expect.poll(() => page.locator(".filter-problem").count()).toBe(0);
    await page.getByLabel("Page size (maxResults)").fill("20");
    await page.getByRole("button", { name: "Run query" }).click();
    await expect.poll(() => page.locator("#query-stats").textContent()).toContain("Page 1: 20 records");
    expect(await page.locator(".grid-head").textContent()).toContain("amount");

    await page.getByRole("button", { name: "Flows" }).click();
    await page.getByRole("button", { name: "Run orders-to-jsonl" }).click();
    await expect
      .poll(() => page.locator("#flow-outcome").textContent(), { timeout: 30_000 })
      .toMatch(/^Run \d+: succeeded$/);
    expect(await page.locator("#flow-progress").textContent()).toMatch(
      /^500 read, 500 written, 0 errors, [\d,]+ records\/s$/,
    );
    const chart = page.getByRole("img", { name: /^Records per second/ });
    expect(await chart.locator("polyline").getAttribute("points")).toMatch(
      /^[\d.]+,[\d.]+( [\d.]+,[\d.]+)+$/,
    );
    expect(await page.locator("table.history tbody tr").first().textContent()).toContain("succeeded");
    await screenshot(page, "flows");
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  }, 45_000);

  it("Lumos: a capability's form from its JSON Schema, the envelope, and the next page through the token", async () => {
    const { connector } = createTestDirectory();
    const { page, errors } = await open(connector, "test-directory");
    await page.getByRole("button", { name: "Lumos" }).click();
    await page.getByRole("button", { name: "list_accounts" }).click();
    await page.getByLabel("Base DN *").fill("dc=example,dc=com");
    await page.getByLabel("Page limit").fill("2");
    // The credentials' schema is an object: its fields are drawn, the password masked.
    await page.getByLabel("username *").fill(TEST_USERNAME);
    const password = page.getByLabel("password *");
    expect(await password.getAttribute("type")).toBe("password");
    await password.fill(TEST_PASSWORD);
    await page.getByRole("button", { name: "Call list_accounts" }).click();
    const envelope = async () => JSON.parse((await page.locator("#lumos-envelope").textContent()) || "{}");
    await expect.poll(async () => (await envelope()).response?.length).toBe(2);
    const first = await envelope();
    expect(first.response.map((a: { integration_specific_id: string }) => a.integration_specific_id)).toEqual(
      ["uid=ada", "uid=alan"],
    );
    expect(first.page.token).toEqual(expect.any(String));
    await page.getByRole("button", { name: "Next page" }).click();
    await expect
      .poll(async () => (await envelope()).response?.[0]?.integration_specific_id)
      .toBe("uid=grace");
    await screenshot(page, "lumos", { fullPage: true });
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  }, 30_000);

  it.skipIf(!slapd)(
    "LDAP on slapd (examples/ldap): list_accounts through the Lumos section, page by page",
    async () => {
      const server = ldap!;
      {
        const { page, errors } = await open(ldapConnector, "examples/ldap/src/index.ts");
        await page.getByRole("button", { name: "Lumos" }).click();
        await page.getByRole("button", { name: "list_accounts" }).click();
        await page.getByLabel("username *").fill(SERVICE_DN);
        await page.getByLabel("password *").fill(SERVICE_PASSWORD);
        await page.getByLabel("URL *").fill(server.url);
        await page.getByLabel("Base DN *").fill(SUFFIX);
        await page.getByLabel("Page size", { exact: true }).fill("3");
        await page.getByRole("button", { name: "Call list_accounts" }).click();
        const envelope = async () =>
          JSON.parse((await page.locator("#lumos-envelope").textContent()) || "{}") as {
            response?: Array<{ integration_specific_id: string }>;
            page?: { token?: string } | null;
            is_error?: boolean;
          };
        await expect.poll(async () => (await envelope()).response?.length).toBe(3);
        const ids: string[] = [];
        for (let pages = 1; ; pages++) {
          const answer = await envelope();
          expect(answer.is_error ?? false).toBe(false);
          ids.push(...(answer.response ?? []).map((a) => a.integration_specific_id));
          if (!answer.page?.token) {
            expect(await page.getByRole("button", { name: "Next page" }).isDisabled()).toBe(true);
            expect(pages).toBeGreaterThan(1);
            break;
          }
          const shown = JSON.stringify(answer);
          await page.getByRole("button", { name: "Next page" }).click();
          await expect.poll(async () => JSON.stringify(await envelope())).not.toBe(shown);
        }
        expect(ids).toContain("alice");
        expect(new Set(ids).size).toBe(ids.length); // no account twice across the pages
        expect(await axeViolations(page)).toEqual([]);
        expect(errors).toEqual([]);
      }
    },
    30_000,
  );
});
