import { ConnectorError, isConnectorError } from "../errors/connector-error.js";

/**
 * The error a resolver throws when its caller's AbortSignal fires while resolving `secretRef`:
 * the signal's reason when that is already a ConnectorError (for example a deadline error set by the
 * host), otherwise a ConnectorError `RequestTimeout` with the reason as `cause`.
 */
export function abortedError(signal: AbortSignal, secretRef: string): ConnectorError {
  const reason: unknown = signal.reason;
  if (isConnectorError(reason)) return reason;
  return new ConnectorError("RequestTimeout", `Resolving secret ${secretRef} was aborted`, { cause: reason });
}

/** Throws {@link abortedError} when `signal` has already fired. */
export function throwIfAborted(signal: AbortSignal | undefined, secretRef: string): void {
  if (signal?.aborted) throw abortedError(signal, secretRef);
}

/**
 * Settles like `promise`, or rejects with {@link abortedError} as soon as `signal` fires, whichever comes
 * first. A later rejection of `promise` is then ignored (never an unhandled rejection).
 */
export function raceWithSignal<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
  secretRef: string,
): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) {
    promise.catch(() => {});
    return Promise.reject(abortedError(signal, secretRef));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => {
      promise.catch(() => {});
      reject(abortedError(signal, secretRef));
    };
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}
