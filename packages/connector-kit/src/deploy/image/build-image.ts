import { BUNDLE_FILE_NAME } from "../bundle.js";
import { DEFAULT_LAMBDA_RUNTIME, type LambdaRuntime, lambdaRuntimeFacts } from "../runtimes.js";
import { LAMBDA_HANDLER } from "../template.js";
import { sha256Digest } from "./digest.js";
import { ImageError } from "./image-error.js";
import { formatImageReference, type ImageReference, parseImageReference } from "./image-reference.js";
import {
  type Descriptor,
  type ImageConfig,
  type ImageManifest,
  MEDIA_TYPES,
  ociLayerMediaType,
} from "./media-types.js";
import { OciLayout, REF_NAME_ANNOTATION } from "./oci-layout.js";
import { type LambdaArchitecture, pullBlobs, resolveImage } from "./pull-image.js";
import { RegistryClient, type RegistryClientOptions } from "./registry-client.js";
import { createLayer, type LayerFile } from "./tar-layer.js";

/** A file the connector's bundle loads beside itself (`BundleAsset.name` and its bytes). */
export interface ImageAsset {
  /** Path next to the bundle, `/`-separated. */
  name: string;
  /** The file's bytes. */
  data: Uint8Array;
}

/** Options of {@link buildConnectorImage}. */
export interface BuildImageOptions {
  /** The bundled handler module (`connector package`'s `index.mjs`). Required. */
  bundle: string | Uint8Array;
  /** Files the bundle loads beside itself, copied next to it. Default: none. */
  assets?: readonly ImageAsset[];
  /** Where the OCI image layout is written. Required. */
  outDir: string;
  /** The Lambda runtime whose base image is used. Default: {@link DEFAULT_LAMBDA_RUNTIME}. */
  runtime?: LambdaRuntime;
  /**
   * The base image pinned by digest (`<image>@sha256:…`, an index or an image). Default: the runtime's image and
   * digest in `LAMBDA_RUNTIME_TABLE`; refused when that digest is unknown.
   */
  base?: string;
  /** The function's architecture: which image of a multi-platform base is used. Default: `x86_64`. */
  architecture?: LambdaArchitecture;
  /** The image's command: the handler. Default: `index.handler`. */
  handler?: string;
  /** `LOG_LEVEL` set in the image's environment. Default: `info`. */
  logLevel?: string;
  /** The tag recorded in the layout's index (`org.opencontainers.image.ref.name`). Default: `latest`. */
  tag?: string;
  /** How to reach the base image's registry. Default: anonymous, HTTPS (plain HTTP for loopback hosts). */
  registry?: RegistryClientOptions;
  /** A client for the base image's registry, instead of one made from `registry`. Default: made. */
  client?: RegistryClient;
}

/** What {@link buildConnectorImage} wrote. */
export interface BuiltImage {
  /** The image digest: the digest of its manifest. The same inputs always give the same one. */
  digest: string;
  /** The OCI layout written. */
  outDir: string;
  /** The tag the layout's index gives the image. */
  tag: string;
  /** The image manifest (OCI). */
  manifest: ImageManifest;
  /** The image configuration: the base's, with the handler as `CMD` and the layer added. */
  config: ImageConfig;
  /** The base image: its reference and the digest of the image manifest used. */
  base: { reference: string; digest: string };
  /** The connector's layer. */
  layer: Descriptor;
  /** Bytes of all layers, compressed. */
  size: number;
}

/** The Lambda task root when the base image does not say: where Lambda looks for the handler. */
const DEFAULT_TASK_ROOT = "/var/task";

/**
 * The pinned base image reference: `base`, or the runtime's from the table. Throws `ImageError("NoBaseDigest")`
 * without a digest, `ImageError("BadReference")` for a malformed reference, and a RangeError for an unknown
 * runtime.
 */
export function baseImageReference(runtime: LambdaRuntime, base?: string): ImageReference {
  if (base !== undefined) {
    const ref = parseImageReference(base);
    if (!ref.digest) {
      throw new ImageError(
        "NoBaseDigest",
        `The base image ${base} is not pinned: give it as <image>@sha256:<digest> so the build is reproducible`,
      );
    }
    return ref;
  }
  const facts = lambdaRuntimeFacts(runtime);
  if (!facts.baseImageDigest) {
    throw new ImageError(
      "NoBaseDigest",
      `connector-kit knows no digest of ${facts.baseImage} (runtime ${runtime}) yet: look it up (crane digest ${facts.baseImage}, or docker buildx imagetools inspect ${facts.baseImage}) and pass --base ${facts.baseImage}@sha256:<digest>`,
    );
  }
  return parseImageReference(`${facts.baseImage}@${facts.baseImageDigest}`);
}

