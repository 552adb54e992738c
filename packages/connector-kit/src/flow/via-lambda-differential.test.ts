// Differential test: a flow run in process (records as objects through the core) and the same flow run with
// `via: "lambda"` (AppFlow's JSON events, the path a deployed Lambda takes) end the same way: the same counts,
// the same destination lines, the same record errors. Both sides are the JSON-lines connector; the source file
// is written as raw JSON text, so it can hold literals no JSON.stringify makes (-0, 1e400, 1E21, exponents),
// escaped lone surrogates, astral characters, nested values, duplicate and `__proto__` keys. The reference is
// the wire: a record is what it is after a JSON round trip.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it, onTestFinished } from "vitest";
import type { FlowDefinition } from "./flow-definition.js";
import { parseFlowText } from "./parse-flow.js";
import { type RunSummary, runFlow } from "./run-flow.js";
import { tempDir } from "./test-support/fixtures.js";

const RUNS = Number(process.env["VIA_LAMBDA_DIFF_RUNS"] ?? 50);
const SEED = process.env["VIA_LAMBDA_DIFF_SEED"];

/** Field names records and tasks use: plain ones, and names of Object.prototype's properties. */
const NAMES = ["id", "n", "m", "s", "t", "o", "__proto__", "toString"] as const;

// ---- Source records, as raw JSON text ----

/** Number literals a JSON text may hold but JSON.stringify never writes, and other edges. */
const NUMBER_LITERALS = [
  "-0",
  "-0.0",
  "0e5",
  "1e400",
  "-1e400",
  "1e-400",
  "1E21",
  "1e21",
  "123456789012345678901234567890",
  "9007199254740993",
  "5e-324",
  "1.7976931348623157e308",
  "0.1",
  "-2.5e-7",
];

/** Strings as JSON text: escaped lone surrogates, astral and combining characters, numeric-looking text. */
const STRING_TEXTS = [
  '""',
  '" "',
  '"null"',
  '"-0"',
  '"1e400"',
  '" 12 "',
  '".5"',
  '"1e3"',
  '"0x10"',
  '"\\ud800"',
  '"a\\udc00b"',
  '"\\ud83d\\ude00x"',
  '"😀🎉"',
  '"e\u0301"',
  '"\\u0000"',
  '"a,b;c"',
];

const NESTED_TEXTS = [
  "[]",
  "{}",
  "[-0, 1e400, null]",
  '{"__proto__": {"polluted": true}, "a": [1, {"__proto__": null}]}',
  '{"a": {"b": {"c": [1, 2, {"d": "\\ud800"}]}}}',
  '{"toString": 1, "constructor": "x"}',
];

const jsonText = (value: unknown): string => JSON.stringify(value) ?? "null";

/** One value, as JSON text. */
const valueText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NUMBER_LITERALS) },
  { weight: 3, arbitrary: fc.integer({ min: -100, max: 100 }).map(jsonText) },
  { weight: 2, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }).map(jsonText) },
  { weight: 3, arbitrary: fc.constantFrom(...STRING_TEXTS) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 8 }).map(jsonText) },
  { weight: 2, arbitrary: fc.constantFrom("null", "true", "false") },
  { weight: 1, arbitrary: fc.constantFrom(...NESTED_TEXTS) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }).map(jsonText) },
);

const smallInt = fc.integer({ min: 0, max: 25 }).map(String);

/** An id: mostly small integers (so UPSERT meets the same key again), sometimes something else. */
const wildId: fc.Arbitrary<string | null> = fc.oneof(
  { weight: 12, arbitrary: smallInt },
  { weight: 2, arbitrary: fc.constantFrom('"k1"', '"k2"', '"7"', "1.5") },
  { weight: 2, arbitrary: fc.constantFrom(null, "null", "-0", "1e400", "1E21", '{"a":1}', "[1]") },
);

const numberText = fc.oneof(
  fc.constantFrom(...NUMBER_LITERALS),
  fc.integer({ min: -100, max: 100 }).map(jsonText),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(jsonText),
  fc.constant("null"),
);
const stringText = fc.oneof(
  fc.constantFrom(...STRING_TEXTS),
  fc.string({ unit: "grapheme", maxLength: 8 }).map(jsonText),
  fc.constant("null"),
);

