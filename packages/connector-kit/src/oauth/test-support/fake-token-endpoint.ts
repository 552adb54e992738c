import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

/** One request received by the fake token endpoint. */
export interface RecordedTokenRequest {
  method: string;
  /** Path and query, as received. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** What the fake answers: status (default 200), a JSON body or text, extra headers. */
export interface FakeTokenAnswer {
  status?: number;
  json?: unknown;
  text?: string;
  headers?: Record<string, string>;
}

/** A fake token endpoint on loopback for tests: records every request and answers as told. */
export interface FakeTokenEndpoint {
  /** `http://127.0.0.1:<port>`. */
  readonly origin: string;
  readonly requests: RecordedTokenRequest[];
  /** Replaces the answer function. */
  respond(answer: (request: RecordedTokenRequest) => FakeTokenAnswer): void;
  close(): Promise<void>;
}

/** The default answer: a bearer token valid for an hour, no refresh token. */
export const DEFAULT_FAKE_ANSWER: FakeTokenAnswer = {
  json: { access_token: "fake-access-token", token_type: "Bearer", expires_in: 3600 },
};

/** Starts a {@link FakeTokenEndpoint} on 127.0.0.1 and a free port. Not a real authorization server. */
export async function startFakeTokenEndpoint(): Promise<FakeTokenEndpoint> {
  const requests: RecordedTokenRequest[] = [];
  let answer: (request: RecordedTokenRequest) => FakeTokenAnswer = () => DEFAULT_FAKE_ANSWER;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const request: RecordedTokenRequest = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      requests.push(request);
      const reply = answer(request);
      const body = reply.text ?? JSON.stringify(reply.json ?? {});
      res.writeHead(reply.status ?? 200, {
        "content-type": reply.text === undefined ? "application/json" : "text/plain",
        ...reply.headers,
      });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    respond(next) {
      answer = next;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
