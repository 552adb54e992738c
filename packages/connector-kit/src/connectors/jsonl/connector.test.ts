import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createAppFlowHost } from "../../hosts/appflow/appflow-host.js";
import { makeTempDir } from "../../test-support/temp-dir.js";
import { jsonlConnector } from "./connector.js";
import { COMPACT_MIN_DEAD_LINES, forgetIndexes } from "./jsonl-store.js";

const host = createAppFlowHost(jsonlConnector, { secrets: null, logLevel: "silent" });

function context(directory: string) {
  return { connectorRuntimeSettings: { directory } };
}

async function write(directory: string, entity: string, operation: string, records: unknown[], extra = {}) {
  return host.invoke({
    type: "WriteDataRequest",
    entityIdentifier: entity,
    operation,
    records: records.map((r) => JSON.stringify(r)),
    connectorContext: context(directory),
    ...extra,
  });
}

async function queryAll(
  directory: string,
  entity: string,
  maxResults = 1000,
  filterExpression: string | null = null,
) {
  const records: Record<string, unknown>[] = [];
  let nextToken: unknown = null;
  let pages = 0;
  do {
    const r = await host.invoke({
      type: "QueryDataRequest",
      entityIdentifier: entity,
      maxResults,
      nextToken,
      filterExpression,
      connectorContext: context(directory),
    });
    expect(r["isSuccess"]).toBe(true);
    records.push(...(r["records"] as string[]).map((s) => JSON.parse(s)));
    nextToken = r["nextToken"];
    pages++;
  } while (nextToken);
  return { records, pages };
}

const dir = () => makeTempDir("ck-jsonl-");

