import { ConnectorError } from "../errors/connector-error.js";
import { throwIfAborted } from "./abort.js";
import type { SecretResolver } from "./secret-resolver.js";
import { parseSecretString } from "./secret-values.js";

/** The scheme of the references an {@link EnvSecretResolver} understands: `env:NAME`. */
export const ENV_SECRET_SCHEME = "env:";

/** Options of {@link EnvSecretResolver}. */
export interface EnvSecretResolverOptions {
  /** The environment to read. Default: `process.env`, read at each `resolve` call. */
  env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Resolves references of the form `env:NAME` (for local runs: tests, the CLI, the flow runner) by reading
 * the environment variable `NAME`, which must hold a JSON object of strings, for example
 * `MY_SECRET='{"username":"u","password":"p"}'`.
 *
 * Errors: `InvalidArgument` for a reference that is not `env:NAME`; `ResourceNotFoundError` when the
 * variable is unset or empty; `InvalidCredentials` when its value is not a JSON object of strings.
 */
export class EnvSecretResolver implements SecretResolver {
  readonly #env: Readonly<Record<string, string | undefined>> | undefined;

  constructor(options: EnvSecretResolverOptions = {}) {
    this.#env = options.env;
  }

  async resolve(secretRef: string, options: { signal?: AbortSignal } = {}): Promise<Record<string, string>> {
    throwIfAborted(options.signal, secretRef);
    const name = envVariableName(secretRef);
    const env = this.#env ?? process.env;
    const text = Object.hasOwn(env, name) ? env[name] : undefined;
    if (text === undefined || text === "") {
      throw new ConnectorError(
        "ResourceNotFoundError",
        `Environment variable ${name} named by secret reference ${secretRef} is not set`,
      );
    }
    return parseSecretString(text, secretRef);
  }
}

/** The variable name in `env:NAME`; throws `InvalidArgument` for any other reference. */
function envVariableName(secretRef: string): string {
  const name = secretRef.startsWith(ENV_SECRET_SCHEME) ? secretRef.slice(ENV_SECRET_SCHEME.length) : "";
  if (name === "" || name.includes("=") || name.includes("\0")) {
    throw ConnectorError.invalidArgument(
      `Secret reference ${secretRef} is not of the form ${ENV_SECRET_SCHEME}NAME (an environment variable name)`,
    );
  }
  return name;
}
