import { createHash, randomBytes } from "node:crypto";
import { ConnectorError } from "../core/errors/connector-error.js";

/** Default length of a code verifier made by {@link createCodeVerifier}: 64 characters (384 random bits). */
export const DEFAULT_CODE_VERIFIER_LENGTH = 64;

/** What RFC 7636 §4.1 allows in a code verifier: 43–128 unreserved characters. */
const CODE_VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

/** A PKCE pair: the secret verifier (kept by the client) and its S256 challenge (sent in the authorization URL). */
export interface PkcePair {
  codeVerifier: string;
  codeChallenge: string;
  codeChallengeMethod: "S256";
}

/**
 * A new code verifier (RFC 7636 §4.1): `length` base64url characters from `crypto.randomBytes`, 6 random bits
 * each. Default length: 64 ({@link DEFAULT_CODE_VERIFIER_LENGTH}); it must be 43–128.
 */
export function createCodeVerifier(length = DEFAULT_CODE_VERIFIER_LENGTH): string {
  if (!Number.isInteger(length) || length < 43 || length > 128) {
    throw new ConnectorError("InvalidArgument", "A PKCE code verifier must be 43 to 128 characters long");
  }
  return randomBytes(Math.ceil((length * 3) / 4))
    .toString("base64url")
    .slice(0, length);
}

/** True when `value` is a well-formed code verifier (43–128 characters of `A-Z a-z 0-9 - . _ ~`). */
export function isCodeVerifier(value: string): boolean {
  return CODE_VERIFIER.test(value);
}

/**
 * The S256 code challenge of a verifier: base64url (no padding) of its SHA-256 (RFC 7636 §4.2).
 *
 * @throws ConnectorError `InvalidArgument` when the verifier is malformed (the message never shows it).
 */
export function codeChallengeS256(codeVerifier: string): string {
  if (!isCodeVerifier(codeVerifier)) {
    throw new ConnectorError(
      "InvalidArgument",
      "The PKCE code verifier must be 43 to 128 characters of A-Z, a-z, 0-9, '-', '.', '_' and '~'",
    );
  }
  return createHash("sha256").update(codeVerifier, "ascii").digest("base64url");
}

/** A new verifier and its S256 challenge. `length`: see {@link createCodeVerifier} (default 64). */
export function createPkcePair(length = DEFAULT_CODE_VERIFIER_LENGTH): PkcePair {
  const codeVerifier = createCodeVerifier(length);
  return { codeVerifier, codeChallenge: codeChallengeS256(codeVerifier), codeChallengeMethod: "S256" };
}
