/** One problem of a flow file: where it is and what is wrong. */
export interface FlowProblem {
  /** Key path, e.g. `destination.operation` or `tasks[2].field`. */
  path: string;
  /** 1-based line and column of the key (or of its parent when the key is missing); 0 when unknown. */
  line: number;
  column: number;
  message: string;
}

/**
 * A flow file that cannot be run: every problem found, each naming its line and key. The message lists
 * them as `file:line:column: key: problem`.
 */
export class FlowFileError extends Error {
  override readonly name = "FlowFileError";
  readonly file: string | null;
  readonly problems: readonly FlowProblem[];

  constructor(file: string | null, problems: readonly FlowProblem[]) {
    const where = file ?? "flow";
    const lines = problems.map(
      (p) => `${where}:${p.line}:${p.column}: ${p.path === "" ? "" : `${p.path}: `}${p.message}`,
    );
    super(
      problems.length === 1
        ? `Invalid flow file: ${lines[0]}`
        : `Invalid flow file (${problems.length} problems):\n  ${lines.join("\n  ")}`,
    );
    this.file = file;
    this.problems = problems;
  }
}
