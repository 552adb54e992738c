/**
 * QueryData through the AppFlow host, event JSON text in → response JSON text out, against two floors measured
 * in the same run: the same JSON work done bare (JSON.parse of the event, JSON.stringify of each record and of
 * the response), and a minimal hand-written Lambda handler for the same event.
 * Run: npm run bench -- appflow-query
 */

import type { DataRecord } from "connector-kit";
import { CachedSecretResolver, defineConnector, StaticSecretResolver, setting } from "connector-kit";
import { createAppFlowHost } from "connector-kit/appflow";
import { type Clock, measure, writeSection } from "./harness.js";

/** CPU time by default: this shared machine's other tenants take time slices, not CPU time. */
const CLOCK: Clock = process.env["BENCH_CLOCK"] === "wall" ? "wall" : "cpu";

const FIELDS = 20;
const fieldNames = Array.from({ length: FIELDS }, (_, i) => `field_${i}`);
const DATA_TYPES = ["Long", "String", "Boolean", "DateTime"] as const;
const SECRET_ARN =
  "arn:aws:secretsmanager:us-east-1:111122223333:secret:appflow!111122223333-bench-prof-AbCdEf";

function makeRecords(n: number): DataRecord[] {
  return Array.from({ length: n }, (_, r) =>
    Object.fromEntries(
      fieldNames.map((name, i) => [
        name,
        i % 4 === 0
          ? r * 1000 + i
          : i % 4 === 1
            ? `value "${r}-${i}" é`
            : i % 4 === 2
              ? r % 2 === 0
              : `2024-01-${String((r % 28) + 1).padStart(2, "0")}T10:00:00Z`,
      ]),
    ),
  );
}

const base = {
  name: "BenchConnector",
  owner: "connector-kit",
  version: "1.0.0",
  async listEntities() {
    return [{ entityIdentifier: "items", hasNestedEntities: false }];
  },
  async describeEntity() {
    return { entity: { entityIdentifier: "items", hasNestedEntities: false }, fields: [] };
  },
};

/** The connector of the first cases: it returns its records as they are. */
function connectorReturning(records: DataRecord[]) {
  return defineConnector({ ...base, query: async () => ({ records }) });
}

/** The connector of the AppFlow-shaped case: basic auth, a setting, and it projects the selected fields itself. */
function projectingConnector(rows: DataRecord[]) {
  return defineConnector({
    ...base,
    auth: { basic: true },
    settings: { region: setting.string({ label: "Region", required: true, options: ["eu", "us"] }) },
    query: async (_ctx, input, token) => {
      const at = token === null ? 0 : Number(token);
      const page = rows.slice(at, at + input.pageSize);
      const fields = input.fields ?? fieldNames;
      const records = page.map((row) => {
        const out: DataRecord = {};
        for (const f of fields) out[f] = row[f];
        return out;
      });
      return { records, nextToken: at + page.length < rows.length ? String(at + page.length) : null };
    },
  });
}

const bareEvent = JSON.stringify({
  type: "QueryDataRequest",
  entityIdentifier: "items",
  selectedFieldNames: fieldNames,
  maxResults: 1000,
  connectorContext: {
    apiVersion: "v1",
    connectorRuntimeSettings: { region: "eu" },
    entityDefinition: {
      entity: { entityIdentifier: "items", hasNestedEntities: false, isWritable: true },
      fields: fieldNames.map((fieldName, i) => ({ fieldName, dataType: DATA_TYPES[i % 4] })),
    },
  },
});

