import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** A Lambda handler as the fake runs it. */
export type FakeLambdaHandler = (event: unknown, context: object) => Promise<unknown>;

/** A local stand-in for Lambda's Invoke: real handlers, fake transport. */
export interface FakeLambdaInvoke {
  /** `http://127.0.0.1:<port>`, for a Lambda client's `endpoint`. */
  url: string;
  /** Function names (as the request path names them: a name or an ARN) of each invocation, in order. */
  invocations: string[];
  close(): Promise<void>;
}

/**
 * Starts a fake Lambda speaking the Invoke REST protocol (`POST /2015-03-31/functions/<name>/invocations`,
 * the event as the body, the answer as the body) on a loopback port. Each function is a real handler run
 * in-process; a handler that throws is answered as Lambda does, with `X-Amz-Function-Error: Unhandled` and
 * `{ errorType, errorMessage }`. An unknown function is a `ResourceNotFoundException`.
 */
export async function startFakeLambdaInvoke(
  functions: Readonly<Record<string, FakeLambdaHandler>>,
): Promise<FakeLambdaInvoke> {
  const invocations: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        const text = JSON.stringify(body);
        res.writeHead(status, { "content-type": "application/json", "x-amzn-requestid": "fake", ...headers });
        res.end(text);
      };
      const match = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(
        new URL(req.url ?? "/", "http://x").pathname,
      );
      const name = match ? decodeURIComponent(match[1]!) : "";
      const handler = functions[name];
      if (req.method !== "POST" || !handler) {
        reply(
          404,
          { message: `Function not found: ${name}`, Type: "User" },
          {
            "x-amzn-errortype": "ResourceNotFoundException",
          },
        );
        return;
      }
      invocations.push(name);
      const event: unknown = JSON.parse(Buffer.concat(chunks).toString("utf8") || "null");
      const context = { awsRequestId: `fake-${invocations.length}`, getRemainingTimeInMillis: () => 30_000 };
      handler(event, context).then(
        (answer) => reply(200, answer),
        (error: unknown) =>
          reply(
            200,
            {
              errorType: (error as Error).name ?? "Error",
              errorMessage: (error as Error).message ?? String(error),
            },
            { "x-amz-function-error": "Unhandled" },
          ),
      );
    });
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    invocations,
    close: () =>
      new Promise<void>((done, fail) => {
        server.closeAllConnections();
        server.close((e) => (e ? fail(e) : done()));
      }),
  };
}