/**
 * One line of the source file: a JSON object, its id first, now and then a line that is not one. Typed lines
 * keep the plain fields to one kind each (id an integer, n and m numbers, s and t strings), so the source
 * entity's inferred types let filters on them run; wild lines put any value anywhere.
 */
function lineText(typed: boolean): fc.Arbitrary<string> {
  const valueFor = (name: string) =>
    !typed || name === "o" || name === "__proto__" || name === "toString"
      ? valueText
      : name === "n" || name === "m"
        ? numberText
        : name === "id"
          ? smallInt
          : stringText;
  const pair = fc
    .constantFrom(...NAMES)
    .chain((name) => valueFor(name).map((value) => `${jsonText(name)}:${value}`));
  return fc.oneof(
    {
      weight: 30,
      arbitrary: fc
        .tuple(typed ? smallInt : wildId, fc.array(pair, { maxLength: 6 }))
        .map(([id, fields]) => `{${[...(id === null ? [] : [`"id":${id}`]), ...fields].join(",")}}`),
    },
    { weight: typed ? 0 : 1, arbitrary: fc.constantFrom("[1,2]", "not json", "null") },
  );
}

const sourceLines = fc.oneof(
  fc.array(lineText(true), { maxLength: 80, size: "medium" }),
  fc.array(lineText(false), { maxLength: 80, size: "medium" }),
);

// ---- Flows ----

const field = fc.constantFrom(...NAMES);
const maskOperator = fc.constantFrom("MASK_ALL", "MASK_FIRST_N", "MASK_LAST_N");

/** Filter expressions on the plain fields (the language names fields by identifiers). */
const FILTERS = [
  "id >= 3",
  "id < 12",
  "id IN (1, 2, 3, 5, 8, 13)",
  "NOT id = 4",
  "n > 0",
  "n BETWEEN -1 AND 1",
  "n > 0 OR s = 'a'",
  "s CONTAINS 'a'",
  "s != 'null'",
  "m = null",
  "id > 2 LIMIT 20",
];

const task: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc
    .record({ source: field, destination: field, keepSource: fc.boolean() })
    .map((t) => ({ type: "Map", ...t })),
  fc
    .record({
      fields: fc.array(field, { minLength: 1, maxLength: 3 }),
      separator: fc.constantFrom(" ", "", "|", "😀"),
      destination: field,
    })
    .map((t) => ({ type: "Merge", ...t })),
  fc
    .record({
      operator: maskOperator,
      field,
      n: fc.integer({ min: 1, max: 4 }),
      maskValue: fc.constantFrom("*", "#"),
    })
    .map(({ operator, n, ...t }) => ({
      type: "Mask",
      operator,
      ...(operator === "MASK_ALL" ? {} : { n }),
      ...t,
    })),
  fc.record({ field, length: fc.integer({ min: 0, max: 4 }) }).map((t) => ({ type: "Truncate", ...t })),
  fc
    .record({
      operator: fc.constantFrom("ADDITION", "SUBTRACTION", "MULTIPLICATION", "DIVISION"),
      fields: fc.tuple(field, field),
      destination: field,
    })
    .map((t) => ({ type: "Arithmetic", ...t })),
  fc
    .record({
      operator: fc.constantFrom(
        "VALIDATE_NON_NULL",
        "VALIDATE_NON_ZERO",
        "VALIDATE_NON_NEGATIVE",
        "VALIDATE_NUMERIC",
      ),
      field,
    })
    .map((t) => ({ type: "Validate", ...t, action: "DropRecord" })),
  fc.constantFrom(...FILTERS).map((expression) => ({ type: "Filter", expression })),
  fc.array(field, { minLength: 1, maxLength: 2 }).map((fields) => ({ type: "Drop", fields })),
);

interface Case {
  lines: string[];
  tasks: Record<string, unknown>[];
  filter: string | null;
  fields: string[] | null;
  pageSize: number;
  batchSize: number;
  operation: "INSERT" | "UPSERT";
  allOrNone: boolean;
  failOnError: boolean;
}

