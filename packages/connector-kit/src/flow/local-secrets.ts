import { EnvSecretResolver } from "../core/secrets/env-secret-resolver.js";
import { FileSecretResolver } from "../core/secrets/file-secret-resolver.js";
import { RoutingSecretResolver } from "../core/secrets/routing-secret-resolver.js";
import type { SecretResolver } from "../core/secrets/secret-resolver.js";
import { defaultSecretResolver } from "../hosts/appflow/secrets/default-secret-resolver.js";

/** The environment variable listing more directories `file:` secrets may be read from (path-delimited). */
export const SECRET_DIRS_VARIABLE = "CONNECTOR_SECRET_DIRS";

/**
 * The secrets of local runs (the flow runner and the CLI): `env:NAME` (a JSON object in an environment
 * variable), `file:path` (a JSON file) and `arn:` references through AWS Secrets Manager with the usual AWS
 * credentials. References are resolved inside the AppFlow host at the moment a call needs them, and their
 * values are redacted from logs.
 *
 * `file:` references are read only under `baseDir` (the flow file's directory, or the working directory for
 * the CLI) and the directories listed in `CONNECTOR_SECRET_DIRS` (`:`-separated, `;` on Windows); anything
 * else is refused with one error, whether the file exists or not.
 */
export function localSecretResolver(
  baseDir: string,
  env: Readonly<Record<string, string | undefined>>,
): SecretResolver {
  return new RoutingSecretResolver({
    "env:": new EnvSecretResolver({ env }),
    "file:": new FileSecretResolver({ cwd: baseDir, roots: [baseDir, ...secretDirsOf(env)] }),
    "arn:": defaultSecretResolver(),
  });
}

/** The directories of `CONNECTOR_SECRET_DIRS`. Default: none. */
export function secretDirsOf(env: Readonly<Record<string, string | undefined>>): string[] {
  const text = env[SECRET_DIRS_VARIABLE] ?? "";
  return text.split(process.platform === "win32" ? ";" : ":").filter((d) => d.trim() !== "");
}

/** @deprecated The same as {@link localSecretResolver} (its former name in `connector-kit/flow`). */
export const flowSecretResolver = localSecretResolver;
