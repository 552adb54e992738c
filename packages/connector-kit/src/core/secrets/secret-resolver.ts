/**
 * Turns a secret reference into the secret's key/value pairs. In AppFlow the reference is a Secrets
 * Manager ARN; locally it can name an environment variable or a file. A connector never sees which.
 */
export interface SecretResolver {
  /**
   * Resolves `secretRef` to the secret's string keys and values.
   * Throws a ConnectorError: `ResourceNotFoundError` when there is no such secret, `AccessDenied`,
   * `RateLimitExceeded` when throttled, `InvalidCredentials` when the secret is not a JSON object of strings.
   */
  resolve(secretRef: string, options?: { signal?: AbortSignal }): Promise<Record<string, string>>;
  /**
   * Optional: the secret when it is at hand without waiting (a warm cache), else undefined. The values are
   * frozen. Hosts try it first, so a warm call needs no promise and no AbortSignal. Default: absent.
   */
  cached?(secretRef: string): Readonly<Record<string, string>> | undefined;
}
