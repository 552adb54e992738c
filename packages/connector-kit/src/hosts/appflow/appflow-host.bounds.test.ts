import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ConnectorError } from "../../core/errors/connector-error.js";
import { ERROR_CODES } from "../../core/errors/error-code.js";
import type { ConnectorHandlers } from "../../core/handlers.js";
import { MAX_RESPONSE_BYTES } from "../../core/limits.js";
import { createJsonLogger } from "../../core/log/logger.js";
import type { EntityDefinition } from "../../core/model/entity.js";
import { MAX_PAGE_TOKEN_LENGTH } from "../../core/records/page-token.js";
import { StaticSecretResolver } from "../../core/secrets/static-secret-resolver.js";
import { defineConnector } from "../../define/define-connector.js";
import { createAppFlowHost } from "./appflow-host.js";
import { createLambdaHandler } from "./lambda-handler.js";
import { MAX_ERROR_MESSAGE_BYTES } from "./response-bounds.js";
import { events, SECRET_ARN } from "./test-support/events.js";
import type { JsonObject } from "./wire/decoder.js";

const secrets = new StaticSecretResolver({ [SECRET_ARN]: { username: "u", password: "p" } });
const bytes = (r: unknown) => Buffer.byteLength(JSON.stringify(r), "utf8");

function details(r: JsonObject): { errorCode: string; errorMessage: string } {
  return r["errorDetails"] as { errorCode: string; errorMessage: string };
}

const ENTITY: EntityDefinition = {
  entity: { entityIdentifier: "orders", hasNestedEntities: false, isWritable: true },
  fields: [{ fieldName: "id", dataType: "String" }],
};

function base() {
  return {
    name: "Bounds",
    owner: "connector-kit",
    version: "1.0.0",
    async listEntities() {
      return [{ entityIdentifier: "orders", hasNestedEntities: false }];
    },
    async describeEntity() {
      return ENTITY;
    },
    query: async () => ({ records: [] }),
  };
}

/** Eight events, one per operation, with `n` write records. */
function allEvents(n = 1): JsonObject[] {
  return [
    events.describeConfiguration(),
    events.validateCredentials(),
    events.validateSettings({ region: "eu" }),
    events.listEntities(),
    events.describeEntity(),
    events.query(),
    events.retrieve(["a"]),
    events.write(
      "INSERT",
      Array.from({ length: n }, (_, i) => JSON.stringify({ id: `r${i}` })),
    ),
  ];
}

