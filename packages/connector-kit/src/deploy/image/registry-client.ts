import { assertDigest, sha256Digest } from "./digest.js";
import { ImageError } from "./image-error.js";
import { MANIFEST_ACCEPT } from "./media-types.js";
import {
  type AuthChallenge,
  type BearerToken,
  basicAuthorization,
  fetchBearerToken,
  parseChallenge,
  type RegistryCredentials,
} from "./registry-auth.js";

/** Options of a {@link RegistryClient}. */
export interface RegistryClientOptions {
  /** Credentials for the registry (or its token service). Default: none (anonymous pulls). */
  credentials?: RegistryCredentials;
  /** Speak plain HTTP. Default: true for loopback hosts (`localhost`, `127.0.0.1`, `[::1]`) only. */
  plainHttp?: boolean;
  /** Blobs larger than this are uploaded in chunks of this size (PATCH); smaller ones in one PUT. Default: 10 MiB. */
  chunkBytes?: number;
  /** The fetch to use. Default: the global `fetch`. */
  fetch?: typeof fetch;
}

/** A manifest (or index) as the registry served it. */
export interface FetchedManifest {
  /** The bytes as served (their digest is the manifest's). */
  bytes: Uint8Array;
  /** Its media type: an image manifest, an index or a manifest list. */
  mediaType: string;
  /** Its digest, checked. */
  digest: string;
}

/** What became of a blob upload. */
export type BlobOutcome = "exists" | "mounted" | "uploaded";

/** Default chunk size of chunked uploads: 10 MiB (ECR wants parts of at least 5 MiB). */
export const DEFAULT_CHUNK_BYTES = 10 * 1024 * 1024;

const REPOSITORY = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;

/** The repository, checked against the distribution grammar before it goes into a URL or a scope. */
function checked(repository: string): string {
  if (!REPOSITORY.test(repository)) {
    throw new ImageError("BadReference", `"${repository}" is not a repository name`);
  }
  return repository;
}

/** A digest from a manifest, checked before it goes into a URL. */
function checkedDigest(digest: string): string {
  if (!/^sha256:[0-9a-f]{64}$/.test(digest)) {
    throw new ImageError("BadReference", `"${digest}" is not a sha256 digest`);
  }
  return digest;
}

const pull = (repository: string) => `repository:${checked(repository)}:pull`;
const push = (repository: string) => `repository:${checked(repository)}:pull,push`;

function isLoopback(registry: string): boolean {
  const host = registry.replace(/:\d+$/, "");
  return host === "localhost" || host === "127.0.0.1" || host === "[::1]";
}

interface RequestOptions {
  scopes: readonly string[];
  /** What the request does, for error messages, e.g. `pull lambda/nodejs`. */
  what: string;
  headers?: Record<string, string>;
  body?: Uint8Array;
  /** Statuses that are answers rather than failures, beside 2xx. */
  accept?: readonly number[];
}

/**
 * A client of one registry's HTTP API v2 (the OCI distribution API): manifests and blobs, blob existence
 * checks, cross-repository mounts, monolithic and chunked uploads. Authentication follows the registry's
 * `WWW-Authenticate` challenge: a Bearer token from its token service (anonymous, or with Basic credentials),
 * cached per scope until it expires, or Basic credentials sent directly (ECR). Every manifest and blob read is
 * checked against its digest.
 */
export class RegistryClient {
  /** The registry's host and optional port. */
  readonly registry: string;
  readonly #base: string;
  readonly #fetch: typeof fetch;
  readonly #credentials: RegistryCredentials | undefined;
  readonly #chunkBytes: number;
  #challenge: AuthChallenge | undefined;
  readonly #tokens = new Map<string, BearerToken>();

