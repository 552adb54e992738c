// Differential test: the SQL from toSql, run by PostgreSQL (PGlite), selects exactly the rows the in-memory
// predicate selects, for random well-typed filters over a table with nulls in every column.
import { PGlite } from "@electric-sql/pglite";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EntityDefinition, FieldDefinition } from "../../core/model/entity.js";
import type { ConnectorOperator } from "../../core/model/enums.js";
import type { ComparisonOperator, FilterExpression, Literal, ValueLiteral } from "../ast.js";
import { FilterValidationError } from "../errors.js";
import { compilePredicate } from "../predicate.js";
import { printFilter } from "../printer.js";
import { findFilterProblems } from "../validate.js";
import { ansiDialect, postgresDialect } from "./dialect.js";
import { toSql } from "./to-sql.js";

const ORDERED: ConnectorOperator[] = [
  "EQUAL_TO",
  "NOT_EQUAL_TO",
  "LESS_THAN",
  "LESS_THAN_OR_EQUAL_TO",
  "GREATER_THAN",
  "GREATER_THAN_OR_EQUAL_TO",
  "BETWEEN",
];
const f = (
  fieldName: string,
  dataType: FieldDefinition["dataType"],
  ops: ConnectorOperator[],
): FieldDefinition => ({
  fieldName,
  dataType,
  filterOperators: ops,
});
const entity: EntityDefinition = {
  entity: { entityIdentifier: "t", hasNestedEntities: false },
  fields: [
    f("n", "Integer", ORDERED),
    f("price", "BigDecimal", ORDERED),
    f("score", "Double", ORDERED),
    f("name", "String", [...ORDERED, "CONTAINS"]),
    f("ok", "Boolean", ["EQUAL_TO", "NOT_EQUAL_TO"]),
    f("day", "Date", ORDERED),
    f("at", "DateTime", ORDERED),
    f("tags", "List", ["CONTAINS"]),
  ],
};
// Column names differ from field names, to exercise columnOf and quoting.
const COLUMN: Record<string, string> = {
  n: "n",
  price: "Price",
  score: "score",
  name: 'the "name"',
  ok: "ok",
  day: "day",
  at: "at",
  tags: "tags",
};

const ALPHABET = ["a", "b", "%", "_", "!", "\\", "'", "x"];
const smallText = fc.string({ unit: fc.constantFrom(...ALPHABET), maxLength: 3 });
const dayText = fc.integer({ min: 18, max: 22 }).map((d) => `2021-04-${d}`);
const DAY_MS = Date.UTC(2021, 3, 20);
const atMs = fc
  .tuple(fc.integer({ min: -30, max: 30 }), fc.constantFrom(0, 0, 1, 500))
  .map(([h, ms]) => DAY_MS + h * 3_600_000 + ms);
const decimalText = fc
  .tuple(fc.integer({ min: -30, max: 30 }), fc.constantFrom("", ".5", ".25", ".50", ".125"))
  .map(([i, frac]) => `${i}${frac}`);

interface Row {
  id: number;
  n: number | null;
  price: string | null;
  score: number | null;
  name: string | null;
  ok: boolean | null;
  day: string | null;
  at: Date | null;
  tags: (string | null)[] | null;
}
const nullable = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null, freq: 5 });
const row = fc.record({
  n: nullable(fc.integer({ min: -30, max: 30 })),
  price: nullable(decimalText),
  score: nullable(decimalText.map(Number)),
  name: nullable(smallText),
  ok: nullable(fc.boolean()),
  day: nullable(dayText),
  at: nullable(atMs.map((ms) => new Date(ms))),
  tags: nullable(fc.array(fc.option(smallText, { nil: null, freq: 6 }), { maxLength: 3 })),
});

const num = (text: string): ValueLiteral => ({ kind: "number", text });
const str = (value: string): ValueLiteral => ({ kind: "string", value, raw: "" });
const NULL: ValueLiteral = { kind: "null" };

/** A literal that fits the field's type (validateFilter must accept it). */
const literalFor = (field: string): fc.Arbitrary<ValueLiteral> => {
  switch (field) {
    case "n":
      return fc.integer({ min: -30, max: 30 }).map((i) => num(String(i)));
    case "price":
    case "score":
      return decimalText.map(num);
    case "name":
    case "tags":
      return smallText.map(str);
    case "day":
      return fc.oneof(
        dayText.map((text) => ({ kind: "date" as const, text })),
        fc.tuple(dayText, fc.integer({ min: 0, max: 23 })).map(([d, h]) => ({
          kind: "datetime" as const,
          text: `${d}T${String(h).padStart(2, "0")}:00:00Z`,
        })),
      );
    default:
      return fc.oneof(
        atMs.map((ms) => ({ kind: "datetime" as const, text: new Date(ms).toISOString() })),
        atMs.map((ms) => ({
          kind: "datetime" as const,
          text: `${new Date(ms).toISOString().slice(0, -1)}001Z`,
        })),
        dayText.map((text) => ({ kind: "date" as const, text })),
        atMs.map((ms) => num(String(ms))),
      );
  }
};

