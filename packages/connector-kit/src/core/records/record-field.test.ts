import { describe, expect, it } from "vitest";
import type { DataRecord } from "./data-record.js";
import { getField, setField } from "./record-field.js";

describe("getField and setField", () => {
  it("never read a field from the prototype", () => {
    const record: DataRecord = { id: 1 };
    expect(getField(record, "toString")).toBeUndefined();
    expect(getField(record, "__proto__")).toBeUndefined();
    expect(getField(record, "id")).toBe(1);
    expect(getField(JSON.parse('{"__proto__":5}') as DataRecord, "__proto__")).toBe(5);
  });

  it("make __proto__ an own field, leaving the prototype alone", () => {
    const record: DataRecord = {};
    setField(record, "__proto__", { polluted: true });
    expect(Object.getPrototypeOf(record)).toBe(Object.prototype);
    expect(record["polluted"]).toBeUndefined();
    expect(JSON.stringify(record)).toBe('{"__proto__":{"polluted":true}}');
    setField(record, "__proto__", 2);
    setField(record, "name", "x");
    expect(JSON.stringify(record)).toBe('{"__proto__":2,"name":"x"}');
  });
});
