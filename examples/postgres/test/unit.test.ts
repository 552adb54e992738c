import { describe, expect, it } from "vitest";
import {
  CHUNK_RECORDS,
  CHUNK_TEXT,
  chunksOf,
  type EncodedRecord,
  textArrayLiteral,
} from "../src/batch-write.js";
import type { ColumnInfo } from "../src/catalog.js";
import { errorCodeOf } from "../src/errors.js";
import { decodeKeyset, encodeKeyset } from "../src/query.js";
import {
  entityIdentifierOf,
  parseEntitiesPath,
  parseEntityIdentifier,
  quoteIdent,
} from "../src/sql-identifiers.js";
import { arrayLiteral, decodeValue, encodeValue, isoDateTime } from "../src/type-mapping.js";
import { HOSTILE_COLUMNS } from "./injection-scenarios.js";

describe("sql identifiers", () => {
  it("quotes every identifier, doubling quotes", () => {
    expect(quoteIdent('a"b')).toBe('"a""b"');
    expect(quoteIdent("select")).toBe('"select"');
    expect(() => quoteIdent("a\u0000b")).toThrow();
  });

  it("round-trips entity identifiers of any names", () => {
    for (const schema of ["public", "Sales", 'we"ird.schema', ...HOSTILE_COLUMNS]) {
      for (const table of ["customers", "Order Lines", "a.b", ...HOSTILE_COLUMNS]) {
        expect(parseEntityIdentifier(entityIdentifierOf(schema, table))).toEqual({ schema, table });
      }
    }
    expect(entityIdentifierOf("public", "customers")).toBe("public.customers");
    expect(entityIdentifierOf("public", "Order Lines")).toBe('public."Order Lines"');
  });

  it("refuses anything else", () => {
    for (const bad of [
      "public",
      "a.b.c",
      "public.customers;",
      'public."x',
      "Public.x",
      "a..b",
      ".a",
      "public.",
      '"".x',
    ]) {
      expect(() => parseEntityIdentifier(bad), bad).toThrow(/Invalid entity identifier/);
    }
  });
});

describe("entities paths", () => {
  it("are a schema or a table's identifier, and say so when they are neither", () => {
    expect(parseEntitiesPath("public")).toEqual({ schema: "public", table: null });
    expect(parseEntitiesPath('public."Order Lines"')).toEqual({ schema: "public", table: "Order Lines" });
    for (const bad of ["a.b.c", "Public", "public.", ""]) {
      expect(() => parseEntitiesPath(bad), bad).toThrow(
        `Invalid entities path ${JSON.stringify(bad)}: expected a schema or schema.table`,
      );
    }
  });
});

describe("error codes", () => {
  it("answer a failure of the SQL the connector built with a server-side code", () => {
    for (const state of ["42703", "42601", "42883", "42804", "XX000", "0A000"]) {
      expect(errorCodeOf({ code: state }), state).toBe("ServerError");
    }
    expect(errorCodeOf({ code: "42501" })).toBe("AccessDenied");
    expect(errorCodeOf({ code: "42P01" })).toBe("ResourceNotFoundError");
    // A value the caller sent that PostgreSQL refuses stays the caller's fault.
    expect(errorCodeOf({ code: "22P02" })).toBe("InvalidArgument");
    expect(errorCodeOf({ code: "23505" })).toBe("InvalidArgument");
  });
});

