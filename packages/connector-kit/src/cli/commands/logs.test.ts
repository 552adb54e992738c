import { tmpdir } from "node:os";
import { afterEach, describe, expect, it } from "vitest";
import {
  type RecordingEndpoint,
  startRecordingEndpoint,
} from "../../deploy/test-support/recording-endpoint.js";
import { captureCli } from "../test-support/capture-cli.js";

const ENV = {
  AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
  AWS_SECRET_ACCESS_KEY: "fake",
  CONNECTOR_KIT_LOGS_POLL_MS: "1",
};
const T = Date.parse("2024-05-01T11:59:00Z");
const LINE = JSON.stringify({
  time: "2024-05-01T11:59:00.000Z",
  level: "error",
  msg: "Upstream failed",
  status: 503,
});

let endpoint: RecordingEndpoint | undefined;
afterEach(async () => {
  await endpoint?.close();
  endpoint = undefined;
});

describe("connector logs", () => {
  it("prints the function's log events, pretty or as JSON lines", async () => {
    endpoint = await startRecordingEndpoint(() => ({
      body: { events: [{ timestamp: T, message: `${LINE}\n`, logStreamName: "s", eventId: "e1" }] },
    }));
    const base = ["logs", "planets-connector", "--region", "us-east-1", "--endpoint-url", endpoint.url];
    const pretty = await captureCli(
      [...base, "--since", "2h", "--filter", "ERROR", "--pretty"],
      tmpdir(),
      ENV,
    );
    expect(pretty.status).toBe(0);
    expect(pretty.stdout).toBe("2024-05-01T11:59:00.000Z ERROR Upstream failed status=503\n");
    const body = endpoint.requests[0]!.body as Record<string, unknown>;
    expect(endpoint.requests[0]!.headers["x-amz-target"]).toBe("Logs_20140328.FilterLogEvents");
    expect(body).toMatchObject({
      logGroupName: "/aws/lambda/planets-connector",
      filterPattern: "ERROR",
      limit: 1000,
    });
    expect((body["endTime"] as number) - (body["startTime"] as number)).toBeGreaterThanOrEqual(2 * 3_600_000);

    const json = await captureCli([...base, "--json", "--limit", "5"], tmpdir(), ENV);
    expect(JSON.parse(json.stdout)).toEqual({
      timestamp: T,
      message: `${LINE}\n`,
      logStreamName: "s",
      eventId: "e1",
    });
    expect(endpoint.requests[1]!.body).toMatchObject({ limit: 5 });
  });

  it("runs a Logs Insights query and prints a table", async () => {
    endpoint = await startRecordingEndpoint((r) =>
      String(r.headers["x-amz-target"]).endsWith("StartQuery")
        ? { body: { queryId: "q-9" } }
        : {
            body: {
              status: "Complete",
              results: [
                [
                  { field: "@timestamp", value: "2024-05-01 11:59:00.000" },
                  { field: "@message", value: "hello\n" },
                ],
              ],
            },
          },
    );
    const r = await captureCli(
      [
        "logs",
        "f",
        "--region",
        "us-east-1",
        "--endpoint-url",
        endpoint.url,
        "--query",
        "fields @timestamp, @message",
      ],
      tmpdir(),
      ENV,
    );
    expect(r.status).toBe(0);
    expect(r.stdout.split("\n")[0]).toMatch(/^@timestamp\s+@message$/);
    expect(r.stdout).toContain("2024-05-01 11:59:00.000  hello");
    expect(endpoint.requests[0]!.body).toMatchObject({
      logGroupName: "/aws/lambda/f",
      queryString: "fields @timestamp, @message",
    });
  });

  it("rejects a bad time or limit", async () => {
    expect(
      (await captureCli(["logs", "f", "--region", "us-east-1", "--since", "yesterday"], tmpdir(), ENV))
        .stderr,
    ).toMatch(/--since: "yesterday" is neither/);
    expect(
      (await captureCli(["logs", "f", "--region", "us-east-1", "--limit", "0"], tmpdir(), ENV)).status,
    ).toBe(2);
    expect((await captureCli(["logs"], tmpdir(), ENV)).status).toBe(2);
  });
});
