import { ConnectorError } from "../errors/connector-error.js";
import type { SecretResolver } from "./secret-resolver.js";

/**
 * Sends each reference to the resolver of its prefix (`env:`, `file:`, `arn:`…), so one host can read
 * local secrets and AWS ones alike. The first matching prefix wins; no match is `ResourceNotFoundError`.
 */
export class RoutingSecretResolver implements SecretResolver {
  readonly #routes: ReadonlyArray<readonly [string, SecretResolver]>;

  /** @param routes Prefix → resolver, tried in order. */
  constructor(routes: Readonly<Record<string, SecretResolver>>) {
    this.#routes = Object.entries(routes);
  }

  resolve(secretRef: string, options?: { signal?: AbortSignal }): Promise<Record<string, string>> {
    for (const [prefix, resolver] of this.#routes) {
      if (secretRef.startsWith(prefix)) return resolver.resolve(secretRef, options);
    }
    const known = this.#routes.map(([p]) => p).join(", ");
    return Promise.reject(
      new ConnectorError(
        "ResourceNotFoundError",
        `No secret resolver for this reference (known prefixes: ${known})`,
      ),
    );
  }
}