/** A QueryData event as AppFlow sends it: the entity definition as the connector described it, credentials. */
const appflowEvent = JSON.stringify({
  type: "QueryDataRequest",
  entityIdentifier: "items",
  selectedFieldNames: fieldNames,
  filterExpression: null,
  nextToken: null,
  maxResults: 1000,
  connectorContext: {
    connectorRuntimeSettings: { region: "eu" },
    credentials: { secretArn: SECRET_ARN, authenticationType: "BasicAuth" },
    apiVersion: "v1",
    connectorProfileLabel: "bench-prof",
    flowName: "bench-flow",
    executionId: "5c1e4c4a-0e2b-4f6e-9a57-2f1d7c0f6a11",
    entityDefinition: {
      entity: {
        entityIdentifier: "items",
        label: "Items",
        hasNestedEntities: false,
        isWritable: true,
        description: "Items of the bench",
      },
      fields: fieldNames.map((fieldName, i) => ({
        fieldName,
        dataType: DATA_TYPES[i % 4],
        dataTypeLabel: DATA_TYPES[i % 4],
        label: `Field ${i}`,
        description: `The field number ${i}`,
        isPrimaryKey: i === 0,
        defaultValue: null,
        isDeprecated: false,
        constraints: null,
        readProperties: {
          isRetrievable: true,
          isNullable: i !== 0,
          isQueryable: true,
          isTimestampFieldForIncrementalQueries: i === 3,
        },
        writeProperties: {
          isCreatable: true,
          isUpdatable: i !== 0,
          isNullable: i !== 0,
          isUpsertable: true,
          supportedWriteOperations: ["INSERT", "UPDATE", "UPSERT"],
        },
        filterOperators:
          DATA_TYPES[i % 4] === "Boolean"
            ? ["EQUAL_TO", "NOT_EQUAL_TO"]
            : ["EQUAL_TO", "NOT_EQUAL_TO", "LESS_THAN", "GREATER_THAN", "BETWEEN", "CONTAINS"],
        customProperties: null,
      })),
    },
  },
});

const SECRET = { username: "bench-user", password: "bench-password-0123456789" };

/** A warm cache of the secret, as both the SDK host and a hand-written handler keep it between invocations. */
async function warmSecrets() {
  const cache = new CachedSecretResolver(new StaticSecretResolver({ [SECRET_ARN]: SECRET }));
  await cache.resolve(SECRET_ARN);
  return cache;
}

/**
 * A minimal hand-written Node handler for the same event: a warm secret cache (a Map), the connector's own
 * projection, each record stringified, the response object. No validation, no deadline, no size guard.
 */
function handWritten(rows: DataRecord[]) {
  const secretCache = new Map<string, { username: string; password: string }>([[SECRET_ARN, SECRET]]);
  return async (event: {
    selectedFieldNames: string[];
    maxResults?: number;
    nextToken?: string | null;
    connectorContext: { credentials: { secretArn: string } };
  }) => {
    const secret = secretCache.get(event.connectorContext.credentials.secretArn);
    if (!secret) throw new Error("no secret");
    const at = event.nextToken ? Number(event.nextToken) : 0;
    const page = rows.slice(at, at + (event.maxResults ?? 1000));
    const fields = event.selectedFieldNames;
    const records = new Array<string>(page.length);
    for (let i = 0; i < page.length; i++) {
      const row = page[i]!;
      const out: DataRecord = {};
      for (const f of fields) out[f] = row[f];
      records[i] = JSON.stringify(out);
    }
    const end = at + page.length;
    return {
      isSuccess: true,
      errorDetails: null,
      nextToken: end < rows.length ? String(end) : null,
      records,
    };
  };
}

function jsonFloor(eventText: string, records: DataRecord[]) {
  return () => {
    JSON.parse(eventText);
    const strings = records.map((r) => JSON.stringify(r));
    return JSON.stringify({ isSuccess: true, errorDetails: null, nextToken: null, records: strings });
  };
}

async function check(invoke: () => Promise<string>, n: number, what: string) {
  const response = JSON.parse(await invoke()) as { isSuccess: boolean; records: string[] };
  if (!response.isSuccess || response.records.length !== n)
    throw new Error(`${what} returned the wrong page`);
}

async function runBare(records: DataRecord[]) {
  const host = createAppFlowHost(connectorReturning(records), { secrets: null, logLevel: "silent" });
  const sdk = async () => JSON.stringify(await host.invoke(JSON.parse(bareEvent)));
  await check(sdk, records.length, "the SDK");
  return {
    sdk: await measure(sdk, 1500, CLOCK),
    floor: await measure(jsonFloor(bareEvent, records), 1500, CLOCK),
  };
}