describe("AppFlow host: every response fits the Lambda limit", () => {
  it("WriteData: 2,000 failures with 5 KB messages are cut short to fit, every result kept", async () => {
    let writes = 0;
    const connector = defineConnector({
      ...base(),
      async write(_ctx, input) {
        writes++;
        return input.records.map((r, i) =>
          i % 10 === 0
            ? { isSuccess: true, recordId: String(r["id"]) }
            : { isSuccess: false, errorMessage: `row ${i}: "${"é\\".repeat(1250)}" ${"x".repeat(2500)}` },
        );
      },
    });
    const host = createAppFlowHost(connector, { secrets, logLevel: "silent" });
    const r = await host.invoke(
      events.write(
        "INSERT",
        Array.from({ length: 2000 }, (_, i) => `{"id":"r${i}"}`),
      ),
    );
    expect(writes).toBe(1);
    expect(bytes(r)).toBeLessThanOrEqual(MAX_RESPONSE_BYTES); // 10.1 MB before
    const results = r["writeRecordResults"] as JsonObject[];
    expect(results).toHaveLength(2000);
    expect(details(r).errorCode).toBe("PartialWriteFailure");
    expect(results[0]).toEqual({ isSuccess: true, recordId: "r0", errorMessage: null });
    for (const [i, result] of results.entries()) {
      if (i % 10 === 0) continue;
      const message = result["errorMessage"] as string;
      expect(message.startsWith(`row ${i}: "é\\`)).toBe(true);
      expect(message.endsWith("(truncated)")).toBe(true);
    }
  });

  it("WriteData: short messages stay whole when one huge message is cut", async () => {
    const connector = defineConnector({
      ...base(),
      async write(_ctx, input) {
        return input.records.map((_, i) => ({
          isSuccess: false,
          errorMessage: i === 0 ? "y".repeat(20_000) : `short ${i}`,
        }));
      },
    });
    const host = createAppFlowHost(connector, {
      secrets,
      logLevel: "silent",
      maxResponseBytes: 10_000,
    });
    const r = await host.invoke(
      events.write(
        "INSERT",
        Array.from({ length: 20 }, (_, i) => `{"id":"r${i}"}`),
      ),
    );
    expect(bytes(r)).toBeLessThanOrEqual(10_000);
    const messages = (r["writeRecordResults"] as JsonObject[]).map((w) => w["errorMessage"] as string);
    expect(messages.slice(1)).toEqual(Array.from({ length: 19 }, (_, i) => `short ${i + 1}`));
    expect(messages[0]!.length).toBeGreaterThan(5000);
  });

  it("WriteData with more records than any response could report is refused before anything is written", async () => {
    let writes = 0;
    const connector = defineConnector({
      ...base(),
      async write(_ctx, input) {
        writes++;
        return input.records.map(() => ({ isSuccess: true }));
      },
    });
    const host = createAppFlowHost(connector, { secrets, logLevel: "silent", maxResponseBytes: 5000 });
    const r = await host.invoke(
      events.write(
        "INSERT",
        Array.from({ length: 200 }, () => "{}"),
      ),
    );
    expect(details(r).errorCode).toBe("InvalidArgument");
    expect(details(r).errorMessage).toMatch(/at most \d+ records fit/);
    expect(writes).toBe(0);
  });

  it("DescribeEntity with 40,000 fields fails with a clear error instead of a 20 MB answer", async () => {
    const huge: EntityDefinition = {
      entity: { entityIdentifier: "wide", hasNestedEntities: false },
      fields: Array.from({ length: 40_000 }, (_, i) => ({
        fieldName: `field_with_a_long_name_${i}`,
        dataType: "String" as const,
        label: `Field with a long label ${i}`,
        description: "d".repeat(200),
      })),
    };
    const connector = defineConnector({ ...base(), describeEntity: async () => huge });
    const host = createAppFlowHost(connector, { secrets, logLevel: "silent" });
    const r = await host.invoke(events.describeEntity("wide"));
    expect(bytes(r)).toBeLessThan(10_000);
    expect(details(r).errorCode).toBe("ServerError");
    expect(details(r).errorMessage).toMatch(
      /entity definition \(40000 fields\) encodes to \d+ bytes, over the 6291556-byte limit/,
    );
  });

  it("a ConnectorError's huge message is cut short", async () => {
    const connector = defineConnector({
      ...base(),
      describeEntity: async () => {
        throw new ConnectorError("ResourceNotFoundError", "z".repeat(7_000_000));
      },
    });
    const host = createAppFlowHost(connector, { secrets, logLevel: "silent" });
    const r = await host.invoke(events.describeEntity());
    expect(details(r).errorCode).toBe("ResourceNotFoundError");
    expect(bytes(details(r).errorMessage)).toBeLessThanOrEqual(MAX_ERROR_MESSAGE_BYTES);
    expect(details(r).errorMessage).toMatch(/^z+ … \(truncated\)$/);
  });

  it("fuzz: whatever low-level handlers answer or throw, every response stays within the limit", async () => {
    const text = fc.oneof(
      fc.string({ maxLength: 50 }),
      fc.string({ unit: "binary", maxLength: 3000 }),
      fc.integer({ min: 0, max: 40_000 }).map((n) => '"\\\u0001中'.repeat(n)),
    );
    const outcome = fc.record({
      isSuccess: fc.boolean(),
      recordId: fc.option(fc.string({ maxLength: 40 })),
      errorMessage: fc.option(text),
    });
    const answer = fc.record({
      throwIt: fc.boolean(),
      code: fc.constantFrom(...ERROR_CODES),
      message: text,
      isSuccess: fc.boolean(),
      results: fc.array(outcome, { maxLength: 60 }),
      fields: fc.nat(3000),
      entities: fc.nat(3000),
      records: fc.array(text, { maxLength: 5 }),
      settingErrors: fc.dictionary(fc.string({ maxLength: 10 }), text, { maxKeys: 5 }),
      max: fc.integer({ min: 6000, max: 60_000 }),
    });
    await fc.assert(
      fc.asyncProperty(answer, fc.nat(7), async (a, which) => {
        const errorDetails = a.isSuccess ? null : { errorCode: a.code, errorMessage: a.message };
        const respond = async <T>(value: T): Promise<T> => {
          if (a.throwIt) throw new ConnectorError(a.code, a.message);
          return value;
        };
        const handlers: ConnectorHandlers = {
          configuration: {
            describeConnectorConfiguration: () =>
              respond({ isSuccess: a.isSuccess, errorDetails, connectorOwner: a.message } as never),
            validateCredentials: () => respond({ isSuccess: a.isSuccess, errorDetails }),
            validateConnectorRuntimeSettings: () =>
              respond({ isSuccess: a.isSuccess, errorDetails, errorsByInputField: a.settingErrors }),
          },
          metadata: {
            listEntities: () =>
              respond({
                isSuccess: a.isSuccess,
                errorDetails,
                nextToken: null,
                cacheControl: null,
                entities: Array.from({ length: a.entities }, (_, i) => ({
                  entityIdentifier: `entity-${i}`,
                  hasNestedEntities: false,
                })),
              }),
            describeEntity: () =>
              respond({
                isSuccess: a.isSuccess,
                errorDetails,
                cacheControl: null,
                entityDefinition: {
                  entity: { entityIdentifier: "e", hasNestedEntities: false },
                  fields: Array.from({ length: a.fields }, (_, i) => ({
                    fieldName: `f${i}`,
                    dataType: "String" as const,
                  })),
                },
              }),
          },
          record: {
            queryData: () =>
              respond({ isSuccess: a.isSuccess, errorDetails, nextToken: null, records: a.records }),
            retrieveData: () => respond({ isSuccess: a.isSuccess, errorDetails, records: a.records }),
            writeData: (request) =>
              respond({
                isSuccess: a.isSuccess,
                errorDetails,
                writeRecordResults: request.records.map((_, i) => {
                  const o = a.results[i % Math.max(1, a.results.length)];
                  return {
                    isSuccess: o?.isSuccess ?? true,
                    recordId: o?.recordId ?? null,
                    errorMessage: o?.errorMessage ?? null,
                  };
                }),
              }),
          },
        };
        const host = createAppFlowHost(handlers, {
          secrets,
          logLevel: "silent",
          maxResponseBytes: a.max,
        });
        const r = await host.invoke(allEvents(a.results.length)[which]);
        expect(bytes(r)).toBeLessThanOrEqual(a.max);
        expect(typeof r["isSuccess"]).toBe("boolean");
      }),
      { numRuns: 400 },
    );
  });
});

