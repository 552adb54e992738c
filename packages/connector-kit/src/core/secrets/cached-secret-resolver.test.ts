import { describe, expect, it } from "vitest";
import { ConnectorError } from "../errors/connector-error.js";
import { CachedSecretResolver, DEFAULT_SECRET_CACHE_TTL_MS } from "./cached-secret-resolver.js";
import type { SecretResolver } from "./secret-resolver.js";

interface Call {
  ref: string;
  signal: AbortSignal | undefined;
  resolve(values: Record<string, string>): void;
  reject(error: unknown): void;
}

/** An inner resolver whose calls the test settles by hand. */
class ManualResolver implements SecretResolver {
  readonly calls: Call[] = [];

  resolve(secretRef: string, options: { signal?: AbortSignal } = {}): Promise<Record<string, string>> {
    return new Promise((resolve, reject) => {
      this.calls.push({ ref: secretRef, signal: options.signal, resolve, reject });
    });
  }

  call(index: number): Call {
    const call = this.calls[index];
    if (!call) throw new Error(`no call ${index}`);
    return call;
  }
}

/** An inner resolver answering at once with `{ ref, n }`, n counting its calls. */
class CountingResolver implements SecretResolver {
  count = 0;
  async resolve(secretRef: string): Promise<Record<string, string>> {
    this.count += 1;
    return { ref: secretRef, n: String(this.count) };
  }
}

