import { describe, expect, it } from "vitest";
import { IdentityError } from "./errors.js";
import {
  decodePaginationToken,
  encodePaginationToken,
  PageCursor,
  packJson,
  unpackJson,
} from "./pagination-token.js";

describe("page tokens", () => {
  it("are the hex of MessagePack of the list of states, as the Python SDK writes them", () => {
    // msgpack.packb([{"endpoint": "users", "offset": 2}]).hex()
    const token = encodePaginationToken([{ endpoint: "users", offset: 2 }]);
    expect(token).toBe("9182a8656e64706f696e74a57573657273a66f666673657402");
    expect(decodePaginationToken(token!)).toEqual([{ endpoint: "users", offset: 2 }]);
  });

  it("put endpoint first (null when absent) and encode no states as no token", () => {
    expect(decodePaginationToken(encodePaginationToken([{ cursor: "abc" }])!)).toEqual([
      { endpoint: null, cursor: "abc" },
    ]);
    expect(encodePaginationToken([])).toBeNull();
  });

  it("round-trip every JSON value MessagePack can carry", () => {
    const values = [
      0,
      127,
      128,
      255,
      256,
      65535,
      65536,
      2 ** 32,
      2 ** 40,
      -1,
      -32,
      -33,
      -128,
      -129,
      -32768,
      -32769,
      -(2 ** 31),
      -(2 ** 40),
      1.5,
      -0.25,
      "",
      "x".repeat(31),
      "x".repeat(32),
      "é".repeat(200),
      "y".repeat(70_000),
      true,
      false,
      null,
      [],
      Array.from({ length: 20 }, (_, i) => i),
      Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, i])),
      { nested: [{ a: [1, { b: null }] }] },
    ];
    for (const value of values) expect(unpackJson(packJson(value))).toEqual(value);
  });

  it("reject anything else as invalid_page_token", () => {
    for (const bad of [
      "zz",
      "abc",
      "",
      "c0",
      "91",
      "90",
      "9101",
      "91c4",
      "9182a8656e64706f696e7405",
      "91820102",
      "9181a8656e64706f696e74a1",
      "91a3616263",
    ]) {
      let error: unknown;
      try {
        decodePaginationToken(bad);
      } catch (e) {
        error = e;
      }
      expect(error, bad).toBeInstanceOf(IdentityError);
      expect((error as IdentityError).lumosErrorCode).toBe("invalid_page_token");
    }
  });
});

describe("PageCursor", () => {
  it("starts from the initial states, reads the last first, and hands on the rest", () => {
    const first = PageCursor.from({ token: null, size: null }, [
      { endpoint: "licenses" },
      { endpoint: "users", offset: 0 },
    ]);
    expect(first.current).toEqual({ endpoint: "users", offset: 0 });
    expect(first.size).toBe(100);
    const token = first.next({ endpoint: "users", offset: 20 });
    const second = PageCursor.from({ token, size: 20 }, []);
    expect(second.current).toEqual({ endpoint: "users", offset: 20 });
    expect(second.size).toBe(20);
    const third = PageCursor.from({ token: second.next(null), size: 20 }, []);
    expect(third.current).toEqual({ endpoint: "licenses" });
    expect(third.next(null)).toBeNull();
  });
});
