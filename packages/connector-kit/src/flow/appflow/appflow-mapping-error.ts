/** One part of a flow file that cannot be deployed to AppFlow: its key path and why. */
export interface AppFlowMappingProblem {
  /** Key path in the flow file, e.g. `source.filter` or `tasks[2].field`; `""` for the whole flow. */
  path: string;
  message: string;
}

/**
 * A flow that cannot be deployed as it is: every problem found, each naming its key and why. Thrown before
 * any AWS call.
 */
export class AppFlowMappingError extends Error {
  override readonly name = "AppFlowMappingError";
  readonly problems: readonly AppFlowMappingProblem[];

  constructor(flowName: string, problems: readonly AppFlowMappingProblem[]) {
    const lines = problems.map((p) => `${p.path === "" ? "" : `${p.path}: `}${p.message}`);
    super(
      problems.length === 1
        ? `Flow ${flowName} cannot be deployed to AppFlow: ${lines[0]}`
        : `Flow ${flowName} cannot be deployed to AppFlow (${problems.length} problems):\n  ${lines.join("\n  ")}`,
    );
    this.problems = problems;
  }
}
