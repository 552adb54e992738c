import type { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import type { AwsSdkClient } from "../core/aws-sdk-client.js";
import { ConnectorError } from "../core/errors/connector-error.js";
import { missingPeer } from "../core/peer-dependency.js";
import { sleep } from "../core/sleep.js";
import { type AwsClientOptions, awsClientConfig } from "./aws-client-options.js";
import { parseTimeSpec } from "./since.js";

/** Where and when to read a connector's logs. */
export interface LogsScope extends AwsClientOptions {
  /** The connector's function; its log group is `/aws/lambda/<functionName>`. Required unless `logGroupName` is given. */
  functionName?: string;
  /** The log group. Default: `/aws/lambda/<functionName>`. */
  logGroupName?: string;
  /** Start: a duration before now (`15m`, `2h`), an ISO time, or a Date. Default: {@link DEFAULT_SINCE}. */
  since?: string | Date;
  /** End, in the same forms. Default: now. */
  until?: string | Date;
  /** Clock. Default: `Date.now`. */
  now?: () => number;
  /** A CloudWatch Logs client to use instead of making one. Default: made from the options. */
  client?: AwsSdkClient;
}

/** Options of {@link fetchLogEvents}. */
export interface FetchLogEventsOptions extends LogsScope {
  /** A CloudWatch Logs filter pattern, e.g. `"ERROR"` or `{ $.level = "error" }`. Default: every event. */
  filterPattern?: string;
  /** Most events returned. Default: {@link DEFAULT_LOG_LIMIT}. */
  limit?: number;
  /** Called for each event as pages arrive. Default: none. */
  onEvent?: (event: LogEvent) => void;
}

/** One log event. */
export interface LogEvent {
  /** Milliseconds since the epoch. */
  timestamp: number;
  message: string;
  logStreamName: string;
  eventId: string;
}

/** What {@link fetchLogEvents} found. */
export interface FetchedLogEvents {
  logGroupName: string;
  events: LogEvent[];
  /** True when `limit` stopped the reading before the last page. */
  truncated: boolean;
}

/** Options of {@link queryLogs}. */
export interface QueryLogsOptions extends LogsScope {
  /** A CloudWatch Logs Insights query, e.g. `fields @timestamp, @message | sort @timestamp desc`. Required. */
  query: string;
  /** Most rows. Default: {@link DEFAULT_LOG_LIMIT}. */
  limit?: number;
  /** Milliseconds between GetQueryResults polls. Default: 1000. */
  pollIntervalMs?: number;
  /** Longest wait for the query, in milliseconds. Default: 60,000. */
  maxWaitMs?: number;
}

/** What {@link queryLogs} found: the rows as field → value. */
export interface LogsQueryResult {
  logGroupName: string;
  queryId: string;
  status: string;
  rows: Record<string, string>[];
  statistics: { recordsMatched?: number; recordsScanned?: number; bytesScanned?: number } | null;
}

/** Default start of the logs read: 15 minutes ago. */
export const DEFAULT_SINCE = "15m";
/** Default most events or rows read: 1,000. */
export const DEFAULT_LOG_LIMIT = 1000;

const DONE = new Set(["Complete", "Failed", "Cancelled", "Timeout", "Unknown"]);

function timeOf(value: string | Date, now: number): number {
  return value instanceof Date ? value.getTime() : parseTimeSpec(value, now);
}

function scopeOf(o: LogsScope): { logGroupName: string; start: number; end: number } {
  const logGroupName = o.logGroupName ?? (o.functionName ? `/aws/lambda/${o.functionName}` : undefined);
  if (!logGroupName) throw new RangeError("Give a function name or a log group");
  const now = (o.now ?? Date.now)();
  const start = timeOf(o.since ?? DEFAULT_SINCE, now);
  const end = o.until === undefined ? now : timeOf(o.until, now);
  if (start > end) throw new RangeError("The start of the time range is after its end");
  return { logGroupName, start, end };
}

type LogsModule = typeof import("@aws-sdk/client-cloudwatch-logs");

async function clientOf(o: LogsScope): Promise<{ L: LogsModule; client: CloudWatchLogsClient }> {
  const L = await import("@aws-sdk/client-cloudwatch-logs").catch(
    missingPeer("@aws-sdk/client-cloudwatch-logs", "connector logs"),
  );
  return {
    L,
    client: (o.client as CloudWatchLogsClient | undefined) ?? new L.CloudWatchLogsClient(awsClientConfig(o)),
  };
}

/**
 * Reads a connector's log events with CloudWatch Logs FilterLogEvents, following `nextToken` until the
 * time range is read or `limit` events are found (the equivalent of the AppFlow log fetcher, without
 * the S3 upload).
 *
 * @throws RangeError (a programming error: the CLI checks its flags first) for a scope without a function or log
 * group, or one that ends before it starts.
 */
export async function fetchLogEvents(options: FetchLogEventsOptions): Promise<FetchedLogEvents> {
  const { logGroupName, start, end } = scopeOf(options);
  const limit = options.limit ?? DEFAULT_LOG_LIMIT;
  const { L, client } = await clientOf(options);
  const events: LogEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(
      new L.FilterLogEventsCommand({
        logGroupName,
        startTime: start,
        endTime: end,
        ...(options.filterPattern ? { filterPattern: options.filterPattern } : {}),
        ...(nextToken ? { nextToken } : {}),
        limit: Math.min(10_000, limit - events.length),
      }),
    );
    for (const e of page.events ?? []) {
      if (events.length >= limit) break;
      const event: LogEvent = {
        timestamp: e.timestamp ?? 0,
        message: e.message ?? "",
        logStreamName: e.logStreamName ?? "",
        eventId: e.eventId ?? "",
      };
      events.push(event);
      options.onEvent?.(event);
    }
    nextToken = page.nextToken;
  } while (nextToken && events.length < limit);
  return { logGroupName, events, truncated: nextToken !== undefined };
}

