import { isConnectorError } from "../core/errors/connector-error.js";
import type { SecretResolver } from "../core/secrets/secret-resolver.js";
import { localSecretResolver } from "./local-secrets.js";

/**
 * The CLI's local secrets where a file names them (a TestConfig, the project config): a relative `file:`
 * reference is read next to that file first, else from the working directory; other references as always.
 * When `dir` is the working directory this is the plain local resolver.
 */
export function secretsBeside(
  dir: string,
  cwd: string,
  env: Readonly<Record<string, string | undefined>>,
): SecretResolver {
  const here = localSecretResolver(cwd, env);
  if (dir === cwd) return here;
  const beside = localSecretResolver(dir, env);
  return {
    async resolve(secretRef, options) {
      if (!secretRef.startsWith("file:")) return here.resolve(secretRef, options);
      try {
        return await beside.resolve(secretRef, options);
      } catch (error) {
        if (isConnectorError(error) && error.code === "ResourceNotFoundError")
          return here.resolve(secretRef, options);
        throw error;
      }
    },
  };
}
