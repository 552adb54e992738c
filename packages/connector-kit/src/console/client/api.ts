/** Calls to the console's server: its own API and the connector's HTTP host under /host. */

/**
 * Sends a JSON request; the console's cookie carries the token.
 * @param {string} method
 * @param {string} path
 * @param {unknown} [body]
 * @returns {Promise<{ status: number, body: any, bytes: number, ms: number }>}
 */
export async function request(method, path, body) {
  const started = performance.now();
  const response = await fetch(path, {
    method,
    credentials: "same-origin",
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const ms = performance.now() - started;
  let parsed = null;
  try {
    parsed = text === "" ? null : JSON.parse(text);
  } catch {
    parsed = { error: text };
  }
  return { status: response.status, body: parsed, bytes: new TextEncoder().encode(text).length, ms };
}

/**
 * One AppFlow operation through the connector's HTTP host, exactly as `connector serve` answers it.
 * @param {string} operation e.g. `QueryData`
 * @param {Record<string, unknown>} body the request without `type`
 */
export function appflow(operation, body) {
  return request("POST", `/host/appflow/${operation}`, body);
}

/** The message of a failed AppFlow answer. @param {any} answer */
export function failure(answer) {
  const details = answer?.errorDetails;
  return details ? `${details.errorCode}: ${details.errorMessage}` : (answer?.error ?? "the call failed");
}
