import { ConnectorError } from "../core/errors/connector-error.js";
import { abortedError } from "./retry.js";

/** Client-side limits on requests. Every field is optional; an empty object limits nothing. */
export interface RateLimitOptions {
  /** Sustained request rate (token bucket refill). Default: unlimited. */
  requestsPerSecond?: number;
  /** Requests that may go at once after a quiet period (bucket size). Default: `max(1, ceil(requestsPerSecond))`. */
  burst?: number;
  /** Requests in flight at once. Default: unlimited. */
  maxConcurrent?: number;
}

/** Options of one {@link RateLimiter.acquire}. */
export interface AcquireOptions {
  /** Abandons the wait when aborted. Default: none. */
  signal?: AbortSignal;
  /**
   * Epoch ms the request must start by: when the wait for a token would end later, acquire fails at once
   * with RateLimitExceeded (and `retryAfterSeconds`) instead of waiting. Default: none.
   */
  deadline?: number;
}

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
  cleanup: () => void;
}

/**
 * A token bucket (requests per second with a burst) and a concurrency cap. Waits are first in, first out and
 * abortable. `pauseUntil` holds every request back, e.g. after a server answered 429 with `Retry-After`.
 *
 * @throws RangeError (constructor) for a `requestsPerSecond` that is not positive or a `maxConcurrent` below 1 (a
 * programming error).
 */
export class RateLimiter {
  readonly #rate: number;
  readonly #burst: number;
  readonly #maxConcurrent: number;
  readonly #now: () => number;
  #tokens: number;
  #last: number;
  #pausedUntil = 0;
  #bucketQueue: Waiter[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #active = 0;
  #slotQueue: Waiter[] = [];

  constructor(options: RateLimitOptions = {}, now: () => number = Date.now) {
    const rate = options.requestsPerSecond;
    if (rate !== undefined && !(rate > 0)) throw new RangeError("requestsPerSecond must be positive");
    this.#rate = rate ?? Number.POSITIVE_INFINITY;
    this.#burst = Math.max(1, options.burst ?? (rate === undefined ? 1 : Math.ceil(rate)));
    this.#maxConcurrent = options.maxConcurrent ?? Number.POSITIVE_INFINITY;
    if (!(this.#maxConcurrent >= 1)) throw new RangeError("maxConcurrent must be at least 1");
    this.#now = now;
    this.#tokens = this.#burst;
    this.#last = now();
  }

  /** Requests holding a concurrency slot now. */
  get active(): number {
    return this.#active;
  }

  /** Holds every request back until `epochMs` (later calls only extend the pause). */
  pauseUntil(epochMs: number): void {
    if (epochMs > this.#pausedUntil) this.#pausedUntil = epochMs;
  }

  /**
   * Waits for a concurrency slot, then for a token. Resolves to `release`, to call once the request (and its
   * body) is done. Rejects with the abort reason, or RateLimitExceeded when the deadline cannot be kept.
   */
  async acquire(options: AcquireOptions = {}): Promise<() => void> {
    await this.#slot(options.signal);
    try {
      await this.#token(options);
    } catch (error) {
      this.#releaseSlot();
      throw error;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#releaseSlot();
    };
  }

  #slot(signal?: AbortSignal): Promise<void> {
    if (this.#maxConcurrent === Number.POSITIVE_INFINITY) {
      this.#active++;
      return Promise.resolve();
    }
    if (this.#active < this.#maxConcurrent && this.#slotQueue.length === 0) {
      this.#active++;
      return Promise.resolve();
    }
    return this.#enqueue(this.#slotQueue, signal);
  }

  #releaseSlot(): void {
    const next = this.#slotQueue.shift();
    if (next) {
      next.cleanup();
      next.resolve(); // the slot passes straight to the next waiter
    } else this.#active--;
  }

  #refill(): void {
    const now = this.#now();
    if (this.#rate !== Number.POSITIVE_INFINITY) {
      this.#tokens = Math.min(this.#burst, this.#tokens + ((now - this.#last) / 1000) * this.#rate);
    }
    this.#last = now;
  }

  /** Milliseconds until the request at queue position `position` (0-based) gets a token. */
  #waitFor(position: number): number {
    const pause = Math.max(0, this.#pausedUntil - this.#now());
    if (this.#rate === Number.POSITIVE_INFINITY) return pause;
    const missing = position + 1 - this.#tokens;
    return Math.max(pause, missing <= 0 ? 0 : (missing / this.#rate) * 1000);
  }

  #token(options: AcquireOptions): Promise<void> {
    if (this.#rate === Number.POSITIVE_INFINITY && this.#pausedUntil <= this.#now()) return Promise.resolve();
    this.#refill();
    const wait = this.#waitFor(this.#bucketQueue.length);
    if (wait <= 0 && this.#bucketQueue.length === 0) {
      if (this.#rate !== Number.POSITIVE_INFINITY) this.#tokens -= 1;
      return Promise.resolve();
    }
    if (options.deadline !== undefined && this.#now() + wait > options.deadline) {
      return Promise.reject(
        new ConnectorError(
          "RateLimitExceeded",
          `The client-side rate limit leaves no time for this request before the deadline (wait ${Math.ceil(wait)} ms)`,
          { retryAfterSeconds: Math.max(1, Math.ceil(wait / 1000)) },
        ),
      );
    }
    const promise = this.#enqueue(this.#bucketQueue, options.signal);
    this.#schedule();
    return promise;
  }

  #schedule(): void {
    if (this.#timer !== undefined) return;
    this.#refill();
    while (this.#bucketQueue.length > 0 && this.#waitFor(0) <= 0) {
      if (this.#rate !== Number.POSITIVE_INFINITY) this.#tokens -= 1;
      const waiter = this.#bucketQueue.shift()!;
      waiter.cleanup();
      waiter.resolve();
    }
    if (this.#bucketQueue.length === 0) return;
    this.#timer = setTimeout(
      () => {
        this.#timer = undefined;
        this.#schedule();
      },
      Math.max(1, Math.ceil(this.#waitFor(0))),
    );
  }

  #enqueue(queue: Waiter[], signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortedError(signal));
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        const index = queue.indexOf(waiter);
        if (index !== -1) queue.splice(index, 1);
        if (queue === this.#bucketQueue && queue.length === 0 && this.#timer !== undefined) {
          clearTimeout(this.#timer);
          this.#timer = undefined;
        }
        reject(abortedError(signal!));
      };
      const waiter: Waiter = {
        resolve,
        reject,
        cleanup: () => signal?.removeEventListener("abort", onAbort),
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      queue.push(waiter);
    });
  }
}
