import type { EntityDefinition } from "connector-kit";
import { parseFilter } from "connector-kit/filter";
import { describe, expect, it } from "vitest";
import { escapeRegExp, filterToParams } from "../src/filter-params.js";
import { describeFromSample, inferType } from "../src/schema.js";

const entity: EntityDefinition = describeFromSample("posts", [
  {
    id: 1,
    title: "a",
    views: 3,
    rating: 1.5,
    published: true,
    createdAt: "2024-03-01T10:00:00Z",
    day: "2024-03-01",
    tags: [],
  },
]);

const params = (text: string) => filterToParams(parseFilter(text), entity);

describe("filterToParams", () => {
  it("pushes top-level AND-ed comparisons as json-server parameters", () => {
    expect(
      params("views > 5 AND views <= 10 AND title = 'x y' AND title != 'z' AND published = false"),
    ).toEqual([
      ["views_gte", "5"],
      ["views_lte", "10"],
      ["title", "x y"],
      ["title_ne", "z"],
      ["published", "false"],
    ]);
    expect(params("(views BETWEEN 1 AND 9) AND id IN (1, 2) AND published")).toEqual([
      ["views_gte", "1"],
      ["views_lte", "9"],
      ["id", "1"],
      ["id", "2"],
      ["published", "true"],
    ]);
  });

  it("escapes CONTAINS for _like and widens DateTime bounds to whole days", () => {
    expect(params("title CONTAINS 'a.b*(c)?'")).toEqual([["title_like", "a\\.b\\*\\(c\\)\\?"]]);
    expect(new RegExp(escapeRegExp("[x]+{1}|^$\\/"), "i").test("[X]+{1}|^$\\/")).toBe(true);
    expect(params("createdAt > 2024-03-01T10:00:00Z AND createdAt < 2024-03-31T23:59:59Z")).toEqual([
      ["createdAt_gte", "2024-02-29"],
      ["createdAt_lte", "2024-04-02"],
    ]);
    expect(params("day >= 2024-03-01 AND day = 2024-03-02")).toEqual([
      ["day_gte", "2024-03-01"],
      ["day", "2024-03-02"],
    ]);
  });

  it("pushes nothing it cannot trust: OR, NOT, null, non-canonical numbers, DateTime equality, lists", () => {
    for (const text of [
      "views > 5 OR views < 2",
      "NOT views > 5",
      "title = null",
      "views = 5.0",
      "createdAt = 2024-03-01T10:00:00Z",
      "tags CONTAINS 'x'",
      "id IN (1, null)",
    ]) {
      expect(params(text), text).toEqual([]);
    }
    expect(filterToParams(parseFilter("views > 5"), null)).toEqual([]);
  });
});

describe("type inference by sampling", () => {
  it("infers AppFlow types from JSON values", () => {
    expect(inferType([1, 2, null]).dataType).toBe("Integer");
    expect(inferType([1, 2 ** 40]).dataType).toBe("Long");
    expect(inferType([1, 2.5]).dataType).toBe("Double");
    expect(inferType(["2024-01-01", "2024-02-29"]).dataType).toBe("Date");
    expect(inferType(["2024-01-01T00:00:00Z", "2024-01-01T00:00:00.123+02:00"]).dataType).toBe("DateTime");
    expect(inferType(["2024-01-01", "2024-01-01T00:00:00Z"]).dataType).toBe("String");
    expect(inferType([[1], []]).dataType).toBe("List");
    expect(inferType([{ a: 1 }]).dataType).toBe("Struct");
    expect(inferType([null, undefined])).toEqual({ dataType: "String", label: "null", mixed: false });
    expect(inferType([1, "1"])).toMatchObject({ dataType: "String", mixed: true });
  });

  it("describes the union of sampled keys, id first as the primary key", () => {
    const d = describeFromSample("things", [{ name: "a" }, { id: 2, name: "b", extra: true }]);
    expect(d.fields.map((f) => f.fieldName)).toEqual(["id", "name", "extra"]);
    expect(d.fields[0]).toMatchObject({ isPrimaryKey: true, dataType: "Integer" });
    expect(d.fields[2]!.readProperties).toMatchObject({ isNullable: true });
  });
});
