import type { Redactor } from "./redactor.js";
import type { SecretResolver } from "./secret-resolver.js";

/** Default {@link RedactingResolverOptions.publicKeys}: the keys naming the authentication scheme. */
export const DEFAULT_PUBLIC_SECRET_KEYS: readonly string[] = [
  "authenticationType",
  "customAuthenticationType",
];

/** Options of {@link redactingResolver}. */
export interface RedactingResolverOptions {
  /**
   * Keys whose values are not secret and are not registered with the redactor. Default:
   * `authenticationType` and `customAuthenticationType` ({@link DEFAULT_PUBLIC_SECRET_KEYS}), which name
   * a scheme (e.g. `OAuth2`) that log messages mention legitimately.
   */
  publicKeys?: Iterable<string>;
}

/**
 * Wraps `inner` so that every value it resolves is registered with `redactor` before the caller sees it;
 * from then on logging and error messages that pass through the redactor cannot show the secret.
 */
export function redactingResolver(
  inner: SecretResolver,
  redactor: Redactor,
  options: RedactingResolverOptions = {},
): SecretResolver {
  const publicKeys = new Set(options.publicKeys ?? DEFAULT_PUBLIC_SECRET_KEYS);
  const register = (values: Readonly<Record<string, string>>) =>
    redactor.add(Object.entries(values).flatMap(([key, value]) => (publicKeys.has(key) ? [] : [value])));
  // Cached secrets are frozen and shared: each one is registered once, not on every call.
  const registered = new WeakSet<object>();
  const resolver: SecretResolver = {
    async resolve(secretRef, resolveOptions) {
      const values = await inner.resolve(secretRef, resolveOptions);
      register(values);
      return values;
    },
  };
  const cached = inner.cached?.bind(inner);
  if (cached) {
    resolver.cached = (secretRef) => {
      const values = cached(secretRef);
      if (values !== undefined && !registered.has(values)) {
        register(values);
        registered.add(values);
      }
      return values;
    };
  }
  return resolver;
}
