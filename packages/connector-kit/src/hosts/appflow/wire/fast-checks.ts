/*
 * The checks of the generated fast decoders (entity-codec.ts): true when a value is valid and already in the
 * model's form, false for anything else, valid or not (the exact decoder then decides, with its messages).
 * They build nothing, so a valid event costs no allocation.
 */

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

export function isString(value: unknown): value is string {
  return typeof value === "string";
}

export function isArrayOf<T>(value: unknown, item: (v: unknown) => v is T): value is T[] {
  if (!Array.isArray(value)) return false;
  for (let i = 0; i < value.length; i++) if (!item(value[i])) return false;
  return true;
}

/** A string map whose values are all strings already (the exact decoder takes numbers and booleans as text). */
export function isStringRecord(value: unknown): value is Record<string, string> {
  if (!isObject(value)) return false;
  for (const key in value) if (typeof value[key] !== "string") return false;
  return true;
}

/** Membership in an enum; consecutive values are often equal, so the last one accepted is compared first. */
export class EnumValues {
  readonly #allowed: ReadonlySet<unknown>;
  /** Starts as one of the values: an absent value must never match an empty memory. */
  #last: unknown;

  constructor(values: readonly string[]) {
    this.#allowed = new Set(values);
    this.#last = values[0];
  }

  has(value: unknown): boolean {
    if (value === this.#last) return true;
    if (!this.#allowed.has(value)) return false;
    this.#last = value;
    return true;
  }
}

/**
 * Arrays of enum values, null or absent included. Strings fresh from JSON.parse are not internalized, so a Set
 * look-up hashes each one, which was the largest single cost of the fast path; the same arrays recur from field
 * to field, so the last few accepted arrays are compared first.
 */
export class EnumArrays {
  readonly #allowed: ReadonlySet<unknown>;
  readonly #recent: unknown[][] = [];

  constructor(values: readonly string[]) {
    this.#allowed = new Set(values);
  }

  accepts(value: unknown): boolean {
    if (value === undefined || value === null) return true;
    if (!Array.isArray(value)) return false;
    const items = value as unknown[];
    recent: for (const seen of this.#recent) {
      if (seen.length !== items.length) continue;
      for (let i = 0; i < items.length; i++) if (seen[i] !== items[i]) continue recent;
      return true;
    }
    for (const item of items) if (!this.#allowed.has(item)) return false;
    if (this.#recent.length >= 4) this.#recent.shift();
    this.#recent.push(items.slice());
    return true;
  }
}
