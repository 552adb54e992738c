import { describe, expect, it } from "vitest";
import { defineConnector } from "../../define/define-connector.js";
import { createAppFlowHost } from "../../hosts/appflow/appflow-host.js";
import { mapFields, projectFields } from "./project-fields.js";

describe("projectFields", () => {
  const record = { id: 1, name: "Ada", email: "ada@example.com", note: null };

  it("keeps the selected fields in the selection's order, and returns the record itself for null", () => {
    expect(projectFields(record, ["email", "id"])).toStrictEqual({ email: "ada@example.com", id: 1 });
    expect(Object.keys(projectFields(record, ["email", "id"]))).toEqual(["email", "id"]);
    expect(projectFields(record, null)).toBe(record);
    expect(projectFields(record, [])).toStrictEqual({});
  });

  it("leaves out a selected field the record lacks, but keeps one that is null", () => {
    const projected = projectFields(record, ["id", "missing", "note"]);
    expect(projected).toStrictEqual({ id: 1, note: null });
    expect(Object.hasOwn(projected, "missing")).toBe(false);
  });

  it("never reads a field from the prototype, and makes __proto__ a plain field", () => {
    expect(projectFields(record, ["toString", "constructor"])).toStrictEqual({});
    const hostile = JSON.parse('{"__proto__":{"polluted":true},"id":2}') as Record<string, unknown>;
    const projected = projectFields(hostile, ["__proto__", "id"]);
    expect(Object.getPrototypeOf(projected)).toBe(Object.prototype);
    expect(Object.hasOwn(projected, "__proto__")).toBe(true);
    expect((projected as { polluted?: boolean }).polluted).toBeUndefined();
  });
});

describe("mapFields", () => {
  interface Row {
    id: number;
    full_name: string;
    updated_at: number;
  }
  const row: Row = { id: 7, full_name: "Grace", updated_at: 1_700_000_000 };
  const mappers = {
    id: (r: Row) => String(r.id),
    name: (r: Row) => r.full_name,
    updatedAt: (r: Row) => new Date(r.updated_at * 1000).toISOString(),
  };

  it("computes every mapped field for null, in the mappers' order", () => {
    expect(mapFields(null, mappers)(row)).toStrictEqual({
      id: "7",
      name: "Grace",
      updatedAt: "2023-11-14T22:13:20.000Z",
    });
  });

  it("computes only the selected fields, and skips a selected field it has no mapper for", () => {
    let conversions = 0;
    const toRecord = mapFields<Row>(["name", "nope", "id"], {
      ...mappers,
      updatedAt: (r) => {
        conversions++;
        return r.updated_at;
      },
    });
    expect([row, row].map(toRecord)).toStrictEqual([
      { name: "Grace", id: "7" },
      { name: "Grace", id: "7" },
    ]);
    expect(conversions).toBe(0);
    expect(mapFields(["toString"], mappers)(row)).toStrictEqual({});
  });
});

describe("a connector that projects with projectFields", () => {
  it("answers the conformance suite's demand: only the selected fields come back", async () => {
    const rows = [
      { id: "1", name: "a", secretish: "x" },
      { id: "2", name: "b", secretish: "y" },
    ];
    const entity = { entityIdentifier: "items", hasNestedEntities: false, isWritable: false };
    const connector = defineConnector({
      name: "Projecting",
      owner: "connector-kit",
      version: "1.0.0",
      async listEntities() {
        return [entity];
      },
      async describeEntity() {
        return {
          entity,
          fields: ["id", "name", "secretish"].map((fieldName) => ({
            fieldName,
            dataType: "String" as const,
          })),
        };
      },
      async *query(_ctx, input) {
        yield { records: rows.map((r) => projectFields(r, input.fields)) };
      },
    });
    const host = createAppFlowHost(connector, { logLevel: "silent" });
    const answer = await host.invoke({
      type: "QueryDataRequest",
      entityIdentifier: "items",
      selectedFieldNames: ["name"],
      connectorContext: { apiVersion: null, connectorRuntimeSettings: {}, credentials: null },
    });
    expect(answer["errorDetails"]).toBeNull();
    expect((answer["records"] as string[]).map((s) => JSON.parse(s))).toEqual([{ name: "a" }, { name: "b" }]);
  });
});
