import { describe, expect, it } from "vitest";
import type { RecordHandler } from "../../core/handlers.js";
import type { FieldDefinition } from "../../core/model/entity.js";
import type { FieldDataType } from "../../core/model/enums.js";
import { shopConnector, shopSecrets, shopTestConfig } from "../test-support/shop-connector.js";
import { canonicalDecimal, readBackKey, sameValue } from "./read-back.js";
import { runConformance } from "./run-conformance.js";

const field = (dataType: FieldDataType): FieldDefinition => ({ fieldName: "f", dataType });

describe("sameValue", () => {
  it("compares numbers by value, dates by day, date-times by instant, booleans by truth", () => {
    expect(sameValue(field("BigDecimal"), 1000, "1000.00")).toBe(true);
    expect(sameValue(field("BigDecimal"), "12.5", "12.50")).toBe(true);
    expect(sameValue(field("Integer"), "7", 7)).toBe(true);
    expect(sameValue(field("Long"), "9007199254740993", "9007199254740993")).toBe(true);
    expect(sameValue(field("Long"), "9007199254740993", 9007199254740992)).toBe(false);
    expect(sameValue(field("Double"), 0.1, 0.10000000149011612)).toBe(false);
    expect(sameValue(field("Date"), "2024-03-01", "2024-03-01")).toBe(true);
    expect(sameValue(field("DateTime"), "2026-11-23T10:11:12.345+02:00", "2026-11-23T08:11:12.345Z")).toBe(
      true,
    );
    expect(sameValue(field("DateTime"), "2026-11-23T10:11:12", "2026-11-23T10:11:12.000Z")).toBe(true);
    expect(sameValue(field("DateTime"), "2026-11-23T10:11:12Z", "2026-11-23T10:11:13Z")).toBe(false);
    expect(sameValue(field("Boolean"), "true", true)).toBe(true);
  });

  it("wants strings exactly, objects in any key order, and null back as null or absent", () => {
    expect(sameValue(field("String"), "US", "U")).toBe(false);
    expect(sameValue(field("String"), "5", 5)).toBe(false);
    expect(sameValue(field("Struct"), { a: 1, b: [2, { c: 3 }] }, { b: [2, { c: 3 }], a: 1 })).toBe(true);
    expect(sameValue(field("List"), [1, 2], [2, 1])).toBe(false);
    expect(sameValue(field("String"), null, undefined)).toBe(true);
    expect(sameValue(field("String"), "x", null)).toBe(false);
    expect(sameValue(undefined, { x: 1 }, { x: 1 })).toBe(true);
  });

  it("spells each decimal one way", () => {
    expect(canonicalDecimal("1.50")).toBe(canonicalDecimal(1.5));
    expect(canonicalDecimal("15e-1")).toBe(canonicalDecimal("001.5"));
    expect(canonicalDecimal("-0.000")).toBe("0");
    expect(canonicalDecimal("abc")).toBeNull();
    expect(canonicalDecimal("")).toBeNull();
  });
});

describe("readBackKey", () => {
  const definition = {
    entity: { entityIdentifier: "t", hasNestedEntities: false },
    fields: [{ fieldName: "id", dataType: "Integer" as const, isPrimaryKey: true }, field("String")],
  };
  const ok = { isSuccess: true, recordId: "41", errorMessage: null };
  it("takes the only idFieldNames field, else the primary key from the record or the recordId", () => {
    expect(readBackKey(definition, ["f"], { f: "x" }, ok)).toEqual({ field: "f", id: "x" });
    expect(readBackKey(definition, [], { id: 7 }, ok)).toEqual({ field: "id", id: "7" });
    expect(readBackKey(definition, [], { f: "new" }, ok)).toEqual({ field: "id", id: "41" });
    expect(readBackKey(definition, ["id", "f"], { f: "x" }, { ...ok, recordId: null })).toBeNull();
  });
});

describe("the write read-back check", () => {
  function withRecordHandler(patch: (base: RecordHandler) => Partial<RecordHandler>) {
    const base = shopConnector().handlers;
    return { ...base, record: { ...base.record, ...patch(base.record) } };
  }

  it("reads back through QueryData when RetrieveData is not supported", async () => {
    const connector = withRecordHandler(() => ({
      async retrieveData() {
        return {
          isSuccess: false,
          errorDetails: {
            errorCode: "InvalidArgument",
            errorMessage: "This connector does not support retrieveData",
          },
          records: null,
        };
      },
    }));
    const report = await runConformance(connector, shopTestConfig(), {
      secrets: shopSecrets(),
      filterProbes: false,
    });
    const check = report.checks.find((c) => c.id === "write.config[0].read-back");
    expect(check).toMatchObject({ status: "pass", message: "1 records read back (QueryData)" });
  });

  it("is skipped when the writes are off, or the records have no id to be found by", async () => {
    const off = await runConformance(shopConnector(), shopTestConfig(), {
      secrets: shopSecrets(),
      writes: false,
      filterProbes: false,
    });
    expect(off.checks.find((c) => c.id === "write.config[0].read-back")).toMatchObject({
      status: "skip",
      message: "writes are turned off",
    });
    // A write that reports success without an id, of a record without one: nothing to find it by.
    const config = shopTestConfig();
    config.writeRecordConfigurations = [
      { entityIdentifier: "orders", operation: "INSERT", records: ['{"qty":1}'] },
    ];
    const noIds = withRecordHandler(() => ({
      async writeData(request) {
        const writeRecordResults = request.records.map(() => ({
          isSuccess: true,
          recordId: null,
          errorMessage: null,
        }));
        return { isSuccess: true, errorDetails: null, writeRecordResults };
      },
    }));
    const keyless = await runConformance(noIds, config, {
      secrets: shopSecrets(),
      filterProbes: false,
    });
    expect(keyless.checks.find((c) => c.id === "write.config[0].read-back")).toMatchObject({
      status: "skip",
      message: expect.stringMatching(/^no written record has a single id field/),
    });
  });
});
