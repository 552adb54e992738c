import { unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { createZip } from "./zip.js";

describe("createZip", () => {
  it("is deterministic and independent of entry order", () => {
    const a = createZip([
      { name: "b.txt", data: "bee" },
      { name: "a.txt", data: new Uint8Array([1, 2, 3]) },
    ]);
    const b = createZip([
      { name: "a.txt", data: new Uint8Array([1, 2, 3]) },
      { name: "b.txt", data: "bee" },
    ]);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    const files = unzipSync(a);
    expect(Object.keys(files)).toEqual(["a.txt", "b.txt"]);
    expect(new TextDecoder().decode(files["b.txt"])).toBe("bee");
  });

  it("stores Unix permissions so Lambda can read the files", () => {
    const zip = Buffer.from(createZip([{ name: "index.mjs", data: "export const x = 1;" }]));
    const central = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    expect(zip[central + 5]).toBe(3); // made by: Unix
    expect(zip.readUInt32LE(central + 38) >>> 16).toBe(0o100644);
  });

  it("rejects duplicate names", () => {
    expect(() =>
      createZip([
        { name: "a", data: "1" },
        { name: "a", data: "2" },
      ]),
    ).toThrow(/Duplicate/);
  });
});
