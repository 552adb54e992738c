import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ConnectorError, isConnectorError } from "../errors/connector-error.js";
import {
  decodePageToken,
  encodePageToken,
  MAX_ASCII_UPSTREAM_TOKEN_LENGTH,
  MAX_PAGE_TOKEN_LENGTH,
  MAX_UPSTREAM_TOKEN_LENGTH,
  type PagePosition,
} from "./page-token.js";

/** What AppFlow can carry back: printable ASCII, no whitespace, within the limit. */
const WIRE_SAFE = /^[\x21-\x7e]+$/;

const quoteHeavy = fc.string({
  unit: fc.constantFrom(
    '"',
    "\\",
    "'",
    "“",
    "”",
    "「",
    "」",
    "中",
    "文",
    "😀",
    "\u0000",
    "\n",
    " ",
    "é",
    "a",
    ".",
  ),
  maxLength: 2100,
});
const cursors = fc.oneof(
  quoteHeavy,
  fc.string({ unit: "binary", maxLength: 900 }), // lone surrogates included
  fc.string({ unit: "grapheme", maxLength: 800 }),
  fc.string({
    unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)),
    maxLength: 2100,
  }),
  fc.string({
    unit: fc.integer({ min: 0x4e00, max: 0x9fff }).map((c) => String.fromCharCode(c)),
    maxLength: 2100,
  }),
);
const counts = fc.oneof(fc.nat(2000), fc.constant(Number.MAX_SAFE_INTEGER), fc.maxSafeNat());

function guaranteed(cursor: string): boolean {
  return (
    cursor.length <= MAX_UPSTREAM_TOKEN_LENGTH ||
    (/^[\x21-\x7e]*$/.test(cursor) && cursor.length <= MAX_ASCII_UPSTREAM_TOKEN_LENGTH)
  );
}

describe("page tokens: bounded where they are issued", () => {
  it("every token issued fits AppFlow's limit and decodes to the same position; refusals name the limit", () => {
    fc.assert(
      fc.property(fc.option(cursors, { nil: null }), counts, counts, (upstream, skip, emitted) => {
        const position: PagePosition = { upstream, skip, emitted };
        let token: string;
        try {
          token = encodePageToken(position);
        } catch (error) {
          expect(upstream !== null && !guaranteed(upstream), `refused ${JSON.stringify(upstream)}`).toBe(
            true,
          );
          expect(isConnectorError(error) && error.code).toBe("ServerError");
          expect((error as Error).message).toContain(`at most ${MAX_PAGE_TOKEN_LENGTH} characters`);
          return;
        }
        expect(token.length).toBeLessThanOrEqual(MAX_PAGE_TOKEN_LENGTH);
        expect(token).toMatch(WIRE_SAFE);
        // As AppFlow hands it back: through JSON.
        const back = JSON.parse(JSON.stringify({ nextToken: token })) as { nextToken: string };
        expect(decodePageToken(back.nextToken)).toEqual(position);
      }),
      { numRuns: 3000 },
    );
  });

  it("a 2,039-character cursor with quotes and CJK is refused at issue time, naming the limit", () => {
    // The cursor: it used to become a 4,424-character token that the next call rejected.
    const cursor = `{"after":"${'「東京」"\\'.repeat(290)}${"中".repeat(2039 - 12 - 290 * 6)}"}`;
    expect(cursor.length).toBe(2039);
    const error = (() => {
      try {
        return encodePageToken({ upstream: cursor, skip: 3, emitted: 1000 });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConnectorError);
    expect((error as ConnectorError).message).toMatch(/2039 characters.*at most 2048 characters/);
  });

  it("the longest guaranteed cursors fit with the largest counts", () => {
    const big = Number.MAX_SAFE_INTEGER;
    for (const upstream of [
      "中".repeat(MAX_UPSTREAM_TOKEN_LENGTH),
      "\u0001".repeat(MAX_UPSTREAM_TOKEN_LENGTH),
      "\ud800".repeat(MAX_UPSTREAM_TOKEN_LENGTH),
      "😀".repeat(MAX_UPSTREAM_TOKEN_LENGTH / 2),
      '"'.repeat(MAX_ASCII_UPSTREAM_TOKEN_LENGTH),
      "~".repeat(MAX_ASCII_UPSTREAM_TOKEN_LENGTH),
    ]) {
      const token = encodePageToken({ upstream, skip: big, emitted: big });
      expect(token.length).toBeLessThanOrEqual(MAX_PAGE_TOKEN_LENGTH);
      expect(decodePageToken(token)).toEqual({ upstream, skip: big, emitted: big });
    }
  });

  it("only the encoder's own spelling decodes", () => {
    const good = encodePageToken({ upstream: "é cursor", skip: 1, emitted: 2 });
    for (const bad of [
      `${good}=`,
      good.replace("ck2.1.", "ck2.01."),
      "ck2.1.2.aa b",
      "ck2.1.2.n.",
      "ck2.1.2.x",
      "ck2.1.2",
      `ck2.1.2.u${Buffer.from("plain").toString("base64url")}`, // ASCII travels verbatim, never as u
      `ck2.1.2.w${Buffer.from([0x41]).toString("base64url")}`, // odd UTF-16 length
      `ck2.1.2.u${Buffer.from([0xff, 0xfe]).toString("base64url")}`, // not UTF-8
      `ck2.zzzzzzzzzzzz.0.n`,
      `ck2.0.0.a${"x".repeat(MAX_PAGE_TOKEN_LENGTH)}`,
    ]) {
      expect(() => decodePageToken(bad), bad).toThrow(/nextToken is not a token/);
    }
  });

  it("tokens of the previous format still decode, so a running flow survives an upgrade", () => {
    const legacy = `ck1.${Buffer.from(JSON.stringify(["cursor-1", 4, 1000])).toString("base64url")}`;
    expect(decodePageToken(legacy)).toEqual({ upstream: "cursor-1", skip: 4, emitted: 1000 });
  });
});