/** A value whose every trap throws, as a hostile or broken library might throw. */
function hostileProxy(): object {
  const trap = () => {
    throw new Error("trap");
  };
  return new Proxy(
    {},
    {
      getPrototypeOf: trap,
      get: trap,
      has: trap,
      ownKeys: trap,
      getOwnPropertyDescriptor: trap,
      apply: trap,
    },
  );
}

describe("AppFlow host: never throws, whatever is thrown", () => {
  it("a connector throwing a Proxy whose traps throw gets a ServerError, from the host and the Lambda handler", async () => {
    const throwing = async () => {
      throw hostileProxy();
    };
    const handlers: ConnectorHandlers = {
      configuration: {
        describeConnectorConfiguration: throwing,
        validateCredentials: throwing,
        validateConnectorRuntimeSettings: throwing,
      },
      metadata: { listEntities: throwing, describeEntity: throwing },
      record: { queryData: throwing, retrieveData: throwing, writeData: throwing },
    };
    const lines: string[] = [];
    const options = {
      secrets,
      logger: createJsonLogger({ level: "debug", write: (l) => lines.push(l) }),
    };
    const host = createAppFlowHost(handlers, options);
    const handler = createLambdaHandler(handlers, options);
    for (const event of allEvents()) {
      for (const r of [await host.invoke(event), await handler(event, { awsRequestId: "req-7" })]) {
        expect(r["isSuccess"]).toBe(false);
        expect(details(r).errorCode).toBe("ServerError");
      }
    }
    expect(lines.some((l) => l.includes("a Proxy was thrown"))).toBe(true);
  });

  it("a defineConnector connector throwing a Proxy, or a ConnectorError caused by one, still gets an answer", async () => {
    const connector = defineConnector({
      ...base(),
      describeEntity: async (_ctx, id) => {
        if (id === "proxy") throw hostileProxy();
        throw new ConnectorError("ResourceNotFoundError", "no such entity", { cause: hostileProxy() });
      },
    });
    const host = createAppFlowHost(connector, { secrets, logLevel: "debug", logWrite: () => {} });
    expect(details(await host.invoke(events.describeEntity("proxy"))).errorCode).toBe("ServerError");
    const r = await host.invoke(events.describeEntity("other"));
    expect(details(r)).toMatchObject({ errorCode: "ResourceNotFoundError", errorMessage: "no such entity" });
  });

  it("a Proxy event, a Proxy response and a context whose getters throw are answered too", async () => {
    const connector = defineConnector({
      ...base(),
      describeEntity: async () => hostileProxy() as EntityDefinition,
    });
    const host = createAppFlowHost(connector, { secrets, logLevel: "silent" });
    expect(details(await host.invoke(hostileProxy())).errorCode).toBe("ServerError");
    expect(details(await host.invoke(events.describeEntity())).errorCode).toBe("ServerError");
    const context = {
      get awsRequestId(): string {
        throw hostileProxy();
      },
    };
    expect(details(await host.invoke(events.describeEntity(), context)).errorCode).toBe("ServerError");
    // A ConnectorError look-alike with an unknown code is not passed through as it is.
    const fake = Object.assign(new Error("odd"), { name: "ConnectorError", code: "NotAnAppFlowCode" });
    const odd = createAppFlowHost(
      defineConnector({
        ...base(),
        describeEntity: async () => {
          throw fake;
        },
      }),
      {
        secrets,
        logLevel: "silent",
      },
    );
    expect(details(await odd.invoke(events.describeEntity())).errorCode).toBe("ServerError");
  });
});

