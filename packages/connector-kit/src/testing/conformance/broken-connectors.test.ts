import { describe, expect, it } from "vitest";
import type { ConnectorHandlers } from "../../core/handlers.js";
import type { Connector } from "../../define/define-connector.js";
import {
  fakeBlockingDescribe,
  fakeBooleanLessThan,
  fakeCorruptingWrites,
  fakeHugeDefinition,
  fakeIgnoringFilters,
  fakeIncrementalString,
  fakeObjectRecords,
  fakeOversizedPages,
  fakeRepeatingRecord,
  fakeRepeatingToken,
  fakeReservedName,
  fakeShortWriteResults,
  fakeSlowDescribe,
} from "../test-support/fakes.js";
import { shopSecrets, shopTestConfig } from "../test-support/shop-connector.js";
import type { ConformanceOptions } from "./options.js";
import type { CheckResult } from "./report.js";
import { runConformance } from "./run-conformance.js";

async function failures(connector: Connector | ConnectorHandlers, options: ConformanceOptions = {}) {
  const report = await runConformance(connector, shopTestConfig(), { secrets: shopSecrets(), ...options });
  expect(report.ok).toBe(false);
  return new Map(
    report.checks.filter((c) => c.status === "fail").map((c) => [c.id, c] as [string, CheckResult]),
  );
}

describe("runConformance on broken connectors", () => {
  it("a connector repeating a token fails unique-tokens and terminates", async () => {
    const failed = await failures(fakeRepeatingToken());
    expect(failed.get("query.orders.unique-tokens")?.message).toBe(
      'page 2 returns nextToken "same-token", already returned by page 1',
    );
    expect(failed.get("query.orders.terminates")?.message).toContain("the connector would loop forever");
  });

  it("a connector ignoring maxResults fails page-size", async () => {
    const failed = await failures(fakeOversizedPages());
    expect(failed.get("query.orders.page-size")?.message).toBe("page 1 has 7 records, over maxResults 2");
  });

  it("a connector repeating a record across pages fails unique-records", async () => {
    const failed = await failures(fakeRepeatingRecord());
    expect(failed.get("query.orders.unique-records")?.message).toMatch(
      /^page 2 repeats record \{"id":"o-2"\} \(first seen on page 1\)/,
    );
    expect(failed.has("query.orders.unique-tokens")).toBe(false);
  });

  it("a Boolean field declaring LESS_THAN fails filter-operators", async () => {
    const failed = await failures(fakeBooleanLessThan());
    expect(failed.get("describe.orders.filter-operators")?.message).toBe(
      'field "paid" (Boolean) declares filter operator LESS_THAN, which makes no sense for Boolean (allowed: EQUAL_TO, NOT_EQUAL_TO)',
    );
  });

  it("an incremental String field fails incremental-fields", async () => {
    const failed = await failures(fakeIncrementalString());
    expect(failed.get("describe.orders.incremental-fields")?.message).toBe(
      'field "note" is marked isTimestampFieldForIncrementalQueries but is String (only Date and DateTime fields can drive incremental pulls)',
    );
    expect([...failed.keys()]).toEqual(["describe.orders.incremental-fields"]);
  });

  it("a connector whose filters return non-matching records fails the filter checks", async () => {
    const failed = await failures(fakeIgnoringFilters());
    expect(failed.get("filter.orders.id.EQUAL_TO")?.message).toMatch(
      /^record \{"id":"o-2"\} does not satisfy id = 'o-1'/,
    );
    expect(failed.get("filter.orders.amount.GREATER_THAN")?.message).toMatch(
      /^record \{"id":"o-1"\} does not satisfy amount > 17\.5/,
    );
    expect(failed.get("query.config[0]")?.message).toMatch(/does not satisfy the filter/);
    expect(failed.has("query.orders.page-size")).toBe(false);
  });

  it("a connector returning fewer write results than records fails its writes", async () => {
    const failed = await failures(fakeShortWriteResults());
    expect(failed.get("write.config[0]")?.message).toBe("returned 0 writeRecordResults for 1 records sent");
    expect(failed.get("write.config[3]")?.message).toBe("returned 1 writeRecordResults for 2 records sent");
  });

  it("a connector corrupting what it writes fails the read-back of every write that shows it", async () => {
    const failed = await failures(fakeCorruptingWrites());
    expect(failed.get("write.config[0].read-back")?.message).toBe(
      'record {"id":"o-100"}: note was written "new order", RetrieveData returns "n"; record {"id":"o-100"}: day was written "2024-04-01", RetrieveData returns "2"',
    );
    expect(failed.get("write.config[1].read-back")?.message).toBe(
      'record {"id":"o-100"}: note was written "paid late", RetrieveData returns "p"',
    );
    // Nothing else shows it: the writes themselves report success, and the UPSERT wrote no string.
    expect([...failed.keys()]).toEqual(["write.config[0].read-back", "write.config[1].read-back"]);
  });

  it("a connector named AWSOrders fails the name check", async () => {
    const failed = await failures(fakeReservedName());
    expect(failed.get("configuration.name")?.message).toBe(
      'connectorName "AWSOrders" starts with a reserved prefix (aws, amazon and appflow are reserved)',
    );
    expect(failed.size).toBe(1);
  });

  it("a connector answering too slowly fails on its deadline", async () => {
    const failed = await failures(fakeSlowDescribe(400), {
      timeLimitsMs: { DescribeEntityRequest: 200 },
      filterProbes: false,
    });
    expect(failed.get("describe.orders.response")?.message).toMatch(
      /^DescribeEntityRequest did not answer within its 200 ms time limit \(RequestTimeout: /,
    );
  });

  it("a connector blocking the event loop past the limit fails on the measured time", async () => {
    const failed = await failures(fakeBlockingDescribe(150), {
      timeLimitsMs: { DescribeEntityRequest: 100 },
      filterProbes: false,
      maxDescribedEntities: 1,
    });
    expect(failed.get("describe.orders.response")?.message).toMatch(
      /^DescribeEntityRequest took \d+ ms, over its 100 ms time limit$/,
    );
  });

  it("an answer over the response-size limit fails", async () => {
    const failed = await failures(fakeHugeDefinition(), { filterProbes: false });
    // The host refuses to send it, so the check fails on the host's error, which names the limit.
    expect(failed.get("describe.orders.response")?.message).toMatch(
      /^DescribeEntityRequest failed: ServerError.*encodes to \d+ bytes, over the 6291556-byte limit/,
    );
  });

  it("records that are not strings make the query answer malformed", async () => {
    const failed = await failures(fakeObjectRecords());
    expect(failed.get("query.orders.terminates")?.message).toBe(
      "page 1: QueryDataRequest answer is malformed: response.records[0]: expected a string (a JSON-serialized record), got a object",
    );
  });
});
