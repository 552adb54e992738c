import { ConnectorError } from "../core/errors/connector-error.js";
import { ENV_SECRET_SCHEME, EnvSecretResolver } from "../core/secrets/env-secret-resolver.js";
import { FILE_SECRET_SCHEME, FileSecretResolver } from "../core/secrets/file-secret-resolver.js";
import type { SecretResolver } from "../core/secrets/secret-resolver.js";
import { StaticSecretResolver } from "../core/secrets/static-secret-resolver.js";

/** Options of {@link localSecretResolver}. */
export interface LocalSecretResolverOptions {
  /** Secrets by reference for any other reference (tests). Default: none. */
  secrets?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Environment read for `env:` references. Default: `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Directory relative `file:` paths are resolved against. Default: the current directory. */
  cwd?: string;
}

/**
 * The conformance suite's default secret resolver: `env:NAME` reads a JSON object of strings from an
 * environment variable, `file:PATH` from a file, and any other reference (such as a Secrets Manager ARN in a
 * reused official TestConfig) is looked up in `options.secrets`.
 *
 * Errors: those of the three resolvers; an unknown reference is `ResourceNotFoundError` with a hint.
 */
export function localSecretResolver(options: LocalSecretResolverOptions = {}): SecretResolver {
  const env = new EnvSecretResolver(options.env ? { env: options.env } : {});
  const file = new FileSecretResolver(options.cwd ? { cwd: options.cwd } : {});
  const fixed = new StaticSecretResolver(options.secrets ?? {});
  return {
    async resolve(secretRef, resolveOptions) {
      if (secretRef.startsWith(ENV_SECRET_SCHEME)) return env.resolve(secretRef, resolveOptions);
      if (secretRef.startsWith(FILE_SECRET_SCHEME)) return file.resolve(secretRef, resolveOptions);
      try {
        return await fixed.resolve(secretRef, resolveOptions);
      } catch (error) {
        if (error instanceof ConnectorError && error.code === "ResourceNotFoundError") {
          throw new ConnectorError(
            "ResourceNotFoundError",
            `No secret for reference ${secretRef}: locally, use env:NAME or file:PATH as credentials.secretArn, ` +
              "or pass a secret resolver to the conformance suite",
          );
        }
        throw error;
      }
    },
  };
}
