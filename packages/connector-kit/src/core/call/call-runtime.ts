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
    const { now, secrets, maxResponseBytes, safetyMarginMs } = this.#options;
    const deadline = new CallDeadline(this.#alarms, budgetMs, safetyMarginMs);
    const invocation = new CallInvocation(
      now() + budgetMs,
      safetyMarginMs,
      logger,
      secrets,
      maxResponseBytes,
      deadline.expired,
      now,
    );
    deadline.invocation = invocation;
    this.#alarms.add(deadline);
    try {
      // One promise that the work or the hard stop settles, whichever comes first (no race).
      return await new Promise<T>((resolve, reject) => {
        deadline.stop = reject;
        work(invocation).then(resolve, reject);
      });
    } finally {
      this.#alarms.delete(deadline);
      invocation.abort();
    }
  }
}

/**
 * The deadline of one call, as one object (no closures): at `at` it settles `expired` and sets itself again
 * half the margin later for the hard stop, which aborts the work and rejects the call with `RequestTimeout`
 * if the work ignored the deadline.
 */
class CallDeadline implements Alarm {
  at: number;
  previous: Alarm | null = null;
  next: Alarm | null = null;
  readonly expired: Promise<void>;
  invocation: CallInvocation | undefined;
  stop: (reason: unknown) => void = () => {};
  #reach: () => void = () => {};
  #passed = false;

  constructor(
    private readonly alarms: Alarms,
    private readonly budgetMs: number,
    private readonly margin: number,
  ) {
    this.at = performance.now() + budgetMs;
    this.expired = new Promise<void>((resolve) => {
      this.#reach = resolve;
    });
  }

  fire(): void {
    if (!this.#passed) {
      this.#passed = true;
      this.#reach();
      this.at += this.margin / 2;
      this.alarms.add(this);
      return;
    }
    this.invocation?.abort();
    this.stop(
      new ConnectorError("RequestTimeout", `The connector did not answer within ${this.budgetMs} ms`),
    );
  }
}
