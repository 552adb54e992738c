/**
 * Keeps a page of record strings under a byte budget for the encoded response. A record string `s` costs
 * its JSON-string encoding inside the `records` array: UTF-8 bytes of `s`, one more byte per `"` and `\`,
 * two quotes and a comma. Measuring that is the costly part, so the guard first adds a bound read from the
 * length alone — no UTF-16 unit of `JSON.stringify` output takes more than 3 bytes there — and counts
 * exactly only once that bound nears the budget.
 */
export class PageGuard {
  readonly #budget: number;
  #upper = 0;
  #exact: number | null = null;
  readonly #accepted: string[] = [];

  /** `budget`: bytes the records may take in the encoded response. */
  constructor(budget: number) {
    this.#budget = budget;
  }

  /** Adds the record if it fits; returns false (and adds nothing) when it would exceed the budget. */
  tryAdd(record: string): boolean {
    if (this.#exact === null) {
      // ASCII: 1 byte, or 2 for an escaped `"` or `\`; other BMP: 2–3 bytes; a surrogate pair: 4 for 2 units.
      const upper = 3 * record.length + 3;
      if (this.#upper + upper <= this.#budget) {
        this.#upper += upper;
        this.#accepted.push(record);
        return true;
      }
      this.#exact = 0;
      for (const r of this.#accepted) this.#exact += encodedCost(r, Buffer.byteLength(r, "utf8"));
    }
    const cost = encodedCost(record, Buffer.byteLength(record, "utf8"));
    if (this.#exact + cost > this.#budget) return false;
    this.#exact += cost;
    this.#accepted.push(record);
    return true;
  }

  get records(): string[] {
    return this.#accepted;
  }
}

/** Bytes `s` takes as a JSON string inside an array: its UTF-8 bytes, escapes, quotes and a separator. */
export function encodedCost(s: string, utf8Bytes: number): number {
  let escapes = 0;
  for (let i = s.indexOf('"'); i !== -1; i = s.indexOf('"', i + 1)) escapes++;
  for (let i = s.indexOf("\\"); i !== -1; i = s.indexOf("\\", i + 1)) escapes++;
  // JSON.stringify output has no raw control characters or lone surrogates, so nothing else is escaped.
  return utf8Bytes + escapes + 3;
}
