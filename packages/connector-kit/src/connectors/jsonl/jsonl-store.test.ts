import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { makeTempDir } from "../../test-support/temp-dir.js";
import { appendLines, compact, forgetIndexes, keyIndex, lineChunks, readLines } from "./jsonl-store.js";

describe("appendLines", () => {
  it("writes each text as a UTF-8 line and returns the byte offset each line starts at", async () => {
    const dir = makeTempDir("ck-jsonl-append-");
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 12 }),
        // Any UTF-16 text, lone surrogates included, long lines among short ones (the buffer must grow).
        fc.array(
          fc.oneof(
            fc.string({ unit: "binary" }),
            fc.string({ unit: "grapheme", minLength: 200, maxLength: 900 }),
          ),
          {
            maxLength: 30,
          },
        ),
        async (before, texts) => {
          const file = join(dir, `f${run++}.jsonl`);
          writeFileSync(file, before);
          const at = Buffer.byteLength(before);
          const offsets = await appendLines(file, texts, at);
          const bytes = readFileSync(file);
          const expected = Buffer.from(before + texts.map((t) => `${t}\n`).join(""));
          expect(bytes.equals(expected)).toBe(true);
          expect(offsets).toHaveLength(texts.length);
          texts.forEach((t, i) => {
            const line = Buffer.from(`${t}\n`);
            expect(bytes.subarray(offsets[i]!, offsets[i]! + line.length).equals(line)).toBe(true);
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("lineChunks and readLines", () => {
  it("return complete non-blank lines with their offsets, a line longer than a chunk whole, never a cut one", async () => {
    const dir = makeTempDir("ck-jsonl-lines-");
    const file = join(dir, "f.jsonl");
    const long = `{"s":"${"x".repeat(2_500_000)}"}`;
    writeFileSync(file, `{"a":1}\n\n  \n${long}\n{"é":2}\n{"cut":`);
    const seen: [number, string][] = [];
    let end = -1;
    for await (const chunk of lineChunks(file, 0)) {
      for (const [i, t] of chunk.texts.entries()) seen.push([chunk.offsets[i]!, t]);
      end = chunk.end;
    }
    const longAt = Buffer.byteLength('{"a":1}\n\n  \n');
    const lastAt = longAt + long.length + 1;
    expect(seen).toEqual([
      [0, '{"a":1}'],
      [longAt, long],
      [lastAt, '{"é":2}'],
    ]);
    expect(end).toBe(lastAt + Buffer.byteLength('{"é":2}\n'));

    // One line a chunk: the same lines, each chunk ending where the next starts.
    const single: [number, string][] = [];
    let singleEnd = -1;
    for await (const chunk of lineChunks(file, 0, 1)) {
      expect(chunk.texts.length).toBeLessThanOrEqual(1);
      for (const [i, t] of chunk.texts.entries()) single.push([chunk.offsets[i]!, t]);
      singleEnd = chunk.end;
    }
    expect(single).toEqual(seen);
    expect(singleEnd).toBe(end);

    const first = await readLines(file, 0, 2);
    expect(first.lines.map((l) => l.offset)).toEqual([0, longAt]);
    expect(first).toMatchObject({ end: lastAt, eof: false });
    const rest = await readLines(file, first.end, 2);
    expect(rest.lines.map((l) => l.text)).toEqual(['{"é":2}']);
    expect(rest).toMatchObject({ end, eof: true });
  });
  it("give the same lines whatever the first read's size and the lines a chunk, and page through them alike", async () => {
    const dir = makeTempDir("ck-jsonl-reads-");
    const file = join(dir, "f.jsonl");
    const line = fc.oneof(
      fc.constant(""),
      fc.string({ unit: "grapheme", maxLength: 40 }).map((t) => JSON.stringify({ t })),
      fc.integer({ min: 1, max: 9000 }).map((n) => `{"x":"${"é".repeat(n)}"}`),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 40 }), fc.boolean(), async (lines, cut) => {
        const content = lines.map((l) => `${l}\n`).join("") + (cut ? '{"cut":' : "");
        writeFileSync(file, content);
        // The reference: split the bytes by hand.
        const expected: [number, string][] = [];
        let at = 0;
        for (const l of lines) {
          if (l.trim() !== "") expected.push([at, l]);
          at += Buffer.byteLength(l) + 1;
        }
        for (const firstRead of [1, 5, 64, 4096, undefined]) {
          for (const most of [1, 3, Number.POSITIVE_INFINITY]) {
            const seen: [number, string][] = [];
            for await (const chunk of lineChunks(file, 0, most, firstRead)) {
              expect(chunk.texts.length).toBeLessThanOrEqual(most);
              for (const [i, t] of chunk.texts.entries()) seen.push([chunk.offsets[i]!, t]);
            }
            expect(seen).toEqual(expected);
          }
        }
        for (const page of [1, 7]) {
          const paged: [number, string][] = [];
          let offset = 0;
          for (;;) {
            const { lines: got, end, eof } = await readLines(file, offset, page);
            paged.push(...got.map((l): [number, string] => [l.offset, l.text]));
            offset = end;
            if (eof || got.length === 0) break;
          }
          expect(paged).toEqual(expected);
        }
      }),
      { numRuns: 60 },
    );
  });
});

/** Where line `n` of `lines` starts in a file holding them, each ended by a newline. */
const bytesBefore = (lines: readonly string[], n: number) =>
  lines.slice(0, n).reduce((bytes, line) => bytes + Buffer.byteLength(line) + 1, 0);

describe("keyIndex and compact", () => {
  it("index only JSON objects, count those without a key, and compact to what readers see", async () => {
    forgetIndexes();
    const dir = makeTempDir("ck-jsonl-index-");
    const file = join(dir, "k.jsonl");
    const lines = [
      '{"id":1,"v":"old"}',
      "null",
      "[1]",
      "5",
      "not json",
      '{"v":"no key"}',
      '{ "id" : 2, "v" : "spaced" }',
      '{"id":1,"v":"new"}',
      '{"id":"1","v":"text key"}',
      '{"id":null,"v":"null key"}',
    ];
    writeFileSync(file, `${lines.join("\n")}\n`);
    const index = await keyIndex(file, ["id"]);
    const at = (n: number) => bytesBefore(lines, n);
    expect([...index.live]).toEqual([
      [1, at(7)],
      [2, at(6)],
      ['["1"]', at(8)],
    ]);
    expect(index).toMatchObject({ dead: 1, keyless: 2, size: at(lines.length) });

    await compact(file, index);
    const kept = [
      '{"v":"no key"}',
      '{ "id" : 2, "v" : "spaced" }',
      '{"id":1,"v":"new"}',
      '{"id":"1","v":"text key"}',
      '{"id":null,"v":"null key"}',
    ];
    expect(readFileSync(file, "utf8")).toBe(`${kept.join("\n")}\n`);
    const offset = (n: number) => bytesBefore(kept, n);
    expect(new Map(index.live)).toEqual(
      new Map<string | number, number>([
        [2, offset(1)],
        [1, offset(2)],
        ['["1"]', offset(3)],
      ]),
    );
    expect(index).toMatchObject({ dead: 0, keyless: 2, size: offset(kept.length) });
    // The rebuilt index is the one a fresh scan of the compacted file makes.
    forgetIndexes();
    const fresh = await keyIndex(file, ["id"]);
    expect(new Map(fresh.live)).toEqual(new Map(index.live));
    expect(fresh).toMatchObject({ dead: 0, keyless: 2, size: index.size });
    forgetIndexes();
  });
});
