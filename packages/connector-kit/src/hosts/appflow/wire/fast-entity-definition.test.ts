import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CONNECTOR_OPERATORS, FIELD_DATA_TYPES, WRITE_OPERATION_TYPES } from "../../../core/model/enums.js";
import { fastEntityDefinition } from "./fast-entity-definition.js";
import { decodeEntityDefinition, encodeEntityDefinition, exactEntityDefinition } from "./model-codec.js";

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

describe("the fast entity-definition decoder", () => {
  // The fast decoder hands on the event's own objects (absent keys stay absent), so the two are compared by
  // what they mean: their encoding, which writes every key and every default.
  it("means what the exact decoder means, or leaves the value to it", () => {
    let taken = 0;
    fc.assert(
      fc.property(sometimesOdd(definition), (value) => {
        // Through JSON, as events arrive.
        const json = JSON.parse(JSON.stringify(value ?? null)) as unknown;
        const fast = fastEntityDefinition(json);
        const reference = exact(json);
        if (fast !== undefined) {
          taken++;
          expect(reference).toEqual({ ok: encodeEntityDefinition(fast) });
        }
        // The public decoder always means what the exact one does, error messages included.
        let publicAnswer: unknown;
        try {
          publicAnswer = { ok: encodeEntityDefinition(decodeEntityDefinition(json, "entityDefinition")) };
        } catch (error) {
          publicAnswer = { error: (error as Error).message };
        }
        expect(publicAnswer).toEqual(reference);
      }),
      { numRuns: 3000 },
    );
    expect(taken).toBeGreaterThan(100);
  });
});
