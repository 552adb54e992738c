import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isConnectorError } from "../errors/connector-error.js";
import { type CollectedPage, type CollectPageOptions, collectPage, type PageSource } from "./collect-page.js";
import type { DataRecord } from "./data-record.js";
import { encodedCost } from "./page-guard.js";
import { JsonPageSink, ObjectPageSink } from "./page-sink.js";
import { decodePageToken, encodePageToken } from "./page-token.js";

/** An upstream of numbered records in pages of `size`, tokens are offsets; optionally slow. */
function upstream(records: DataRecord[], size: number, delayMs = 0): PageSource {
  return async function* (token) {
    let at = token === null ? 0 : Number(token);
    while (at < records.length) {
      if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
      const page = records.slice(at, at + size);
      at += page.length;
      yield { records: page, nextToken: at < records.length ? String(at) : null };
    }
  };
}

function mixed(n: number, seed = 1): DataRecord[] {
  return Array.from({ length: n }, (_, i) => ({ i, text: `"\\é😀`.repeat(((i + seed) * 7919) % 400) }));
}

/** A first page of at most 10 records as objects, a minute to go, and the caller's own `expired`. */
function fromStart(expired: Promise<void>): CollectPageOptions<DataRecord> {
  return {
    position: { upstream: null, skip: 0, emitted: 0 },
    maxRecords: 10,
    limit: null,
    sink: new ObjectPageSink(),
    deadline: Date.now() + 60_000,
    expired,
    now: Date.now,
  };
}

async function drain(
  open: PageSource,
  opts: { maxRecords: number; budget: number; limit?: number | null; deadlineMs?: number },
) {
  const out: number[] = [];
  let token: string | null = null;
  let pages = 0;
  do {
    const now = Date.now;
    const page: CollectedPage<string> = await collectPage(open, {
      position: token ? decodePageToken(token) : { upstream: null, skip: 0, emitted: 0 },
      maxRecords: opts.maxRecords,
      limit: opts.limit ?? null,
      sink: new JsonPageSink(opts.budget),
      deadline: now() + (opts.deadlineMs ?? 60_000),
      now,
    });
    const bytes = page.records.reduce((sum, r) => sum + encodedCost(r, Buffer.byteLength(r)), 0);
    expect(bytes).toBeLessThanOrEqual(opts.budget);
    expect(JSON.stringify(page.records).length).toBeLessThanOrEqual(opts.budget + 1);
    out.push(...page.records.map((r) => (JSON.parse(r) as { i: number }).i));
    token = page.nextToken;
    if (++pages > 10_000) throw new Error("no progress");
  } while (token !== null);
  return { ids: out, pages };
}

describe("collectPage: the page guard", () => {
  it("ends pages at the byte budget and resumes exactly after the last record (mixed sizes)", async () => {
    const records = mixed(600);
    const { ids, pages } = await drain(upstream(records, 37), { maxRecords: 1000, budget: 40_000 });
    expect(ids).toEqual(records.map((r) => r["i"]));
    expect(pages).toBeGreaterThan(10);
  });

  it("holds for random sizes, page sizes, budgets and maxResults", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.string({ maxLength: 300, unit: "binary" }), { maxLength: 120 }),
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1, max: 80 }),
        fc.integer({ min: 8000, max: 20_000 }),
        async (texts, pageSize, maxRecords, budget) => {
          const records = texts.map((text, i) => ({ i, text }));
          const { ids } = await drain(upstream(records, pageSize), { maxRecords, budget });
          expect(ids).toEqual(records.map((r) => r.i));
        },
      ),
      { numRuns: 150 },
    );
  });

  it("closes pages at the deadline with a slow upstream and loses nothing", async () => {
    const records = mixed(120);
    const { ids, pages } = await drain(upstream(records, 10, 40), {
      maxRecords: 1000,
      budget: 1_000_000,
      deadlineMs: 130,
    });
    expect(ids).toEqual(records.map((r) => r["i"]));
    expect(pages).toBeGreaterThan(3);
  });

  it("fails with RequestTimeout when not even one record arrives in time", async () => {
    const never: PageSource = () => new Promise(() => {});
    const error = await collectPage(never, {
      position: { upstream: null, skip: 0, emitted: 0 },
      maxRecords: 10,
      limit: null,
      sink: new JsonPageSink(1000),
      deadline: Date.now() + 50,
      now: Date.now,
    }).catch((e: unknown) => e);
    expect(isConnectorError(error) && error.code).toBe("RequestTimeout");
  });

  it("closes the page when the caller's `expired` settles while the upstream is still working", async () => {
    let expire = () => {};
    const expired = new Promise<void>((resolve) => {
      expire = resolve;
    });
    const page = await collectPage(async function* () {
      yield { records: [{ i: 0 }, { i: 1 }], nextToken: "2" };
      expire(); // the call's deadline passes while the next page is being fetched, which never comes
      await new Promise(() => {});
    }, fromStart(expired));
    expect(page.records).toEqual([{ i: 0 }, { i: 1 }]);
    expect(page.endedBy).toBe("deadline");
    expect(decodePageToken(page.nextToken!)).toEqual({ upstream: "2", skip: 0, emitted: 2 });
  });

  it("honours LIMIT across pages and invocations", async () => {
    const records = mixed(100);
    const { ids } = await drain(upstream(records, 7), { maxRecords: 15, budget: 1_000_000, limit: 42 });
    expect(ids).toEqual(records.slice(0, 42).map((r) => r["i"]));
  });

  it("refuses a record larger than the whole budget", async () => {
    const error = await collectPage(upstream([{ big: "x".repeat(5000) }], 1), {
      position: { upstream: null, skip: 0, emitted: 0 },
      maxRecords: 10,
      limit: null,
      sink: new JsonPageSink(1000),
      deadline: Date.now() + 1000,
      now: Date.now,
    }).catch((e: unknown) => e);
    expect(isConnectorError(error) && error.code).toBe("InvalidArgument");
  });

  it("stops with an error when the upstream repeats its token", async () => {
    const looping: PageSource = async function* () {
      for (;;) yield { records: [{ a: 1 }], nextToken: "same" };
    };
    const error = await collectPage(looping, {
      position: { upstream: "same", skip: 0, emitted: 0 },
      maxRecords: 100,
      limit: null,
      sink: new JsonPageSink(100_000),
      deadline: Date.now() + 1000,
      now: Date.now,
    }).catch((e: unknown) => e);
    expect(isConnectorError(error) && error.message).toMatch(/same page token/);
  });

  it("re-opens a single-page source at its next token", async () => {
    const records = mixed(30);
    const single: PageSource = async (token) => {
      const at = token === null ? 0 : Number(token);
      return {
        records: records.slice(at, at + 4),
        nextToken: at + 4 < records.length ? String(at + 4) : null,
      };
    };
    const { ids, pages } = await drain(single, { maxRecords: 10, budget: 1_000_000 });
    expect(ids).toEqual(records.map((r) => r["i"]));
    expect(pages).toBe(3);
  });
});