async function runAppFlowShaped(rows: DataRecord[]) {
  const host = createAppFlowHost(projectingConnector(rows), {
    secrets: await warmSecrets(),
    logLevel: "silent",
  });
  const handler = handWritten(rows);
  const sdk = async () => JSON.stringify(await host.invoke(JSON.parse(appflowEvent)));
  const hand = async () => JSON.stringify(await handler(JSON.parse(appflowEvent)));
  await check(sdk, rows.length, "the SDK");
  await check(hand, rows.length, "the hand-written handler");
  // Interleaved, so that a noisy neighbour weighs on all three alike; the best of three rounds each.
  const floor = jsonFloor(appflowEvent, rows);
  const runs = { sdk: [] as number[], hand: [] as number[], floor: [] as number[] };
  for (let round = 0; round < 5; round++) {
    runs.sdk.push(await measure(sdk, 1000, CLOCK));
    runs.hand.push(await measure(hand, 1000, CLOCK));
    runs.floor.push(await measure(floor, 1000, CLOCK));
  }
  return { sdk: Math.min(...runs.sdk), hand: Math.min(...runs.hand), floor: Math.min(...runs.floor) };
}

/**
 * The fixed overhead, measured without the JSON text: the Lambda runtime parses the event and stringifies the
 * response for any handler alike, and parsing this 20 KB event takes ~40 µs, whose noise would drown a few µs.
 * Each call gets its own parsed copy from a pool, so that nothing is served from a copy seen just before.
 */
async function fixedOverhead() {
  const host = createAppFlowHost(projectingConnector([]), {
    secrets: await warmSecrets(),
    logLevel: "silent",
  });
  const handler = handWritten([]);
  const pool = Array.from({ length: 64 }, () => JSON.parse(appflowEvent));
  let i = 0;
  const sdk = async () => JSON.stringify(await host.invoke(pool[i++ & 63]));
  const hand = async () => JSON.stringify(await handler(pool[i++ & 63]));
  await check(sdk, 0, "the SDK");
  const runs = { sdk: [] as number[], hand: [] as number[] };
  // Many short rounds, interleaved: the best of them is the figure least disturbed by other tenants.
  for (let round = 0; round < 15; round++) {
    runs.sdk.push(await measure(sdk, 600, CLOCK));
    runs.hand.push(await measure(hand, 600, CLOCK));
  }
  return { sdk: Math.min(...runs.sdk), hand: Math.min(...runs.hand) };
}

const full = await runBare(makeRecords(1000));
const empty = await runBare([]);
const shaped = await runAppFlowShaped(makeRecords(1000));
const shapedEmpty = await runAppFlowShaped([]);
const fixed = await fixedOverhead();

