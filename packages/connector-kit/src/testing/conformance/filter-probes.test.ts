import { describe, expect, it } from "vitest";
import type { EntityDefinition, FieldDefinition } from "../../core/model/entity.js";
import { compileClientFilter } from "./client-filter.js";
import { buildFilterProbes, literalFor } from "./filter-probes.js";

const field = (dataType: FieldDefinition["dataType"]): FieldDefinition => ({ fieldName: "f", dataType });

describe("literalFor", () => {
  it("writes record values as filter literals of the field's type", () => {
    expect(literalFor(field("String"), "a'b")).toEqual({ kind: "string", value: "a'b" });
    expect(literalFor(field("Integer"), 42)).toEqual({ kind: "number", text: "42" });
    expect(literalFor(field("BigDecimal"), "-3.50")).toEqual({ kind: "number", text: "-3.50" });
    expect(literalFor(field("Double"), 1e21)).toBeNull();
    expect(literalFor(field("Boolean"), "true")).toEqual({ kind: "boolean", value: true });
    expect(literalFor(field("Date"), "2024-02-29")).toEqual({ kind: "date", text: "2024-02-29" });
    expect(literalFor(field("DateTime"), "2024-02-29T10:00:00+02:00")).toEqual({
      kind: "datetime",
      text: "2024-02-29T08:00:00.000Z",
    });
    expect(literalFor(field("DateTime"), "2024-02-29T10:00:00.123456Z")).toEqual({
      kind: "datetime",
      text: "2024-02-29T10:00:00.123456Z",
    });
    expect(literalFor(field("Struct"), { a: 1 })).toBeNull();
    expect(literalFor(field("String"), null)).toBeNull();
  });
});

describe("buildFilterProbes", () => {
  const definition: EntityDefinition = {
    entity: { entityIdentifier: "e", hasNestedEntities: false },
    fields: [
      { fieldName: "name", dataType: "String" },
      { fieldName: "n", dataType: "Long", filterOperators: ["BETWEEN", "LESS_THAN"] },
      { fieldName: "hidden", dataType: "String", readProperties: { isQueryable: false } },
      { fieldName: "empty", dataType: "Boolean" },
      { fieldName: "m", dataType: "Map" },
    ],
  };
  const records = [
    { name: "alpha", n: 9, hidden: "x", m: { k1: 1 } },
    { name: "beta", n: 3, hidden: "y" },
    { name: 'gamma "quoted" \\', n: 5 },
  ];
  const matches = (e: string) => records.filter((r) => compileClientFilter(e, definition).matches(r)).length;

  it("builds one probe per declared operator of queryable fields, from real values", () => {
    const { probes, unprobed } = buildFilterProbes(definition, records, matches);
    expect(probes.map((p) => p.expression)).toEqual([
      "name CONTAINS 'lph'",
      "name = 'alpha'",
      "name != 'alpha'",
      "n BETWEEN 3 AND 9",
      "n < 3",
      "m CONTAINS 'k1'",
    ]);
    expect(unprobed).toEqual([
      { field: "empty", operator: "EQUAL_TO", reason: "no returned record has a value for empty" },
      { field: "empty", operator: "NOT_EQUAL_TO", reason: "no returned record has a value for empty" },
    ]);
    for (const p of probes) expect(matches(p.expression)).toBeGreaterThanOrEqual(0);
  });

  it("orients BETWEEN bounds so that records match", () => {
    const { probes } = buildFilterProbes(definition, records, matches);
    expect(matches(probes.find((p) => p.operator === "BETWEEN")!.expression)).toBe(3);
  });

  it("reports a probe the filter module rejects as unprobed instead of throwing", () => {
    const { probes, unprobed } = buildFilterProbes(
      { ...definition, fields: [{ fieldName: "flag", dataType: "Boolean", filterOperators: ["LESS_THAN"] }] },
      [{ flag: true }],
      (e) => compileClientFilter(e, null).fields.size,
    );
    expect(probes).toEqual([]);
    expect(unprobed[0]?.reason).toMatch(/^the probe could not be written/);
  });
});
