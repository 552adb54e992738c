import { afterEach } from "vitest";
import { FAKE_CREDENTIALS, type RecordingEndpoint } from "./recording-endpoint.js";

/** The role every deploy test's function runs as. */
export const TEST_ROLE = "arn:aws:iam::123456789012:role/connector-role";

/** Deploy options against `url` (a recording endpoint), one attempt, fast polls; the code is the caller's. */
export function deployOptions<C extends { zip: Uint8Array } | { imageUri: string }>(
  url: string,
  functionName: string,
  code: C,
) {
  return {
    functionName,
    connectorLabel: "planets",
    ...code,
    roleArn: TEST_ROLE,
    region: "us-east-1",
    endpoint: url,
    credentials: FAKE_CREDENTIALS,
    maxAttempts: 1,
    pollIntervalMs: 1,
  };
}

/** The recording endpoint of the running test, closed after each test (also when it fails). */
export function recordingEndpointPerTest(): { set(endpoint: RecordingEndpoint): RecordingEndpoint } {
  let current: RecordingEndpoint | undefined;
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return {
    set(endpoint) {
      current = endpoint;
      return endpoint;
    },
  };
}
