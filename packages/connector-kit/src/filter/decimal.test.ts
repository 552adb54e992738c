import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareDecimals, isIntegral, parseDecimal } from "./decimal.js";

describe("compareDecimals", () => {
  it.each([
    ["1", "1.0", 0],
    ["-0", "0.000", 0],
    ["0.1", "0.10000000000000000001", -1],
    ["123456789012345678901234567890", "123456789012345678901234567891", -1],
    ["-5", "-10", 1],
    ["-0.5", "0.5", -1],
    ["1e3", "1000", 0],
    ["1.5e-7", "0.00000015", 0],
    [".5", "0.5", 0],
    ["5.", "5", 0],
    ["+7", "7", 0],
    ["99.99", "100", -1],
    ["010", "10", 0],
  ])("%s vs %s → %i", (a, b, r) => {
    expect(compareDecimals(a, b)).toBe(r);
    expect(compareDecimals(b, a)).toBe(-r || 0);
  });

  it("rejects non-numbers", () => {
    for (const t of ["", "-", ".", "e5", "1e", "1.2.3", "NaN", "Infinity", "0x10", " 1"]) {
      expect(parseDecimal(t)).toBeNull();
    }
    expect(() => compareDecimals("a", "1")).toThrow(RangeError);
  });

  it("agrees with BigInt on integers and with doubles on their shortest text", () => {
    fc.assert(
      fc.property(fc.bigInt(), fc.bigInt(), (a, b) => {
        expect(compareDecimals(String(a), String(b))).toBe(a < b ? -1 : a > b ? 1 : 0);
      }),
    );
    fc.assert(
      fc.property(
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        (a, b) => {
          expect(compareDecimals(String(a), String(b))).toBe(a < b ? -1 : a > b ? 1 : 0);
        },
      ),
    );
  });

  it("knows whole numbers", () => {
    expect(isIntegral(parseDecimal("120")!)).toBe(true);
    expect(isIntegral(parseDecimal("1.20e2")!)).toBe(true);
    expect(isIntegral(parseDecimal("1.5")!)).toBe(false);
  });
});
