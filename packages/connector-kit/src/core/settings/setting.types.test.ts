import { expectTypeOf, it } from "vitest";
import { defineConnector } from "../../define/define-connector.js";
import { setting } from "./setting.js";

it("types a setting written inline in defineConnector by its required flag", () => {
  defineConnector({
    name: "Inline",
    owner: "Example",
    version: "1.0.0",
    settings: {
      region: setting.string({ label: "Region", required: true }),
      limit: setting.integer({ label: "Limit" }),
      strict: setting.boolean({ label: "Strict", required: false }),
    },
    async listEntities(ctx) {
      expectTypeOf(ctx.settings.region).toEqualTypeOf<string>();
      expectTypeOf(ctx.settings.limit).toEqualTypeOf<number | undefined>();
      expectTypeOf(ctx.settings.strict).toEqualTypeOf<boolean | undefined>();
      return [];
    },
    async describeEntity(_ctx, id) {
      return { entity: { entityIdentifier: id, hasNestedEntities: false }, fields: [] };
    },
    async query() {
      return { records: [], nextToken: null };
    },
  });
});
