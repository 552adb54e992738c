import { EnvSecretResolver } from "../core/secrets/env-secret-resolver.js";
import { FileSecretResolver } from "../core/secrets/file-secret-resolver.js";
import { RoutingSecretResolver } from "../core/secrets/routing-secret-resolver.js";
import type { SecretResolver } from "../core/secrets/secret-resolver.js";
import { defaultSecretResolver } from "../hosts/appflow/secrets/default-secret-resolver.js";

/**
 * The secrets of local runs: `env:NAME` (a JSON object in an environment variable), `file:path` (a JSON
 * file), and `arn:` references through AWS Secrets Manager with the usual AWS credentials.
 */
export function localSecretResolver(
  cwd: string,
  env: Readonly<Record<string, string | undefined>>,
): SecretResolver {
  return new RoutingSecretResolver({
    "env:": new EnvSecretResolver({ env }),
    "file:": new FileSecretResolver({ cwd }),
    "arn:": defaultSecretResolver(),
  });
}
