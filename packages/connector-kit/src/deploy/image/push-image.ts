import { ImageError } from "./image-error.js";
import { formatImageReference, type ImageReference } from "./image-reference.js";
import { type ImageManifest, isImageManifestMediaType } from "./media-types.js";
import type { OciLayout } from "./oci-layout.js";
import type { BlobOutcome, RegistryClient } from "./registry-client.js";

/** What became of each blob and the manifest of a push or copy. */
export interface PushResult {
  /** Where the image now is, by digest: `registry/repository@sha256:…`. */
  reference: string;
  /** The manifest's digest (the image digest). */
  digest: string;
  /** The tag pushed, or null when the image was stored by digest only. */
  tag: string | null;
  /** Each blob (config and layers) and what became of it. */
  blobs: { digest: string; size: number; outcome: BlobOutcome }[];
}

/** Options of {@link pushLayout}. */
export interface PushLayoutOptions {
  /** Which manifest of the layout: the one tagged so. Default: the layout's only manifest. */
  layoutTag?: string;
  /**
   * A repository of the target registry that may hold the blobs already (the base image's): they are mounted
   * from it instead of uploaded. Default: none.
   */
  mountFrom?: string;
  /** Called after each blob. Default: none. */
  onBlob?: (blob: PushResult["blobs"][number]) => void;
}

/**
 * Pushes the image of an OCI layout to `target` (`registry/repository[:tag]`): each blob (config, then layers)
 * unless the repository has it (HEAD), mounted from `mountFrom` where possible, else uploaded (one PUT, or
 * chunks for large blobs); then the manifest under the target's tag (or its digest when no tag is given).
 * Blobs are read back from the layout and checked against their digests first.
 */
export async function pushLayout(
  layout: OciLayout,
  target: ImageReference,
  client: RegistryClient,
  options: PushLayoutOptions = {},
): Promise<PushResult> {
  if (target.digest) {
    throw new ImageError(
      "BadReference",
      `Push to a repository or a tag, not a digest: ${formatImageReference(target)}`,
    );
  }
  const descriptor = await layout.manifestDescriptor(options.layoutTag);
  if (!isImageManifestMediaType(descriptor.mediaType)) {
    throw new ImageError("Layout", `${layout.dir} names a ${descriptor.mediaType}, not an image manifest`);
  }
  const manifestBytes = await layout.getBlob(descriptor.digest);
  const manifest = JSON.parse(new TextDecoder().decode(manifestBytes)) as ImageManifest;
  const blobs: PushResult["blobs"] = [];
  for (const blob of [manifest.config, ...manifest.layers]) {
    const outcome = await client.putBlob(
      target.repository,
      blob.digest,
      () => layout.getBlob(blob.digest),
      options.mountFrom,
    );
    const done = { digest: blob.digest, size: blob.size, outcome };
    blobs.push(done);
    options.onBlob?.(done);
  }
  const digest = await client.putManifest(
    target.repository,
    target.tag ?? descriptor.digest,
    manifestBytes,
    descriptor.mediaType,
  );
  return {
    reference: `${target.registry}/${target.repository}@${digest}`,
    digest,
    tag: target.tag ?? null,
    blobs,
  };
}