const caseArb: fc.Arbitrary<Case> = fc.record({
  lines: sourceLines,
  tasks: fc.array(task, { maxLength: 5 }),
  filter: fc.oneof({ weight: 2, arbitrary: fc.constant(null) }, fc.constantFrom(...FILTERS)),
  // Selected fields, reduced to those the source has (a missing one is a flow error, not worth a run).
  fields: fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, fc.subarray([...NAMES], { minLength: 1 })),
  pageSize: fc.integer({ min: 1, max: 9 }),
  batchSize: fc.integer({ min: 1, max: 9 }),
  operation: fc.constantFrom("INSERT", "UPSERT"),
  allOrNone: fc.boolean(),
  failOnError: fc.constantFrom(false, false, false, true),
});

/** The flow of a case, reading `<dir>/source/data.jsonl` and writing into `<dir>/<side>/out`. */
function flowOf(c: Case, dir: string, side: string): FlowDefinition {
  const present = new Set<string>();
  for (const line of c.lines) {
    try {
      const record: unknown = JSON.parse(line);
      if (record !== null && typeof record === "object") for (const k of Object.keys(record)) present.add(k);
    } catch {}
  }
  const fields = c.fields?.filter((f) => present.has(f)) ?? [];
  const flow = {
    name: "differential",
    source: {
      connector: "connector-kit/connectors/jsonl",
      settings: { directory: join(dir, "source") },
      entity: "data",
      ...(fields.length > 0 ? { fields } : {}),
      ...(c.filter ? { filter: c.filter } : {}),
      pageSize: c.pageSize,
    },
    destination: {
      connector: "connector-kit/connectors/jsonl",
      settings: { directory: join(dir, side, "out") },
      entity: "out",
      operation: c.operation,
      ...(c.operation === "UPSERT" ? { idFieldNames: ["id"] } : {}),
      allOrNone: c.allOrNone,
      batchSize: c.batchSize,
    },
    tasks: c.tasks,
    errors: { failOnError: c.failOnError },
  };
  return parseFlowText(JSON.stringify(flow), { baseDir: dir, env: {} });
}

// ---- Outcomes ----

interface Outcome {
  summary: Pick<
    RunSummary,
    "status" | "message" | "recordsRead" | "recordsWritten" | "recordsSkipped" | "recordsFailed"
  >;
  /** The destination file's lines, as text and parsed, and its key file. */
  lines: string[];
  records: unknown[];
  keys: string | null;
  /** The error file's entries without their time. */
  errors: unknown[];
}

function linesOf(file: string): string[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l !== "");
}

/** A failed call's local reference (`local-7`) differs from run to run. */
function normalizedMessage(message: string | null): string | null {
  return message === null ? null : message.replace(/\b(local|flow)-[\w-]+/g, "<reference>");
}

async function runSide(c: Case, dir: string, side: "in-process" | "lambda"): Promise<Outcome> {
  const summary = await runFlow(flowOf(c, dir, side), {
    stateDir: join(dir, side, "state"),
    via: side,
    logLevel: "silent",
    logWrite: () => {},
    attempts: 1,
  });
  const out = join(dir, side, "out", "out.jsonl");
  const lines = linesOf(out);
  const keysFile = `${out}.keys.json`;
  return {
    summary: {
      status: summary.status,
      message: normalizedMessage(summary.message),
      recordsRead: summary.recordsRead,
      recordsWritten: summary.recordsWritten,
      recordsSkipped: summary.recordsSkipped,
      recordsFailed: summary.recordsFailed,
    },
    lines,
    records: lines.map((l) => JSON.parse(l) as unknown),
    keys: existsSync(keysFile) ? readFileSync(keysFile, "utf8") : null,
    errors: (summary.errorFile ? linesOf(summary.errorFile) : []).map((l) => {
      const { time: _time, ...entry } = JSON.parse(l) as Record<string, unknown>;
      return entry;
    }),
  };
}

/** Where a test's cases run: a temporary directory removed after the test, also when it fails or times out. */
interface Workspace {
  root: string;
  /** Set when the test finished: a run still going (after a timeout) must leave nothing behind. */
  finished: boolean;
}

function workspace(): Workspace {
  const space = { root: tempDir("ck-via-lambda-"), finished: false };
  // Registered after the directory's removal, so it runs first (finish hooks run in reverse order).
  onTestFinished(() => {
    space.finished = true;
  });
  return space;
}