  /**
   * @param registry host and optional port, e.g. `123456789012.dkr.ecr.us-east-1.amazonaws.com`
   * @param options credentials, transport and chunk size; default: anonymous, HTTPS (HTTP on loopback)
   * @throws RangeError when `chunkBytes` is not positive
   */
  constructor(registry: string, options: RegistryClientOptions = {}) {
    this.registry = registry;
    this.#base = `${(options.plainHttp ?? isLoopback(registry)) ? "http" : "https"}://${registry}`;
    this.#fetch = options.fetch ?? fetch;
    this.#credentials = options.credentials;
    this.#chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
    if (!(this.#chunkBytes > 0)) throw new RangeError("chunkBytes must be positive");
  }

  async #authorization(scopes: readonly string[], refresh: boolean): Promise<string | undefined> {
    const challenge = this.#challenge;
    if (!challenge) return undefined;
    if (challenge.scheme === "basic") {
      return this.#credentials ? basicAuthorization(this.#credentials) : undefined;
    }
    const key = [...scopes].sort().join(" ");
    let token = this.#tokens.get(key);
    if (refresh || !token || token.expiresAt <= Date.now()) {
      token = await fetchBearerToken(challenge, scopes, this.#credentials, this.registry, this.#fetch);
      this.#tokens.set(key, token);
    }
    return `Bearer ${token.token}`;
  }

  async #send(url: URL, method: string, o: RequestOptions, authorization: string | undefined) {
    return this.#fetch(url, {
      method,
      headers: { ...o.headers, ...(authorization ? { authorization } : {}) },
      ...(o.body ? { body: o.body } : {}),
    });
  }

  /** One request, answering the registry's challenge once; refuses clearly when still unauthorized. */
  async #request(method: string, target: string | URL, o: RequestOptions): Promise<Response> {
    const url = typeof target === "string" ? new URL(target, this.#base) : target;
    let response = await this.#send(url, method, o, await this.#authorization(o.scopes, false));
    if (response.status === 401) {
      await response.body?.cancel();
      const challenge = parseChallenge(response.headers.get("www-authenticate"));
      if (!challenge || (challenge.scheme === "basic" && !this.#credentials)) {
        throw new ImageError(
          "AuthRefused",
          `${this.registry} wants credentials to ${o.what}${this.#credentials ? "" : ", and none were given"}`,
        );
      }
      this.#challenge = challenge;
      response = await this.#send(url, method, o, await this.#authorization(o.scopes, true));
    }
    if (response.status === 401 || response.status === 403) {
      await response.body?.cancel();
      throw new ImageError(
        "AuthRefused",
        `${this.registry} refused to ${o.what} (HTTP ${response.status})${this.#credentials ? ` for ${this.#credentials.username}` : ""}`,
      );
    }
    if (!response.ok && !o.accept?.includes(response.status)) {
      const text = await response.text().catch(() => "");
      let detail = "";
      try {
        const errors = (JSON.parse(text) as { errors?: { code?: string; message?: string }[] }).errors ?? [];
        detail = errors.map((e) => `${e.code ?? "ERROR"}: ${e.message ?? ""}`).join("; ");
      } catch {
        detail = text.slice(0, 200);
      }
      throw new ImageError(
        response.status === 404 ? "NotFound" : "Registry",
        `${this.registry} could not ${o.what} (HTTP ${response.status}${detail ? `, ${detail}` : ""})`,
      );
    }
    return response;
  }

  /**
   * The manifest or index `reference` (a tag or a digest) of `repository`. Its bytes are hashed: a digest
   * reference, or the registry's `Docker-Content-Digest`, must match (`ImageError("DigestMismatch")`).
   */
  async getManifest(repository: string, reference: string): Promise<FetchedManifest> {
    const response = await this.#request(
      "GET",
      `/v2/${repository}/manifests/${encodeURIComponent(reference)}`,
      {
        scopes: [pull(repository)],
        what: `pull the manifest ${repository}:${reference}`,
        headers: { accept: MANIFEST_ACCEPT.join(", ") },
      },
    );
    const bytes = new Uint8Array(await response.arrayBuffer());
    const what = `The manifest ${this.registry}/${repository}@${reference}`;
    const claimed = response.headers.get("docker-content-digest");
    const expected = reference.startsWith("sha256:") ? reference : (claimed ?? sha256Digest(bytes));
    assertDigest(bytes, expected, what);
    const mediaType =
      (JSON.parse(new TextDecoder().decode(bytes)) as { mediaType?: string }).mediaType ??
      response.headers.get("content-type")?.split(";")[0]?.trim() ??
      "";
    return { bytes, mediaType, digest: expected };
  }

  /** A blob's bytes, checked against `digest` (and `size` when given). */
  async getBlob(repository: string, digest: string, size?: number): Promise<Uint8Array> {
    const response = await this.#request("GET", `/v2/${repository}/blobs/${checkedDigest(digest)}`, {
      scopes: [pull(repository)],
      what: `pull the blob ${digest} of ${repository}`,
    });
    const bytes = new Uint8Array(await response.arrayBuffer());
    const what = `The blob ${digest} of ${this.registry}/${repository}`;
    if (size !== undefined && bytes.byteLength !== size) {
      throw new ImageError("DigestMismatch", `${what} has ${bytes.byteLength} bytes, not ${size}: refused`);
    }
    assertDigest(bytes, digest, what);
    return bytes;
  }

  /** Whether `repository` has the blob (HEAD). */
  async hasBlob(repository: string, digest: string): Promise<boolean> {
    const response = await this.#request("HEAD", `/v2/${repository}/blobs/${checkedDigest(digest)}`, {
      scopes: [push(repository)],
      what: `check the blob ${digest} of ${repository}`,
      accept: [404],
    });
    await response.body?.cancel();
    return response.ok;
  }

  /**
   * Puts a blob into `repository` unless it is there (HEAD first): by a cross-repository mount from
   * `mountFrom` (a repository of this registry) when given and the registry allows it, else by uploading
   * `bytes` (a function, so they are read only when needed) in one PUT, or in PATCH chunks when larger than
   * `chunkBytes`.
   */
  async putBlob(
    repository: string,
    digest: string,
    bytes: () => Promise<Uint8Array>,
    mountFrom?: string,
  ): Promise<BlobOutcome> {
    checkedDigest(digest);
    if (await this.hasBlob(repository, digest)) return "exists";
    const scopes = mountFrom ? [push(repository), pull(mountFrom)] : [push(repository)];
    const start = new URL(`/v2/${repository}/blobs/uploads/`, this.#base);
    if (mountFrom) {
      start.searchParams.set("mount", digest);
      start.searchParams.set("from", mountFrom);
    }
    const started = await this.#request("POST", start, {
      scopes,
      what: mountFrom ? `mount ${digest} from ${mountFrom} into ${repository}` : `upload to ${repository}`,
      headers: { "content-length": "0" },
    });
    await started.body?.cancel();
    // 201: mounted; 202: an upload session (the mount was not possible, e.g. no access to the source).
    if (started.status === 201) return "mounted";
    let location = this.#location(started, repository);
    const data = await bytes();
    assertDigest(data, digest, `The blob to upload as ${digest}`);
    const what = `upload ${digest} to ${repository}`;
    if (data.byteLength > this.#chunkBytes) {
      for (let offset = 0; offset < data.byteLength; offset += this.#chunkBytes) {
        const chunk = data.subarray(offset, Math.min(offset + this.#chunkBytes, data.byteLength));
        const patched = await this.#request("PATCH", location, {
          scopes,
          what,
          headers: {
            "content-type": "application/octet-stream",
            "content-range": `${offset}-${offset + chunk.byteLength - 1}`,
          },
          body: chunk,
        });
        await patched.body?.cancel();
        location = this.#location(patched, repository);
      }
      location.searchParams.set("digest", digest);
      const done = await this.#request("PUT", location, { scopes, what, headers: { "content-length": "0" } });
      await done.body?.cancel();
    } else {
      location.searchParams.set("digest", digest);
      const done = await this.#request("PUT", location, {
        scopes,
        what,
        headers: { "content-type": "application/octet-stream" },
        body: data,
      });
      await done.body?.cancel();
    }
    return "uploaded";
  }

  #location(response: Response, repository: string): URL {
    const location = response.headers.get("location");
    if (!location) {
      throw new ImageError(
        "Registry",
        `${this.registry} started an upload to ${repository} without a Location`,
      );
    }
    const url = new URL(location, this.#base);
    if (url.origin !== new URL(this.#base).origin) {
      // Credentials go only to the registry they were given for.
      throw new ImageError(
        "Registry",
        `${this.registry} sent an upload location on another host: ${url.host}`,
      );
    }
    return url;
  }

  /**
   * Puts a manifest (or index) under `reference` (a tag, or its digest) and returns its digest; the
   * registry's `Docker-Content-Digest`, when sent, must match it.
   */
  async putManifest(
    repository: string,
    reference: string,
    bytes: Uint8Array,
    mediaType: string,
  ): Promise<string> {
    const digest = sha256Digest(bytes);
    const response = await this.#request(
      "PUT",
      `/v2/${repository}/manifests/${encodeURIComponent(reference)}`,
      {
        scopes: [push(repository)],
        what: `push the manifest ${repository}:${reference}`,
        headers: { "content-type": mediaType },
        body: bytes,
      },
    );
    await response.body?.cancel();
    const answered = response.headers.get("docker-content-digest");
    if (answered && answered !== digest) {
      throw new ImageError(
        "DigestMismatch",
        `${this.registry} stored the manifest ${repository}:${reference} as ${answered}, not ${digest}`,
      );
    }
    return digest;
  }
}
