import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTempDir } from "../../test-support/temp-dir.js";
import { baseImageReference, buildConnectorImage } from "./build-image.js";
import { copyImage } from "./copy-image.js";
import { sha256Digest } from "./digest.js";
import { ImageError } from "./image-error.js";
import { parseImageReference } from "./image-reference.js";
import { type ImageConfig, type ImageManifest, MEDIA_TYPES } from "./media-types.js";
import { OciLayout } from "./oci-layout.js";
import { resolveImage } from "./pull-image.js";
import { pushLayout } from "./push-image.js";
import { RegistryClient } from "./registry-client.js";
import {
  bcryptAvailable,
  type LocalRegistry,
  REGISTRY_INSTALL_HINT,
  registryAvailable,
  startLocalRegistry,
} from "./test-support/local-registry.js";
import { pushStandInBase, type StandInBase } from "./test-support/stand-in-base.js";

const SELLER = { username: "seller", password: "seller-secret" };
const BUYER = { username: "buyer", password: "buyer-secret" };
const BUNDLE =
  'export const handler = async (event) => ({ handled: event.operation, task: process.env.LAMBDA_TASK_ROOT.endsWith("/var/task") });\n';

const available = registryAvailable();
if (!available)
  console.warn(`Skipping the image tests: docker-registry is not installed (${REGISTRY_INSTALL_HINT})`);

