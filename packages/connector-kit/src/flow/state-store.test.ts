import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openPGlite } from "../pglite/pglite-template.js";
import { makeTempDir } from "../test-support/temp-dir.js";
import { FlowStateStore, type RunCounts, STATE_JOURNAL } from "./state-store.js";

const counts = (n: number): RunCounts => ({
  recordsRead: n,
  recordsWritten: n,
  recordsSkipped: 0,
  recordsFailed: 0,
  pages: 1,
  batches: 1,
  bytesRead: 10 * n,
  bytesWritten: 10 * n,
});

let clock = Date.parse("2026-01-01T00:00:00Z");
const now = () => (clock += 1000);

/** A store with one finished incremental run and a second one left running with a checkpoint. */
async function seeded(dir: string): Promise<void> {
  const store = await FlowStateStore.open(dir, { now });
  try {
    await store.registerFlow("orders", "/flows/orders.yaml", "h1");
    const first = await store.startRun({
      flow: "orders",
      trigger: "incremental",
      windowFrom: null,
      windowTo: "2026-01-01T00:00:00.000Z",
      resumedFrom: null,
    });
    await store.finishRun(first.id, {
      status: "succeeded",
      counts: counts(5),
      message: null,
      completed: true,
      flow: "orders",
      watermark: { field: "updated_at", value: "2026-01-01T00:00:00.000Z" },
    });
    const second = await store.startRun({
      flow: "orders",
      trigger: "incremental",
      windowFrom: "2026-01-01T00:00:00.000Z",
      windowTo: "2026-01-02T00:00:00.000Z",
      resumedFrom: null,
    });
    await store.saveCheckpoint(
      {
        flow: "orders",
        runId: second.id,
        definitionHash: "h1",
        windowFrom: second.windowFrom,
        windowTo: second.windowTo,
        nextToken: "page-3",
        pages: 2,
      },
      counts(7),
    );
  } finally {
    await store.close();
  }
}

