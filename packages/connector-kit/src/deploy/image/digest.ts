import { createHash } from "node:crypto";
import { ImageError } from "./image-error.js";

/** The OCI digest of `bytes`: `sha256:` and 64 lower-case hex digits. */
export function sha256Digest(bytes: Uint8Array | string): string {
  return `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
}

/**
 * Throws `ImageError("DigestMismatch")` unless `bytes` hash to `expected`: content from a registry is trusted
 * only once its digest is checked, so a tampered or truncated blob is refused rather than built on.
 */
export function assertDigest(bytes: Uint8Array, expected: string, what: string): void {
  const actual = sha256Digest(bytes);
  if (actual !== expected) {
    throw new ImageError(
      "DigestMismatch",
      `${what} has digest ${actual}, not the expected ${expected}: refused`,
    );
  }
}
