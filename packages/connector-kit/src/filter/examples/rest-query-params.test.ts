import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FilterSyntaxError, FilterValidationError } from "../errors.js";
import { toQueryParams } from "./rest-query-params.js";

describe("README example: filter → REST query parameters", () => {
  it("translates AND chains, comparisons, BETWEEN, IN and LIMIT", () => {
    const params = toQueryParams(
      "status = 'open' AND (amount > 100 AND tag CONTAINS 'vip') AND created BETWEEN 2024-01-01 AND 2024-02-01 " +
        "AND region IN ('eu', 'us') AND archived LIMIT 25",
    );
    expect(params.toString()).toBe(
      "status=open&amount_gt=100&tag_contains=vip&created_between=2024-01-01%2C2024-02-01&region_in=eu%2Cus&archived=true&limit=25",
    );
    expect(toQueryParams("LIMIT 10").toString()).toBe("limit=10");
    expect(toQueryParams("flag != false").toString()).toBe("flag_ne=false");
  });

  it("refuses what the API cannot express, and bad syntax", () => {
    expect(() => toQueryParams("a = 1 OR b = 2")).toThrow(FilterValidationError);
    expect(() => toQueryParams("NOT a = 1")).toThrow(/NOT is not supported/);
    expect(() => toQueryParams("a = 1 ;")).toThrow(FilterSyntaxError);
  });

  it("is quoted verbatim in the module README", () => {
    const source = readFileSync(new URL("./rest-query-params.ts", import.meta.url), "utf8");
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    expect(readme).toContain(`\`\`\`ts\n${source}\`\`\``);
  });
});
