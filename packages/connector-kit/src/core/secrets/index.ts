export {
  CachedSecretResolver,
  type CachedSecretResolverOptions,
  DEFAULT_SECRET_CACHE_MAX_ENTRIES,
  DEFAULT_SECRET_CACHE_TTL_MS,
} from "./cached-secret-resolver.js";
export {
  ENV_SECRET_SCHEME,
  EnvSecretResolver,
  type EnvSecretResolverOptions,
} from "./env-secret-resolver.js";
export {
  FILE_SECRET_SCHEME,
  FileSecretResolver,
  type FileSecretResolverOptions,
} from "./file-secret-resolver.js";
export {
  DEFAULT_PUBLIC_SECRET_KEYS,
  type RedactingResolverOptions,
  redactingResolver,
} from "./redacting-resolver.js";
export { DEFAULT_REDACT_MIN_LENGTH, REDACTED, Redactor, type RedactorOptions } from "./redactor.js";
export { RoutingSecretResolver } from "./routing-secret-resolver.js";
export type { SecretResolver } from "./secret-resolver.js";
export { parseSecretString } from "./secret-values.js";
export { StaticSecretResolver } from "./static-secret-resolver.js";
