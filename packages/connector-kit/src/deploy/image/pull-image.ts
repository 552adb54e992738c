import { ImageError } from "./image-error.js";
import { formatImageReference, type ImageReference, manifestReference } from "./image-reference.js";
import {
  type Descriptor,
  type ImageConfig,
  type ImageIndex,
  type ImageManifest,
  isImageManifestMediaType,
  isIndexMediaType,
} from "./media-types.js";
import type { OciLayout } from "./oci-layout.js";
import type { FetchedManifest, RegistryClient } from "./registry-client.js";

/** A Lambda instruction set architecture. */
export type LambdaArchitecture = "x86_64" | "arm64";

/** The OCI `architecture` of a Lambda architecture. */
export function ociArchitecture(architecture: LambdaArchitecture): "amd64" | "arm64" {
  return architecture === "x86_64" ? "amd64" : "arm64";
}

/** One platform's image as a registry holds it. */
export interface PulledImage {
  /** The image manifest (not the index). */
  manifest: ImageManifest;
  /** The manifest's bytes as served. */
  manifestBytes: Uint8Array;
  /** Digest of the image manifest. */
  digest: string;
  /** The manifest's media type (OCI or Docker). */
  mediaType: string;
  /** Digest of the index it was picked from, when the reference named one. */
  indexDigest?: string;
  /** The image configuration. */
  config: ImageConfig;
  /** Its bytes as served. */
  configBytes: Uint8Array;
}

function parseJson<T>(bytes: Uint8Array): T {
  return JSON.parse(new TextDecoder().decode(bytes)) as T;
}

/**
 * The image manifest for linux/`architecture` that `ref` names: the reference's own manifest, or the matching
 * entry of the index it names (fetched by digest, so checked). Refused with `ImageError("NoPlatform")` when
 * the index has no such entry or the image is built for another platform.
 */
export async function resolveImage(
  client: RegistryClient,
  ref: ImageReference,
  architecture: LambdaArchitecture,
): Promise<PulledImage> {
  const arch = ociArchitecture(architecture);
  const top = await client.getManifest(ref.repository, manifestReference(ref));
  let fetched: FetchedManifest = top;
  let indexDigest: string | undefined;
  if (isIndexMediaType(top.mediaType)) {
    indexDigest = top.digest;
    const index = parseJson<ImageIndex>(top.bytes);
    const entry = index.manifests.find(
      (m: Descriptor) => m.platform?.os === "linux" && m.platform.architecture === arch,
    );
    if (!entry) {
      const offered = index.manifests.map((m) => `${m.platform?.os}/${m.platform?.architecture}`).join(", ");
      throw new ImageError(
        "NoPlatform",
        `${formatImageReference(ref)} has no linux/${arch} image (it has ${offered || "none"})`,
      );
    }
    fetched = await client.getManifest(ref.repository, entry.digest);
  }
  if (!isImageManifestMediaType(fetched.mediaType)) {
    throw new ImageError(
      "Registry",
      `${formatImageReference(ref)} is a ${fetched.mediaType || "manifest of no media type"}, not an image`,
    );
  }
  const manifest = parseJson<ImageManifest>(fetched.bytes);
  const configBytes = await client.getBlob(ref.repository, manifest.config.digest, manifest.config.size);
  const config = parseJson<ImageConfig>(configBytes);
  if (config.os !== "linux" || config.architecture !== arch) {
    throw new ImageError(
      "NoPlatform",
      `${formatImageReference(ref)} is built for ${config.os}/${config.architecture}, not linux/${arch}`,
    );
  }
  return {
    manifest,
    manifestBytes: fetched.bytes,
    digest: fetched.digest,
    mediaType: fetched.mediaType,
    ...(indexDigest ? { indexDigest } : {}),
    config,
    configBytes,
  };
}

/** Copies an image's config and layers into `layout` (blobs it has already are not fetched again). */
export async function pullBlobs(
  client: RegistryClient,
  repository: string,
  image: PulledImage,
  layout: OciLayout,
): Promise<void> {
  await layout.putBlob(image.configBytes);
  for (const layer of image.manifest.layers) {
    if (layout.hasBlob(layer.digest)) continue;
    await layout.putBlob(await client.getBlob(repository, layer.digest, layer.size));
  }
}
