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
  override readonly name = "ImageError";
  constructor(
    readonly reason: ImageErrorReason,
    message: string,
  ) {
    super(message);
  }
}