function withEnv(env: readonly string[], name: string, value: string): string[] {
  return [...env.filter((e) => !e.startsWith(`${name}=`)), `${name}=${value}`];
}

function encode(value: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(value));
}

/**
 * Builds a connector's container image without Docker: pulls the Lambda base image pinned by digest (the
 * linux/amd64 or arm64 image of its index) through the registry API, adds the bundle and its assets as one
 * deterministic layer in the base's `LAMBDA_TASK_ROOT` (`/var/task`), sets `CMD` to the handler and
 * `LOG_LEVEL`, keeps the base's entry point, working directory and environment, and writes an OCI image
 * layout (every blob, `index.json` naming the manifest by `tag`). Nothing depends on the clock: the config's
 * `created` is the base's, so the same bundle and base always give the same image digest.
 */
export async function buildConnectorImage(options: BuildImageOptions): Promise<BuiltImage> {
  const runtime = options.runtime ?? DEFAULT_LAMBDA_RUNTIME;
  const architecture = options.architecture ?? "x86_64";
  const ref = baseImageReference(runtime, options.base);
  const client = options.client ?? new RegistryClient(ref.registry, options.registry);
  const base = await resolveImage(client, ref, architecture);
  const layout = new OciLayout(options.outDir);
  await layout.init();
  await pullBlobs(client, ref.repository, base, layout);

  const baseEnv = base.config.config?.Env ?? [];
  const taskRoot =
    baseEnv.find((e) => e.startsWith("LAMBDA_TASK_ROOT="))?.slice("LAMBDA_TASK_ROOT=".length) ||
    DEFAULT_TASK_ROOT;
  const files: LayerFile[] = [
    { path: `${taskRoot}/${BUNDLE_FILE_NAME}`, data: options.bundle },
    ...(options.assets ?? []).map((a) => ({ path: `${taskRoot}/${a.name}`, data: a.data })),
  ];
  const layer = createLayer(files, taskRoot);
  await layout.putBlob(layer.blob);

  const handler = options.handler ?? LAMBDA_HANDLER;
  const created = base.config.created;
  const config: ImageConfig = {
    ...base.config,
    config: {
      ...base.config.config,
      Env: withEnv(withEnv(baseEnv, "LAMBDA_TASK_ROOT", taskRoot), "LOG_LEVEL", options.logLevel ?? "info"),
      WorkingDir: base.config.config?.WorkingDir || taskRoot,
      Cmd: [handler],
    },
    rootfs: { type: "layers", diff_ids: [...base.config.rootfs.diff_ids, layer.diffId] },
    history: [
      ...(base.config.history ?? []),
      {
        ...(created ? { created } : {}),
        created_by: `connector-kit image build: COPY ${files.map((f) => f.path.slice(taskRoot.length + 1)).join(" ")} ${taskRoot}/`,
      },
      {
        ...(created ? { created } : {}),
        created_by: `connector-kit image build: CMD ["${handler}"]`,
        empty_layer: true,
      },
    ],
  };
  const configBytes = encode(config);
  await layout.putBlob(configBytes);
  const layerDescriptor: Descriptor = {
    mediaType: MEDIA_TYPES.ociLayerGzip,
    digest: layer.digest,
    size: layer.blob.byteLength,
  };
  const manifest: ImageManifest = {
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.ociManifest,
    config: {
      mediaType: MEDIA_TYPES.ociConfig,
      digest: sha256Digest(configBytes),
      size: configBytes.byteLength,
    },
    layers: [
      ...base.manifest.layers.map((l) => ({
        mediaType: ociLayerMediaType(l.mediaType),
        digest: l.digest,
        size: l.size,
      })),
      layerDescriptor,
    ],
    annotations: {
      "org.opencontainers.image.base.name": formatImageReference({
        registry: ref.registry,
        repository: ref.repository,
        ...(ref.tag ? { tag: ref.tag } : {}),
      }),
      "org.opencontainers.image.base.digest": base.indexDigest ?? base.digest,
    },
  };
  const manifestBytes = encode(manifest);
  const digest = await layout.putBlob(manifestBytes);
  const tag = options.tag ?? "latest";
  await layout.writeIndex([
    {
      mediaType: MEDIA_TYPES.ociManifest,
      digest,
      size: manifestBytes.byteLength,
      platform: { architecture: config.architecture, os: config.os },
      annotations: { [REF_NAME_ANNOTATION]: tag },
    },
  ]);
  return {
    digest,
    outDir: options.outDir,
    tag,
    manifest,
    config,
    base: { reference: formatImageReference(ref), digest: base.digest },
    layer: layerDescriptor,
    size: manifest.layers.reduce((sum, l) => sum + l.size, 0),
  };
}