describe("AppFlow host: page tokens round-trip through AppFlow", () => {
  it("a Unicode- and quote-heavy upstream cursor pages through every record exactly once", async () => {
    const rows = Array.from({ length: 57 }, (_, i) => ({ id: `r${i}` }));
    // The cursor embeds the last id with quotes, backslashes, CJK and emoji, as keyset cursors over text do.
    const cursorAt = (at: number) => JSON.stringify({ after: `「${'東"\\😀'.repeat(100)}」`, at });
    const connector = defineConnector({
      ...base(),
      async query(_ctx, _input, token) {
        const at = token === null ? 0 : (JSON.parse(token) as { at: number }).at;
        const next = at + 10;
        return { records: rows.slice(at, next), nextToken: next < rows.length ? cursorAt(next) : null };
      },
    });
    const host = createAppFlowHost(connector, { secrets, logLevel: "silent" });
    const seen: string[] = [];
    let token: unknown = null;
    do {
      const wire = JSON.parse(
        JSON.stringify(await host.invoke(events.query({ maxResults: 7, nextToken: token }))),
      );
      expect(wire.isSuccess, JSON.stringify(wire.errorDetails)).toBe(true);
      if (wire.nextToken !== null) expect(wire.nextToken.length).toBeLessThanOrEqual(MAX_PAGE_TOKEN_LENGTH);
      seen.push(...(wire.records as string[]).map((s) => (JSON.parse(s) as { id: string }).id));
      token = wire.nextToken;
    } while (token !== null);
    expect(seen).toEqual(rows.map((r) => r.id));
  });

  it("a cursor too long for any token fails the page that would issue it, naming the limit", async () => {
    const connector = defineConnector({
      ...base(),
      query: async (_ctx, _input, token) => ({
        records: [{ id: "a" }, { id: "b" }],
        nextToken: token === null ? `"中${"文".repeat(2037)}"` : null,
      }),
    });
    const host = createAppFlowHost(connector, { secrets, logLevel: "silent" });
    const r = await host.invoke(events.query({ maxResults: 3 }));
    expect(details(r).errorCode).toBe("ServerError");
    expect(details(r).errorMessage).toMatch(/at most 2048 characters/);
  });
});

