/**
 * A small stand-in for the Lambda Node.js base image, pushed to a test registry as Docker v2 schema 2 (as AWS
 * publishes it): a manifest list with a linux/amd64 and a linux/arm64 image whose one layer holds a tiny
 * "runtime" (`/var/runtime/run-handler.mjs`) that loads `$LAMBDA_TASK_ROOT/<module>.mjs` and calls the
 * handler the command names with a JSON event, printing the result — so a test can unpack an image and run it.
 */
import { sha256Digest } from "../digest.js";
import { type ImageConfig, MEDIA_TYPES } from "../media-types.js";
import type { RegistryClient } from "../registry-client.js";
import { createLayer } from "../tar-layer.js";

/** The stand-in runtime: `node run-handler.mjs <module.handler> '<event json>'`. */
export const RUN_HANDLER = `import { join } from "node:path";
import { pathToFileURL } from "node:url";
const [command, event] = process.argv.slice(2);
const [module, name] = command.split(".");
const loaded = await import(pathToFileURL(join(process.env.LAMBDA_TASK_ROOT, module + ".mjs")).href);
process.stdout.write(JSON.stringify(await loaded[name](JSON.parse(event ?? "{}"))));
`;

/** What {@link pushStandInBase} pushed. */
export interface StandInBase {
  /** `host/repository@sha256:<index digest>`. */
  pinned: string;
  indexDigest: string;
  /** Image manifest digest per OCI architecture. */
  manifests: Record<"amd64" | "arm64", string>;
  /** The base layer's digest (the same in both images). */
  layerDigest: string;
}

const encode = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));

/** Pushes the stand-in base image to `repository` of `client`'s registry, tagged `tag`. */
export async function pushStandInBase(
  client: RegistryClient,
  repository: string,
  tag = "22",
): Promise<StandInBase> {
  const layer = createLayer([{ path: "/var/runtime/run-handler.mjs", data: RUN_HANDLER }], "/var/runtime");
  await client.putBlob(repository, layer.digest, async () => layer.blob);
  const manifests = {} as Record<"amd64" | "arm64", string>;
  const entries = [];
  for (const architecture of ["amd64", "arm64"] as const) {
    const config: ImageConfig = {
      architecture,
      os: "linux",
      created: "2026-11-20T00:00:00Z",
      config: {
        Env: [
          "PATH=/var/lang/bin:/usr/local/bin:/usr/bin/:/bin",
          "LANG=en_US.UTF-8",
          "LAMBDA_TASK_ROOT=/var/task",
          "LAMBDA_RUNTIME_DIR=/var/runtime",
        ],
        Entrypoint: ["/lambda-entrypoint.sh"],
        WorkingDir: "/var/task",
      },
      rootfs: { type: "layers", diff_ids: [layer.diffId] },
      history: [{ created: "2026-11-20T00:00:00Z", created_by: "stand-in base layer" }],
    };
    const configBytes = encode(config);
    const configDigest = sha256Digest(configBytes);
    await client.putBlob(repository, configDigest, async () => configBytes);
    const manifest = encode({
      schemaVersion: 2,
      mediaType: MEDIA_TYPES.dockerManifest,
      config: { mediaType: MEDIA_TYPES.dockerConfig, digest: configDigest, size: configBytes.byteLength },
      layers: [{ mediaType: MEDIA_TYPES.dockerLayerGzip, digest: layer.digest, size: layer.blob.byteLength }],
    });
    manifests[architecture] = await client.putManifest(
      repository,
      sha256Digest(manifest),
      manifest,
      MEDIA_TYPES.dockerManifest,
    );
    entries.push({
      mediaType: MEDIA_TYPES.dockerManifest,
      digest: manifests[architecture],
      size: manifest.byteLength,
      platform: { architecture, os: "linux" },
    });
  }
  const list = encode({ schemaVersion: 2, mediaType: MEDIA_TYPES.dockerManifestList, manifests: entries });
  const indexDigest = await client.putManifest(repository, tag, list, MEDIA_TYPES.dockerManifestList);
  return {
    pinned: `${client.registry}/${repository}@${indexDigest}`,
    indexDigest,
    manifests,
    layerDigest: layer.digest,
  };
}
