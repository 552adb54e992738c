/** What {@link Redactor.redact} puts in place of a secret value. */
export const REDACTED = "[REDACTED]";

/** Default {@link RedactorOptions.minLength}: 4. */
export const DEFAULT_REDACT_MIN_LENGTH = 4;

/** Options of {@link Redactor}. */
export interface RedactorOptions {
  /**
   * Values shorter than this many characters are ignored. Default: 4 ({@link DEFAULT_REDACT_MIN_LENGTH}).
   * A secret of one to three characters (a flag such as `"1"`, `"true"`, a region code) would otherwise
   * turn half of every log line into `[REDACTED]` while hiding almost nothing.
   */
  minLength?: number;
}

/**
 * Holds the secret values seen so far and removes them from text, so that logs and error messages never
 * show a secret. Each value is also hidden in its JSON-escaped form (as it appears inside a logged JSON
 * string) and its URL-encoded form (as it appears in a logged URL), when those differ.
 *
 * `redact` is built for many log lines: the values are combined, longest first and regex-escaped, into one
 * RegExp that is built lazily on the first `redact` after a change and reused until the next `add`.
 *
 * It cannot see a value only after it has been transformed otherwise, for example Base64-encoded inside a
 * Basic `Authorization` header: such headers should be dropped by name before logging.
 */
export class Redactor {
  readonly #minLength: number;
  readonly #values = new Set<string>();
  #pattern: RegExp | null | undefined;

  /**
   * @param values Secret values to hide from the start. Default: none.
   * @param options See {@link RedactorOptions}.
   */
  constructor(values: Iterable<string> = [], options: RedactorOptions = {}) {
    this.#minLength = options.minLength ?? DEFAULT_REDACT_MIN_LENGTH;
    this.add(values);
  }

  /** The number of distinct strings (values and their encoded forms) being hidden. */
  get size(): number {
    return this.#values.size;
  }

  /** Adds secret values to hide: one string, or any iterable of strings (e.g. `Object.values(secret)`). */
  add(values: string | Iterable<string>): void {
    const list = typeof values === "string" ? [values] : values;
    for (const value of list) {
      if (typeof value !== "string" || value.length < this.#minLength) continue;
      for (const form of [value, JSON.stringify(value).slice(1, -1), safeEncodeURIComponent(value)]) {
        if (form !== undefined && !this.#values.has(form)) {
          this.#values.add(form);
          this.#pattern = undefined;
        }
      }
    }
  }

  /** Returns `text` with every occurrence of every secret value replaced by `[REDACTED]`. */
  redact(text: string): string {
    if (text.length < this.#minLength) return text;
    const pattern = this.#compile();
    return pattern === null ? text : text.replace(pattern, REDACTED);
  }

  #compile(): RegExp | null {
    if (this.#pattern !== undefined) return this.#pattern;
    if (this.#values.size === 0) {
      this.#pattern = null;
      return null;
    }
    // Longest first, so a value containing a shorter one is hidden whole.
    const sorted = [...this.#values].sort((a, b) => b.length - a.length);
    this.#pattern = new RegExp(sorted.map(escapeRegExp).join("|"), "g");
    return this.#pattern;
  }
}

/** Escapes the characters with a meaning in a RegExp pattern. */
function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** `encodeURIComponent`, or undefined for a string it rejects (a lone surrogate). */
function safeEncodeURIComponent(value: string): string | undefined {
  try {
    return encodeURIComponent(value);
  } catch {
    return undefined;
  }
}
