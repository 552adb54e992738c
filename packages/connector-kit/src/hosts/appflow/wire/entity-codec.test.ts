import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CONNECTOR_OPERATORS, FIELD_DATA_TYPES, WRITE_OPERATION_TYPES } from "../../../core/model/enums.js";
import { decodeEntityDefinition, encodeEntityDefinition, exactEntityDefinition } from "./entity-codec.js";

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 3 });
/** Mostly valid values, sometimes a value of the wrong type. */
const odd = fc.oneof(
  fc.constant(null),
  fc.integer(),
  fc.string({ maxLength: 3 }),
  fc.boolean(),
  fc.constant([]),
  fc.constant({}),
);
const sometimesOdd = <T>(arb: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 12, arbitrary: arb }, { weight: 1, arbitrary: odd });
const bool = maybe(sometimesOdd(fc.oneof(fc.boolean(), fc.constant(null))));
const text = maybe(sometimesOdd(fc.oneof(fc.string({ maxLength: 8 }), fc.constant(null))));
const enumArray = (values: readonly string[]) =>
  maybe(
    sometimesOdd(
      fc.array(
        fc.oneof({ weight: 20, arbitrary: fc.constantFrom(...values) }, { weight: 1, arbitrary: odd }),
        { maxLength: 4 },
      ),
    ),
  );

const field = fc.record(
  {
    fieldName: sometimesOdd(fc.string({ maxLength: 8 })),
    dataType: sometimesOdd(fc.constantFrom(...FIELD_DATA_TYPES)),
    dataTypeLabel: text,
    label: text,
    description: text,
    isPrimaryKey: bool,
    defaultValue: text,
    isDeprecated: bool,
    constraints: maybe(fc.oneof(fc.constant(null), fc.constant({ allowedValues: ["a"] }), odd)),
    readProperties: maybe(
      sometimesOdd(
        fc.record(
          {
            isRetrievable: bool,
            isNullable: bool,
            isQueryable: bool,
            isTimestampFieldForIncrementalQueries: bool,
          },
          { requiredKeys: [] },
        ),
      ),
    ),
    writeProperties: maybe(
      sometimesOdd(
        fc.record(
          {
            isCreatable: bool,
            isUpdatable: bool,
            isNullable: bool,
            isUpsertable: bool,
            isDefaultedOnCreate: bool,
            supportedWriteOperations: enumArray(WRITE_OPERATION_TYPES),
          },
          { requiredKeys: [] },
        ),
      ),
    ),
    filterOperators: enumArray(CONNECTOR_OPERATORS),
    customProperties: maybe(fc.oneof(fc.constant(null), fc.constant({ k: "v" }), odd)),
    unknownKey: maybe(fc.jsonValue()),
  },
  { requiredKeys: [] },
);
const definition = fc.record(
  {
    entity: sometimesOdd(
      fc.record(
        {
          entityIdentifier: sometimesOdd(fc.string({ maxLength: 8 })),
          hasNestedEntities: bool,
          isWritable: bool,
          label: text,
          description: text,
          customProperties: maybe(fc.oneof(fc.constant(null), fc.constant({ k: "v" }), odd)),
        },
        { requiredKeys: [] },
      ),
    ),
    fields: maybe(sometimesOdd(fc.array(sometimesOdd(field), { maxLength: 6 }))),
    customProperties: maybe(fc.oneof(fc.constant(null), fc.constant({ k: "v" }), odd)),
  },
  { requiredKeys: [] },
);

function exact(value: unknown): { ok: unknown } | { error: string } {
  try {
    return { ok: encodeEntityDefinition(exactEntityDefinition(value, "entityDefinition")) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

describe("the entity-definition decoder", () => {
  // The fast path hands on the event's own objects (absent keys stay absent), so the two are compared by what
  // they mean: their encoding, which writes every key and every default.
  it("means what the exact decoder means, error messages included, and takes common shapes fast", () => {
    let fast = 0;
    fc.assert(
      fc.property(sometimesOdd(definition), (value) => {
        // Through JSON, as events arrive.
        const json = JSON.parse(JSON.stringify(value ?? null)) as unknown;
        const reference = exact(json);
        let answer: unknown;
        try {
          const decoded = decodeEntityDefinition(json, "entityDefinition");
          if (decoded === json) fast++;
          answer = { ok: encodeEntityDefinition(decoded) };
        } catch (error) {
          answer = { error: (error as Error).message };
        }
        expect(answer).toEqual(reference);
      }),
      { numRuns: 3000 },
    );
    // Random shapes often lack `hasNestedEntities` or `fields` (the exact decoder fills them); still, many pass.
    expect(fast).toBeGreaterThan(20);
  });

  it("hands on a definition as AppFlow sends it back, and copies one that needs its defaults filled", () => {
    const sent = {
      entity: { entityIdentifier: "orders", hasNestedEntities: false, isWritable: true, label: null },
      fields: [
        {
          fieldName: "id",
          dataType: "Long",
          dataTypeLabel: "bigint",
          isPrimaryKey: true,
          readProperties: { isQueryable: true, isRetrievable: true },
          writeProperties: { isCreatable: true, supportedWriteOperations: ["INSERT", "UPSERT"] },
          filterOperators: ["EQUAL_TO", "GREATER_THAN"],
          customProperties: { column: "id" },
        },
      ],
      customProperties: null,
    };
    expect(decodeEntityDefinition(sent, "d")).toBe(sent);
    const sparse = {
      entity: { entityIdentifier: "orders" },
      fields: [{ fieldName: "id", dataType: "Long" }],
    };
    const decoded = decodeEntityDefinition(sparse, "d");
    expect(decoded).not.toBe(sparse);
    expect(decoded.entity.hasNestedEntities).toBe(false);
    expect(decoded.fields[0]!.dataTypeLabel).toBe("Long");
    // A number in a string map is valid (taken as its text, as the Java SDK does) but not in the model's form.
    const numeric = { ...sent, customProperties: { rank: 3 } };
    expect(decodeEntityDefinition(numeric, "d").customProperties).toEqual({ rank: "3" });
  });
});
