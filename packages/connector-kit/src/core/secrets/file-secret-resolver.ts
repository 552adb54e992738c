import { readFile, realpath } from "node:fs/promises";
import { isAbsolute, relative, resolve as resolvePath } from "node:path";
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
  /**
   * The only directories secret files may be read from (with their subdirectories, symbolic links resolved).
   * A reference to any other file fails with one error, the same whether the file exists, is unreadable or
   * is a directory, so a caller cannot probe the file system through references. Default: none, any file
   * (for a resolver whose references come only from its own configuration).
   */
  roots?: readonly string[];
}

/**
 * Resolves references of the form `file:/path/to/secret.json`, `file:relative/secret.json` or a
 * `file:///…` URL (for local runs) by reading a UTF-8 file holding a JSON object of strings. The file is
 * read at each call; wrap the resolver in a `CachedSecretResolver` to read it less often.
 *
 * With `roots`, only files under those directories are read, and every reason a file cannot be read (outside
 * the roots, missing, unreadable, a directory) is the same `ResourceNotFoundError`.
 *
 * Errors: `InvalidArgument` for a reference that is not `file:PATH` or names a directory;
 * `ResourceNotFoundError` when the file does not exist; `AccessDenied` when it cannot be read for lack of
 * permission; `InvalidCredentials` when it is not a JSON object of strings; `UnknownError` otherwise.
 */
export class FileSecretResolver implements SecretResolver {
  readonly #cwd: string | undefined;
  readonly #roots: readonly string[] | null;

  constructor(options: FileSecretResolverOptions = {}) {
    this.#cwd = options.cwd;
    this.#roots = options.roots ? options.roots.map((r) => resolvePath(this.#cwd ?? process.cwd(), r)) : null;
  }

  async resolve(secretRef: string, options: { signal?: AbortSignal } = {}): Promise<Record<string, string>> {
    const { signal } = options;
    throwIfAborted(signal, secretRef);
    const path = this.#filePath(secretRef);
    let text: string;
    try {
      const allowed = this.#roots === null ? path : await this.#allowed(path, secretRef);
      text = await readFile(allowed, signal ? { encoding: "utf8", signal } : { encoding: "utf8" });
    } catch (error) {
      if (signal?.aborted) throw abortedError(signal, secretRef);
      if (this.#roots !== null) throw this.#refused(secretRef);
      throw fileError(error, path, secretRef);
    }
    // A UTF-8 byte order mark is not JSON whitespace; editors on some systems write one.
    return parseSecretString(text.startsWith("\uFEFF") ? text.slice(1) : text, secretRef);
  }

  /** The real path of `path` when it lies under a root; throws otherwise (the caller makes it uniform). */
  async #allowed(path: string, secretRef: string): Promise<string> {
    const inside = (dir: string, file: string) => {
      const rel = relative(dir, file);
      return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel);
    };
    // Checked on the path as written first: nothing outside the roots is even looked at.
    if (!this.#roots!.some((root) => inside(root, path)))
      throw new Error(`${secretRef} is outside the roots`);
    const real = await realpath(path);
    for (const root of this.#roots!) {
      const realRoot = await realpath(root).catch(() => null);
      if (realRoot !== null && inside(realRoot, real)) return real;
    }
    throw new Error(`${secretRef} leads outside the roots`);
  }

  /** The one error of a refused reference: it does not say whether the file exists. */
  #refused(secretRef: string): ConnectorError {
    // No cause attached: a logged cause (ENOENT, EACCES) would tell the difference again.
    return new ConnectorError(
      "ResourceNotFoundError",
      `Secret reference ${secretRef} names no readable JSON file under ${this.#roots!.join(", ") || "(no directory)"}`,
    );
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
