import { ConnectorError } from "../errors/connector-error.js";
import type { Invocation } from "../invocation.js";
import type { Logger } from "../log/logger.js";
import type { SecretResolver } from "../secrets/secret-resolver.js";
import { type Alarm, Alarms } from "./alarms.js";

/** What every call of one host shares. */
export interface CallRuntimeOptions {
  /** Resolves credential references for the calls; null when the host has none. */
  secrets: SecretResolver | null;
  /** Time kept back from each deadline to encode and return the answer, in ms. */
  safetyMarginMs: number;
  /** Largest encoded response the host can return, in bytes (handed to connectors through the Invocation). */
  maxResponseBytes: number;
  /** Clock for deadlines. */
  now: () => number;
}

/**
 * The Invocation of one call. A class with a prototype getter, not an object literal with `get signal()`:
 * a literal's getter is a new function per call, which gives every call's object a new hidden class and
 * made most of a host's garbage survive into the old generation.
 */
class CallInvocation implements Invocation {
  #controller: AbortController | undefined;

  constructor(
    readonly deadline: number,
    readonly margin: number,
    readonly logger: Logger,
    readonly secrets: SecretResolver | null,
    readonly maxResponseBytes: number,
    readonly expired: Promise<void>,
    readonly now: () => number,
  ) {}

  /** Made on first use: creating an AbortController costs more than the rest of a small call. */
  get signal(): AbortSignal {
    this.#controller ??= new AbortController();
    if (this.now() >= this.deadline + this.margin / 2) this.#controller.abort();
    return this.#controller.signal;
  }

  /** Aborts the signal, if anyone asked for it. */
  abort(): void {
    this.#controller?.abort();
  }
}

/**
 * How every host runs a connector's call: a deadline `budgetMs` away (the safety margin already taken off),
 * `expired` settling at it, an abort signal, and a hard stop half the margin later that rejects with a
 * `RequestTimeout` ConnectorError if the work ignored the deadline. When the call ends, work still in
 * flight (a fetch a page guard stopped waiting for) is aborted. One timer serves all calls in flight.
 */
export class CallRuntime {
  readonly #options: CallRuntimeOptions;
  readonly #alarms = new Alarms();

  constructor(options: CallRuntimeOptions) {
    this.#options = options;
  }

  /** The time a call may take when its host allows `limitMs`: the limit less the safety margin, never negative. */
  budgetFor(limitMs: number): number {
    return Math.max(0, limitMs - this.#options.safetyMarginMs);
  }

  /** Runs `work` with the call's Invocation; settles with its result or rejects with what it threw or the hard stop. */
  async run<T>(budgetMs: number, logger: Logger, work: (invocation: Invocation) => Promise<T>): Promise<T> {
    const { now, secrets, maxResponseBytes } = this.#options;
    const margin = this.#options.safetyMarginMs;
    let reachDeadline: () => void = () => {};
    const expired = new Promise<void>((resolve) => {
      reachDeadline = resolve;
    });
    const invocation = new CallInvocation(
      now() + budgetMs,
      margin,
      logger,
      secrets,
      maxResponseBytes,
      expired,
      now,
    );
    // Handlers get until the deadline; the hard stop, half the margin later, fires only if one ignores it.
    // One alarm serves both: at the deadline it settles `expired` and is set again for the hard stop. The
    // outcome is one promise that the work or the hard stop settles, whichever comes first (no race).
    let stopped: (reason: unknown) => void = () => {};
    let deadlinePassed = false;
    const alarm: Alarm = {
      at: performance.now() + budgetMs,
      fire: () => {
        if (!deadlinePassed) {
          deadlinePassed = true;
          reachDeadline();
          alarm.at += margin / 2;
          this.#alarms.add(alarm);
          return;
        }
        invocation.abort();
        stopped(new ConnectorError("RequestTimeout", `The connector did not answer within ${budgetMs} ms`));
      },
      previous: null,
      next: null,
    };
    this.#alarms.add(alarm);
    try {
      return await new Promise<T>((resolve, reject) => {
        stopped = reject;
        work(invocation).then(resolve, reject);
      });
    } finally {
      this.#alarms.delete(alarm);
      invocation.abort();
    }
  }
}