describe("AppFlow host: credentials from a warm cache", () => {
  it("are read without waiting and still redacted, though the host never resolved them itself", async () => {
    const { CachedSecretResolver } = await import("../../core/secrets/cached-secret-resolver.js");
    const password = "warm-cache-password-123";
    const cache = new CachedSecretResolver(
      new StaticSecretResolver({ [SECRET_ARN]: { username: "someone", password } }),
    );
    await cache.resolve(SECRET_ARN); // warmed outside the host, so its redactor has not seen the values
    let seen: unknown;
    const connector = defineConnector({
      ...base(),
      auth: { basic: true },
      describeEntity: async (ctx) => {
        seen = ctx.credentials;
        throw new ConnectorError("AccessDenied", `login rejected for password ${password}`);
      },
    });
    const host = createAppFlowHost(connector, { secrets: cache, logLevel: "silent" });
    const r = await host.invoke(events.describeEntity());
    expect(seen).toEqual({ type: "BasicAuth", username: "someone", password });
    expect(details(r)).toMatchObject({
      errorCode: "AccessDenied",
      errorMessage: "login rejected for password [REDACTED]",
    });
  });
});

describe("AppFlow host: deadlines of concurrent calls", () => {
  it("each call in flight is stopped at its own deadline, whatever the order they came in", async () => {
    const hang = () => new Promise<never>(() => {});
    const handlers: ConnectorHandlers = {
      configuration: {
        describeConnectorConfiguration: hang,
        validateCredentials: hang,
        validateConnectorRuntimeSettings: hang,
      },
      metadata: { listEntities: hang, describeEntity: hang },
      record: {
        queryData: async () => ({ isSuccess: true, errorDetails: null, nextToken: null, records: [] }),
        retrieveData: hang,
        writeData: hang,
      },
    };
    const host = createAppFlowHost(handlers, { secrets, logLevel: "silent", safetyMarginMs: 40 });
    const started = performance.now();
    const timed = (remaining: number) =>
      host
        .invoke(events.describeEntity(), { getRemainingTimeInMillis: () => remaining })
        .then((r) => ({ r, ms: performance.now() - started }));
    const [slow, fast, quick, middle] = await Promise.all([
      timed(400),
      timed(100),
      host.invoke(events.query()).then((r) => ({ r, ms: performance.now() - started })),
      timed(250),
    ]);
    expect(quick.r["isSuccess"]).toBe(true);
    for (const [call, remaining] of [
      [fast, 100],
      [middle, 250],
      [slow, 400],
    ] as const) {
      expect(details(call.r).errorCode).toBe("RequestTimeout");
      // Answered after its deadline less the margin, and before the Lambda would have been cut off.
      expect(call.ms).toBeGreaterThanOrEqual(remaining - 40 - 2);
      expect(call.ms).toBeLessThan(remaining + 150);
    }
    expect(fast.ms).toBeLessThan(middle.ms);
    expect(middle.ms).toBeLessThan(slow.ms);
  });
});