describe("PageGuard's length bound", () => {
  it("never undercounts: a record's encoded cost is at most 3 bytes per UTF-16 unit, plus 3", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string({ unit: "binary", maxLength: 200 }), (value, text) => {
        for (const record of [JSON.stringify({ value }), JSON.stringify({ text })]) {
          expect(encodedCost(record, Buffer.byteLength(record))).toBeLessThanOrEqual(3 * record.length + 3);
          expect(Buffer.byteLength(JSON.stringify([record]))).toBeLessThanOrEqual(3 * record.length + 3);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe("page tokens", () => {
  it("round-trip and stay compact", () => {
    const token = encodePageToken({ upstream: "cursor-123", skip: 4, emitted: 1000 });
    expect(token).toBe("ck2.4.rs.acursor-123");
    expect(token.length).toBeLessThan(40);
    expect(decodePageToken(token)).toEqual({ upstream: "cursor-123", skip: 4, emitted: 1000 });
  });

  it("reject anything they did not produce", () => {
    for (const bad of [
      "",
      "ck1.",
      "ck1.!!!",
      `ck1.${Buffer.from("[1,2]").toString("base64url")}`,
      `ck1.${Buffer.from('["a",-1,0]').toString("base64url")}`,
      "ck2.W251bGwsMCwwXQ",
    ]) {
      expect(() => decodePageToken(bad)).toThrow(/nextToken/);
    }
  });
});

describe("collectPage: memory", () => {
  /** V8's full collection, exposed at run time (the flag only takes effect in a context made after it). */
  function fullCollection(): () => void {
    setFlagsFromString("--expose-gc");
    return runInNewContext("gc") as () => void;
  }

  /** Takes one page of one record from a source, and returns a weak reference to that record. */
  async function recordOfATakenPage(expired: Promise<void>): Promise<WeakRef<DataRecord>> {
    const record: DataRecord = { id: 1 };
    const taken = new WeakRef(record);
    await collectPage(async function* () {
      yield { records: [record], nextToken: null };
    }, fromStart(expired));
    return taken;
  }

  it("keeps no page reachable from the call's `expired` promise once the page is taken", async () => {
    const gc = fullCollection();
    // The call's deadline promise outlives its pages (here: the whole test, settled only at its end). Whatever
    // it reaches, a young collection keeps alive once the promise is in the old generation.
    let settle = () => {};
    const expired = new Promise<void>((resolve) => {
      settle = resolve;
    });
    const taken = await recordOfATakenPage(expired);
    await new Promise((resolve) => setImmediate(resolve)); // weak references hold until the job ends
    gc();
    expect(taken.deref()).toBeUndefined();
    settle();
  });
});
