export { type DefaultSecretResolverOptions, defaultSecretResolver } from "./default-secret-resolver.js";
export {
  DEFAULT_SECRETS_MANAGER_MAX_ATTEMPTS,
  DEFAULT_SECRETS_MANAGER_REGION,
  SecretsManagerResolver,
  type SecretsManagerResolverOptions,
  secretsManagerError,
} from "./secrets-manager-resolver.js";
