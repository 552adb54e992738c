import { describe, expect, it } from "vitest";
import { completeWithNulls, formatProblems, validateJson } from "./json-schema.js";
import { CAPABILITY_SCHEMAS } from "./schemas.js";

describe("validateJson", () => {
  const schema = CAPABILITY_SCHEMAS.create_account.request;

  it("accepts a valid payload, with extra keys (ignored as pydantic does)", () => {
    expect(validateJson(schema, { entitlements: [], username: "a", department: "x" })).toEqual([]);
  });

  it("names the path of every problem", () => {
    const problems = validateJson(
      schema,
      { username: 3, entitlements: [{ entitlement_type: "group" }, "x"] },
      "request",
    );
    expect(formatProblems(problems)).toBe(
      "request.username: expected string, got integer; request.entitlements[0].integration_specific_id: Field required; request.entitlements[1]: expected object, got string",
    );
    expect(
      formatProblems(
        validateJson(CAPABILITY_SCHEMAS.list_accounts.response, [
          { integration_specific_id: "a", user_status: "GONE" },
        ]),
      ),
    ).toMatch(/\[0\]\.user_status: expected one of "ACTIVE"/);
  });
});

describe("completeWithNulls", () => {
  it("writes every declared key, absent ones as null, in the schema's order, recursively", () => {
    const schema = CAPABILITY_SCHEMAS.create_account.request;
    expect(
      JSON.stringify(
        completeWithNulls(schema, {
          entitlements: [{ integration_specific_id: "g", entitlement_type: "t" }],
          extra: 1,
        }),
      ),
    ).toBe(
      '{"email":null,"username":null,"given_name":null,"family_name":null,"user_status":null,"extra_data":null,"entitlements":[{"integration_specific_resource_id":null,"entitlement_type":"t","integration_specific_id":"g"}],"extra":1}',
    );
  });
});
