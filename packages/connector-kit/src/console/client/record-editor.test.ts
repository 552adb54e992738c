import { describe, expect, it } from "vitest";
import { cellText, cellValue } from "./record-editor.js";

describe("cellValue: a grid cell typed by its field's dataType", () => {
  it("parses numbers, booleans and JSON, keeps big numbers and text as text, and leaves empty cells out", () => {
    expect(cellValue(" 42 ", "Integer")).toBe(42);
    expect(cellValue("-1.25", "Double")).toBe(-1.25);
    expect(cellValue("12345678901234567890.01", "BigDecimal")).toBe("12345678901234567890.01");
    expect(cellValue("false", "Boolean")).toBe(false);
    expect(cellValue('{"a":[1]}', "Struct")).toEqual({ a: [1] });
    expect(cellValue(" two words ", "String")).toBe(" two words ");
    expect(cellValue("2024-01-05", "Date")).toBe("2024-01-05");
    expect(cellValue("   ", "String")).toBeUndefined();
  });

  it("names the type a cell does not match", () => {
    expect(() => cellValue("1.5", "Integer")).toThrow('"1.5" is not an integer (Integer)');
    expect(() => cellValue("9007199254740993", "Long")).toThrow("is not an integer (Long)");
    expect(() => cellValue("abc", "Float")).toThrow('"abc" is not a number (Float)');
    expect(() => cellValue("1e", "BigInteger")).toThrow('"1e" is not a number (BigInteger)');
    expect(() => cellValue("yes", "Boolean")).toThrow('"yes" is not true or false (Boolean)');
    expect(() => cellValue("[1,", "List")).toThrow('"[1," is not JSON (List)');
  });

  it("shows values as cell text the way cellValue reads them back", () => {
    expect(cellText(null)).toBe("");
    expect(cellText(undefined)).toBe("");
    expect(cellText(3)).toBe("3");
    expect(cellText({ a: 1 })).toBe('{"a":1}');
    expect(cellValue(cellText({ a: 1 }), "Map")).toEqual({ a: 1 });
  });
});
