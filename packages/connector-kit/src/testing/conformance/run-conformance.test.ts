import { describe, expect, it } from "vitest";
import { formatReport } from "../format-report.js";
import { shopConnector, shopSecrets, shopTestConfig } from "../test-support/shop-connector.js";
import { runConformance } from "./run-conformance.js";

describe("runConformance on a good connector", () => {
  it("passes every check and runs the whole AppFlow sequence", async () => {
    const report = await runConformance(shopConnector(), shopTestConfig(), { secrets: shopSecrets() });
    const failed = report.checks.filter((c) => c.status === "fail");
    expect(failed, formatReport(report)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.connectorName).toBe("ShopTest");
    const ids = report.checks.map((c) => c.id);
    for (const id of [
      "configuration.response",
      "configuration.name",
      "credentials.validate",
      "settings.CONNECTOR_PROFILE",
      "settings.DESTINATION",
      "metadata.list-entities",
      "metadata.test-entity-listed",
      "describe.orders.filter-operators",
      "describe.customers.response",
      "query.orders.terminates",
      "query.orders.page-size",
      "query.orders.unique-records",
      "query.orders.field-selection",
      "query.config[0]",
      "filter.orders.amount.GREATER_THAN",
      "filter.orders.qty.BETWEEN",
      "filter.orders.note.CONTAINS",
      "filter.orders.paid.EQUAL_TO",
      "filter.orders.day.BETWEEN",
      "filter.orders.updatedAt.LESS_THAN",
      "filter.orders.tags.CONTAINS",
      "retrieve.config[0]",
      "write.config[0]",
      "write.config[3]",
    ]) {
      expect(ids, id).toContain(id);
    }
    // What INSERT, UPDATE and UPSERT wrote is read back; a DELETE has nothing to read back.
    const readBacks = report.checks.filter((c) => c.id.endsWith(".read-back"));
    expect(readBacks.map((c) => [c.id, c.status, c.message])).toEqual([
      ["write.config[0].read-back", "pass", "1 records read back (RetrieveData)"],
      ["write.config[1].read-back", "pass", "1 records read back (RetrieveData)"],
      ["write.config[2].read-back", "pass", "1 records read back (RetrieveData)"],
    ]);
    for (const id of ids.filter((x) => x.startsWith("filter.orders."))) {
      const check = report.checks.find((c) => c.id === id)!;
      if (check.status === "skip") expect(check.message).toBeTruthy();
    }
    // The non-queryable field is never probed.
    expect(ids.some((id) => id.startsWith("filter.orders.secretCode"))).toBe(false);
    // The unfiltered query really paginated (7 records, 2 per page).
    expect(report.checks.find((c) => c.id === "query.orders.terminates")?.message).toBe(
      "7 records on 4 pages",
    );
  });

  it("every check has a phase, a title and a duration", async () => {
    const report = await runConformance(shopConnector(), shopTestConfig(), { secrets: shopSecrets() });
    for (const c of report.checks) {
      expect(c.title.length).toBeGreaterThan(0);
      expect(c.durationMs).toBeGreaterThanOrEqual(0);
    }
    expect(report.summary.passed + report.summary.failed + report.summary.skipped).toBe(report.checks.length);
  });

  it("fails the credentials check with wrong credentials", async () => {
    const config = shopTestConfig();
    const secrets = shopSecrets().set(config.credentials.secretArn!, {
      username: "u",
      password: "bad-pass-42",
    });
    const report = await runConformance(shopConnector(), config, {
      secrets,
      filterProbes: false,
      writes: false,
    });
    const byId = new Map(report.checks.map((c) => [c.id, c]));
    expect(report.ok).toBe(false);
    expect(byId.get("credentials.validate")?.message).toBe(
      "ValidateCredentialsRequest failed: InvalidCredentials: wrong user name or password",
    );
    expect(byId.get("filter.orders")?.status).toBe("skip");
    expect(byId.get("write.config[0]")?.status).toBe("skip");
  });

  it("fails the settings check of a scope with the setting's problem", async () => {
    const config = shopTestConfig();
    config.runtimeSettings.connectorProfile = { region: "mars", apiVersion: "v1" };
    const report = await runConformance(shopConnector(), config, { secrets: shopSecrets(), writes: false });
    const check = report.checks.find((c) => c.id === "settings.CONNECTOR_PROFILE");
    expect(check?.status).toBe("fail");
    expect(check?.message).toBe("settings rejected: region: Region must be one of eu, us");
    expect(report.checks.find((c) => c.id === "settings.DESTINATION")?.status).toBe("pass");
  });

  it("reports an unsupported test API version and an unlisted test entity", async () => {
    const config = shopTestConfig();
    config.runtimeSettings.connectorProfile = { region: "eu", api_version: "v9" };
    config.testEntityIdentifier = "invoices";
    const report = await runConformance(shopConnector(), config, { secrets: shopSecrets(), writes: false });
    const byId = new Map(report.checks.map((c) => [c.id, c]));
    expect(byId.get("configuration.api-version")?.message).toBe(
      'apiVersion "v9" is not in supportedApiVersions (v1)',
    );
    expect(byId.get("metadata.test-entity-listed")?.message).toContain(
      'entity "invoices" is not in the entity tree',
    );
    expect(byId.get("describe.invoices.response")?.message).toContain("ResourceNotFoundError");
    expect(byId.get("query.invoices.terminates")?.status).toBe("skip");
  });
});
