import { ImageError } from "./image-error.js";

/** A parsed image reference: `registry/repository[:tag][@sha256:…]`. */
export interface ImageReference {
  /** Host and optional port, e.g. `public.ecr.aws` or `127.0.0.1:5000`. */
  registry: string;
  /** Repository path, e.g. `lambda/nodejs`. */
  repository: string;
  /** The tag, when the reference has one. */
  tag?: string;
  /** The digest (`sha256:…`), when the reference is pinned. */
  digest?: string;
}

/** Docker Hub's registry, used when a reference names none. */
const DOCKER_HUB = "registry-1.docker.io";

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST = /^sha256:[0-9a-f]{64}$/;

/**
 * Parses an image reference, checking each part against the distribution grammar (repository components
 * lower-case, tag up to 128 characters, digest `sha256:` + 64 hex digits), so nothing unchecked reaches a
 * URL. A first component with a dot or a port, or `localhost`, is the registry; otherwise Docker Hub.
 * Throws `ImageError("BadReference")` naming what is wrong.
 */
export function parseImageReference(text: string): ImageReference {
  const bad = (why: string) => new ImageError("BadReference", `"${text}" is not an image reference: ${why}`);
  let rest = text.trim();
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) throw bad("the digest must be sha256: and 64 lower-case hex digits");
  }
  let tag: string | undefined;
  const slash = rest.lastIndexOf("/");
  const colon = rest.lastIndexOf(":");
  if (colon > slash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) throw bad(`the tag "${tag}" has characters a tag cannot have`);
  }
  const parts = rest.split("/");
  let registry = DOCKER_HUB;
  if (parts.length > 1 && (/[.:]/.test(parts[0]!) || parts[0] === "localhost")) {
    registry = parts.shift()!;
    if (!/^[A-Za-z0-9.-]+(?::\d{1,5})?$|^\[[0-9a-fA-F:]+\](?::\d{1,5})?$/.test(registry)) {
      throw bad(`the registry "${registry}" is not a host name with an optional port`);
    }
  } else if (parts.length === 1) {
    parts.unshift("library");
  }
  if (parts.some((p) => !COMPONENT.test(p))) {
    throw bad("repository path components are lower-case letters and digits separated by . _ or -");
  }
  return {
    registry,
    repository: parts.join("/"),
    ...(tag !== undefined ? { tag } : {}),
    ...(digest !== undefined ? { digest } : {}),
  };
}

/** The reference as text: `registry/repository[:tag][@digest]`. */
export function formatImageReference(ref: ImageReference): string {
  return `${ref.registry}/${ref.repository}${ref.tag ? `:${ref.tag}` : ""}${ref.digest ? `@${ref.digest}` : ""}`;
}

/** What a manifest request names: the digest when pinned, else the tag, else `latest`. */
export function manifestReference(ref: ImageReference): string {
  return ref.digest ?? ref.tag ?? "latest";
}
