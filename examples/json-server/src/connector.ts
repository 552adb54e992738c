import {
  type ConnectorContext,
  ConnectorError,
  type DataRecord,
  defineConnector,
  type EntityDefinition,
  isConnectorError,
  projectFields,
  type WriteOutcome,
} from "connector-kit";
import {
  authFromCredentials,
  createHttpClient,
  type HttpClient,
  HttpError,
  nextLinkPaginator,
  RateLimiter,
} from "connector-kit/http";
import { filterToParams } from "./filter-params.js";
import { describeFromSample } from "./schema.js";
import { settings } from "./settings.js";

type Ctx = ConnectorContext<typeof settings>;

/** Default number of records sampled by describeEntity. */
export const DEFAULT_SAMPLE_SIZE = 100;
/** Largest `_limit` asked of json-server. */
const MAX_PAGE_SIZE = 1000;
/** Ids per retrieve request (`?id=1&id=2…`), to keep URLs short. */
const IDS_PER_REQUEST = 100;
/** Records written at once. */
const WRITE_CONCURRENCY = 4;

/** Rate limiters by base URL, shared by every call of a warm process (the limit is the upstream's). */
const limiters = new Map<string, RateLimiter>();

/** An HTTP client for this call: its settings, credentials, deadline, signal and logger. */
export function clientFor(ctx: Ctx): HttpClient {
  const s = ctx.settings;
  const apiKeyIn = s.apiKeyIn === "query" ? "query" : "header";
  let limiter: RateLimiter | undefined;
  if (s.requestsPerSecond !== undefined && s.requestsPerSecond > 0) {
    const key = `${s.baseUrl} ${s.requestsPerSecond}`;
    limiter = limiters.get(key);
    if (!limiter) {
      limiter = new RateLimiter({ requestsPerSecond: s.requestsPerSecond });
      limiters.set(key, limiter);
    }
  }
  return createHttpClient({
    baseUrl: s.baseUrl,
    auth: authFromCredentials(ctx.credentials, {
      apiKey: { in: apiKeyIn, ...(s.apiKeyName ? { name: s.apiKeyName } : {}) },
    }),
    timeoutMs: s.requestTimeoutMs ?? 5000,
    retry: { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 2000 },
    ...(limiter ? { rateLimit: limiter } : {}),
    logger: ctx.logger,
    signal: ctx.signal,
    deadline: ctx.deadline,
  });
}

/** The collections: the `collections` setting, or every array in `GET /db` (singular resources are not entities). */
async function collectionsOf(ctx: Ctx, client: HttpClient): Promise<string[]> {
  if (ctx.settings.collections) {
    return [
      ...new Set(
        ctx.settings.collections
          .split(",")
          .map((c) => c.trim())
          .filter((c) => c !== ""),
      ),
    ];
  }
  const db = (await client.get("/db")).json<Record<string, unknown>>();
  if (db === null || typeof db !== "object")
    throw new ConnectorError("ServerError", "GET /db did not return an object");
  return Object.keys(db).filter((name) => Array.isArray(db[name]));
}

function asRecords(value: unknown, what: string): DataRecord[] {
  if (
    !Array.isArray(value) ||
    !value.every((r) => r !== null && typeof r === "object" && !Array.isArray(r))
  ) {
    throw new ConnectorError("ServerError", `${what} did not return an array of objects`);
  }
  return value as DataRecord[];
}

async function findByField(
  client: HttpClient,
  collection: string,
  field: string,
  value: unknown,
): Promise<DataRecord[]> {
  return asRecords(
    (await client.get([collection], { query: { [field]: String(value) } })).json(),
    "a lookup",
  );
}

/** The json-server id of the record a write addresses: its `id`, or the record found by `idFieldNames[0]`. */
async function idOf(
  client: HttpClient,
  collection: string,
  record: DataRecord,
  idField: string,
): Promise<string | null> {
  const value = record[idField];
  if (value === undefined || value === null || value === "") return null;
  if (idField === "id") return String(value);
  const found = await findByField(client, collection, idField, value);
  if (found.length > 1)
    throw new ConnectorError("InvalidArgument", `${found.length} records have ${idField} = ${String(value)}`);
  return found.length === 0 ? null : String(found[0]!["id"]);
}

const FATAL = new Set(["InvalidCredentials", "AccessDenied"]);

/**
 * Amazon AppFlow connector for a json-server REST API: collections as entities, described by sampling, queries
 * with the filter partly pushed down as json-server parameters (the rest applied by the SDK), `_page`/`_limit`
 * pages followed through the `Link` header, retrieve by ids, and writes with a result per record.
 */
