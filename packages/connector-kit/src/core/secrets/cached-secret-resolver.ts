import { ConnectorError } from "../errors/connector-error.js";
import { abortedError, throwIfAborted } from "./abort.js";
import type { SecretResolver } from "./secret-resolver.js";

/** Default {@link CachedSecretResolverOptions.ttlMs}: 5 minutes. */
export const DEFAULT_SECRET_CACHE_TTL_MS = 5 * 60 * 1000;
/** Default {@link CachedSecretResolverOptions.maxEntries}: 100. */
export const DEFAULT_SECRET_CACHE_MAX_ENTRIES = 100;

/** Options of {@link CachedSecretResolver}. */
export interface CachedSecretResolverOptions {
  /**
   * How long a resolved secret is served from the cache, in milliseconds. Default: 5 minutes
   * ({@link DEFAULT_SECRET_CACHE_TTL_MS}) — long enough that a warm Lambda container does not call
   * Secrets Manager on every invocation, short enough that a rotated secret (or a token AppFlow has
   * refreshed) is picked up soon. `0` disables caching but keeps sharing concurrent calls.
   */
  ttlMs?: number;
  /**
   * The most secrets kept; beyond it the least recently used one is dropped, so a warm container's
   * memory stays bounded. Default: 100 ({@link DEFAULT_SECRET_CACHE_MAX_ENTRIES}).
   */
  maxEntries?: number;
  /** The clock, in milliseconds, used for expiry (inject one in tests). Default: `Date.now`. */
  now?: () => number;
}

interface CacheEntry {
  readonly values: Readonly<Record<string, string>>;
  readonly expiresAt: number;
}

interface InFlight {
  readonly promise: Promise<Readonly<Record<string, string>>>;
  readonly controller: AbortController;
  /** Callers still waiting that could abort; when the last of them aborts, the inner call is aborted. */
  abortableWaiters: number;
  /** True once a caller without a signal waits: the inner call is then never aborted. */
  pinned: boolean;
}

/**
 * Wraps another resolver with a per-reference cache.
 *
 * - A resolved secret is served from memory for `ttlMs` (default 5 minutes), then resolved again.
 * - Concurrent calls for the same reference share one call to the inner resolver. That call is aborted
 *   only when every caller waiting for it has aborted; a caller that aborts gets its own abort error at
 *   once and the others keep waiting.
 * - Failures are not cached: the next call tries again.
 * - At most `maxEntries` (default 100) secrets are kept, least recently used dropped first.
 * - `invalidate(ref)` forgets one secret (for example after the upstream answered 401, so a rotated secret
 *   or refreshed token is read again), `invalidate()` forgets all. A call in flight during `invalidate`
 *   still answers its waiters but its result is not cached.
 *
 * Each caller gets its own copy of the secret, so changing it does not change the cache.
 */
export class CachedSecretResolver implements SecretResolver {
  readonly #inner: SecretResolver;
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #now: () => number;
  /** In least-recently-used order: the first key is evicted first. */
  readonly #cache = new Map<string, CacheEntry>();
  readonly #inFlight = new Map<string, InFlight>();
  /** The entry looked up last while it is still last in `#cache`'s order; any other change forgets it. */
  #last: { ref: string; entry: CacheEntry } | undefined;

  constructor(inner: SecretResolver, options: CachedSecretResolverOptions = {}) {
    const ttlMs = options.ttlMs ?? DEFAULT_SECRET_CACHE_TTL_MS;
    const maxEntries = options.maxEntries ?? DEFAULT_SECRET_CACHE_MAX_ENTRIES;
    if (!(ttlMs >= 0)) {
      throw ConnectorError.invalidArgument(`ttlMs must be a number >= 0, got ${ttlMs}`);
    }
    if (!Number.isInteger(maxEntries) || maxEntries < 1) {
      throw ConnectorError.invalidArgument(`maxEntries must be an integer >= 1, got ${maxEntries}`);
    }
    this.#inner = inner;
    this.#ttlMs = ttlMs;
    this.#maxEntries = maxEntries;
    this.#now = options.now ?? Date.now;
  }

  /** The number of secrets currently cached (expired ones included until they are next looked at). */
  get size(): number {
    return this.#cache.size;
  }

