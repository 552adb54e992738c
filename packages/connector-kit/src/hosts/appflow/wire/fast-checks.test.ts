import { describe, expect, it } from "vitest";
import { EnumArrays, EnumValues } from "./fast-checks.js";

describe("fast checks of enum values", () => {
  it("an absent value is never taken for a remembered one, before or after a value was seen", () => {
    const values = new EnumValues(["A", "B"]);
    expect(values.has(undefined)).toBe(false);
    expect(values.has("B")).toBe(true);
    expect(values.has(undefined)).toBe(false);
    expect(values.has("b")).toBe(false);
  });

  it("arrays: remembered arrays are compared item by item, and a wrong item is refused", () => {
    const lists = new EnumArrays(["A", "B"]);
    expect(lists.accepts(null)).toBe(true);
    expect(lists.accepts(["A", "B"])).toBe(true);
    expect(lists.accepts(["A", "B"])).toBe(true);
    expect(lists.accepts(["A", "C"])).toBe(false);
    expect(lists.accepts(["A"])).toBe(true);
    expect(lists.accepts([undefined])).toBe(false);
    expect(lists.accepts("A")).toBe(false);
  });
});
