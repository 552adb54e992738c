import { ConnectorError } from "../../core/errors/connector-error.js";
import type { SecretResolver } from "../../core/secrets/secret-resolver.js";

/**
 * A resolver that resolves only the references it was configured with and refuses every other one with
 * `AccessDenied` before the inner resolver sees it — so a request cannot make a local server read an
 * environment variable, a file or a Secrets Manager secret the operator did not choose.
 */
export class AllowedSecretsResolver implements SecretResolver {
  readonly #allowed: ReadonlySet<string>;
  readonly #inner: SecretResolver;

  /**
   * @param allowed The references that may be resolved (exact strings, e.g. `env:SHOP_SECRET`).
   * @param inner Resolves the allowed references.
   */
  constructor(allowed: Iterable<string>, inner: SecretResolver) {
    this.#allowed = new Set(allowed);
    this.#inner = inner;
  }

  resolve(secretRef: string, options?: { signal?: AbortSignal }): Promise<Record<string, string>> {
    if (!this.#allowed.has(secretRef)) {
      return Promise.reject(
        new ConnectorError(
          "AccessDenied",
          this.#allowed.size === 0
            ? "This server resolves no secret references; start it with the reference to use (connector serve --secret <ref>)"
            : "This server resolves only the secret references it was started with (connector serve --secret <ref>)",
        ),
      );
    }
    return this.#inner.resolve(secretRef, options);
  }
}
