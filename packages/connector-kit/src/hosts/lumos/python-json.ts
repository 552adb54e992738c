/**
 * JSON text as Python's `json.dumps(value, sort_keys=True)` writes it — the form `<exe> info` prints:
 * `", "` and `": "` separators, every object's keys sorted (by UTF-16 code unit, as Python sorts str for
 * the ASCII keys used here), non-ASCII characters escaped as `\uXXXX`.
 */
export function pythonJsonDumps(value: unknown, options: { sortKeys?: boolean } = {}): string {
  const sortKeys = options.sortKeys ?? true;
  const write = (v: unknown): string => {
    if (v === null || v === undefined) return "null";
    if (v === true) return "true";
    if (v === false) return "false";
    if (typeof v === "number") {
      if (Number.isNaN(v)) return "NaN";
      if (!Number.isFinite(v)) return v > 0 ? "Infinity" : "-Infinity";
      return JSON.stringify(v);
    }
    if (typeof v === "bigint") return v.toString();
    if (typeof v === "string") return asciiString(v);
    if (Array.isArray(v)) return `[${v.map(write).join(", ")}]`;
    if (typeof v === "object") {
      const entries = Object.entries(v as Record<string, unknown>).filter(([, item]) => item !== undefined);
      if (sortKeys) entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([key, item]) => `${asciiString(key)}: ${write(item)}`).join(", ")}}`;
    }
    return asciiString(String(v));
  };
  return write(value);
}

/** A JSON string literal with every character above U+007E escaped, as Python's `ensure_ascii` does. */
function asciiString(text: string): string {
  return JSON.stringify(text).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