const perSecond = (us: number) => `${(1e6 / us).toFixed(0)}/s`;
writeSection("AppFlow host: QueryData", "npm run bench -- appflow-query", [
  "One QueryData invocation through `createAppFlowHost(...).invoke` (the Lambda handler's path), event JSON text",
  "in → response JSON text out, built with esbuild as a Lambda bundle would be, log level silent; best 50 ms batch",
  "of each (this 2-core machine is shared, and other tenants only ever add time), counted in this process's",
  "CPU time (`BENCH_CLOCK=wall` for elapsed time), which the time slices other tenants take do not inflate.",
  "",
  "**Bare event** (a 20-field entity definition of names and types, no credentials; the connector returns its",
  "records as they are). The floor: `JSON.parse` of the same event, `JSON.stringify` of each record and of the",
  "response, in the same run.",
  "",
  "| case | SDK | JSON floor | ratio / overhead |",
  "| --- | --- | --- | --- |",
  `| 1000 records × ${FIELDS} fields | ${perSecond(full.sdk)} (${full.sdk.toFixed(0)} µs) | ${perSecond(full.floor)} (${full.floor.toFixed(0)} µs) | ${(full.sdk / full.floor).toFixed(2)}× (target ≤ 1.3×) |`,
  `| empty result | ${empty.sdk.toFixed(1)} µs | ${empty.floor.toFixed(1)} µs | ${(empty.sdk - empty.floor).toFixed(1)} µs fixed overhead |`,
  "",
  "**AppFlow-shaped event** (`appflowEvent` in `bench/appflow-query.ts`): the entity definition as AppFlow sends",
  "it back (20 fields with labels, descriptions, read/write properties and filter operators), credentials with a",
  "`secretArn` resolved from a warm cache, a runtime setting, all 20 fields selected, and a connector that",
  "projects the selected fields itself. The second floor is a minimal hand-written Node handler for the same",
  "event (a `Map` of secrets, the same projection, `JSON.stringify` per record; no validation, deadline or size",
  "guard), measured interleaved with the SDK and the JSON floor, best of five rounds each.",
  "",
  "| case | SDK | hand-written handler | JSON floor | SDK throughput / hand-written |",
  "| --- | --- | --- | --- | --- |",
  `| 1000 records × ${FIELDS} fields | ${perSecond(shaped.sdk)} (${shaped.sdk.toFixed(0)} µs) | ${perSecond(shaped.hand)} (${shaped.hand.toFixed(0)} µs) | ${perSecond(shaped.floor)} (${shaped.floor.toFixed(0)} µs) | ${(shaped.hand / shaped.sdk).toFixed(2)}× (target ≥ 0.9×) |`,
  `| empty result, JSON text in and out | ${shapedEmpty.sdk.toFixed(1)} µs | ${shapedEmpty.hand.toFixed(1)} µs | ${shapedEmpty.floor.toFixed(1)} µs | ${(shapedEmpty.hand / shapedEmpty.sdk).toFixed(2)}× |`,
  `| empty result, parsed event in (fixed overhead) | **${fixed.sdk.toFixed(1)} µs** (target ≤ 5 µs) | ${fixed.hand.toFixed(1)} µs | — | SDK − hand-written: ${(fixed.sdk - fixed.hand).toFixed(1)} µs |`,
  "",
  "The fixed overhead is the last row: the handler's own time on the empty-result event, which the Lambda runtime",
  "hands over already parsed (each call gets its own parsed copy, from a pool of 64; the best of 15 interleaved",
  "rounds). It is decoding and validating the event — the 20-field entity definition most of all —, the deadline",
  "(an alarm on a timer shared by the host's calls, and the promise that guarantees an answer in time), settings,",
  "credentials from the warm cache, the page guard and encoding.",
  "",
  "What took it from about 6.8 µs to under 5 µs (each step measured A/B: both builds in one process, batches",
  "alternated over 31 rounds): the entity definition's fast path checks the event's own field objects and hands",
  "them on instead of copying them (a check generated from the wire schema, allocating nothing); the call runtime",
  "keeps pending deadlines in a linked list (a `Set` hashed each call's new alarm object), makes a call's deadline",
  "one object instead of closures, settles a call through one promise instead of a race with a second one, and",
  "races a page against the deadline inline; a child logger merges its fields only when it writes a line; a",
  "context whose secret is in the warm cache is not awaited; a settings shape's entries are listed once; the",
  "request decoder's optional and enum decoders are made once, not per event. What is left allocates about 7 KB",
  "per call (async frames and promises, mostly), and the young-generation collections that clears cost about",
  "0.4 µs of it. On the quiet machine, eight runs after these changes gave 4.6–5.1 µs (median 4.8 µs). Timed",
  "with each call's event parsed just before it, as on Lambda (four at a time, parsing untimed), the difference to",
  "the hand-written handler was the same, 4.3 µs; timing in four-call chunks added about 0.5 µs to both, so the",
  "pool stays the method.",
  "",
  "Profiled with `node --cpu-prof` on the AppFlow-shaped event before optimising (on the same loaded machine the",
  "empty result then cost ~78 µs with JSON text against ~44 µs for the hand-written handler, ~34 µs more):",
  "garbage collection was the largest item because the per-call `Invocation` was an object literal with a",
  "`get signal()` — a new getter function per call gives every call's object a new hidden class, and most of each",
  "call's garbage was promoted to the old generation —; then an `AbortController` made (and aborted) on every call",
  "only to read a cached secret; then decoding the entity definition (key paths built eagerly, a `Set` look-up per",
  "enum string); per record, a UTF-8 byte count of every record for the page guard. No second projection of the",
  "selected fields is made on this path (only with `clientSideFilter` and a filter reading unselected fields).",
  "",
  "Tried and measured slower, so not kept: caching the last decoded entity definition and comparing each new one",
  "with it value by value (about 23 µs per 20-field comparison, against about 3 µs for the fast decoder, which",
  "allocates little and reads each value once).",
]);
