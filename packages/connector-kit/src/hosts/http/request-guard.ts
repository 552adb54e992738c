import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** Header that may carry the token instead of `Authorization: Bearer <token>`. */
export const TOKEN_HEADER = "x-connector-token";

/** Shortest token {@link checkToken} accepts as configuration: 16 characters. */
export const MIN_TOKEN_LENGTH = 16;

/** Host names a local development server always answers to (loopback only: they cannot be rebound). */
const LOOPBACK_HOSTS: readonly string[] = ["localhost", "127.0.0.1", "::1"];

/** A fresh random token: 32 bytes, base64url (43 characters). */
export function createToken(): string {
  return randomBytes(32).toString("base64url");
}

const digest = (text: string) => createHash("sha256").update(text, "utf8").digest();

/**
 * A check of the token a request carries (`Authorization: Bearer <token>` or `X-Connector-Token`),
 * comparing SHA-256 digests in constant time so neither the value nor its length leaks through timing.
 *
 * @throws RangeError for a token shorter than `MIN_TOKEN_LENGTH` (a programming error: use `createToken`).
 */
export function tokenChecker(token: string): (headers: Headers) => boolean {
  if (token.length < MIN_TOKEN_LENGTH) {
    throw new RangeError(`The token must have at least ${MIN_TOKEN_LENGTH} characters`);
  }
  const expected = digest(token);
  return (headers) => {
    const authorization = headers.get("authorization");
    const bearer = authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
    const given = bearer ?? headers.get(TOKEN_HEADER);
    return given !== null && given !== undefined && timingSafeEqual(digest(given), expected);
  };
}

/** The host name of a `Host` header without its port or IPv6 brackets, lower-cased; null when malformed. */
export function hostName(host: string): string | null {
  const value = host.trim().toLowerCase();
  const bracketed = value.match(/^\[([0-9a-f:.]+)\](?::\d{1,5})?$/);
  if (bracketed) return bracketed[1]!;
  const plain = value.match(/^([a-z0-9.-]+?)\.?(?::\d{1,5})?$/);
  return plain ? plain[1]! : null;
}

/**
 * The set of host names accepted in the `Host` header: the loopback names, any `127.x.x.x` address, and
 * `extra` (e.g. the address the server is bound to). Wildcard bind addresses (`0.0.0.0`, `::`) add nothing.
 */
export function allowedHostCheck(extra: readonly string[]): (host: string | null | undefined) => boolean {
  const names = new Set(LOOPBACK_HOSTS);
  for (const name of extra) {
    const normalized = hostName(name.includes(":") && !name.startsWith("[") ? `[${name}]` : name);
    if (normalized && normalized !== "0.0.0.0" && normalized !== "::") names.add(normalized);
  }
  return (host) => {
    if (!host) return false;
    const name = hostName(host);
    return name !== null && (names.has(name) || /^127(?:\.\d{1,3}){3}$/.test(name));
  };
}

/**
 * Whether a request comes from a web page of another origin: an `Origin` header that is not this server's
 * own origin (`http://<Host>`), or `Sec-Fetch-Site` saying cross-site or same-site. Requests without those
 * headers (curl, SDKs, tests) are not browser cross-origin requests.
 */
export function isCrossOrigin(headers: Headers): boolean {
  const site = headers.get("sec-fetch-site");
  if (site !== null && site !== "same-origin" && site !== "none") return true;
  const origin = headers.get("origin");
  if (origin === null) return false;
  const host = headers.get("host");
  return host === null || origin.toLowerCase() !== `http://${host.toLowerCase()}`;
}

/** Whether a `Content-Type` is JSON: `application/json` or `application/<something>+json`, any parameters. */
export function isJsonContentType(contentType: string | null): boolean {
  if (contentType === null) return false;
  const mediaType = contentType.split(";")[0]!.trim().toLowerCase();
  return mediaType === "application/json" || /^application\/[\w.-]+\+json$/.test(mediaType);
}

/**
 * Reads a request body as UTF-8 text, counting bytes as they arrive: null as soon as the body exceeds
 * `maxBytes` (a declared `Content-Length` over it is refused before reading anything), so a chunked body of
 * any size costs at most `maxBytes` of memory. The rest is left unread; the caller answers 413 and closes.
 */
export async function readBodyLimited(request: Request, maxBytes: number): Promise<string | null> {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > maxBytes) return null;
  if (request.body === null) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      reader.releaseLock();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total).toString("utf8");
}