export const jsonServerConnector = defineConnector({
  name: "JsonServer",
  owner: "connector-kit",
  version: "1.0.0",
  description: "Collections of a json-server REST API, read and written through connector-kit/http",
  auth: { apiKey: true },
  settings,
  metadataCacheSeconds: 600,
  // json-server filters only part of the language (see filter-params.ts): the SDK applies the whole filter
  // exactly, with the in-memory predicate, to what the pushed-down parameters selected.
  clientSideFilter: true,

  async validateCredentials(ctx) {
    const client = clientFor(ctx);
    const [first] = ctx.settings.collections ? await collectionsOf(ctx, client) : [null];
    await (first
      ? client.get([first], { query: { _limit: 1 } })
      : client.get("/db", { query: { _limit: 1 } }));
  },

  async listEntities(ctx) {
    const names = await collectionsOf(ctx, clientFor(ctx));
    return names.map((name) => ({
      entityIdentifier: name,
      hasNestedEntities: false,
      isWritable: true,
      label: name,
    }));
  },

  async describeEntity(ctx, entityIdentifier): Promise<EntityDefinition> {
    const client = clientFor(ctx);
    const size = Math.min(Math.max(ctx.settings.sampleSize ?? DEFAULT_SAMPLE_SIZE, 1), MAX_PAGE_SIZE);
    const response = await client.get([entityIdentifier], {
      query: [
        ["_page", 1],
        ["_limit", size],
      ],
    });
    const body = response.json();
    if (!Array.isArray(body)) {
      throw new ConnectorError("ResourceNotFoundError", `${entityIdentifier} is not a collection`);
    }
    return describeFromSample(entityIdentifier, asRecords(body, `GET /${entityIdentifier}`));
  },

  async *query(ctx, input, upstreamToken) {
    const client = clientFor(ctx);
    const pageSize = Math.min(Math.max(input.pageSize, 1), MAX_PAGE_SIZE);
    const request = {
      path: [input.entityIdentifier],
      // `_page` first: json-server builds its Link header by replacing the first "page=<n>" of the URL.
      query: [
        ["_page", "1"],
        ["_limit", String(pageSize)],
        ...filterToParams(input.filter, input.entity),
      ] as Array<[string, string]>,
    };
    const pages = nextLinkPaginator<DataRecord>({ from: "link-header" }).recordPages(client, request, {
      token: upstreamToken,
      deadline: ctx.deadline,
      signal: ctx.signal,
      partialPageOnGiveUp: true,
    });
    for await (const page of pages) {
      yield {
        records: asRecords(page.records, "a page").map((r) => projectFields(r, input.fields)),
        nextToken: page.nextToken,
      };
    }
  },

  async retrieve(ctx, input) {
    const client = clientFor(ctx);
    const field = input.idFieldName ?? "id";
    const out: DataRecord[] = [];
    for (let i = 0; i < input.ids.length; i += IDS_PER_REQUEST) {
      const ids = input.ids.slice(i, i + IDS_PER_REQUEST);
      const found = asRecords(
        (await client.get([input.entityIdentifier], { query: ids.map((id) => [field, id] as const) })).json(),
        "a retrieve",
      );
      for (const record of found) out.push(projectFields(record, input.fields));
    }
    return out;
  },

  async write(ctx, input) {
    if (input.allOrNone) {
      throw ConnectorError.invalidArgument(
        "json-server has no transactions: allOrNone writes are not supported",
      );
    }
    const client = clientFor(ctx);
    const collection = input.entityIdentifier;
    const idField = input.idFieldNames[0] ?? "id";

    const writeOne = async (record: DataRecord): Promise<WriteOutcome> => {
      switch (input.operation) {
        case "INSERT": {
          const created = (await client.post([collection], record)).json<DataRecord>();
          return { isSuccess: true, recordId: String(created["id"]) };
        }
        case "UPDATE": {
          const id = await idOf(client, collection, record, idField);
          if (id === null)
            return {
              isSuccess: false,
              errorMessage: `No record with ${idField} = ${String(record[idField])}`,
            };
          const { id: _drop, ...changes } = record;
          await client.patch([collection, id], changes);
          return { isSuccess: true, recordId: id };
        }
        case "UPSERT": {
          const id = await idOf(client, collection, record, idField);
          if (id !== null) {
            const replaced = await client.put(
              [collection, id],
              { ...record, id: Number.isNaN(Number(id)) ? id : Number(id) },
              {
                acceptStatus: [404],
              },
            );
            if (replaced.status !== 404) return { isSuccess: true, recordId: id };
          }
          const created = (await client.post([collection], record)).json<DataRecord>();
          return { isSuccess: true, recordId: String(created["id"]) };
        }
        case "DELETE": {
          const id = await idOf(client, collection, record, idField);
          if (id === null)
            return {
              isSuccess: false,
              errorMessage: `No record with ${idField} = ${String(record[idField])}`,
            };
          try {
            await client.delete([collection, id]);
          } catch (error) {
            // A 404 after a retried attempt: the earlier attempt deleted it (its answer was lost).
            if (!(error instanceof HttpError && error.status === 404 && error.attempts > 1)) throw error;
          }
          return { isSuccess: true, recordId: id };
        }
      }
    };

    const outcomes: WriteOutcome[] = new Array(input.records.length);
    let next = 0;
    const worker = async () => {
      while (next < input.records.length) {
        const index = next++;
        if (ctx.remainingMs() <= 0) {
          outcomes[index] = {
            isSuccess: false,
            errorMessage: "Not written: the operation's deadline passed",
          };
          continue;
        }
        try {
          outcomes[index] = await writeOne(input.records[index]!);
        } catch (error) {
          if (isConnectorError(error) && FATAL.has(error.code)) throw error;
          const message =
            error instanceof HttpError || isConnectorError(error) ? error.message : String(error);
          outcomes[index] = { isSuccess: false, errorMessage: message };
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(WRITE_CONCURRENCY, input.records.length) }, worker));
    return outcomes;
  },
});
