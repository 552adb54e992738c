import {
  CachedSecretResolver,
  type CachedSecretResolverOptions,
} from "../../../core/secrets/cached-secret-resolver.js";
import { SecretsManagerResolver, type SecretsManagerResolverOptions } from "./secrets-manager-resolver.js";

/** Options of {@link defaultSecretResolver}. */
export interface DefaultSecretResolverOptions {
  /** Options of the Secrets Manager resolver. Default: `{}` (see {@link SecretsManagerResolverOptions}). */
  secretsManager?: SecretsManagerResolverOptions;
  /** Options of the cache around it. Default: `{}` (5-minute TTL, 100 entries; see {@link CachedSecretResolverOptions}). */
  cache?: CachedSecretResolverOptions;
}

/**
 * The AppFlow host's default resolver: Secrets Manager (`credentials.secretArn`) behind a
 * `CachedSecretResolver`, so a warm Lambda container reads each secret at most once per TTL. Nothing is
 * loaded or connected until the first `resolve`.
 */
export function defaultSecretResolver(options: DefaultSecretResolverOptions = {}): CachedSecretResolver {
  return new CachedSecretResolver(new SecretsManagerResolver(options.secretsManager), options.cache);
}
