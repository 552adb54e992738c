import type { LambdaClient } from "@aws-sdk/client-lambda";
import type { AwsSdkClient, AwsSdkClientConfig } from "../core/aws-sdk-client.js";
import { ConnectorError } from "../core/errors/connector-error.js";
import { missingPeer } from "../core/peer-dependency.js";
import type { JsonObject } from "../hosts/appflow/wire/decoder.js";
import { FlowRunError } from "./flow-run-error.js";

/** The `connector:` prefix naming a deployed function: `lambda:<function-arn>`. */
export const LAMBDA_PREFIX = "lambda:";

/** How a `lambda:` side reaches Lambda. */
export interface LambdaConnectorOptions {
  /** A Lambda client to use (its configuration wins; it is not closed). Default: one made here. */
  client?: AwsSdkClient;
  /**
   * Configuration of the client made here. Default: the function ARN's Region, and the AWS SDK's own
   * credentials chain and endpoint settings (`AWS_ENDPOINT_URL_LAMBDA` included).
   */
  clientConfig?: AwsSdkClientConfig;
}

/** What a `lambda:` side is: the function, and how to call it with AppFlow's JSON events. */
export interface LambdaConnector {
  functionArn: string;
  /** Invokes the function (RequestResponse) with one AppFlow event and returns its answer. */
  invoke: (event: JsonObject) => Promise<JsonObject>;
  /** Closes the client made here. */
  dispose: () => Promise<void>;
}

const FUNCTION_ARN = /^arn:aws[\w-]*:lambda:([a-z0-9-]+):\d{12}:function:[A-Za-z0-9_-]{1,64}(:[\w$-]+)?$/;

function errorText(error: unknown): string {
  const name = (error as { name?: unknown } | null)?.name;
  const message = error instanceof Error ? error.message : String(error);
  return typeof name === "string" && name !== "Error" ? `${name}: ${message}` : message;
}

/**
 * A flow side naming a deployed connector function (`connector: lambda:<function-arn>`): each call is the
 * AppFlow JSON event the runner encodes, sent with Lambda's Invoke through the AWS SDK (the optional peer
 * `@aws-sdk/client-lambda`), and the function's JSON answer is returned for the runner to decode — the path
 * AppFlow takes. The function reads its own credentials, so the side's `credentials.secret` must be a
 * Secrets Manager ARN the function may read.
 */
export async function lambdaConnector(
  source: string,
  options: LambdaConnectorOptions = {},
): Promise<LambdaConnector> {
  const functionArn = source.startsWith(LAMBDA_PREFIX) ? source.slice(LAMBDA_PREFIX.length) : source;
  const match = FUNCTION_ARN.exec(functionArn);
  if (!match) {
    throw new FlowRunError(
      "ConnectorLoad",
      `${source} does not name a Lambda function: write lambda:arn:aws:lambda:<region>:<account>:function:<name>`,
    );
  }
  const L = await import("@aws-sdk/client-lambda").catch(
    missingPeer("@aws-sdk/client-lambda", `The flow side ${source}`),
  );
  const owned = !options.client;
  const client =
    (options.client as LambdaClient | undefined) ??
    new L.LambdaClient({ region: match[1]!, ...options.clientConfig });
  let calls = 0;
  return {
    functionArn,
    async invoke(event) {
      let answer: { FunctionError?: string; Payload?: Uint8Array };
      try {
        answer = await client.send(
          new L.InvokeCommand({
            FunctionName: functionArn,
            InvocationType: "RequestResponse",
            Payload: new TextEncoder().encode(JSON.stringify(event)),
          }),
        );
      } catch (error) {
        throw new ConnectorError(
          "ServiceUnavailable",
          `Cannot invoke ${functionArn} (call ${++calls}): ${errorText(error)}`,
          {
            cause: error,
          },
        );
      }
      calls++;
      const text = answer.Payload ? new TextDecoder().decode(answer.Payload) : "";
      let body: unknown;
      try {
        body = text === "" ? null : JSON.parse(text);
      } catch {
        throw new ConnectorError(
          "ServerError",
          `${functionArn} answered with something that is not JSON (${text.length} characters)`,
        );
      }
      if (answer.FunctionError) {
        // Lambda's error payload: { errorType, errorMessage, trace }; the trace stays out of the message.
        const e = (body ?? {}) as { errorType?: unknown; errorMessage?: unknown };
        throw new ConnectorError(
          "ServerError",
          `${functionArn} failed (${answer.FunctionError}): ${String(e.errorType ?? "Error")}: ${String(e.errorMessage ?? "no message")}`,
        );
      }
      if (body === null || typeof body !== "object" || Array.isArray(body)) {
        throw new ConnectorError(
          "ServerError",
          `${functionArn} answered with ${text === "" ? "nothing" : "JSON that is not an object"}`,
        );
      }
      return body as JsonObject;
    },
    async dispose() {
      if (owned) client.destroy();
    },
  };
}
