import { UsageError } from "../command.js";

/**
 * A project config the CLI cannot use: names the file and the key (a dotted path such as
 * `connections.local.secret`; empty for the whole file) and says what is wrong. A usage error (exit status 2).
 */
export class ConfigError extends UsageError {
  constructor(
    /** The config file. */
    readonly file: string,
    /** The key that is wrong, as a dotted path; "" for the file as a whole. */
    readonly key: string,
    /** What is wrong with it. */
    readonly problem: string,
  ) {
    super(`${file}: ${key === "" ? "" : `${key}: `}${problem}`, { file, key, problem });
  }
}
