/** Why an image operation failed; tests and callers branch on it, the message explains it. */
export type ImageErrorReason =
  | "NoBaseDigest"
  | "BadReference"
  | "AuthRefused"
  | "NotFound"
  | "DigestMismatch"
  | "NoPlatform"
  | "Registry"
  | "Layout";

/** Thrown by `connector image` operations: `reason` names the kind of failure, the message what and where. */
export class ImageError extends Error {
  /** Always `ImageError`. */
  override readonly name = "ImageError";
  /**
   * @param reason the kind of failure
   * @param message what failed and where, never a secret
   */
  constructor(
    /** The kind of failure. */
    readonly reason: ImageErrorReason,
    message: string,
  ) {
    super(message);
  }
}
