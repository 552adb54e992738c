/** Calls to the console's server: its own API and the connector's HTTP host under /host. */

/** An answer: its status, its parsed JSON body (typed by the caller), its size and time. */
export interface Answer<T> {
  status: number;
  body: T | null;
  bytes: number;
  ms: number;
}

/** Sends a JSON request; the console's cookie carries the token. The body's type is what the caller expects. */
export async function request<T = unknown>(method: string, path: string, body?: unknown): Promise<Answer<T>> {
  const started = performance.now();
  const init: RequestInit = { method, credentials: "same-origin" };
  if (body !== undefined) {
    init.headers = { "content-type": "application/json" };
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  const text = await response.text();
  const ms = performance.now() - started;
  let parsed: unknown = null;
  try {
    parsed = text === "" ? null : JSON.parse(text);
  } catch {
    parsed = { error: text };
  }
  return {
    status: response.status,
    body: parsed as T | null,
    bytes: new TextEncoder().encode(text).length,
    ms,
  };
}

/**
 * One AppFlow operation through the connector's HTTP host, exactly as `connector serve` answers it.
 * @param operation e.g. `QueryData`
 * @param body the request without `type`
 */
export function appflow<T>(operation: string, body: Record<string, unknown>): Promise<Answer<T>> {
  return request<T>("POST", `/host/appflow/${operation}`, body);
}

/** The message of a failed AppFlow answer (or of the console's refusal). */
export function failure(
  answer: { errorDetails?: { errorCode: string; errorMessage: string } | null; error?: string } | null,
): string {
  const details = answer?.errorDetails;
  return details ? `${details.errorCode}: ${details.errorMessage}` : (answer?.error ?? "the call failed");
}