describe("the JSON-lines connector", () => {
  it("lists *.jsonl files and describes one by sampling its records", async () => {
    const d = dir();
    writeFileSync(
      join(d, "people.jsonl"),
      '{"id":1,"name":"Ada","born":"1815-12-10","seen":"2026-01-01T00:00:00Z","score":1.5,"tags":["a"],"ok":true}\n{"id":3000000000,"name":null,"score":2}\n',
    );
    writeFileSync(join(d, "notes.txt"), "x");
    const list = await host.invoke({ type: "ListEntitiesRequest", connectorContext: context(d) });
    expect((list["entities"] as { entityIdentifier: string }[]).map((e) => e.entityIdentifier)).toEqual([
      "people",
    ]);
    const described = await host.invoke({
      type: "DescribeEntityRequest",
      entityIdentifier: "people",
      connectorContext: context(d),
    });
    const fields = (described["entityDefinition"] as { fields: { fieldName: string; dataType: string }[] })
      .fields;
    expect(Object.fromEntries(fields.map((f) => [f.fieldName, f.dataType]))).toEqual({
      id: "Long",
      name: "String",
      born: "Date",
      seen: "DateTime",
      score: "Double",
      tags: "List",
      ok: "Boolean",
    });
    const missing = await host.invoke({
      type: "DescribeEntityRequest",
      entityIdentifier: "nope",
      connectorContext: context(d),
    });
    expect((missing["errorDetails"] as { errorCode: string }).errorCode).toBe("ResourceNotFoundError");
    const traversal = await host.invoke({
      type: "DescribeEntityRequest",
      entityIdentifier: "../etc/passwd",
      connectorContext: context(d),
    });
    expect((traversal["errorDetails"] as { errorCode: string }).errorCode).toBe("InvalidArgument");
  });

  it("appends with INSERT and streams pages with a byte-offset token; filters apply", async () => {
    const d = dir();
    const rows = Array.from({ length: 2500 }, (_, i) => ({
      id: i + 1,
      even: i % 2 === 1,
      text: "é".repeat(i % 7),
    }));
    expect(await write(d, "rows", "INSERT", rows.slice(0, 1000))).toMatchObject({ isSuccess: true });
    expect(await write(d, "rows", "INSERT", rows.slice(1000))).toMatchObject({ isSuccess: true });
    const all = await queryAll(d, "rows", 700);
    expect(all.records).toEqual(rows);
    expect(all.pages).toBe(4);
    const filtered = await queryAll(d, "rows", 1000, "even = true and id <= 100");
    expect(filtered.records).toHaveLength(50);
  });

  it("UPSERT keeps one live line per key; reads see each key once; UPDATE needs an existing key", async () => {
    const d = dir();
    await write(
      d,
      "u",
      "UPSERT",
      [
        { id: 1, v: "a" },
        { id: 2, v: "b" },
      ],
      { idFieldNames: ["id"] },
    );
    const second = await write(d, "u", "UPSERT", [{ id: 2, v: "B" }, { id: 3, v: "c" }, { v: "no id" }], {
      idFieldNames: ["id"],
    });
    expect(second["errorDetails"]).toMatchObject({ errorCode: "PartialWriteFailure" });
    expect(second["writeRecordResults"]).toEqual([
      { isSuccess: true, recordId: "2", errorMessage: null },
      { isSuccess: true, recordId: "3", errorMessage: null },
      { isSuccess: false, recordId: null, errorMessage: "The record has no value for id field(s) id" },
    ]);
    const update = await write(
      d,
      "u",
      "UPDATE",
      [
        { id: 3, v: "C" },
        { id: 9, v: "?" },
      ],
      { idFieldNames: ["id"] },
    );
    expect((update["writeRecordResults"] as { isSuccess: boolean }[]).map((r) => r.isSuccess)).toEqual([
      true,
      false,
    ]);
    forgetIndexes(); // as a new process would: the index is rebuilt from the file
    expect((await queryAll(d, "u")).records).toEqual([
      { id: 1, v: "a" },
      { id: 2, v: "B" },
      { id: 3, v: "C" },
    ]);
    const wrongKey = await write(d, "u", "UPSERT", [{ id: 1, v: "x" }], { idFieldNames: ["v"] });
    expect(wrongKey["errorDetails"]).toMatchObject({
      errorCode: "InvalidArgument",
      errorMessage: "u is keyed by id, not v",
    });
    const allOrNone = await write(d, "u", "UPSERT", [{ id: 5 }, {}], {
      idFieldNames: ["id"],
      allOrNone: true,
    });
    expect((allOrNone["writeRecordResults"] as { isSuccess: boolean }[]).map((r) => r.isSuccess)).toEqual([
      false,
      false,
    ]);
    expect((await queryAll(d, "u")).records).toHaveLength(3);
  });

  it('tells keys apart by their JSON values: 1 and "1" are two keys, 1 and 1.0 one, composite keys by every field', async () => {
    const d = dir();
    const upsert = (entity: string, records: unknown[], idFieldNames: string[]) =>
      write(d, entity, "UPSERT", records, { idFieldNames });
    await upsert(
      "n",
      [
        { id: 1, v: "number" },
        { id: "1", v: "text" },
        { id: -0, v: "zero" },
      ],
      ["id"],
    );
    await upsert(
      "n",
      [
        { id: 1.0, v: "number again" },
        { id: 0, v: "zero again" },
      ],
      ["id"],
    );
    const missing = await write(d, "n", "UPDATE", [{ id: 2, v: "?" }], { idFieldNames: ["id"] });
    expect(missing["writeRecordResults"]).toEqual([
      { isSuccess: false, recordId: null, errorMessage: "No record with id = 2" },
    ]);
    await upsert(
      "c",
      [
        { a: 1, b: "x", v: 1 },
        { a: 1, b: "y", v: 2 },
        { a: "1", b: "x", v: 3 },
      ],
      ["a", "b"],
    );
    const composite = await upsert("c", [{ a: 1, b: "x", v: 4 }], ["a", "b"]);
    expect(composite["writeRecordResults"]).toEqual([
      { isSuccess: true, recordId: '[1,"x"]', errorMessage: null },
    ]);
    for (const rebuilt of [false, true]) {
      if (rebuilt) forgetIndexes();
      expect((await queryAll(d, "n")).records).toEqual([
        { id: "1", v: "text" },
        { id: 1, v: "number again" },
        { id: 0, v: "zero again" },
      ]);
      expect((await queryAll(d, "c")).records.map((r) => r["v"])).toEqual([2, 3, 4]);
    }
  });

  it("cuts a line left half-written by a killed writer, and never reads it", async () => {
    const d = dir();
    await write(d, "k", "UPSERT", [{ id: 1 }, { id: 2 }], { idFieldNames: ["id"] });
    appendFileSync(join(d, "k.jsonl"), '{"id":3,"v":"cut sho');
    expect((await queryAll(d, "k")).records).toEqual([{ id: 1 }, { id: 2 }]);
    await write(d, "k", "UPSERT", [{ id: 3, v: "whole" }], { idFieldNames: ["id"] });
    expect(readFileSync(join(d, "k.jsonl"), "utf8")).toBe('{"id":1}\n{"id":2}\n{"id":3,"v":"whole"}\n');
  });

  it("checks a file changed since its last write again: a cut line, a new key file", async () => {
    const d = dir();
    await write(d, "k", "UPSERT", [{ id: 1 }], { idFieldNames: ["id"] });
    appendFileSync(join(d, "k.jsonl"), '{"id":2,"v":"cut sho'); // no read in between
    await write(d, "k", "UPSERT", [{ id: 2, v: "whole" }], { idFieldNames: ["id"] });
    expect(readFileSync(join(d, "k.jsonl"), "utf8")).toBe('{"id":1}\n{"id":2,"v":"whole"}\n');
    // Unchanged since the last write: the next batch is appended as it is, by the same key only.
    await write(d, "k", "UPSERT", [{ id: 1, v: "again" }], { idFieldNames: ["id"] });
    const other = await write(d, "k", "UPSERT", [{ id: 3 }], { idFieldNames: ["v"] });
    expect(JSON.stringify(other)).toContain("is keyed by id, not v");
    expect((await queryAll(d, "k")).records).toEqual([
      { id: 2, v: "whole" },
      { id: 1, v: "again" },
    ]);
  });

  it("compacts a file once superseded lines outnumber live ones", async () => {
    const d = dir();
    const batch = (v: number) => Array.from({ length: 6000 }, (_, i) => ({ id: i, v }));
    await write(d, "c", "UPSERT", batch(1), { idFieldNames: ["id"] });
    await write(d, "c", "UPSERT", batch(2), { idFieldNames: ["id"] });
    expect(readFileSync(join(d, "c.jsonl"), "utf8").split("\n").length - 1).toBe(12000);
    await write(d, "c", "UPSERT", batch(3), { idFieldNames: ["id"] });
    expect(COMPACT_MIN_DEAD_LINES).toBeLessThan(12000);
    const lines = readFileSync(join(d, "c.jsonl"), "utf8").trim().split("\n");
    expect(lines).toHaveLength(6000);
    expect(JSON.parse(lines[5999]!)).toEqual({ id: 5999, v: 3 });
    await write(d, "c", "UPSERT", [{ id: 0, v: 4 }], { idFieldNames: ["id"] });
    forgetIndexes();
    const { records } = await queryAll(d, "c", 5000);
    expect(records).toHaveLength(6000);
    expect(records.find((r) => r["id"] === 0)).toEqual({ id: 0, v: 4 });
  });
});