describe("type mapping", () => {
  it("decodes the text PostgreSQL returns", () => {
    expect(decodeValue("long", "9007199254740993")).toBe("9007199254740993");
    expect(decodeValue("long", "42")).toBe(42);
    expect(decodeValue("double", "NaN")).toBe("NaN");
    expect(decodeValue("datetime", "2026-11-23 10:00:00.5+00")).toBe("2026-11-23T10:00:00.5Z");
    expect(decodeValue("datetime", "2026-11-23 10:00:00")).toBe("2026-11-23T10:00:00Z");
    expect(decodeValue("datetime", "2026-11-23 10:00:00+05:30")).toBe("2026-11-23T10:00:00+05:30");
    expect(decodeValue("datetime", "2026-11-23 10:00:00-03")).toBe("2026-11-23T10:00:00-03:00");
    expect(decodeValue("datetime", "0044-03-15 10:00:00+00 BC")).toBe("0044-03-15T10:00:00+00:00 BC");
    expect(decodeValue("datetime", "-infinity")).toBe("-infinity");
    expect(decodeValue("bytes", "AAEC\n/v8=")).toBe("AAEC/v8=");
    expect(decodeValue("boolean", "false")).toBe(false);
    expect(decodeValue("text", null)).toBeNull();
  });

  it("makes date-times ISO 8601 alike whichever way it builds the text", () => {
    // The fast way writes ASCII bytes; a text that is not ASCII, or is long, is built from slices: same form.
    const cases: [string, string][] = [
      ["2026-11-23 10:00:00.123456+00", "2026-11-23T10:00:00.123456Z"],
      ["2026-11-23 10:00:00", "2026-11-23T10:00:00Z"],
      ["2026-11-23 10:00:00é+00", "2026-11-23T10:00:00éZ"],
      ["2026-11-23 10:00:00\u{1F600}", "2026-11-23T10:00:00\u{1F600}Z"],
      [`2026-11-23 10:00:00.${"1".repeat(60)}+00`, `2026-11-23T10:00:00.${"1".repeat(60)}Z`],
    ];
    for (const [text, iso] of cases) expect(isoDateTime(text)).toBe(iso);
    // Each result is its own string: a later value does not change an earlier one.
    const first = isoDateTime("2026-01-01 00:00:00+00");
    isoDateTime("2027-02-02 11:11:11+00");
    expect(first).toBe("2026-01-01T00:00:00Z");
  });

  it("encodes JSON values as text parameters, refusing what JSON alone shows wrong", () => {
    expect(encodeValue("n", "integer", 5)).toBe("5");
    expect(() => encodeValue("n", "integer", true)).toThrow(/Field "n"/);
    expect(() => encodeValue("n", "integer", { a: 1 })).toThrow(/not a valid Integer/);
    expect(encodeValue("j", "json", "text")).toBe('"text"');
    expect(encodeValue("d", "date", Date.UTC(2026, 10, 23))).toBe("2026-11-23");
    expect(() => encodeValue("b", "bytes", "not base64!")).toThrow();
    expect(arrayLiteral("a", ['x"y', "back\\slash", null, ["n"]])).toBe(
      '{"x\\"y","back\\\\slash",NULL,{"n"}}',
    );
  });
});

describe("keyset tokens", () => {
  it("round-trip and refuse foreign tokens", () => {
    const token = encodeKeyset({ before: 10, after: ["5", "a,b"] });
    expect(decodeKeyset(token, 2)).toEqual({ before: 10, after: ["5", "a,b"] });
    expect(() => decodeKeyset(token, 1)).toThrow(/nextToken/);
    expect(() => decodeKeyset("!!", 1)).toThrow(/nextToken/);
  });
});

describe("bulk write chunks", () => {
  const column = (name: string): ColumnInfo => ({
    name,
    kind: "text",
    castType: "text",
    typeLabel: "text",
    notNull: false,
    defaultExpr: null,
    generated: false,
    maxLength: null,
    precision: null,
    scale: null,
    description: null,
    textual: true,
  });
  const id = column("id");
  const note = column("note");
  const record = (values: (string | null)[], columns = [id, note]): EncodedRecord => ({
    columns,
    values,
    shape: columns.map((c) => c.name).join("\u0000"),
  });
  const sizes = (chunks: { start: number; records: unknown[] }[]) =>
    chunks.map((c) => [c.start, c.records.length]);

  it("end at a change of fields, a failed record, a repeated UPSERT key, and the record and text limits", () => {
    const rows = [
      record(["1", "a"]),
      record(["2", "b"]),
      record(["3"], [id]),
      record(["4"], [id]),
      null,
      record(["5", "c"]),
      record(["6", "d"]),
      record(["5", "again"]),
      record(["7", "e"]),
    ];
    expect(sizes(chunksOf("INSERT", [], rows))).toEqual([
      [0, 2],
      [2, 2],
      [5, 4],
    ]);
    // The repeated key 5 starts a new chunk, so the later record is written after the earlier one.
    expect(sizes(chunksOf("UPSERT", [id], rows))).toEqual([
      [0, 2],
      [2, 2],
      [5, 2],
      [7, 2],
    ]);
    expect(chunksOf("UPDATE", [id], rows)).toEqual([]);
    const many = Array.from({ length: CHUNK_RECORDS * 2 + 3 }, (_, i) => record([String(i), "x"]));
    expect(sizes(chunksOf("INSERT", [], many))).toEqual([
      [0, CHUNK_RECORDS],
      [CHUNK_RECORDS, CHUNK_RECORDS],
      [CHUNK_RECORDS * 2, 3],
    ]);
    const big = "x".repeat(CHUNK_TEXT / 3);
    const large = Array.from({ length: 7 }, (_, i) => record([String(i), big]));
    expect(sizes(chunksOf("INSERT", [], large))).toEqual([
      [0, 2],
      [2, 2],
      [4, 2],
    ]); // the 7th record would be a chunk of one: written by its own statement
  });

  it("quote every element of a text[] literal, escaping quotes and backslashes", () => {
    expect(textArrayLiteral(["a", null, 'b"c', "d\\e", "", "NULL", "{,}"])).toBe(
      '{"a",NULL,"b\\"c","d\\\\e","","NULL","{,}"}',
    );
  });
});
