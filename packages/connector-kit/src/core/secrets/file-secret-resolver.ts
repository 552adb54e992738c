import { readFile } from "node:fs/promises";
import { resolve as resolvePath } from "node:path";
import { fileURLToPath } from "node:url";
import { ConnectorError } from "../errors/connector-error.js";
import { abortedError, throwIfAborted } from "./abort.js";
import type { SecretResolver } from "./secret-resolver.js";
import { parseSecretString } from "./secret-values.js";

/** The scheme of the references a {@link FileSecretResolver} understands: `file:PATH`. */
export const FILE_SECRET_SCHEME = "file:";

/** Options of {@link FileSecretResolver}. */
export interface FileSecretResolverOptions {
  /** The directory a relative path (`file:./secret.json`) is resolved against. Default: `process.cwd()` at each call. */
  cwd?: string;
}

/**
 * Resolves references of the form `file:/path/to/secret.json`, `file:relative/secret.json` or a
 * `file:///…` URL (for local runs) by reading a UTF-8 file holding a JSON object of strings. The file is
 * read at each call; wrap the resolver in a `CachedSecretResolver` to read it less often.
 *
 * Errors: `InvalidArgument` for a reference that is not `file:PATH` or names a directory;
 * `ResourceNotFoundError` when the file does not exist; `AccessDenied` when it cannot be read for lack of
 * permission; `InvalidCredentials` when it is not a JSON object of strings; `UnknownError` otherwise.
 */
export class FileSecretResolver implements SecretResolver {
  readonly #cwd: string | undefined;

  constructor(options: FileSecretResolverOptions = {}) {
    this.#cwd = options.cwd;
  }

  async resolve(secretRef: string, options: { signal?: AbortSignal } = {}): Promise<Record<string, string>> {
    const { signal } = options;
    throwIfAborted(signal, secretRef);
    const path = this.#filePath(secretRef);
    let text: string;
    try {
      text = await readFile(path, signal ? { encoding: "utf8", signal } : { encoding: "utf8" });
    } catch (error) {
      if (signal?.aborted) throw abortedError(signal, secretRef);
      throw fileError(error, path, secretRef);
    }
    // A UTF-8 byte order mark is not JSON whitespace; editors on some systems write one.
    return parseSecretString(text.startsWith("\uFEFF") ? text.slice(1) : text, secretRef);
  }

  #filePath(secretRef: string): string {
    const rest = secretRef.startsWith(FILE_SECRET_SCHEME) ? secretRef.slice(FILE_SECRET_SCHEME.length) : "";
    if (rest === "" || rest.includes("\0")) {
      throw ConnectorError.invalidArgument(
        `Secret reference ${secretRef} is not of the form ${FILE_SECRET_SCHEME}PATH (a JSON file)`,
      );
    }
    if (rest.startsWith("//")) {
      try {
        return fileURLToPath(secretRef);
      } catch (error) {
        throw ConnectorError.invalidArgument(`Secret reference ${secretRef} is not a valid file URL`, error);
      }
    }
    return resolvePath(this.#cwd ?? process.cwd(), rest);
  }
}

function fileError(error: unknown, path: string, secretRef: string): ConnectorError {
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case "ENOENT":
    case "ENOTDIR":
      return new ConnectorError(
        "ResourceNotFoundError",
        `Secret file ${path} named by secret reference ${secretRef} does not exist`,
        { cause: error },
      );
    case "EACCES":
    case "EPERM":
      return new ConnectorError(
        "AccessDenied",
        `Secret file ${path} named by secret reference ${secretRef} cannot be read: permission denied`,
        { cause: error },
      );
    case "EISDIR":
      return ConnectorError.invalidArgument(
        `Secret reference ${secretRef} names a directory (${path}), not a JSON file`,
        error,
      );
    default:
      return new ConnectorError(
        "UnknownError",
        `Secret file ${path} named by secret reference ${secretRef} could not be read` +
          (typeof code === "string" ? ` (${code})` : ""),
        { cause: error },
      );
  }
}
