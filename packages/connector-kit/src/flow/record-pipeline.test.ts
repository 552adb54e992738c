import { describe, expect, it } from "vitest";
import { keyValue } from "./record-pipeline.js";

describe("keyValue (the keys batches in flight are compared by)", () => {
  it("takes a number and its canonical text as one key", () => {
    expect(keyValue(1)).toBe(keyValue("1"));
    expect(keyValue(-2.5)).toBe(keyValue("-2.5"));
    expect(keyValue(1e21)).toBe(keyValue("1e+21"));
    expect(keyValue(0)).toBe(keyValue("0"));
    expect(new Set([keyValue(Number.NaN)]).has(keyValue("NaN"))).toBe(true);
  });

  it("keeps texts that only look like numbers apart from the number", () => {
    for (const text of ["01", " 1", "1.0", "+1", "", "0x10", "1e3"]) {
      expect(keyValue(text)).toBe(text);
      expect(keyValue(text)).not.toBe(keyValue(Number(text)));
    }
  });

  it("takes other values by their text, objects by their JSON", () => {
    expect(keyValue(true)).toBe(keyValue("true"));
    expect(keyValue(null)).toBe("null");
    expect(keyValue({ a: 1 })).toBe('{"a":1}');
    expect(keyValue([1, "x"])).toBe('[1,"x"]');
  });
});
