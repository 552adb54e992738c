/** OCI and Docker media types of manifests, indexes, configs and layers. */
export const MEDIA_TYPES = {
  ociManifest: "application/vnd.oci.image.manifest.v1+json",
  ociIndex: "application/vnd.oci.image.index.v1+json",
  ociConfig: "application/vnd.oci.image.config.v1+json",
  ociLayerGzip: "application/vnd.oci.image.layer.v1.tar+gzip",
  ociLayer: "application/vnd.oci.image.layer.v1.tar",
  dockerManifest: "application/vnd.docker.distribution.manifest.v2+json",
  dockerManifestList: "application/vnd.docker.distribution.manifest.list.v2+json",
  dockerConfig: "application/vnd.docker.container.image.v1+json",
  dockerLayerGzip: "application/vnd.docker.image.rootfs.diff.tar.gzip",
} as const;

/** Manifest media types the client accepts when it pulls, images and indexes alike. */
export const MANIFEST_ACCEPT: readonly string[] = [
  MEDIA_TYPES.ociIndex,
  MEDIA_TYPES.ociManifest,
  MEDIA_TYPES.dockerManifestList,
  MEDIA_TYPES.dockerManifest,
];

/** Whether a manifest media type is an index (multi-platform list). */
export function isIndexMediaType(mediaType: string): boolean {
  return mediaType === MEDIA_TYPES.ociIndex || mediaType === MEDIA_TYPES.dockerManifestList;
}

/** Whether a manifest media type is a single image's manifest. */
export function isImageManifestMediaType(mediaType: string): boolean {
  return mediaType === MEDIA_TYPES.ociManifest || mediaType === MEDIA_TYPES.dockerManifest;
}

/** The OCI layer media type equal to a Docker one (same bytes); other types are kept. */
export function ociLayerMediaType(mediaType: string): string {
  return mediaType === MEDIA_TYPES.dockerLayerGzip ? MEDIA_TYPES.ociLayerGzip : mediaType;
}

/** A content descriptor: what a manifest or index points at. */
export interface Descriptor {
  /** What the content is (one of {@link MEDIA_TYPES}, or another). */
  mediaType: string;
  /** Its digest, `sha256:…`. */
  digest: string;
  /** Its size in bytes. */
  size: number;
  /** In an index: the platform of the image it names. */
  platform?: { architecture: string; os: string; variant?: string };
  /** Free-form annotations, e.g. the tag in a layout's index. */
  annotations?: Record<string, string>;
}

/** An image manifest (OCI or Docker v2 schema 2). */
export interface ImageManifest {
  /** Always 2. */
  schemaVersion: 2;
  /** The manifest's own media type (OCI or Docker). */
  mediaType?: string;
  /** The image configuration blob. */
  config: Descriptor;
  /** The layer blobs, bottom first. */
  layers: Descriptor[];
  /** Free-form annotations, e.g. the base image's name and digest. */
  annotations?: Record<string, string>;
}

/** An image index (OCI) or manifest list (Docker). */
export interface ImageIndex {
  /** Always 2. */
  schemaVersion: 2;
  /** The index's own media type (OCI index or Docker manifest list). */
  mediaType?: string;
  /** The images (or indexes) it names, with their platforms. */
  manifests: Descriptor[];
  /** Free-form annotations. */
  annotations?: Record<string, string>;
}

/** The parts of an image configuration this module reads and writes; other keys are kept as they are. */
export interface ImageConfig {
  /** OCI architecture: `amd64` or `arm64` for Lambda. */
  architecture: string;
  /** Operating system: `linux`. */
  os: string;
  /** When the image was made (RFC 3339); a build keeps the base's, for reproducibility. */
  created?: string;
  /** How a container runs: environment, entry point, command (the handler for Lambda), working directory. */
  config?: {
    Env?: string[];
    Cmd?: string[];
    Entrypoint?: string[];
    WorkingDir?: string;
    [key: string]: unknown;
  };
  /** The digests of the uncompressed layers, bottom first. */
  rootfs: { type: "layers"; diff_ids: string[] };
  /** One entry per build step, layers and empty steps alike. */
  history?: { created?: string; created_by?: string; comment?: string; empty_layer?: boolean }[];
  /** Other keys of the configuration, kept as they are. */
  [key: string]: unknown;
}
