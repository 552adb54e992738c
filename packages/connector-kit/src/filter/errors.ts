import { ConnectorError } from "../core/errors/connector-error.js";

/** Where a syntax error was found. `line` and `column` are 1-based; `offset` is a 0-based UTF-16 index. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
  readonly offset: number;
}

/**
 * The filter text is not a valid expression. Maps to AppFlow's `InvalidArgument`.
 * (`name` stays `"ConnectorError"` so `isConnectorError` recognises it; test with `instanceof`.)
 */
export class FilterSyntaxError extends ConnectorError implements SourcePosition {
  readonly line: number;
  readonly column: number;
  readonly offset: number;
  /** What was found, e.g. `"';'"`, `"end of input"`, `"identifier 'abc'"`. */
  readonly found: string;
  /** What would have been accepted there, e.g. `["a value"]`. */
  readonly expected: readonly string[];

  constructor(position: SourcePosition, found: string, expected: readonly string[], detail?: string) {
    const what =
      expected.length === 0
        ? `unexpected ${found}`
        : `expected ${joinAlternatives(expected)}, found ${found}`;
    super(
      "InvalidArgument",
      `Invalid filter expression at line ${position.line}, column ${position.column}: ${what}` +
        (detail === undefined ? "" : ` (${detail})`),
    );
    this.line = position.line;
    this.column = position.column;
    this.offset = position.offset;
    this.found = found;
    this.expected = expected;
  }
}

/** One reason a filter does not fit an entity definition (or cannot be translated). */
export interface FilterProblem {
  /** The field concerned, or `null` when the problem is not about one field (e.g. a bare value). */
  readonly field: string | null;
  /** Human-readable reason, naming the field. */
  readonly message: string;
  /** Offsets of the offending node in the parsed text, when known. */
  readonly start?: number;
  readonly end?: number;
}

/** At most this many problems are spelled out in the error message; all are in `problems`. */
const MESSAGE_PROBLEMS = 10;

/** The filter is well-formed but does not fit the entity (or the translator). Maps to AppFlow's `InvalidArgument`. */
export class FilterValidationError extends ConnectorError {
  /** Every problem found, in source order. Never empty. */
  readonly problems: readonly FilterProblem[];

  constructor(problems: readonly FilterProblem[]) {
    const shown = problems.slice(0, MESSAGE_PROBLEMS).map((p) => p.message);
    const more = problems.length > MESSAGE_PROBLEMS ? `; and ${problems.length - MESSAGE_PROBLEMS} more` : "";
    super("InvalidArgument", `Invalid filter: ${shown.join("; ")}${more}`);
    this.problems = problems;
  }
}

function joinAlternatives(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`;
}
