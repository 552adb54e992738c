import { EnvSecretResolver } from "../core/secrets/env-secret-resolver.js";
import { FileSecretResolver } from "../core/secrets/file-secret-resolver.js";
import { RoutingSecretResolver } from "../core/secrets/routing-secret-resolver.js";
import type { SecretResolver } from "../core/secrets/secret-resolver.js";
import { defaultSecretResolver } from "../hosts/appflow/secrets/default-secret-resolver.js";

/**
 * The secrets of a local flow: `env:NAME` (a JSON object in an environment variable), `file:path` (a JSON
 * file, relative to the flow file) and `arn:` references through AWS Secrets Manager. References are
 * resolved inside the AppFlow host at the moment a call needs them, and their values are redacted from logs.
 */
export function flowSecretResolver(
  baseDir: string,
  env: Readonly<Record<string, string | undefined>>,
): SecretResolver {
  return new RoutingSecretResolver({
    "env:": new EnvSecretResolver({ env }),
    "file:": new FileSecretResolver({ cwd: baseDir }),
    "arn:": defaultSecretResolver(),
  });
}
