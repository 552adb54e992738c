import fc from "fast-check";

/** Values of every JSON kind, for the wrong value here and there in generated inputs. */
export const odd = fc.oneof(
  fc.constant(null),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string({ maxLength: 3 }),
  fc.boolean(),
  fc.constant([]),
  fc.constant({}),
  fc.constant({ a: 1 }),
);

/** Mostly `arb`, one time in `1 + weight` an {@link odd} value. Default weight: 10. */
export function eitherOdd<T>(arb: fc.Arbitrary<T>, weight = 10): fc.Arbitrary<unknown> {
  return fc.oneof({ weight, arbitrary: arb }, { weight: 1, arbitrary: odd });
}