/** Runs the case both ways in a fresh directory of `space`, removed afterwards whatever happens. */
async function runBoth(c: Case, space: Workspace, n: number): Promise<{ local: Outcome; wire: Outcome }> {
  if (space.finished) throw new Error("the test has finished");
  const dir = join(space.root, `case-${n}`);
  try {
    mkdirSync(dir); // not recursive: never makes the workspace again once it was removed
    mkdirSync(join(dir, "source"));
    writeFileSync(join(dir, "source", "data.jsonl"), c.lines.map((l) => `${l}\n`).join(""));
    const local = await runSide(c, dir, "in-process");
    const wire = await runSide(c, dir, "lambda");
    return { local, wire };
  } finally {
    // A run that outlived its test may have made the workspace again (a state directory is made with its parents).
    rmSync(space.finished ? space.root : dir, { recursive: true, force: true, maxRetries: 3 });
  }
}

function expectSame({ local, wire }: { local: Outcome; wire: Outcome }): void {
  expect(local.summary).toStrictEqual(wire.summary);
  expect(local.records).toStrictEqual(wire.records);
  expect(local.lines).toStrictEqual(wire.lines);
  expect(local.keys).toStrictEqual(wire.keys);
  expect(local.errors).toStrictEqual(wire.errors);
}

const BASE: Case = {
  lines: [],
  tasks: [],
  filter: null,
  fields: null,
  pageSize: 2,
  batchSize: 2,
  operation: "INSERT",
  allOrNone: false,
  failOnError: false,
};

describe("runFlow in process and via lambda", () => {
  it("moves the same records, errors and counts either way", {
    timeout: Math.max(60_000, RUNS * 1_000),
  }, async () => {
    const space = workspace();
    let n = 0;
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        expectSame(await runBoth(c, space, n++));
      }),
      { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: Number(SEED) }) },
    );
  });

  it("a run that moves odd values succeeds the same way", async () => {
    const space = workspace();
    const both = await runBoth(
      { ...BASE, lines: ['{"id":1,"s":"\\ud800","o":{"__proto__":{"x":1}},"__proto__":[-0]}'] },
      space,
      0,
    );
    expectSame(both);
    expect(both.local.summary).toMatchObject({ status: "succeeded", recordsWritten: 1 });
  });

  // Found by the property: a number literal beyond double range (1e400) parses as Infinity, which only the wire
  // turns into null. In process the UPSERT key was Infinity, and the record was written with `"id":null`.
  it("a source value JSON cannot hold (1e400) reaches the destination as null, as on the wire", async () => {
    const space = workspace();
    const both = await runBoth({ ...BASE, lines: ['{"id":1e400}'], operation: "UPSERT" }, space, 0);
    expectSame(both);
    expect(both.local.summary).toMatchObject({ status: "completed_with_errors", recordsFailed: 1 });
    expect(both.local.errors).toMatchObject([
      { stage: "write", record: { id: null }, message: "The record has no value for id field(s) id" },
    ]);
  });

  // Tasks see that value as the wire has it too: a Validate drops it, a Filter compares null.
  it("tasks see a source value JSON cannot hold (1e400) as null, as on the wire", async () => {
    const space = workspace();
    const both = await runBoth(
      {
        ...BASE,
        lines: ['{"id":1,"n":1e400}', '{"id":2,"n":1}', '{"id":1e400,"n":2}'],
        tasks: [
          { type: "Validate", operator: "VALIDATE_NON_NULL", field: "n", action: "DropRecord" },
          { type: "Filter", expression: "id >= 1" },
        ],
      },
      space,
      0,
    );
    expectSame(both);
    expect(both.local.summary).toMatchObject({ recordsWritten: 1, recordsFailed: 1, recordsSkipped: 1 });
    expect(both.local.errors).toMatchObject([{ stage: "task", record: { id: 1, n: null } }]);
  });

  // The same through a task: Arithmetic overflowing to Infinity; on the wire the destination is sent null.
  it("a task result JSON cannot hold (an overflow) reaches the destination as null, as on the wire", async () => {
    const space = workspace();
    const both = await runBoth(
      {
        ...BASE,
        lines: ['{"id":1,"n":1e308}'],
        operation: "UPSERT",
        tasks: [{ type: "Arithmetic", operator: "MULTIPLICATION", fields: ["n", "n"], destination: "id" }],
      },
      space,
      0,
    );
    expectSame(both);
    expect(both.local.summary).toMatchObject({ status: "completed_with_errors", recordsFailed: 1 });
  });
});
