import { describe, expect, it } from "vitest";
import { ConnectorError } from "../core/errors/connector-error.js";
import type { OAuth2Tokens } from "./token-response.js";
import { createTokenStore, type TokenState } from "./token-store.js";

/** Tokens `token-<n>` valid `lifetimeMs` from `now`, with refresh token `refresh-<n>`. */
function tokensAt(n: number, now: number, lifetimeMs: number | null): OAuth2Tokens {
  return {
    accessToken: `token-${n}`,
    tokenType: "bearer",
    expiresIn: lifetimeMs === null ? null : lifetimeMs / 1000,
    expiresAt: lifetimeMs === null ? null : new Date(now + lifetimeMs),
    refreshToken: `refresh-${n}`,
    scope: null,
    idToken: null,
    raw: {},
  };
}

/** A store on a fake clock whose renewals are counted and can be held open. */
function harness(options: { lifetimeMs?: number | null; skewMs?: number; initial?: boolean } = {}) {
  const clock = { now: 1_000_000 };
  const seen: TokenState[] = [];
  let renewals = 0;
  let fail: Error | null = null;
  let gate: Promise<void> | null = null;
  const store = createTokenStore({
    now: () => clock.now,
    ...(options.skewMs === undefined ? {} : { skewMs: options.skewMs }),
    initial:
      options.initial === false
        ? null
        : { accessToken: "token-0", refreshToken: "refresh-0", expiresAt: clock.now + 3_600_000 },
    renew: async (current) => {
      seen.push(current);
      renewals++;
      const n = renewals;
      if (gate) await gate;
      if (fail) throw fail;
      return tokensAt(n, clock.now, options.lifetimeMs === undefined ? 3_600_000 : options.lifetimeMs);
    },
  });
  return {
    store,
    clock,
    seen,
    renewals: () => renewals,
    failWith: (error: Error | null) => {
      fail = error;
    },
    hold: () => {
      let open = () => {};
      gate = new Promise((resolve) => {
        open = resolve;
      });
      return () => {
        gate = null;
        open();
      };
    },
  };
}

describe("OAuth2TokenStore", () => {
  it("hands out the token until the skew before expiry (60 s by default), then renews", async () => {
    const h = harness();
    expect(await h.store.accessToken()).toBe("token-0");
    h.clock.now += 3_600_000 - 60_001;
    expect(await h.store.accessToken()).toBe("token-0");
    h.clock.now += 1;
    expect(await h.store.accessToken()).toBe("token-1");
    expect(h.seen).toEqual([
      { accessToken: "token-0", refreshToken: "refresh-0", expiresAt: expect.any(Date) },
    ]);
    expect(h.store.state).toMatchObject({ accessToken: "token-1", refreshToken: "refresh-1" });
  });

  it("renews short-lived tokens at half their lifetime rather than on every call", async () => {
    const h = harness({ lifetimeMs: 30_000, initial: false });
    expect(await h.store.accessToken()).toBe("token-1");
    h.clock.now += 14_999;
    expect(await h.store.accessToken()).toBe("token-1");
    h.clock.now += 1;
    expect(await h.store.accessToken()).toBe("token-2");
    expect(h.renewals()).toBe(2);
  });

  it("uses a token without expiry until refresh() is called", async () => {
    const h = harness({ lifetimeMs: null, initial: false });
    expect(await h.store.accessToken()).toBe("token-1");
    h.clock.now += 365 * 86_400_000;
    expect(await h.store.accessToken()).toBe("token-1");
    expect(await h.store.refresh()).toBe("token-2");
  });

  it("merges concurrent renewals into one (single flight)", async () => {
    const h = harness({ initial: false });
    const open = h.hold();
    const all = Promise.all([
      ...Array.from({ length: 50 }, () => h.store.accessToken()),
      h.store.refresh(),
      h.store.refresh("token-0"),
    ]);
    open();
    expect(new Set(await all)).toEqual(new Set(["token-1"]));
    expect(h.renewals()).toBe(1);
  });

  it("does not renew again for a token that was already replaced", async () => {
    const h = harness();
    expect(await h.store.refresh("token-0")).toBe("token-1");
    expect(await h.store.refresh("token-0")).toBe("token-1");
    expect(h.renewals()).toBe(1);
    expect(await h.store.refresh("token-1")).toBe("token-2");
  });

  it("keeps the refresh token when the renewal brings none", async () => {
    const store = createTokenStore({
      initial: { refreshToken: "keep-me" },
      renew: async () => ({ ...tokensAt(1, Date.now(), 60_000), refreshToken: null }),
    });
    await store.accessToken();
    expect(store.state.refreshToken).toBe("keep-me");
  });

  it("does not cache a failure: every waiter gets it, the next call tries again", async () => {
    const h = harness({ initial: false });
    h.failWith(new ConnectorError("InvalidCredentials", "revoked"));
    const open = h.hold();
    const results = Promise.allSettled([h.store.accessToken(), h.store.accessToken()]);
    open();
    expect((await results).map((r) => r.status)).toEqual(["rejected", "rejected"]);
    expect(h.renewals()).toBe(1);
    h.failWith(null);
    expect(await h.store.accessToken()).toBe("token-2");
  });

  it("persists each new set of tokens through onTokens before handing them out", async () => {
    const persisted: string[] = [];
    const store = createTokenStore({
      initial: { refreshToken: "r0" },
      renew: async (current) => ({
        ...tokensAt(1, Date.now(), 60_000),
        refreshToken: `${current.refreshToken}+`,
      }),
      onTokens: async (_tokens, state) => {
        persisted.push(state.refreshToken!);
      },
    });
    await store.accessToken();
    await store.refresh();
    expect(persisted).toEqual(["r0+", "r0++"]);
  });

  it("refuses a negative skew", () => {
    expect(() => createTokenStore({ skewMs: -1, renew: async () => tokensAt(1, 0, null) })).toThrow(
      ConnectorError,
    );
  });
});
