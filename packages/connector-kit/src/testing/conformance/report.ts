/** The outcome of one check. `skip` means it could not run (nothing to check, or an earlier step failed). */
export type CheckStatus = "pass" | "fail" | "skip";

/** The stages of the AppFlow sequence, in the order the suite runs them. */
export const CHECK_PHASES = [
  "configuration",
  "credentials",
  "settings",
  "metadata",
  "query",
  "filter",
  "retrieve",
  "write",
] as const;
export type CheckPhase = (typeof CHECK_PHASES)[number];

/** One named check of the conformance suite. */
export interface CheckResult {
  /** Stable identifier, e.g. `query.orders.unique-records`; entity identifiers appear verbatim. */
  id: string;
  phase: CheckPhase;
  /** What is checked, phrased as the property that should hold. */
  title: string;
  status: CheckStatus;
  /** For `fail`: what failed and why; for `skip`: why it did not run; for `pass`: optional detail. */
  message?: string;
  /** Wall-clock time spent on this check (for checks computed from a shared run, that run's time). */
  durationMs: number;
}

/** The result of `runConformance`. */
export interface ConformanceReport {
  /** True when no check failed (skips do not count as failures). */
  ok: boolean;
  /** The checks in the order they ran. */
  checks: CheckResult[];
  /** Counts by status. */
  summary: { passed: number; failed: number; skipped: number };
  /** The connector's `connectorName`, when its configuration could be read; else null. */
  connectorName: string | null;
  /** Total wall-clock time, in ms. */
  durationMs: number;
}

/** Thrown inside a check to fail it with `message`. */
export class CheckFailed extends Error {
  override readonly name = "CheckFailed";
}

/** Thrown inside a check to skip it with `message`. */
export class CheckSkipped extends Error {
  override readonly name = "CheckSkipped";
}

/** Fails the current check. */
export function fail(message: string): never {
  throw new CheckFailed(message);
}

/** Skips the current check. */
export function skip(message: string): never {
  throw new CheckSkipped(message);
}

/** Joins problems into one message: the first `max` (default 5), then how many more. */
export function joinProblems(problems: readonly string[], max = 5): string {
  const shown = problems.slice(0, max).join("; ");
  return problems.length > max ? `${shown}; … and ${problems.length - max} more` : shown;
}

/** Collects check results in order. */
export class CheckRecorder {
  readonly checks: CheckResult[] = [];
  readonly #now: () => number;

  /** @param now clock in ms. Default: `performance.now`. */
  constructor(now: () => number = () => performance.now()) {
    this.#now = now;
  }

  /**
   * Runs `body` as one check. It passes when `body` returns (its string, if any, becomes the message), fails
   * on `CheckFailed` or any other exception, and is skipped on `CheckSkipped`. Returns the result.
   * (`body` may be async; a returned non-string is ignored.)
   */
  async run(id: string, phase: CheckPhase, title: string, body: () => unknown): Promise<CheckResult> {
    const start = this.#now();
    let result: Omit<CheckResult, "durationMs">;
    try {
      const message = await body();
      result = {
        id,
        phase,
        title,
        status: "pass",
        ...(typeof message === "string" && message ? { message } : {}),
      };
    } catch (error) {
      if (error instanceof CheckSkipped)
        result = { id, phase, title, status: "skip", message: error.message };
      else if (error instanceof CheckFailed)
        result = { id, phase, title, status: "fail", message: error.message };
      else {
        const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        result = { id, phase, title, status: "fail", message: `unexpected error in the suite: ${text}` };
      }
    }
    const full: CheckResult = { ...result, durationMs: Math.round((this.#now() - start) * 10) / 10 };
    this.checks.push(full);
    return full;
  }

  /** Records a check whose outcome was computed elsewhere. */
  add(result: CheckResult): CheckResult {
    this.checks.push(result);
    return result;
  }

  /** Records a skipped check. */
  skip(id: string, phase: CheckPhase, title: string, message: string): CheckResult {
    return this.add({ id, phase, title, status: "skip", message, durationMs: 0 });
  }

  /** The final report. */
  report(connectorName: string | null, durationMs: number): ConformanceReport {
    const summary = { passed: 0, failed: 0, skipped: 0 };
    for (const c of this.checks) {
      if (c.status === "pass") summary.passed++;
      else if (c.status === "fail") summary.failed++;
      else summary.skipped++;
    }
    return {
      ok: summary.failed === 0,
      checks: [...this.checks],
      summary,
      connectorName,
      durationMs: Math.round(durationMs),
    };
  }
}
