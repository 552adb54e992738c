import { describe, expect, it } from "vitest";
import { type BatchKey, BatchKeys, keyValue, overlaps } from "./record-pipeline.js";

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

describe("overlaps (whether a batch must wait for one in flight)", () => {
  const keys = (...values: BatchKey[]) => {
    const batch = new BatchKeys();
    for (const v of values) batch.add(v);
    return batch;
  };

  it("tells batches of ranges that do not meet apart, and finds a shared key inside meeting ranges", () => {
    expect(overlaps(keys(1, 2, 3), keys(4, 5))).toBe(false);
    expect(overlaps(keys(4, 5), keys(1, 2, 3))).toBe(false);
    expect(overlaps(keys(1, 3, 5), keys(2, 4))).toBe(false);
    expect(overlaps(keys(1, 3, 5), keys(2, 5))).toBe(true);
    expect(overlaps(keys(7), keys(7))).toBe(true);
    expect(overlaps(keys(), keys(1))).toBe(false);
  });

  it("compares key by key when a batch holds a text or NaN", () => {
    expect(overlaps(keys(1, "x"), keys("x", 9))).toBe(true);
    expect(overlaps(keys(1, Number.NaN, 5), keys(Number.NaN))).toBe(true);
    expect(overlaps(keys(Number.NaN), keys(10, Number.NaN, 20))).toBe(true);
    expect(overlaps(keys(1, "a"), keys(2, "b"))).toBe(false);
  });
});