const CMP: ComparisonOperator[] = ["=", "!=", "<", "<=", ">", ">="];
const leaf: fc.Arbitrary<FilterExpression> = fc
  .constantFrom("n", "price", "score", "name", "ok", "day", "at", "tags")
  .chain((field): fc.Arbitrary<FilterExpression> => {
    if (field === "ok") {
      return fc.oneof(
        fc.constant({ kind: "identifier" as const, name: "ok" }),
        fc
          .tuple(fc.constantFrom("=", "!=" as const), fc.oneof(fc.boolean(), fc.constant(null)))
          .map(([operator, b]) => ({
            kind: "comparison" as const,
            field,
            operator,
            value: (b === null ? NULL : { kind: "boolean", value: b }) as Literal,
          })),
      );
    }
    const lit = literalFor(field);
    if (field === "tags")
      return lit.map((value) => ({ kind: "comparison" as const, field, operator: "CONTAINS", value }));
    const options: fc.Arbitrary<FilterExpression>[] = [
      fc
        .tuple(fc.constantFrom(...CMP), lit)
        .map(([operator, value]) => ({ kind: "comparison" as const, field, operator, value })),
      fc
        .tuple(fc.constantFrom("=", "!=" as const))
        .map(([operator]) => ({ kind: "comparison" as const, field, operator, value: NULL })),
      fc.tuple(lit, lit).map(([lower, upper]) => ({ kind: "between" as const, field, lower, upper })),
      fc
        .array(fc.oneof({ arbitrary: lit, weight: 5 }, { arbitrary: fc.constant(NULL), weight: 1 }), {
          minLength: 1,
          maxLength: 4,
        })
        .map((values) => ({ kind: "in" as const, field, values })),
    ];
    if (field === "name") {
      options.push(lit.map((value) => ({ kind: "comparison" as const, field, operator: "CONTAINS", value })));
    }
    return fc.oneof(...options);
  });

const tree = fc.letrec<{ node: FilterExpression }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    tie("node").map((operand) => ({ kind: "not" as const, operand })),
    tie("node").map((expression) => ({ kind: "group" as const, expression })),
    fc
      .array(tie("node"), { minLength: 2, maxLength: 3 })
      .map((operands) => ({ kind: "and" as const, operands })),
    fc
      .array(tie("node"), { minLength: 2, maxLength: 3 })
      .map((operands) => ({ kind: "or" as const, operands })),
  ),
})).node;

/** Filter text for failure messages (some hand-built trees have no text form). */
function describeFilter(e: FilterExpression): string {
  try {
    return printFilter(e);
  } catch {
    return JSON.stringify(e);
  }
}

const quote = (c: string) => `"${c.replaceAll('"', '""')}"`;
let db: PGlite;
let rows: Row[];

beforeAll(async () => {
  db = new PGlite();
  await db.exec(`SET TIME ZONE 'UTC'; CREATE TABLE t (
    id integer PRIMARY KEY, n integer, ${quote("Price")} numeric, score double precision, ${quote(COLUMN.name!)} text,
    ok boolean, day date, at timestamptz, tags text[])`);
  rows = fc
    .sample(fc.array(row, { minLength: 120, maxLength: 120 }), { numRuns: 1, seed: 42 })[0]!
    .map((r, i) => ({
      id: i + 1,
      ...r,
    }));
  for (const r of rows) {
    await db.query("INSERT INTO t VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)", [
      r.id,
      r.n,
      r.price,
      r.score,
      r.name,
      r.ok,
      r.day,
      r.at,
      r.tags,
    ]);
  }
}, 60_000);

afterAll(async () => {
  await db?.close();
});

async function idsFromSql(expression: FilterExpression, dialect: "pg" | "ansi"): Promise<number[] | null> {
  let sql: ReturnType<typeof toSql>;
  try {
    sql = toSql(expression, {
      dialect: dialect === "pg" ? postgresDialect : ansiDialect,
      columnOf: (field) => COLUMN[field]!,
      entityDefinition: entity,
    });
  } catch (e) {
    // The ? dialect has no array CONTAINS.
    if (dialect === "ansi" && e instanceof FilterValidationError) return null;
    throw e;
  }
  let where = sql.where!;
  if (dialect === "ansi") {
    let i = 0;
    where = where.replace(/\?/g, () => `$${++i}`);
  }
  const result = await db.query<{ id: number }>(`SELECT id FROM t WHERE ${where} ORDER BY id`, sql.params);
  return result.rows.map((r) => r.id);
}

describe("toSql on PostgreSQL agrees with compilePredicate", () => {
  it("table data round-trips", async () => {
    const { rows: back } = await db.query<{ c: number }>("SELECT count(*)::int AS c FROM t");
    expect(back[0]!.c).toBe(rows.length);
  });

  it("random well-typed filters select the same rows", async () => {
    let nonTrivial = 0;
    await fc.assert(
      fc.asyncProperty(tree, async (expression) => {
        expect(findFilterProblems(expression, entity)).toEqual([]);
        const predicate = compilePredicate(expression, entity);
        const expected = rows
          .filter((r) => predicate(r as unknown as Record<string, unknown>))
          .map((r) => r.id);
        if (expected.length > 0 && expected.length < rows.length) nonTrivial++;
        const context = describeFilter(expression);
        expect(await idsFromSql(expression, "pg"), context).toEqual(expected);
        const ansi = await idsFromSql(expression, "ansi");
        if (ansi !== null) expect(ansi, context).toEqual(expected);
      }),
      { numRuns: 800, seed: 7 },
    );
    // The generator must produce selective filters, or the comparison says little.
    expect(nonTrivial).toBeGreaterThan(300);
  });
});
