/** Test helpers for the HTTP host: a listener standing for an attacker's server, and raw HTTP requests. */
import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";

/** A real HTTP listener that records every request it receives (standing for an attacker's server). */
export interface Recorder {
  /** `http://127.0.0.1:<port>/`. */
  readonly url: string;
  /** Headers of every request received, in order. */
  readonly received: Record<string, string | string[] | undefined>[];
  close(): Promise<void>;
}

/** Starts a {@link Recorder} on a free loopback port. */
export function startRecorder(): Promise<Recorder> {
  const received: Recorder["received"] = [];
  const server = createServer((req, res) => {
    received.push(req.headers);
    req.resume();
    res.end("{}");
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}/`,
        received,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

/** An answer of {@link rawRequest}. */
export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * One HTTP request with exactly the headers given (fetch would add or refuse some, such as `Host`): what a
 * browser, a rebinding page or a script would send.
 */
export function rawRequest(
  base: string,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawAnswer> {
  const url = new URL(path, base);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: init.method ?? "POST", headers: { connection: "close", ...init.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString("utf8"),
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(init.body);
  });
}
