import { describe, expect, it } from "vitest";
import {
  compareInstants,
  isValidDateText,
  isValidDateTimeText,
  parseInstant,
  utcDateText,
} from "./temporal.js";

describe("temporal", () => {
  it.each([
    ["2024-02-29", true],
    ["2023-02-29", false],
    ["2000-02-29", true],
    ["1900-02-29", false],
    ["2021-04-31", false],
    ["2021-04-00", false],
    ["0001-01-01", true],
  ])("date %s valid: %s", (text, ok) => {
    expect(isValidDateText(text)).toBe(ok);
  });

  it.each([
    ["2021-04-20T24:00:00Z", true],
    ["2021-04-20T24:00:00.000Z", true],
    ["2021-04-20T24:00:01Z", false],
    ["2021-02-30T10:00:00Z", false],
    ["2021-04-20T23:59:59.999999Z", true],
  ])("datetime %s valid: %s", (text, ok) => {
    expect(isValidDateTimeText(text)).toBe(ok);
  });

  it("parses ISO texts to instants, keeping sub-millisecond digits", () => {
    expect(parseInstant("2021-04-20")).toEqual({ ms: Date.UTC(2021, 3, 20), sub: "" });
    expect(parseInstant("2021-04-20T24:00:00Z")).toEqual({ ms: Date.UTC(2021, 3, 21), sub: "" });
    expect(parseInstant("2021-04-20T10:00:00.1234560Z")).toEqual({
      ms: Date.UTC(2021, 3, 20, 10, 0, 0, 123),
      sub: "456",
    });
    expect(parseInstant("2021-04-20T12:00:00+02:00")!.ms).toBe(Date.UTC(2021, 3, 20, 10));
    expect(parseInstant("2021-04-20 12:00-0130")!.ms).toBe(Date.UTC(2021, 3, 20, 13, 30));
    expect(parseInstant("0021-01-01")!.ms).toBe(new Date("0021-01-01T00:00:00Z").getTime());
    expect(parseInstant("nonsense")).toBeNull();
    expect(
      compareInstants(
        parseInstant("2021-01-01T00:00:00.0001Z")!,
        parseInstant("2021-01-01T00:00:00.00010Z")!,
      ),
    ).toBe(0);
    expect(
      compareInstants(parseInstant("2021-01-01T00:00:00.0001Z")!, parseInstant("2021-01-01T00:00:00.0002Z")!),
    ).toBe(-1);
    expect(utcDateText(Date.UTC(2021, 0, 2, 23))).toBe("2021-01-02");
  });
});
