// Inputs of any size or depth give a result or a clean error: no stack overflow, no quadratic time.
import { describe, expect, it } from "vitest";
import type { EntityDefinition } from "../core/model/entity.js";
import type { FilterExpression, FilterQuery } from "./ast.js";
import { FilterSyntaxError } from "./errors.js";
import { parseFilter } from "./parser.js";
import { compilePredicate } from "./predicate.js";
import { printFilter } from "./printer.js";
import { postgresDialect } from "./sql/dialect.js";
import { toSql } from "./sql/to-sql.js";
import { findFilterProblems } from "./validate.js";
import { visitFilter } from "./visitor.js";

const entity: EntityDefinition = {
  entity: { entityIdentifier: "t", hasNestedEntities: false },
  fields: [
    { fieldName: "a", dataType: "Integer" },
    { fieldName: "s", dataType: "String" },
    { fieldName: "flag", dataType: "Boolean" },
  ],
};

/** Counts nodes with the visitor (an iterative fold). */
function countNodes(e: FilterExpression): number {
  return visitFilter<number>(e, {
    comparison: () => 1,
    between: () => 1,
    in: () => 1,
    identifier: () => 1,
    value: () => 1,
    not: (_n, x) => x + 1,
    group: (_n, x) => x + 1,
    and: (_n, xs) => xs.reduce((s, x) => s + x, 1),
    or: (_n, xs) => xs.reduce((s, x) => s + x, 1),
  });
}

/** Runs every consumer over a parsed filter; all must finish without overflowing. */
function consumeAll(q: FilterQuery): void {
  const text = printFilter(q);
  expect(printFilter(parseFilter(text))).toBe(text);
  const sql = toSql(q, { dialect: postgresDialect });
  expect(sql.where).not.toBeNull();
  expect(findFilterProblems(q, entity)).toEqual([]);
  const pred = compilePredicate(q, entity);
  pred({ a: 1, s: "x", flag: true });
  pred({});
}

function timed<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const r = fn();
  return [r, performance.now() - t0];
}

describe("large and deep inputs", () => {
  it("parses a 100k-term AND chain into one flat node, and every consumer copes", () => {
    const text = Array.from({ length: 100_000 }, (_, i) => `a = ${i}`).join(" AND ");
    const [q, ms] = timed(() => parseFilter(text));
    expect(q.expression?.kind).toBe("and");
    expect((q.expression as unknown as { operands: unknown[] }).operands).toHaveLength(100_000);
    expect(ms).toBeLessThan(2000);
    consumeAll(q);
  });

  it("parses a 100k-term alternating AND/OR chain", () => {
    const text = Array.from({ length: 100_000 }, (_, i) => `a = ${i}`).join(" AND a = 1 OR ");
    const q = parseFilter(text);
    expect(q.expression?.kind).toBe("or");
    consumeAll(q);
  });

  it("parses 10k nested parentheses (and 100k), and every consumer copes", () => {
    for (const depth of [10_000, 100_000]) {
      const text = `${"(".repeat(depth)}a = 1${")".repeat(depth)}`;
      const q = parseFilter(text);
      expect(countNodes(q.expression!)).toBe(depth + 1);
      consumeAll(q);
    }
  });

  it("parses 10k levels of nested AND/OR/NOT groups", () => {
    let text = "a = 0";
    for (let i = 1; i <= 10_000; i++)
      text = `${i % 2 ? "NOT " : ""}(a = ${i} ${i % 3 ? "AND" : "OR"} ${text})`;
    const q = parseFilter(text);
    consumeAll(q);
  });

  it("parses a 100k NOT chain", () => {
    const q = parseFilter(`${"NOT ".repeat(100_000)}flag`);
    expect(countNodes(q.expression!)).toBe(100_001);
    consumeAll(q);
    expect(compilePredicate(q)({ flag: true })).toBe(true);
  });

  it("reports a clean error for 100k unclosed parentheses", () => {
    expect(() => parseFilter("(".repeat(100_000))).toThrow(FilterSyntaxError);
    expect(() => parseFilter(`${"(".repeat(100_000)}a = 1`)).toThrow(FilterSyntaxError);
    expect(() => parseFilter(`a = 1${")".repeat(100_000)}`)).toThrow(FilterSyntaxError);
  });

  it("parses 1 MB strings, with and without escapes, in linear time", () => {
    const big = "x".repeat(1 << 20);
    const [q, ms] = timed(() => parseFilter(`s = '${big}'`));
    expect((q.expression as { value: { value: string } }).value.value).toHaveLength(1 << 20);
    expect(ms).toBeLessThan(1000);
    const escaped = "ab\\'".repeat(1 << 18);
    const q2 = parseFilter(`s CONTAINS '${escaped}'`);
    expect((q2.expression as { value: { value: string } }).value.value).toBe("ab'".repeat(1 << 18));
    consumeAll(q);
  });

  it("rejects a 1 MB unterminated string and 1 MB of backslash-quotes cleanly", () => {
    expect(() => parseFilter(`s = '${"x".repeat(1 << 20)}`)).toThrow(FilterSyntaxError);
    const [, ms] = timed(() =>
      expect(() => parseFilter(`'${"\\'".repeat(1 << 19)}"x`)).toThrow(FilterSyntaxError),
    );
    expect(ms).toBeLessThan(1000);
  });

  it("parses a 10k-value IN list (and 100k)", () => {
    for (const n of [10_000, 100_000]) {
      const text = `a IN (${Array.from({ length: n }, (_, i) => i).join(", ")})`;
      const q = parseFilter(text);
      expect((q.expression as unknown as { values: unknown[] }).values).toHaveLength(n);
      consumeAll(q);
      expect(toSql(q, { dialect: postgresDialect }).params).toHaveLength(n);
    }
  });

  it("stays linear: 4x the input takes well under 16x the time", () => {
    const make = (n: number) =>
      Array.from({ length: n }, (_, i) => `a = ${i} OR (s CONTAINS 'x${i}')`).join(" AND ");
    const small = make(20_000);
    const large = make(80_000);
    parseFilter(small); // warm up
    const [, t1] = timed(() => parseFilter(small));
    const [, t2] = timed(() => parseFilter(large));
    expect(t2).toBeLessThan(Math.max(16 * t1, 200));
  });
});
