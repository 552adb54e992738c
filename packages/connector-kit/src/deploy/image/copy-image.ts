import { ImageError } from "./image-error.js";
import { formatImageReference, type ImageReference, manifestReference } from "./image-reference.js";
import {
  type ImageIndex,
  type ImageManifest,
  isImageManifestMediaType,
  isIndexMediaType,
} from "./media-types.js";
import type { PushResult } from "./push-image.js";
import type { RegistryClient } from "./registry-client.js";

/** Options of {@link copyImage}. */
export interface CopyImageOptions {
  /** Called after each blob. Default: none. */
  onBlob?: (blob: PushResult["blobs"][number]) => void;
}

/**
 * Copies an image (or a whole index and its images) from `source` to `target`, the buyer's step from the
 * Marketplace repository to their own: on one registry each blob is mounted across repositories (no bytes
 * move); between registries, or where a mount is refused, each blob is pulled (checked against its digest) and
 * pushed. Blobs the target has are skipped. The manifests are copied byte for byte, so the digest is kept. The
 * target's tag defaults to the source's; with neither, the image is stored by digest only.
 */
export async function copyImage(
  source: ImageReference,
  target: ImageReference,
  from: RegistryClient,
  to: RegistryClient,
  options: CopyImageOptions = {},
): Promise<PushResult> {
  if (target.digest) {
    throw new ImageError(
      "BadReference",
      `Copy to a repository or a tag, not a digest: ${formatImageReference(target)}`,
    );
  }
  const sameRegistry = source.registry === target.registry;
  const blobs: PushResult["blobs"] = [];
  const copyBlob = async (digest: string, size: number) => {
    const outcome = await to.putBlob(
      target.repository,
      digest,
      () => from.getBlob(source.repository, digest, size),
      sameRegistry ? source.repository : undefined,
    );
    const done = { digest, size, outcome };
    blobs.push(done);
    options.onBlob?.(done);
  };
  const copyManifest = async (reference: string, tag: string | undefined): Promise<string> => {
    const fetched = await from.getManifest(source.repository, reference);
    if (isIndexMediaType(fetched.mediaType)) {
      const index = JSON.parse(new TextDecoder().decode(fetched.bytes)) as ImageIndex;
      for (const m of index.manifests) await copyManifest(m.digest, undefined);
    } else if (isImageManifestMediaType(fetched.mediaType)) {
      const manifest = JSON.parse(new TextDecoder().decode(fetched.bytes)) as ImageManifest;
      for (const blob of [manifest.config, ...manifest.layers]) await copyBlob(blob.digest, blob.size);
    } else {
      throw new ImageError(
        "Registry",
        `${formatImageReference(source)} is a ${fetched.mediaType}, which this cannot copy`,
      );
    }
    return to.putManifest(target.repository, tag ?? fetched.digest, fetched.bytes, fetched.mediaType);
  };
  const tag = target.tag ?? source.tag;
  const digest = await copyManifest(manifestReference(source), tag);
  return { reference: `${target.registry}/${target.repository}@${digest}`, digest, tag: tag ?? null, blobs };
}