describe("FlowStateStore (journal)", () => {
  it("keeps runs, checkpoints and watermarks across opens, and goes on numbering runs", async () => {
    const dir = makeTempDir("ck-state-");
    await seeded(dir);
    const store = await FlowStateStore.open(dir, { now });
    try {
      const runs = await store.runs({ flow: "orders" });
      expect(runs.map((r) => [r.id, r.status, r.recordsWritten])).toEqual([
        [2, "running", 7],
        [1, "succeeded", 5],
      ]);
      expect(await store.checkpoint("orders")).toMatchObject({ runId: 2, nextToken: "page-3", pages: 2 });
      expect(await store.watermark("orders")).toMatchObject({ field: "updated_at", runId: 1 });
      expect(await store.markInterrupted("orders")).toEqual([2]);
      expect((await store.run(2))?.status).toBe("interrupted");
      const third = await store.startRun({
        flow: "orders",
        trigger: "onDemand",
        windowFrom: null,
        windowTo: null,
        resumedFrom: 2,
      });
      expect(third.id).toBe(3);
      expect((await store.flows()).map((f) => f.name)).toEqual(["orders"]);
      // Reads hand out copies: changing one changes nothing in the store.
      (await store.flows())[0]!.definitionHash = "changed";
      (await store.run(3))!.status = "failed";
      expect((await store.flows())[0]!.definitionHash).toBe("h1");
      expect((await store.run(3))!.status).toBe("running");
    } finally {
      await store.close();
    }
  });

  it("drops a write cut off by a crash (no newline yet) and keeps every committed one", async () => {
    const dir = makeTempDir("ck-state-torn-");
    await seeded(dir);
    const file = join(dir, STATE_JOURNAL);
    const whole = readFileSync(file, "utf8");
    appendFileSync(file, '[{"table":"runs","row":{"id":2,"flow":"ord');
    const store = await FlowStateStore.open(dir);
    try {
      expect((await store.run(2))?.recordsWritten).toBe(7);
      expect(readFileSync(file, "utf8")).toBe(whole);
    } finally {
      await store.close();
    }
  });

  it("opens an empty journal file as a new store and writes its header", async () => {
    const dir = makeTempDir("ck-state-empty-");
    writeFileSync(join(dir, STATE_JOURNAL), "");
    const store = await FlowStateStore.open(dir);
    try {
      await store.registerFlow("f", null, "h");
    } finally {
      await store.close();
    }
    const reopened = await FlowStateStore.open(dir);
    try {
      expect((await reopened.flows()).map((f) => f.name)).toEqual(["f"]);
    } finally {
      await reopened.close();
    }
  });

  it("refuses a journal damaged in the middle, naming the line, and leaves it as it was", async () => {
    const dir = makeTempDir("ck-state-damaged-");
    await seeded(dir);
    const file = join(dir, STATE_JOURNAL);
    const lines = readFileSync(file, "utf8").split("\n");
    lines[2] = "\0\0\0\0";
    writeFileSync(file, lines.join("\n"));
    await expect(FlowStateStore.open(dir)).rejects.toMatchObject({
      code: "StateInvalid",
      message: expect.stringMatching(/line 3 is not JSON but later lines are/),
    });
    expect(readFileSync(file, "utf8")).toBe(lines.join("\n"));
    // The lock was released: the state can be repaired and opened again.
    writeFileSync(file, lines.filter((_, i) => i !== 2).join("\n"));
    await (await FlowStateStore.open(dir)).close();
  });

  it("refuses hand-edited rows of the wrong shape, naming the table and column", async () => {
    const cases: [string, RegExp][] = [
      ['[{"table":"runs","row":{"id":"7"}}]', /line 2: change 0: runs\.id is not a number/],
      ['[{"table":"runs","row":{"id":7,"flow":"f","status":"done"}}]', /runs\.trigger is not a string/],
      ['[{"table":"users","row":{}}]', /unknown table "users"/],
      ['{"table":"runs"}', /not a list of changes/],
      ['[{"table":"flows","drop":"x"}]', /bad drop/],
    ];
    for (const [line, message] of cases) {
      const dir = makeTempDir("ck-state-shape-");
      writeFileSync(
        join(dir, STATE_JOURNAL),
        `${JSON.stringify({ format: "connector-kit flow state", version: 1 })}\n${line}\n`,
      );
      await expect(FlowStateStore.open(dir)).rejects.toMatchObject({ code: "StateInvalid", message });
    }
  });

  it("refuses to commit a number a reopen could not read back (NaN, Infinity), keeping memory and disk as they were", async () => {
    const dir = makeTempDir("ck-state-nan-");
    await seeded(dir);
    const store = await FlowStateStore.open(dir, { now });
    try {
      const before = readFileSync(join(dir, STATE_JOURNAL), "utf8");
      for (const bad of [Number.NaN, Number.POSITIVE_INFINITY]) {
        await expect(store.saveCounts(2, { ...counts(9), bytesRead: bad })).rejects.toMatchObject({
          code: "StateInvalid",
          message: expect.stringMatching(/runs\.bytesRead is not a number/),
        });
      }
      expect(readFileSync(join(dir, STATE_JOURNAL), "utf8")).toBe(before);
      expect((await store.run(2))?.bytesRead).toBe(70);
      await store.saveCounts(2, counts(9)); // the store goes on
    } finally {
      await store.close();
    }
    const reopened = await FlowStateStore.open(dir, { now });
    try {
      expect((await reopened.run(2))?.recordsRead).toBe(9);
    } finally {
      await reopened.close();
    }
  });

  it("refuses a run status it does not know and a journal of another format version", async () => {
    const dir = makeTempDir("ck-state-version-");
    writeFileSync(
      join(dir, STATE_JOURNAL),
      `${JSON.stringify({ format: "connector-kit flow state", version: 2 })}\n`,
    );
    await expect(FlowStateStore.open(dir)).rejects.toMatchObject({
      code: "StateInvalid",
      message: expect.stringMatching(/format version 2 is not 1/),
    });
    const other = makeTempDir("ck-state-status-");
    await seeded(other);
    const file = join(other, STATE_JOURNAL);
    appendFileSync(
      file,
      `${JSON.stringify([{ table: "runs", row: { ...(await readRun(other, 1)), status: "done" } }])}\n`,
    );
    await expect(FlowStateStore.open(other)).rejects.toThrow(/runs\.status "done" is not a run status/);
  });

  it("rewrites a grown journal compactly without losing a row", async () => {
    const dir = makeTempDir("ck-state-compact-");
    await seeded(dir);
    const store = await FlowStateStore.open(dir, { compactAfter: 5 });
    try {
      for (let i = 0; i < 40; i++) await store.saveCounts(2, counts(100 + i));
    } finally {
      await store.close();
    }
    const lines = readFileSync(join(dir, STATE_JOURNAL), "utf8").trimEnd().split("\n");
    // header + 5 live rows (flow, two runs, checkpoint, watermark) + at most 5 entries since the rewrite
    expect(lines.length).toBeLessThanOrEqual(1 + 5 + 5);
    const reopened = await FlowStateStore.open(dir);
    try {
      expect((await reopened.run(2))?.recordsWritten).toBe(139);
      expect((await reopened.run(1))?.status).toBe("succeeded");
      expect(await reopened.checkpoint("orders")).toMatchObject({ nextToken: "page-3" });
      expect(await reopened.watermark("orders")).toMatchObject({ runId: 1 });
    } finally {
      await reopened.close();
    }
  });

  it("keeps committing when a compaction fails, leaving the journal whole, and compacts once it can", async () => {
    const dir = makeTempDir("ck-state-compact-fail-");
    await seeded(dir);
    // A real refusal: a directory where the rewrite's temporary file must go (EISDIR, even for root).
    const temporary = join(dir, `.${STATE_JOURNAL}.${process.pid}.tmp`);
    mkdirSync(temporary);
    const store = await FlowStateStore.open(dir, { compactAfter: 5 });
    const file = join(dir, STATE_JOURNAL);
    try {
      for (let i = 0; i < 20; i++) await store.saveCounts(2, counts(100 + i)); // each commit resolves
      expect(statSync(temporary).isDirectory()).toBe(true); // nothing written in its place
      expect(readFileSync(file, "utf8").trimEnd().split("\n").length).toBeGreaterThan(20); // not compacted
      rmSync(temporary, { recursive: true });
      for (let i = 20; i < 40; i++) await store.saveCounts(2, counts(100 + i));
      expect(readFileSync(file, "utf8").trimEnd().split("\n").length).toBeLessThanOrEqual(1 + 5 + 5);
    } finally {
      await store.close();
    }
    expect(readdirSync(dir).filter((name) => name.endsWith(".tmp"))).toEqual([]);
    const reopened = await FlowStateStore.open(dir);
    try {
      expect((await reopened.run(2))?.recordsWritten).toBe(139);
      expect(await reopened.checkpoint("orders")).toMatchObject({ nextToken: "page-3" });
    } finally {
      await reopened.close();
    }
  });

  it("applies concurrent commits in call order, each on the rows the earlier ones left", async () => {
    const dir = makeTempDir("ck-state-concurrent-");
    await seeded(dir);
    const store = await FlowStateStore.open(dir);
    try {
      // Not awaited one by one: a counters save must not undo the error file set just before it.
      await Promise.all([store.setErrorFile(2, "/errors/run-2.jsonl"), store.saveCounts(2, counts(9))]);
      expect(await store.run(2)).toMatchObject({ errorFile: "/errors/run-2.jsonl", recordsWritten: 9 });
      await expect(store.saveCounts(99, counts(1))).rejects.toMatchObject({ code: "StateInvalid" });
      expect((await store.run(2))?.recordsWritten).toBe(9); // a failed commit changes nothing
    } finally {
      await store.close();
    }
  });

  it("imports the state directory of an earlier version (a PGlite database) once", async () => {
    const dir = makeTempDir("ck-state-import-");
    const db = await openPGlite(join(dir, "db"));
    try {
      await db.exec(`
        CREATE TABLE flows (name text PRIMARY KEY, file text, definition_hash text NOT NULL,
          created_at text NOT NULL, updated_at text NOT NULL);
        CREATE TABLE runs (id integer PRIMARY KEY, flow text NOT NULL, status text NOT NULL, trigger text NOT NULL,
          started_at text NOT NULL, ended_at text, window_from text, window_to text, resumed_from integer,
          records_read double precision NOT NULL DEFAULT 0, records_written double precision NOT NULL DEFAULT 0,
          records_skipped double precision NOT NULL DEFAULT 0, records_failed double precision NOT NULL DEFAULT 0,
          pages double precision NOT NULL DEFAULT 0, batches double precision NOT NULL DEFAULT 0,
          bytes_read double precision NOT NULL DEFAULT 0, bytes_written double precision NOT NULL DEFAULT 0,
          error_file text, message text, pid integer NOT NULL);
        CREATE TABLE checkpoints (flow text PRIMARY KEY, run_id integer NOT NULL, definition_hash text NOT NULL,
          window_from text, window_to text, next_token text, pages double precision NOT NULL DEFAULT 0,
          updated_at text NOT NULL);
        CREATE TABLE watermarks (flow text PRIMARY KEY, field text NOT NULL, value text NOT NULL,
          run_id integer NOT NULL, updated_at text NOT NULL);
        INSERT INTO flows VALUES ('orders', NULL, 'h', '2025-01-01T00:00:00.000Z', '2025-01-02T00:00:00.000Z');
        INSERT INTO runs (id, flow, status, trigger, started_at, ended_at, records_written, pid)
          VALUES (4, 'orders', 'succeeded', 'incremental', '2025-01-02T00:00:00.000Z', '2025-01-02T00:01:00.000Z', 12, 77);
        INSERT INTO checkpoints VALUES ('orders', 4, 'h', NULL, NULL, 'tok', 3, '2025-01-02T00:00:30.000Z');
        INSERT INTO watermarks VALUES ('orders', 'updated_at', '2025-01-02T00:00:00.000Z', 4, '2025-01-02T00:01:00.000Z');
      `);
    } finally {
      await db.close();
    }
    const store = await FlowStateStore.open(dir);
    try {
      expect(await store.run(4)).toMatchObject({
        status: "succeeded",
        recordsWritten: 12,
        endedAt: "2025-01-02T00:01:00.000Z",
        resumedFrom: null,
      });
      expect(await store.checkpoint("orders")).toMatchObject({ runId: 4, nextToken: "tok", pages: 3 });
      expect(await store.watermark("orders")).toMatchObject({ value: "2025-01-02T00:00:00.000Z" });
      // Every column, by name: the journal's camelCase from the old snake_case.
      expect(await store.run(4)).toEqual({
        id: 4,
        flow: "orders",
        status: "succeeded",
        trigger: "incremental",
        startedAt: "2025-01-02T00:00:00.000Z",
        endedAt: "2025-01-02T00:01:00.000Z",
        windowFrom: null,
        windowTo: null,
        resumedFrom: null,
        recordsRead: 0,
        recordsWritten: 12,
        recordsSkipped: 0,
        recordsFailed: 0,
        pages: 0,
        batches: 0,
        bytesRead: 0,
        bytesWritten: 0,
        errorFile: null,
        message: null,
        pid: 77,
      });
      expect(await store.flows()).toEqual([
        {
          name: "orders",
          file: null,
          definitionHash: "h",
          createdAt: "2025-01-01T00:00:00.000Z",
          updatedAt: "2025-01-02T00:00:00.000Z",
        },
      ]);
      expect(await store.checkpoint("orders")).toEqual({
        flow: "orders",
        runId: 4,
        definitionHash: "h",
        windowFrom: null,
        windowTo: null,
        nextToken: "tok",
        pages: 3,
        updatedAt: "2025-01-02T00:00:30.000Z",
      });
      expect(await store.watermark("orders")).toEqual({
        flow: "orders",
        field: "updated_at",
        value: "2025-01-02T00:00:00.000Z",
        runId: 4,
        updatedAt: "2025-01-02T00:01:00.000Z",
      });
      expect(
        (
          await store.startRun({
            flow: "orders",
            trigger: "onDemand",
            windowFrom: null,
            windowTo: null,
            resumedFrom: null,
          })
        ).id,
      ).toBe(5);
    } finally {
      await store.close();
    }
    expect(existsSync(join(dir, "db"))).toBe(false);
    expect(existsSync(join(dir, "db-imported", "PG_VERSION"))).toBe(true);
  });
});

async function readRun(dir: string, id: number) {
  const store = await FlowStateStore.open(dir);
  try {
    return await store.run(id);
  } finally {
    await store.close();
  }
}
