import { existsSync } from "node:fs";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { assertDigest, sha256Digest } from "./digest.js";
import { ImageError } from "./image-error.js";
import { type Descriptor, type ImageIndex, MEDIA_TYPES } from "./media-types.js";

/** The annotation naming a manifest in a layout's `index.json` (its tag). */
export const REF_NAME_ANNOTATION = "org.opencontainers.image.ref.name";

/**
 * An OCI image layout directory (`oci-layout`, `index.json`, `blobs/sha256/<hex>`), the form `image build`
 * writes and `image push` reads; skopeo, crane, podman and containerd read it too.
 */
export class OciLayout {
  /** @param dir the layout's directory */
  constructor(
    /** The layout's directory. */
    readonly dir: string,
  ) {}

  #blobPath(digest: string): string {
    if (!/^sha256:[0-9a-f]{64}$/.test(digest)) {
      throw new ImageError("Layout", `"${digest}" is not a sha256 digest`);
    }
    return join(this.dir, "blobs", "sha256", digest.slice("sha256:".length));
  }

  /** Creates the directory and its `oci-layout` marker (kept when there). */
  async init(): Promise<void> {
    await mkdir(join(this.dir, "blobs", "sha256"), { recursive: true });
    await writeFile(join(this.dir, "oci-layout"), `${JSON.stringify({ imageLayoutVersion: "1.0.0" })}\n`);
  }

  /** Whether the layout holds the blob. */
  hasBlob(digest: string): boolean {
    return existsSync(this.#blobPath(digest));
  }

  /** Stores `bytes` under their digest (written to a temporary name first, so a blob is whole or absent). */
  async putBlob(bytes: Uint8Array): Promise<string> {
    const digest = sha256Digest(bytes);
    const path = this.#blobPath(digest);
    if (!existsSync(path)) {
      await writeFile(`${path}.partial`, bytes);
      await rename(`${path}.partial`, path);
    }
    return digest;
  }

  /** A blob, checked against its digest (a layout on disk can be edited). */
  async getBlob(digest: string): Promise<Uint8Array> {
    const path = this.#blobPath(digest);
    const bytes = await readFile(path).catch(() => {
      throw new ImageError("Layout", `${this.dir} has no blob ${digest}`);
    });
    assertDigest(bytes, digest, `The blob ${digest} in ${this.dir}`);
    return bytes;
  }

  /** Writes `index.json` listing `manifests`. */
  async writeIndex(manifests: readonly Descriptor[]): Promise<void> {
    const index: ImageIndex = {
      schemaVersion: 2,
      mediaType: MEDIA_TYPES.ociIndex,
      manifests: [...manifests],
    };
    await writeFile(join(this.dir, "index.json"), `${JSON.stringify(index, null, 2)}\n`);
  }

  /** `index.json`, refused with `ImageError("Layout")` when the directory is not an OCI layout. */
  async readIndex(): Promise<ImageIndex> {
    if (!existsSync(join(this.dir, "oci-layout"))) {
      throw new ImageError("Layout", `${this.dir} is not an OCI image layout (no oci-layout file)`);
    }
    const index = JSON.parse(await readFile(join(this.dir, "index.json"), "utf8")) as ImageIndex;
    if (index.schemaVersion !== 2 || !Array.isArray(index.manifests)) {
      throw new ImageError("Layout", `${this.dir}/index.json is not an OCI image index`);
    }
    return index;
  }

  /** The one manifest of the layout, or the one tagged `tag`; refused when that is ambiguous or absent. */
  async manifestDescriptor(tag?: string): Promise<Descriptor> {
    const { manifests } = await this.readIndex();
    const found = tag ? manifests.filter((m) => m.annotations?.[REF_NAME_ANNOTATION] === tag) : manifests;
    if (found.length !== 1) {
      throw new ImageError(
        "Layout",
        tag
          ? `${this.dir} has ${found.length} manifests tagged ${tag}`
          : `${this.dir} has ${found.length} manifests: name one by its tag`,
      );
    }
    return found[0]!;
  }
}