describe("CachedSecretResolver", () => {
  it("cached() answers a fresh secret at once, frozen, and nothing once it has expired", async () => {
    let now = 0;
    const cache = new CachedSecretResolver(new CountingResolver(), { ttlMs: 1000, now: () => now });
    expect(cache.cached("a")).toBeUndefined();
    await cache.resolve("a");
    const warm = cache.cached("a");
    expect(warm).toEqual({ ref: "a", n: "1" });
    expect(Object.isFrozen(warm)).toBe(true);
    now = 1000;
    expect(cache.cached("a")).toBeUndefined();
  });

  it("a secret read call after call is forgotten on invalidate, and expires on time", async () => {
    let now = 0;
    const inner = new CountingResolver();
    const cache = new CachedSecretResolver(inner, { ttlMs: 1000, now: () => now });
    await cache.resolve("a");
    await cache.resolve("a");
    expect(cache.cached("a")).toEqual({ ref: "a", n: "1" });
    cache.invalidate("a");
    expect(cache.cached("a")).toBeUndefined();
    expect(await cache.resolve("a")).toEqual({ ref: "a", n: "2" });
    expect(cache.cached("a")).toEqual({ ref: "a", n: "2" });
    now = 999;
    expect(cache.cached("a")).toBeDefined();
    now = 1000;
    expect(cache.cached("a")).toBeUndefined();
  });

  it("serves a secret from the cache until the TTL (default 5 minutes) has passed", async () => {
    let now = 0;
    const inner = new CountingResolver();
    const cache = new CachedSecretResolver(inner, { now: () => now });

    await expect(cache.resolve("a")).resolves.toEqual({ ref: "a", n: "1" });
    now = DEFAULT_SECRET_CACHE_TTL_MS - 1;
    await expect(cache.resolve("a")).resolves.toEqual({ ref: "a", n: "1" });
    now = DEFAULT_SECRET_CACHE_TTL_MS;
    await expect(cache.resolve("a")).resolves.toEqual({ ref: "a", n: "2" });
    expect(inner.count).toBe(2);
    expect(DEFAULT_SECRET_CACHE_TTL_MS).toBe(300_000);
  });

  it("gives each caller its own copy", async () => {
    const cache = new CachedSecretResolver(new CountingResolver());
    const first = await cache.resolve("a");
    first["n"] = "mutated";
    await expect(cache.resolve("a")).resolves.toEqual({ ref: "a", n: "1" });
  });

  it("shares one inner call among concurrent callers of the same reference", async () => {
    const inner = new ManualResolver();
    const cache = new CachedSecretResolver(inner);
    const pending = [cache.resolve("a"), cache.resolve("a"), cache.resolve("a"), cache.resolve("b")];
    await Promise.resolve();
    expect(inner.calls.map((c) => c.ref)).toEqual(["a", "b"]);

    inner.call(0).resolve({ k: "va" });
    inner.call(1).resolve({ k: "vb" });
    const results = await Promise.all(pending);
    expect(results).toEqual([{ k: "va" }, { k: "va" }, { k: "va" }, { k: "vb" }]);
    expect(results[0]).not.toBe(results[1]);
    await cache.resolve("a");
    expect(inner.calls).toHaveLength(2);
  });

  it("does not cache a failure; every waiter of the failed call gets it", async () => {
    const inner = new ManualResolver();
    const cache = new CachedSecretResolver(inner);
    const failure = new ConnectorError("RateLimitExceeded", "throttled");
    const first = cache.resolve("a");
    const second = cache.resolve("a");
    await Promise.resolve();
    inner.call(0).reject(failure);
    await expect(first).rejects.toBe(failure);
    await expect(second).rejects.toBe(failure);

    const third = cache.resolve("a");
    await Promise.resolve();
    expect(inner.calls).toHaveLength(2);
    inner.call(1).resolve({ k: "v" });
    await expect(third).resolves.toEqual({ k: "v" });
  });

  it("keeps at most maxEntries secrets, dropping the least recently used", async () => {
    const inner = new CountingResolver();
    const cache = new CachedSecretResolver(inner, { maxEntries: 2 });
    await cache.resolve("a"); // 1
    await cache.resolve("b"); // 2
    await cache.resolve("a"); // cached; "a" becomes the most recently used
    await cache.resolve("c"); // 3; drops "b"
    expect(cache.size).toBe(2);
    expect(inner.count).toBe(3);
    await expect(cache.resolve("a")).resolves.toEqual({ ref: "a", n: "1" });
    await expect(cache.resolve("c")).resolves.toEqual({ ref: "c", n: "3" });
    await expect(cache.resolve("b")).resolves.toEqual({ ref: "b", n: "4" });
    expect(cache.size).toBe(2);
  });

  it("drops expired entries before live ones when full", async () => {
    let now = 0;
    const inner = new CountingResolver();
    const cache = new CachedSecretResolver(inner, { maxEntries: 2, ttlMs: 100, now: () => now });
    await cache.resolve("old"); // expires at 100
    now = 50;
    await cache.resolve("live"); // expires at 150
    now = 120;
    await cache.resolve("new");
    await expect(cache.resolve("live")).resolves.toEqual({ ref: "live", n: "2" });
  });

  it("invalidates one reference or all", async () => {
    const inner = new CountingResolver();
    const cache = new CachedSecretResolver(inner);
    await cache.resolve("a");
    await cache.resolve("b");
    cache.invalidate("a");
    await expect(cache.resolve("a")).resolves.toEqual({ ref: "a", n: "3" });
    await expect(cache.resolve("b")).resolves.toEqual({ ref: "b", n: "2" });
    cache.invalidate();
    expect(cache.size).toBe(0);
    await expect(cache.resolve("b")).resolves.toEqual({ ref: "b", n: "4" });
  });

  it("does not cache the result of a call in flight during invalidate", async () => {
    const inner = new ManualResolver();
    const cache = new CachedSecretResolver(inner);
    const stale = cache.resolve("a");
    await Promise.resolve();
    cache.invalidate("a");
    const fresh = cache.resolve("a");
    await Promise.resolve();
    expect(inner.calls).toHaveLength(2);
    inner.call(1).resolve({ v: "new" });
    inner.call(0).resolve({ v: "old" });
    await expect(stale).resolves.toEqual({ v: "old" });
    await expect(fresh).resolves.toEqual({ v: "new" });
    await expect(cache.resolve("a")).resolves.toEqual({ v: "new" });
  });

  it("with ttlMs 0 caches nothing but still shares concurrent calls", async () => {
    const inner = new ManualResolver();
    const cache = new CachedSecretResolver(inner, { ttlMs: 0 });
    const both = Promise.all([cache.resolve("a"), cache.resolve("a")]);
    await Promise.resolve();
    inner.call(0).resolve({ v: "1" });
    await both;
    const again = cache.resolve("a");
    await Promise.resolve();
    expect(inner.calls).toHaveLength(2);
    inner.call(1).resolve({ v: "2" });
    await expect(again).resolves.toEqual({ v: "2" });
  });

  describe("abort", () => {
    it("lets one caller abort while the others keep waiting", async () => {
      const inner = new ManualResolver();
      const cache = new CachedSecretResolver(inner);
      const controller = new AbortController();
      const aborting = cache.resolve("a", { signal: controller.signal });
      const waiting = cache.resolve("a", { signal: new AbortController().signal });
      await Promise.resolve();
      controller.abort();
      await expect(aborting).rejects.toMatchObject({ code: "RequestTimeout" });
      expect(inner.call(0).signal?.aborted).toBe(false);
      inner.call(0).resolve({ v: "1" });
      await expect(waiting).resolves.toEqual({ v: "1" });
    });

    it("aborts the inner call when every caller has aborted, and starts afresh after", async () => {
      const inner = new ManualResolver();
      const cache = new CachedSecretResolver(inner);
      const c1 = new AbortController();
      const c2 = new AbortController();
      const deadline = new ConnectorError("RequestTimeout", "deadline");
      const p1 = cache.resolve("a", { signal: c1.signal });
      const p2 = cache.resolve("a", { signal: c2.signal });
      await Promise.resolve();
      c1.abort();
      c2.abort(deadline);
      await expect(p1).rejects.toMatchObject({ code: "RequestTimeout" });
      await expect(p2).rejects.toBe(deadline);
      expect(inner.call(0).signal?.aborted).toBe(true);
      inner.call(0).reject(new Error("aborted")); // a late rejection is not unhandled

      const next = cache.resolve("a");
      await Promise.resolve();
      expect(inner.calls).toHaveLength(2);
      inner.call(1).resolve({ v: "2" });
      await expect(next).resolves.toEqual({ v: "2" });
    });

    it("never aborts the inner call while a caller without a signal waits", async () => {
      const inner = new ManualResolver();
      const cache = new CachedSecretResolver(inner);
      const controller = new AbortController();
      const pinned = cache.resolve("a");
      const aborting = cache.resolve("a", { signal: controller.signal });
      await Promise.resolve();
      controller.abort();
      await expect(aborting).rejects.toMatchObject({ code: "RequestTimeout" });
      expect(inner.call(0).signal?.aborted).toBe(false);
      inner.call(0).resolve({ v: "1" });
      await expect(pinned).resolves.toEqual({ v: "1" });
    });

    it("rejects at once for an already aborted signal, even with a cached secret", async () => {
      const inner = new CountingResolver();
      const cache = new CachedSecretResolver(inner);
      await cache.resolve("a");
      await expect(cache.resolve("a", { signal: AbortSignal.abort() })).rejects.toMatchObject({
        code: "RequestTimeout",
      });
    });
  });

  it("rejects invalid options", () => {
    const inner = new CountingResolver();
    expect(() => new CachedSecretResolver(inner, { ttlMs: -1 })).toThrow(ConnectorError);
    expect(() => new CachedSecretResolver(inner, { ttlMs: Number.NaN })).toThrow(ConnectorError);
    expect(() => new CachedSecretResolver(inner, { maxEntries: 0 })).toThrow(ConnectorError);
    expect(() => new CachedSecretResolver(inner, { maxEntries: 1.5 })).toThrow(ConnectorError);
  });
});
