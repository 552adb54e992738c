import { ConnectorError } from "../errors/connector-error.js";
import { throwIfAborted } from "./abort.js";
import type { SecretResolver } from "./secret-resolver.js";

/**
 * An in-memory map from reference to secret, for tests. Each `resolve` returns a fresh copy, so a caller
 * that changes the result cannot change the stored secret.
 *
 * Errors: `ResourceNotFoundError` for an unknown reference.
 */
export class StaticSecretResolver implements SecretResolver {
  readonly #secrets = new Map<string, Readonly<Record<string, string>>>();

  /** @param secrets The initial secrets by reference. Default: none. */
  constructor(
    secrets:
      | Readonly<Record<string, Readonly<Record<string, string>>>>
      | Iterable<readonly [string, Readonly<Record<string, string>>]> = {},
  ) {
    const entries = Symbol.iterator in secrets ? secrets : Object.entries(secrets);
    for (const [ref, values] of entries) this.set(ref, values);
  }

  /** Stores (or replaces) the secret for `secretRef`; later changes to `values` do not affect it. */
  set(secretRef: string, values: Readonly<Record<string, string>>): this {
    this.#secrets.set(secretRef, Object.freeze({ ...values }));
    return this;
  }

  /** Removes the secret for `secretRef`; returns whether there was one. */
  delete(secretRef: string): boolean {
    return this.#secrets.delete(secretRef);
  }

  async resolve(secretRef: string, options: { signal?: AbortSignal } = {}): Promise<Record<string, string>> {
    throwIfAborted(options.signal, secretRef);
    const values = this.#secrets.get(secretRef);
    if (values === undefined) {
      throw new ConnectorError(
        "ResourceNotFoundError",
        `No secret is stored for secret reference ${secretRef}`,
      );
    }
    return { ...values };
  }
}