  async resolve(secretRef: string, options: { signal?: AbortSignal } = {}): Promise<Record<string, string>> {
    const { signal } = options;
    throwIfAborted(signal, secretRef);
    const cached = this.#lookup(secretRef);
    if (cached) return { ...cached };
    const flight = this.#inFlight.get(secretRef) ?? this.#start(secretRef);
    return { ...(await this.#wait(flight, secretRef, signal)) };
  }

  /** The cached secret for `secretRef` (frozen, shared) when it is fresh, else undefined; never waits. */
  cached(secretRef: string): Readonly<Record<string, string>> | undefined {
    return this.#lookup(secretRef);
  }

  /** Forgets the cached secret for `secretRef`, or every cached secret when called without an argument. */
  invalidate(secretRef?: string): void {
    this.#last = undefined;
    if (secretRef === undefined) {
      this.#cache.clear();
      this.#inFlight.clear();
    } else {
      this.#cache.delete(secretRef);
      this.#inFlight.delete(secretRef);
    }
  }

  #lookup(secretRef: string): Readonly<Record<string, string>> | undefined {
    // A warm container asks for the same secret call after call: it is already the most recently used.
    const last = this.#last;
    if (last !== undefined && last.ref === secretRef && this.#now() < last.entry.expiresAt) {
      return last.entry.values;
    }
    const entry = this.#cache.get(secretRef);
    if (!entry) return undefined;
    this.#last = undefined;
    this.#cache.delete(secretRef);
    if (this.#now() >= entry.expiresAt) return undefined;
    this.#cache.set(secretRef, entry); // most recently used goes last
    this.#last = { ref: secretRef, entry };
    return entry.values;
  }

  #start(secretRef: string): InFlight {
    const controller = new AbortController();
    const flight: InFlight = {
      controller,
      abortableWaiters: 0,
      pinned: false,
      promise: this.#inner.resolve(secretRef, { signal: controller.signal }).then(
        (values) => {
          const frozen = Object.freeze({ ...values });
          if (this.#inFlight.get(secretRef) === flight) {
            this.#inFlight.delete(secretRef);
            this.#store(secretRef, frozen);
          }
          return frozen;
        },
        (error: unknown) => {
          if (this.#inFlight.get(secretRef) === flight) this.#inFlight.delete(secretRef);
          throw error;
        },
      ),
    };
    flight.promise.catch(() => {}); // every waiter handles the rejection; none may be left
    this.#inFlight.set(secretRef, flight);
    return flight;
  }

  #store(secretRef: string, values: Readonly<Record<string, string>>): void {
    this.#last = undefined;
    if (this.#ttlMs === 0) return;
    this.#cache.delete(secretRef);
    if (this.#cache.size >= this.#maxEntries) this.#evict();
    this.#cache.set(secretRef, { values, expiresAt: this.#now() + this.#ttlMs });
  }

  /** Drops expired entries; if none was expired, drops the least recently used one. */
  #evict(): void {
    const now = this.#now();
    for (const [ref, entry] of this.#cache) {
      if (now >= entry.expiresAt) this.#cache.delete(ref);
    }
    while (this.#cache.size >= this.#maxEntries) {
      const oldest = this.#cache.keys().next();
      if (oldest.done) break;
      this.#cache.delete(oldest.value);
    }
  }

  #wait(
    flight: InFlight,
    secretRef: string,
    signal: AbortSignal | undefined,
  ): Promise<Readonly<Record<string, string>>> {
    if (!signal) {
      flight.pinned = true;
      return flight.promise;
    }
    flight.abortableWaiters += 1;
    return new Promise((resolve, reject) => {
      let settled = false;
      const onAbort = (): void => {
        if (settled) return;
        settled = true;
        reject(abortedError(signal, secretRef));
        flight.abortableWaiters -= 1;
        if (flight.abortableWaiters === 0 && !flight.pinned) {
          if (this.#inFlight.get(secretRef) === flight) this.#inFlight.delete(secretRef);
          flight.controller.abort(signal.reason);
        }
      };
      signal.addEventListener("abort", onAbort, { once: true });
      const finish = (): void => {
        signal.removeEventListener("abort", onAbort);
        settled = true;
      };
      flight.promise.then(
        (values) => {
          if (settled) return;
          finish();
          resolve(values);
        },
        (error: unknown) => {
          if (settled) return;
          finish();
          reject(error);
        },
      );
    });
  }
}
