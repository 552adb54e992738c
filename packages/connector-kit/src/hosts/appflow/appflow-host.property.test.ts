import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ERROR_CODES } from "../../core/errors/error-code.js";
import { StaticSecretResolver } from "../../core/secrets/static-secret-resolver.js";
import { createAppFlowHost } from "./appflow-host.js";
import { events, SECRET_ARN } from "./test-support/events.js";
import { makeOrders, ordersConnector } from "./test-support/orders-connector.js";
import type { JsonObject } from "./wire/decoder.js";

const host = createAppFlowHost(ordersConnector({ orders: makeOrders(30, 20) }), {
  secrets: new StaticSecretResolver({ [SECRET_ARN]: { username: "user", password: "password" } }),
  logLevel: "silent",
});

const VALID: JsonObject[] = [
  events.describeConfiguration(),
  events.validateCredentials(),
  events.validateSettings({ region: "eu" }),
  events.listEntities({ entitiesPath: "sales" }),
  events.describeEntity(),
  events.query({ maxResults: 7 }),
  events.retrieve(["o-000001"]),
  events.write("UPSERT", [JSON.stringify({ id: "n-1" })]),
];

/** The shape every response must have, whatever came in. */
function expectWellFormed(response: unknown) {
  expect(typeof response).toBe("object");
  const r = response as JsonObject;
  expect(typeof r["isSuccess"]).toBe("boolean");
  if (r["isSuccess"] === false && r["errorDetails"] !== undefined) {
    const d = r["errorDetails"] as JsonObject;
    expect(ERROR_CODES).toContain(d["errorCode"]);
    expect(typeof d["errorMessage"]).toBe("string");
  } else {
    expect(r["errorDetails"]).toBeNull();
  }
  expect(() => JSON.stringify(r)).not.toThrow();
}

/** Replaces the value at a random path of a JSON value with `replacement`, or deletes the key. */
function mutate(value: unknown, path: number[], replacement: unknown, remove: boolean): unknown {
  if (value === null || typeof value !== "object" || path.length === 0) return replacement;
  const keys = Object.keys(value);
  if (keys.length === 0) return replacement;
  const key = keys[path[0]! % keys.length]!;
  const copy: Record<string, unknown> = Array.isArray(value)
    ? ([...value] as unknown as Record<string, unknown>)
    : { ...(value as JsonObject) };
  if (remove && path.length === 1 && !Array.isArray(value)) delete copy[key];
  else copy[key] = mutate((value as Record<string, unknown>)[key], path.slice(1), replacement, remove);
  return copy;
}

describe("AppFlow host: property-based", () => {
  it("every valid event of each type succeeds (the baseline of the mutations below)", async () => {
    for (const event of VALID) {
      const r = await host.invoke(event);
      expect(r["isSuccess"], JSON.stringify(r)).toBe(true);
    }
  });

  it("random JSON values always give a well-formed response, never a throw", async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (event) => {
        expectWellFormed(await host.invoke(event));
      }),
      { numRuns: 1500 },
    );
  });

  it("random events with a valid type and random keys give a well-formed response", async () => {
    const types = fc.constantFrom(...VALID.map((e) => e["type"] as string));
    await fc.assert(
      fc.asyncProperty(types, fc.dictionary(fc.string(), fc.jsonValue()), async (type, rest) => {
        expectWellFormed(await host.invoke({ ...rest, type }));
      }),
      { numRuns: 1500 },
    );
  });

  it("mutated valid events give a well-formed response, never a throw", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...VALID),
        fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
        fc.oneof(fc.jsonValue(), fc.constant(undefined), fc.string()),
        fc.boolean(),
        async (event, path, replacement, remove) => {
          expectWellFormed(await host.invoke(mutate(event, path, replacement, remove)));
        },
      ),
      { numRuns: 3000 },
    );
  });
});
