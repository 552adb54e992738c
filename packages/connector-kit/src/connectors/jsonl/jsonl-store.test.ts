import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { makeTempDir } from "../../test-support/temp-dir.js";
import { appendLines } from "./jsonl-store.js";

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
