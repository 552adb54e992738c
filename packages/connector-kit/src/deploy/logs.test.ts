import { afterEach, describe, expect, it } from "vitest";
import { formatLogEvent } from "./format-log-event.js";
import { fetchLogEvents, queryLogs } from "./logs.js";
import { parseTimeSpec } from "./since.js";
import {
  FAKE_CREDENTIALS,
  type RecordingEndpoint,
  startRecordingEndpoint,
} from "./test-support/recording-endpoint.js";

const NOW = Date.parse("2024-05-01T12:00:00Z");
let endpoint: RecordingEndpoint | undefined;
afterEach(async () => {
  await endpoint?.close();
  endpoint = undefined;
});

const client = (url: string) => ({
  region: "us-east-1",
  endpoint: url,
  credentials: FAKE_CREDENTIALS,
  maxAttempts: 1,
  now: () => NOW,
});

const LINE = JSON.stringify({
  time: "2024-05-01T11:59:00.000Z",
  level: "info",
  msg: "Request handled",
  durationMs: 3,
});

describe("fetchLogEvents", () => {
  it("pages through FilterLogEvents with the JSON 1.1 protocol", async () => {
    endpoint = await startRecordingEndpoint((r) => {
      const token = (r.body as { nextToken?: string }).nextToken;
      const event = (n: number) => ({
        timestamp: NOW - 60_000 + n,
        message: `${LINE}\n`,
        logStreamName: "s",
        eventId: `e${n}`,
      });
      return token === undefined
        ? { body: { events: [event(1), event(2)], nextToken: "page-2" } }
        : { body: { events: [event(3)] } };
    });
    const seen: string[] = [];
    const r = await fetchLogEvents({
      ...client(endpoint.url),
      functionName: "planets-connector",
      since: "15m",
      filterPattern: "Request",
      onEvent: (e) => seen.push(e.eventId),
    });
    expect(r).toMatchObject({ logGroupName: "/aws/lambda/planets-connector", truncated: false });
    expect(seen).toEqual(["e1", "e2", "e3"]);
    const [first, second] = endpoint.requests;
    expect(first!.headers["x-amz-target"]).toBe("Logs_20140328.FilterLogEvents");
    expect(first!.headers["content-type"]).toBe("application/x-amz-json-1.1");
    expect(first!.body).toEqual({
      logGroupName: "/aws/lambda/planets-connector",
      startTime: NOW - 15 * 60_000,
      endTime: NOW,
      filterPattern: "Request",
      limit: 1000,
    });
    expect(second!.body).toMatchObject({ nextToken: "page-2" });
  });

  it("stops at the limit", async () => {
    endpoint = await startRecordingEndpoint(() => ({
      body: {
        events: [
          { timestamp: NOW, message: "a", eventId: "1" },
          { timestamp: NOW, message: "b", eventId: "2" },
        ],
        nextToken: "more",
      },
    }));
    const r = await fetchLogEvents({ ...client(endpoint.url), logGroupName: "/custom", limit: 2 });
    expect(r.events.map((e) => e.message)).toEqual(["a", "b"]);
    expect(r.truncated).toBe(true);
    expect(endpoint.requests).toHaveLength(1);
    expect(endpoint.requests[0]!.body).toMatchObject({ logGroupName: "/custom", limit: 2 });
  });
});

describe("queryLogs", () => {
  it("starts a Logs Insights query and polls its results", async () => {
    let polls = 0;
    endpoint = await startRecordingEndpoint((r) => {
      const target = String(r.headers["x-amz-target"]);
      if (target.endsWith("StartQuery")) return { body: { queryId: "q-1" } };
      if (target.endsWith("GetQueryResults")) {
        return ++polls === 1
          ? { body: { status: "Running", results: [] } }
          : {
              body: {
                status: "Complete",
                results: [
                  [
                    { field: "@timestamp", value: "2024-05-01 11:59:00.000" },
                    { field: "@message", value: "hi" },
                    { field: "@ptr", value: "x" },
                  ],
                ],
                statistics: { recordsMatched: 1, recordsScanned: 10, bytesScanned: 100 },
              },
            };
      }
      return undefined;
    });
    const r = await queryLogs({
      ...client(endpoint.url),
      functionName: "f",
      since: "2h",
      query: "fields @timestamp, @message",
      pollIntervalMs: 1,
    });
    expect(r).toEqual({
      logGroupName: "/aws/lambda/f",
      queryId: "q-1",
      status: "Complete",
      rows: [{ "@timestamp": "2024-05-01 11:59:00.000", "@message": "hi" }],
      statistics: { recordsMatched: 1, recordsScanned: 10, bytesScanned: 100 },
    });
    expect(endpoint.requests.map((x) => x.headers["x-amz-target"])).toEqual([
      "Logs_20140328.StartQuery",
      "Logs_20140328.GetQueryResults",
      "Logs_20140328.GetQueryResults",
    ]);
    expect(endpoint.requests[0]!.body).toEqual({
      logGroupName: "/aws/lambda/f",
      startTime: (NOW - 2 * 3_600_000) / 1000,
      endTime: NOW / 1000,
      queryString: "fields @timestamp, @message",
      limit: 1000,
    });
    expect(endpoint.requests[1]!.body).toEqual({ queryId: "q-1" });
  });

  it("fails on a failed query", async () => {
    endpoint = await startRecordingEndpoint((r) =>
      String(r.headers["x-amz-target"]).endsWith("StartQuery")
        ? { body: { queryId: "q" } }
        : { body: { status: "Failed" } },
    );
    await expect(queryLogs({ ...client(endpoint.url), functionName: "f", query: "x" })).rejects.toThrow(
      /status Failed/,
    );
  });
});

describe("parseTimeSpec and formatLogEvent", () => {
  it("parses durations and ISO times", () => {
    expect(parseTimeSpec("15m", NOW)).toBe(NOW - 900_000);
    expect(parseTimeSpec("1h30m", NOW)).toBe(NOW - 5_400_000);
    expect(parseTimeSpec("2024-05-01T00:00:00Z", NOW)).toBe(Date.parse("2024-05-01T00:00:00Z"));
    expect(() => parseTimeSpec("yesterday", NOW)).toThrow(RangeError);
  });

  it("pretty-prints connector-kit's JSON lines, also behind Lambda's text prefix", () => {
    const event = { timestamp: NOW, message: `${LINE}\n`, logStreamName: "s", eventId: "1" };
    expect(formatLogEvent(event)).toBe(`2024-05-01T12:00:00.000Z ${LINE}`);
    expect(formatLogEvent(event, { pretty: true })).toBe(
      "2024-05-01T12:00:00.000Z INFO  Request handled durationMs=3",
    );
    const prefixed = { ...event, message: `2024-05-01T12:00:00.000Z\tabc-123\tINFO\t${LINE}` };
    expect(formatLogEvent(prefixed, { pretty: true })).toBe(
      "2024-05-01T12:00:00.000Z INFO  Request handled durationMs=3",
    );
    const plain = { ...event, message: "START RequestId: abc Version: $LATEST\n" };
    expect(formatLogEvent(plain, { pretty: true })).toBe(
      "2024-05-01T12:00:00.000Z START RequestId: abc Version: $LATEST",
    );
  });
});