describe.skipIf(!available)("connector images against a real registry", () => {
  let registry: LocalRegistry;
  let base: StandInBase;
  const client = (credentials = SELLER, chunkBytes?: number) =>
    new RegistryClient(registry.host, { credentials, ...(chunkBytes ? { chunkBytes } : {}) });

  beforeAll(async () => {
    registry = await startLocalRegistry({
      users: { seller: SELLER.password, buyer: BUYER.password },
      publicRepositories: ["lambda/nodejs"],
    });
    base = await pushStandInBase(client(), "lambda/nodejs");
  });
  afterAll(async () => {
    await registry?.stop();
  });

  it("builds a reproducible image on the pinned base, without Docker", async () => {
    const dir = makeTempDir("ck-image-");
    const one = await buildConnectorImage({
      bundle: BUNDLE,
      outDir: join(dir, "one"),
      base: base.pinned,
      tag: "1.0",
    });
    const two = await buildConnectorImage({
      bundle: BUNDLE,
      outDir: join(dir, "two"),
      base: base.pinned,
      tag: "1.0",
    });
    expect(two.digest).toBe(one.digest);
    expect(readFileSync(join(dir, "two", "index.json"), "utf8")).toBe(
      readFileSync(join(dir, "one", "index.json"), "utf8"),
    );
    expect(one.base).toEqual({ reference: base.pinned, digest: base.manifests.amd64 });

    const other = await buildConnectorImage({
      bundle: `${BUNDLE}// v2\n`,
      outDir: join(dir, "three"),
      base: base.pinned,
    });
    expect(other.digest).not.toBe(one.digest);
    const arm = await buildConnectorImage({
      bundle: BUNDLE,
      outDir: join(dir, "arm"),
      base: base.pinned,
      architecture: "arm64",
    });
    expect(arm.base.digest).toBe(base.manifests.arm64);
    expect(arm.config.architecture).toBe("arm64");

    const layout = new OciLayout(join(dir, "one"));
    const index = await layout.readIndex();
    expect(index.manifests).toEqual([
      expect.objectContaining({
        digest: one.digest,
        mediaType: MEDIA_TYPES.ociManifest,
        annotations: { "org.opencontainers.image.ref.name": "1.0" },
      }),
    ]);
    const manifest = JSON.parse(Buffer.from(await layout.getBlob(one.digest)).toString()) as ImageManifest;
    expect(manifest.layers.map((l) => l.mediaType)).toEqual([
      MEDIA_TYPES.ociLayerGzip,
      MEDIA_TYPES.ociLayerGzip,
    ]);
    expect(manifest.layers[0]!.digest).toBe(base.layerDigest);
    expect(manifest.annotations?.["org.opencontainers.image.base.digest"]).toBe(base.indexDigest);
    const config = JSON.parse(
      Buffer.from(await layout.getBlob(manifest.config.digest)).toString(),
    ) as ImageConfig;
    expect(config.config).toMatchObject({
      Cmd: ["index.handler"],
      Entrypoint: ["/lambda-entrypoint.sh"],
      WorkingDir: "/var/task",
    });
    expect(config.config?.Env).toEqual(
      expect.arrayContaining(["LAMBDA_TASK_ROOT=/var/task", "LOG_LEVEL=info", "LANG=en_US.UTF-8"]),
    );
    expect(config.created).toBe("2026-11-20T00:00:00Z");
    expect(config.rootfs.diff_ids).toHaveLength(2);

    // The layer is a plain tar.gz: owner root, fixed mtime, the bundle at var/task/index.mjs.
    const listing = execFileSync("tar", ["-tzvf", "-", "--numeric-owner"], {
      input: await layout.getBlob(one.layer.digest),
    }).toString();
    expect(listing).toMatch(/^-rw-r--r-- 0\/0 +\d+ 2000-01-01 00:00 var\/task\/index\.mjs$/m);
    expect(listing.trim().split("\n")).toHaveLength(1);
  });

  it("refuses a base with no known digest, an unpinned base, and a platform the base lacks", async () => {
    const dir = makeTempDir("ck-image-");
    const noDigest = await buildConnectorImage({ bundle: BUNDLE, outDir: dir }).catch((e: unknown) => e);
    expect(noDigest).toBeInstanceOf(ImageError);
    expect(noDigest).toMatchObject({
      reason: "NoBaseDigest",
      message: expect.stringMatching(
        /knows no digest of public\.ecr\.aws\/lambda\/nodejs:22 .*--base public\.ecr\.aws\/lambda\/nodejs:22@sha256:<digest>/,
      ),
    });
    expect(() => baseImageReference("nodejs22.x", `${registry.host}/lambda/nodejs:22`)).toThrow(
      /is not pinned/,
    );
    expect(() => baseImageReference("nodejs22.x", "Bad Ref@sha256:1")).toThrow(/not an image reference/);
    // An image manifest pinned directly, of the other architecture.
    const armOnly = `${registry.host}/lambda/nodejs@${base.manifests.arm64}`;
    await expect(buildConnectorImage({ bundle: BUNDLE, outDir: dir, base: armOnly })).rejects.toMatchObject({
      reason: "NoPlatform",
      message: expect.stringMatching(/built for linux\/arm64, not linux\/amd64/),
    });
  });

  it("refuses a pulled blob whose bytes do not match its digest", async () => {
    const dir = makeTempDir("ck-image-");
    // Fake: a registry that corrupts a layer on the way cannot be made from the real one.
    const tampering: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (!String(input).includes(`/blobs/${base.layerDigest}`) || !response.ok) return response;
      const bytes = new Uint8Array(await response.arrayBuffer());
      bytes[0] = (bytes[0] ?? 0) ^ 0xff;
      return new Response(bytes, { status: 200, headers: response.headers });
    };
    const error = await buildConnectorImage({
      bundle: BUNDLE,
      outDir: dir,
      base: base.pinned,
      client: new RegistryClient(registry.host, { fetch: tampering }),
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      reason: "DigestMismatch",
      message: expect.stringContaining(`The blob ${base.layerDigest}`),
    });
    // Pinned to a digest the registry serves other bytes for: a manifest fetched by digest is checked too.
    const wrong = `${registry.host}/lambda/nodejs@${sha256Digest("something else")}`;
    await expect(buildConnectorImage({ bundle: BUNDLE, outDir: dir, base: wrong })).rejects.toMatchObject({
      reason: "NotFound",
    });
  });

  it("pushes with existence checks, mounts and chunks; copies to the buyer's repository; pulls back and runs", async () => {
    const dir = makeTempDir("ck-image-");
    const built = await buildConnectorImage({
      bundle: BUNDLE,
      outDir: join(dir, "layout"),
      base: base.pinned,
    });
    const layout = new OciLayout(join(dir, "layout"));
    const seller = parseImageReference(`${registry.host}/marketplace/planets:1.0`);
    // Chunks of 64 bytes: the connector's layer goes up in PATCH chunks; the base layer is mounted.
    const pushed = await pushLayout(layout, seller, client(SELLER, 64), { mountFrom: "lambda/nodejs" });
    expect(pushed.digest).toBe(built.digest);
    expect(pushed.blobs.map((b) => [b.digest, b.outcome])).toEqual([
      [built.manifest.config.digest, "uploaded"],
      [base.layerDigest, "mounted"],
      [built.layer.digest, "uploaded"],
    ]);
    const again = await pushLayout(layout, seller, client());
    expect(again.blobs.map((b) => b.outcome)).toEqual(["exists", "exists", "exists"]);

    // The buyer's step on one registry: every blob mounted, the digest kept.
    const buyer = parseImageReference(`${registry.host}/buyer/planets`);
    const copied = await copyImage(seller, buyer, client(), client());
    expect(copied).toMatchObject({ digest: built.digest, tag: "1.0" });
    expect(copied.blobs.map((b) => b.outcome)).toEqual(["mounted", "mounted", "mounted"]);
    // Between registries (the same server under another name): pulled and pushed.
    const elsewhere = parseImageReference(`localhost:${registry.host.split(":")[1]}/elsewhere/planets:2.0`);
    const moved = await copyImage(
      seller,
      elsewhere,
      client(),
      new RegistryClient(elsewhere.registry, { credentials: BUYER }),
    );
    expect(moved.digest).toBe(built.digest);
    expect(moved.blobs.map((b) => b.outcome)).toEqual(["uploaded", "uploaded", "uploaded"]);

    // Pull it back as the buyer, unpack every layer in order, and run the handler the way the image says.
    const pulled = await resolveImage(
      client(BUYER),
      parseImageReference(`${registry.host}/buyer/planets:1.0`),
      "x86_64",
    );
    expect(pulled.digest).toBe(built.digest);
    expect(pulled.config.config?.Cmd).toEqual(["index.handler"]);
    const root = join(dir, "rootfs");
    mkdirSync(root);
    for (const layer of pulled.manifest.layers) {
      execFileSync("tar", ["-xzf", "-", "-C", root], {
        input: await client(BUYER).getBlob("buyer/planets", layer.digest, layer.size),
      });
    }
    const env = Object.fromEntries(
      pulled.config.config!.Env!.map((e) => e.split(/=(.*)/s).slice(0, 2) as [string, string]),
    );
    const out = execFileSync(
      process.execPath,
      [
        join(root, "var/runtime/run-handler.mjs"),
        pulled.config.config!.Cmd![0]!,
        '{"operation":"ListEntities"}',
      ],
      {
        env: { ...env, PATH: process.env["PATH"], LAMBDA_TASK_ROOT: join(root, env["LAMBDA_TASK_ROOT"]!) },
      },
    ).toString();
    expect(JSON.parse(out)).toEqual({ handled: "ListEntities", task: true });
  });

  it("refuses wrong credentials and anonymous pushes, naming the registry but never the password", async () => {
    const dir = makeTempDir("ck-image-");
    await buildConnectorImage({ bundle: BUNDLE, outDir: dir, base: base.pinned });
    const target = parseImageReference(`${registry.host}/marketplace/other:1`);
    const wrong = await pushLayout(
      new OciLayout(dir),
      target,
      client({ username: "seller", password: "nope" }),
    ).catch((e: unknown) => e);
    expect(wrong).toMatchObject({
      reason: "AuthRefused",
      message: expect.stringMatching(/token service of 127\.0\.0\.1:\d+ refused the credentials of seller/),
    });
    expect((wrong as Error).message).not.toContain("nope");
    const anonymous = await pushLayout(new OciLayout(dir), target, new RegistryClient(registry.host)).catch(
      (e: unknown) => e,
    );
    expect(anonymous).toMatchObject({
      reason: "AuthRefused",
      message: expect.stringMatching(/refused to check the blob .* \(HTTP 401\)/),
    });
    expect(
      registry.tokenRequests.some(
        (r) => r.user === null && r.scopes.includes("repository:marketplace/other:pull,push"),
      ),
    ).toBe(true);
  });

  describe.skipIf(!bcryptAvailable())("a registry with Basic authentication, as ECR answers", () => {
    let basic: LocalRegistry;
    const ECR = { username: "AWS", password: "ecr-like-token" };
    beforeAll(async () => {
      basic = await startLocalRegistry({ users: { AWS: ECR.password }, basic: true });
    });
    afterAll(async () => {
      await basic?.stop();
    });

    it("copies between two registries, pushes with Basic credentials, and refuses without them", async () => {
      const seller = parseImageReference(`${registry.host}/marketplace/basic:1.0`);
      const dir = makeTempDir("ck-image-");
      const built = await buildConnectorImage({ bundle: BUNDLE, outDir: dir, base: base.pinned });
      await pushLayout(new OciLayout(dir), seller, client());
      const target = parseImageReference(`${basic.host}/buyer/planets`);
      const to = new RegistryClient(basic.host, { credentials: ECR, chunkBytes: 100 });
      const copied = await copyImage(seller, target, client(), to);
      expect(copied).toMatchObject({ digest: built.digest, tag: "1.0" });
      expect(copied.blobs.map((b) => b.outcome)).toEqual(["uploaded", "uploaded", "uploaded"]);
      const back = await resolveImage(to, parseImageReference(`${basic.host}/buyer/planets:1.0`), "x86_64");
      expect(back.digest).toBe(built.digest);
      expect(basic.tokenRequests).toEqual([]);

      const wrong = new RegistryClient(basic.host, { credentials: { ...ECR, password: "expired" } });
      await expect(wrong.getManifest("buyer/planets", "1.0")).rejects.toMatchObject({
        reason: "AuthRefused",
        message: expect.stringMatching(
          /refused to pull the manifest buyer\/planets:1\.0 \(HTTP 401\) for AWS$/,
        ),
      });
      await expect(new RegistryClient(basic.host).getManifest("buyer/planets", "1.0")).rejects.toMatchObject({
        reason: "AuthRefused",
        message: expect.stringMatching(
          /wants credentials to pull the manifest buyer\/planets:1\.0, and none were given/,
        ),
      });
    });
  });
});
