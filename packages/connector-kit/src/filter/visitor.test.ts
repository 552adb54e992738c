import { describe, expect, it } from "vitest";
import type { FilterExpression } from "./ast.js";
import { parseFilter } from "./parser.js";
import { type FilterVisitor, forEachNode, visitFilter } from "./visitor.js";

/** Renders the tree back with explicit structure, to check what each callback receives. */
const render: FilterVisitor<string> = {
  comparison: (n) => `${n.field}${n.operator}`,
  between: (n) => `${n.field}~`,
  in: (n) => `${n.field}[${n.values.length}]`,
  identifier: (n) => n.name,
  value: () => "v",
  not: (_n, x) => `!${x}`,
  and: (_n, xs) => `&(${xs.join(",")})`,
  or: (_n, xs) => `|(${xs.join(",")})`,
};

const expr = (text: string): FilterExpression => parseFilter(text).expression!;

describe("visitFilter", () => {
  it("folds bottom-up with children results in source order", () => {
    expect(
      visitFilter(expr("a = 1 AND NOT (b > 2 OR c IN (1, 2)) AND d BETWEEN 1 AND 2 OR e OR 5"), render),
    ).toBe("|(&(a=,!|(b>,c[2]),d~),e,v)");
  });

  it("passes groups through by default, or calls group()", () => {
    expect(visitFilter(expr("((a))"), render)).toBe("a");
    expect(visitFilter(expr("((a))"), { ...render, group: (_n, x) => `(${x})` })).toBe("((a))");
  });

  it("visits leaves in source order", () => {
    const seen: string[] = [];
    visitFilter(expr("x = 1 OR (y = 2 AND NOT z = 3) OR w"), {
      ...render,
      comparison: (n) => {
        seen.push(n.field);
        return "";
      },
      identifier: (n) => {
        seen.push(n.name);
        return "";
      },
    });
    expect(seen).toEqual(["x", "y", "z", "w"]);
  });

  it("forEachNode walks parents first, children in order", () => {
    const kinds: string[] = [];
    forEachNode(expr("NOT (a OR b = 1)"), (n) => kinds.push(n.kind));
    expect(kinds).toEqual(["not", "group", "or", "identifier", "comparison"]);
  });
});
