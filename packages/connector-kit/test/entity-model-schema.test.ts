import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Value } from "@sinclair/typebox/value";
import { Ajv2020 } from "ajv/dist/2020.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CacheControl,
  ENTITY_MODEL,
  Entity,
  EntityDefinition,
  FieldDefinition,
} from "../schema/appflow-entity.js";
import { generatedFiles } from "../schema/generate.js";
import { CONNECTOR_OPERATORS, FIELD_DATA_TYPES, TIME_UNITS } from "../src/core/model/enums.js";
import {
  decodeCacheControl,
  decodeEntity,
  decodeEntityDefinition,
  decodeFieldDefinition,
} from "../src/hosts/appflow/wire/entity-codec.js";
import { ENTITY_MODEL_INPUT_DEFS } from "../src/hosts/appflow/wire/entity-json-schema.js";

const packageRoot = join(import.meta.dirname, "..");

describe("the entity model, generated from one schema", () => {
  it("the generated files are what the schema gives (run `npm run generate:wire` after editing it)", () => {
    for (const [path, text] of Object.entries(generatedFiles())) {
      expect(readFileSync(join(packageRoot, path), "utf8"), path).toBe(text);
    }
  });

  // Mostly valid values with a wrong one here and there, through JSON as events arrive.
  const odd = fc.oneof(
    fc.constant(null),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.string({ maxLength: 3 }),
    fc.boolean(),
    fc.constant([]),
    fc.constant({}),
    fc.constant({ a: 1 }),
  );
  const either = <T>(arb: fc.Arbitrary<T>) =>
    fc.oneof({ weight: 10, arbitrary: arb }, { weight: 1, arbitrary: odd });
  const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(either(arb), { nil: undefined, freq: 3 });
  const map = fc.dictionary(
    fc.string({ maxLength: 3 }),
    fc.oneof(fc.string(), fc.integer(), fc.boolean(), odd),
    {
      maxKeys: 2,
    },
  );
  const range = fc.record({ minRange: either(fc.integer()), maxRange: either(fc.double({ noNaN: true })) });
  const field = fc.record(
    {
      fieldName: either(fc.string({ maxLength: 6 })),
      dataType: either(fc.constantFrom(...FIELD_DATA_TYPES)),
      dataTypeLabel: maybe(fc.string({ maxLength: 4 })),
      label: maybe(fc.string({ maxLength: 4 })),
      isPrimaryKey: maybe(fc.boolean()),
      constraints: maybe(
        fc.record(
          {
            allowedLengthRange: maybe(range),
            allowedValues: maybe(fc.array(either(fc.string()), { maxLength: 2 })),
          },
          { requiredKeys: [] },
        ),
      ),
      readProperties: maybe(fc.record({ isQueryable: maybe(fc.boolean()) }, { requiredKeys: [] })),
      filterOperators: maybe(fc.array(either(fc.constantFrom(...CONNECTOR_OPERATORS)), { maxLength: 3 })),
      customProperties: maybe(map),
    },
    { requiredKeys: [] },
  );
  const entity = fc.record(
    {
      entityIdentifier: either(fc.string({ maxLength: 6 })),
      hasNestedEntities: maybe(fc.boolean()),
      isWritable: maybe(fc.boolean()),
      customProperties: maybe(map),
    },
    { requiredKeys: [] },
  );
  const definition = fc.record(
    {
      entity: either(entity),
      fields: maybe(fc.array(either(field), { maxLength: 3 })),
      customProperties: maybe(map),
    },
    { requiredKeys: [] },
  );
  const cache = fc.record(
    { timeToLive: either(fc.integer()), timeToLiveUnit: maybe(fc.constantFrom(...TIME_UNITS)) },
    { requiredKeys: [] },
  );

  const ajv = new Ajv2020({ strict: false });
  const inputSchema = (name: string) =>
    ajv.compile({ $defs: ENTITY_MODEL_INPUT_DEFS, $ref: `#/$defs/${name}Input` });
  const cases = [
    {
      name: "EntityDefinition",
      schema: EntityDefinition,
      decode: decodeEntityDefinition,
      values: definition,
    },
    { name: "Entity", schema: Entity, decode: decodeEntity, values: entity },
    { name: "FieldDefinition", schema: FieldDefinition, decode: decodeFieldDefinition, values: field },
    { name: "CacheControl", schema: CacheControl, decode: decodeCacheControl, values: cache },
  ];

  for (const { name, schema, decode, values } of cases) {
    it(`${name}: the TypeBox source, the generated JSON Schema and the generated decoder accept the same values`, () => {
      const validate = inputSchema(name);
      let accepted = 0;
      fc.assert(
        fc.property(either(values), (value) => {
          const json = JSON.parse(JSON.stringify(value)) as unknown;
          let decoded = true;
          try {
            decode(json, name);
          } catch (error) {
            decoded = false;
            // A refusal names the key path and what was expected.
            expect((error as Error).message).toMatch(new RegExp(`^${name}[.\\[:].*expected `));
          }
          expect(Value.Check(schema, [...ENTITY_MODEL], json), JSON.stringify(json)).toBe(decoded);
          expect(validate(json), JSON.stringify(json)).toBe(decoded);
          if (decoded) accepted++;
        }),
        { numRuns: 2500 },
      );
      expect(accepted).toBeGreaterThan(250);
    });
  }
});