/**
 * Runs a CloudWatch Logs Insights query on a connector's log group (StartQuery, then GetQueryResults
 * until the query is done), as the AppFlow log fetcher does.
 *
 * @throws ConnectorError `ServerError` when the query fails, `RequestTimeout` when it does not finish within
 * `maxWaitMs`; a RangeError (a programming error: the CLI checks its flags first) for a scope without a
 * function or log group, or one that ends before it starts.
 */
export async function queryLogs(options: QueryLogsOptions): Promise<LogsQueryResult> {
  const { logGroupName, start, end } = scopeOf(options);
  const { L, client } = await clientOf(options);
  const started = await client.send(
    new L.StartQueryCommand({
      logGroupName,
      startTime: Math.floor(start / 1000),
      endTime: Math.ceil(end / 1000),
      queryString: options.query,
      limit: options.limit ?? DEFAULT_LOG_LIMIT,
    }),
  );
  const queryId = started.queryId;
  if (!queryId) throw new ConnectorError("ServerError", "CloudWatch Logs returned no query id");
  const deadline = Date.now() + (options.maxWaitMs ?? 60_000);
  for (;;) {
    const r = await client.send(new L.GetQueryResultsCommand({ queryId }));
    const status = r.status ?? "Unknown";
    if (DONE.has(status)) {
      if (status !== "Complete")
        throw new ConnectorError("ServerError", `The Logs Insights query ended with status ${status}`);
      const rows = (r.results ?? []).map((fields) =>
        Object.fromEntries(
          fields
            .filter((f) => f.field !== undefined && f.field !== "@ptr")
            .map((f) => [f.field!, f.value ?? ""]),
        ),
      );
      const s = r.statistics;
      return {
        logGroupName,
        queryId,
        status,
        rows,
        statistics: s
          ? {
              ...(s.recordsMatched !== undefined ? { recordsMatched: s.recordsMatched } : {}),
              ...(s.recordsScanned !== undefined ? { recordsScanned: s.recordsScanned } : {}),
              ...(s.bytesScanned !== undefined ? { bytesScanned: s.bytesScanned } : {}),
            }
          : null,
      };
    }
    if (Date.now() > deadline) {
      await client.send(new L.StopQueryCommand({ queryId })).catch(() => undefined);
      throw new ConnectorError(
        "RequestTimeout",
        `The Logs Insights query ${queryId} did not finish in time (status ${status})`,
      );
    }
    await sleep(options.pollIntervalMs ?? 1000);
  }
}
