import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { flatLineValues, lineKey, parsedLineKey } from "./index-key.js";

/** Field names, among them ones that need escapes, look like another or name a property of Object.prototype. */
const NAMES = [
  "id",
  "a",
  "ab",
  "",
  "__proto__",
  "toString",
  'q"uote',
  "back\\slash",
  "é",
  "id ",
  "tab\tname",
];
const name = fc.oneof(fc.constantFrom(...NAMES), fc.string({ maxLength: 4 }));

/** A value's text as it may stand in a line: as JSON.stringify writes it, in other valid forms, or broken. */
const valueText = fc.oneof(
  { weight: 6, arbitrary: fc.jsonValue({ maxDepth: 0 }).map((v) => JSON.stringify(v)) },
  { weight: 3, arbitrary: fc.string({ unit: "binary", maxLength: 8 }).map((s) => JSON.stringify(s)) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      "1.0",
      "1e3",
      "-0",
      "1E+2",
      "2.5e-3",
      "0.10",
      "1e400",
      "-1e400",
      "12345678901234567890",
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom("01", "1.", ".5", "+1", "-", "1e", "tru", "nul", "NaN", '"open') },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: fc.constantFrom('"tab\there"', '"nl\nhere"', '"a\\"b"', '"\\u0041"') },
);

/** A line: one object's members joined as written, maybe with spacing, repeated names or damage. */
const line = fc
  .record({
    members: fc.array(fc.tuple(name, valueText), { maxLength: 6 }),
    colon: fc.constantFrom(":", ":", ":", " : "),
    comma: fc.constantFrom(",", ",", ",", ", "),
    damage: fc.constantFrom("none", "none", "none", "cut", "trailing", "leading space", "not an object"),
    cut: fc.nat(),
  })
  .map(({ members, colon, comma, damage, cut }) => {
    const text = `{${members.map(([n, v]) => `${JSON.stringify(n)}${colon}${v}`).join(comma)}}`;
    switch (damage) {
      case "cut":
        return text.slice(0, cut % (text.length + 1));
      case "trailing":
        return `${text}x`;
      case "leading space":
        return ` ${text}`;
      case "not an object":
        return members.length > 0 ? members[0]![1] : "null";
      default:
        return text;
    }
  });

const keyFields = fc.oneof(
  fc.constantFrom(["id"], ["a"], ["__proto__"], ["id", "a"], ['q"uote'], ["back\\slash"], ["a", "a"]),
  fc.array(name, { minLength: 1, maxLength: 3 }),
);

describe("lineKey", () => {
  it("gives every line the key JSON.parse and keyOf give it (10,000 generated lines)", () => {
    fc.assert(
      fc.property(line, keyFields, (text, fields) => {
        expect(lineKey(text, fields)).toStrictEqual(parsedLineKey(text, fields));
      }),
      { numRuns: 10_000 },
    );
  });

  it("reads flat records as JSON.stringify writes them without parsing them, and agrees", () => {
    const flatValue = fc.oneof(
      fc.integer(),
      fc.double(),
      fc.string({ unit: "grapheme", maxLength: 10 }),
      fc.boolean(),
      fc.constant(null),
    );
    const flatName = fc
      .string({ unit: "grapheme-ascii", maxLength: 6 })
      .filter((n) => [...n].every((c) => c >= " " && c !== '"' && c !== "\\"));
    fc.assert(
      fc.property(fc.dictionary(flatName, flatValue), keyFields, (record, fields) => {
        const text = JSON.stringify(record);
        // Escapes leave a line to JSON.parse; every other flat line must be read by the fast path.
        if (!text.includes("\\")) expect(flatLineValues(text, fields)).not.toBeUndefined();
        expect(lineKey(text, fields)).toStrictEqual(parsedLineKey(text, fields));
      }),
      { numRuns: 3_000 },
    );
  });

  it('takes a repeated name\'s last value, keeps 1 and "1" apart and 1 and 1.0 together', () => {
    expect(lineKey('{"id":1,"id":2}', ["id"])).toBe(2);
    expect(lineKey('{"id":"1"}', ["id"])).toBe('["1"]');
    expect(lineKey('{"id":1.0}', ["id"])).toBe(1);
    expect(lineKey('{"id":1e400}', ["id"])).toBe("[null]");
    expect(lineKey('{"a":1,"b":"x"}', ["a", "b"])).toBe('[1,"x"]');
  });

  it("tells a line that is no object (undefined) from an object without a key (null)", () => {
    for (const text of ["null", "5", "[1]", '"id"', "{", '{"id":1', '{"id":01}', "{}x"]) {
      expect(lineKey(text, ["id"]), text).toBeUndefined();
    }
    for (const text of ["{}", '{"id":null}', '{"ID":1}', '{"x":{"id":1}}']) {
      expect(lineKey(text, ["id"]), text).toBeNull();
    }
  });
});
