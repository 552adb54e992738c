import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { sleep } from "../../core/sleep.js";

/** A request as the test server saw it. */
export interface SeenRequest {
  method: string;
  url: URL;
  headers: IncomingMessage["headers"];
  body: string;
  at: number;
}

export type TestHandler = (
  req: SeenRequest,
  res: ServerResponse,
  raw: IncomingMessage,
) => void | Promise<void>;

/** A node:http server on 127.0.0.1 with a swappable handler, recording every request. */
export interface TestServer {
  readonly url: string;
  readonly requests: SeenRequest[];
  /** Requests being handled right now, and the most at once. */
  readonly inFlight: { now: number; max: number };
  handle(handler: TestHandler): void;
  close(): Promise<void>;
}

export async function startTestServer(
  handler: TestHandler = (_q, res) => json(res, 200, {}),
): Promise<TestServer> {
  let current = handler;
  const requests: SeenRequest[] = [];
  const inFlight = { now: 0, max: 0 };
  const server: Server = createServer((raw, res) => {
    const chunks: Buffer[] = [];
    raw.on("data", (c: Buffer) => chunks.push(c));
    raw.on("end", () => {
      const seen: SeenRequest = {
        method: raw.method ?? "GET",
        url: new URL(raw.url ?? "/", "http://127.0.0.1"),
        headers: raw.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        at: Date.now(),
      };
      requests.push(seen);
      inFlight.now++;
      inFlight.max = Math.max(inFlight.max, inFlight.now);
      let done = false;
      const finish = () => {
        if (!done) {
          done = true;
          inFlight.now--;
        }
      };
      res.on("close", finish);
      Promise.resolve(current(seen, res, raw)).catch((error: unknown) => {
        if (!res.headersSent) json(res, 500, { error: String(error) });
      });
    });
  });
  server.keepAliveTimeout = 100;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    inFlight,
    handle(next) {
      current = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Answers with a JSON body. */
export function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** Resolves after `ms` milliseconds (core/sleep without a signal; kept as the tests' name for it). */
export function delay(ms: number): Promise<void> {
  return sleep(ms);
}
