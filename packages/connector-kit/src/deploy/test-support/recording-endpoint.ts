import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

/** One request the endpoint received. */
export interface RecordedRequest {
  method: string;
  /** The path without the query string. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The body parsed as JSON, or null when it is empty. */
  body: unknown;
  /** The raw body. */
  raw: string;
}

/** The answer a route gives: a status, a JSON body (default `{}`), and extra headers. */
export interface EndpointReply {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Answers one request; `undefined` means 404 with an `UnknownOperationException`. */
export type EndpointRoute = (request: RecordedRequest) => EndpointReply | undefined;

/** A local HTTP server standing in for an AWS endpoint in tests: it records every request. */
export interface RecordingEndpoint {
  /** `http://127.0.0.1:<port>`, for a client's `endpoint` option. */
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** Starts a recording endpoint on a free loopback port. */
export async function startRecordingEndpoint(route: EndpointRoute): Promise<RecordingEndpoint> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const url = new URL(req.url ?? "/", "http://localhost");
      let body: unknown = null;
      if (raw !== "") {
        try {
          body = JSON.parse(raw);
        } catch {
          body = raw;
        }
      }
      const recorded: RecordedRequest = {
        method: req.method ?? "GET",
        path: decodeURIComponent(url.pathname),
        query: url.searchParams,
        headers: req.headers,
        body,
        raw,
      };
      requests.push(recorded);
      let reply: EndpointReply | undefined;
      try {
        reply = route(recorded);
      } catch (error) {
        reply = { status: 500, body: { message: String(error) } };
      }
      reply ??= {
        status: 404,
        body: { message: `No route for ${recorded.method} ${recorded.path}` },
        headers: { "x-amzn-errortype": "UnknownOperationException" },
      };
      const text = JSON.stringify(reply.body ?? {});
      res.writeHead(reply.status ?? 200, {
        "content-type": "application/json",
        "content-length": Buffer.byteLength(text),
        "x-amzn-requestid": `req-${requests.length}`,
        ...reply.headers,
      });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}

/** Fake static credentials for clients pointed at a recording endpoint. */
export const FAKE_CREDENTIALS = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "fake" } as const;
