import { mkdtempSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { credentialsFromEnv } from "../../deploy/aws-client-options.js";
import { bundleConnector } from "../../deploy/bundle.js";
import { buildConnectorImage, type ImageAsset } from "../../deploy/image/build-image.js";
import { copyImage } from "../../deploy/image/copy-image.js";
import { ecrCredentials, parseEcrRegistry } from "../../deploy/image/ecr-credentials.js";
import { parseImageReference } from "../../deploy/image/image-reference.js";
import { OciLayout } from "../../deploy/image/oci-layout.js";
import { type PushResult, pushLayout } from "../../deploy/image/push-image.js";
import type { RegistryCredentials } from "../../deploy/image/registry-auth.js";
import { RegistryClient } from "../../deploy/image/registry-client.js";
import { lambdaRuntimeFacts } from "../../deploy/runtimes.js";
import { COMMON_FLAGS, type Command, type CommandIo, UsageError } from "../command.js";
import { commandTarget, shownModule } from "../config/command-target.js";
import { AWS_FLAGS } from "./deploy.js";
import { formatBytes, RUNTIME_FLAG, runtimeFlag } from "./package.js";

type Flags = Record<string, string | boolean | string[] | undefined>;

/** Registry user name and password from the environment, for registries other than ECR. */
export const REGISTRY_USERNAME_ENV = "CONNECTOR_KIT_REGISTRY_USERNAME";
/** See {@link REGISTRY_USERNAME_ENV}. */
export const REGISTRY_PASSWORD_ENV = "CONNECTOR_KIT_REGISTRY_PASSWORD";

function string(flags: Flags, name: string): string | undefined {
  const value = flags[name];
  return typeof value === "string" ? value : undefined;
}

/**
 * The credentials for `registry`: for Amazon ECR (or any registry with `--ecr-auth`), from ECR's
 * GetAuthorizationToken in the registry's Region; else from the two environment variables; else none.
 */
async function credentialsFor(
  registry: string,
  flags: Flags,
  io: CommandIo,
): Promise<RegistryCredentials | undefined> {
  const ecr = parseEcrRegistry(registry);
  if (ecr || flags["ecr-auth"] === true) {
    const region =
      ecr?.region ?? string(flags, "region") ?? io.env["AWS_REGION"] ?? io.env["AWS_DEFAULT_REGION"];
    if (!region) throw new UsageError("Give the ECR Region with --region (or set AWS_REGION)");
    const credentials = credentialsFromEnv(io.env);
    return ecrCredentials({
      region,
      ...(string(flags, "endpoint-url") ? { endpoint: string(flags, "endpoint-url") } : {}),
      ...(credentials ? { credentials } : {}),
    });
  }
  const username = io.env[REGISTRY_USERNAME_ENV];
  const password = io.env[REGISTRY_PASSWORD_ENV];
  return username && password ? { username, password } : undefined;
}

async function clientFor(registry: string, flags: Flags, io: CommandIo): Promise<RegistryClient> {
  const credentials = await credentialsFor(registry, flags, io);
  const chunk = string(flags, "chunk-size");
  if (chunk !== undefined && !/^[1-9]\d*$/.test(chunk))
    throw new UsageError("--chunk-size must be a positive number of bytes");
  return new RegistryClient(registry, {
    ...(credentials ? { credentials } : {}),
    ...(chunk ? { chunkBytes: Number(chunk) } : {}),
  });
}

function blobLine(io: CommandIo, json: boolean) {
  return json
    ? undefined
    : (b: PushResult["blobs"][number]) =>
        io.stdout(`  ${b.digest.slice(0, 19)}… ${formatBytes(b.size)}: ${b.outcome}\n`);
}

function pushed(io: CommandIo, result: PushResult, json: boolean): void {
  io.stdout(
    json
      ? `${JSON.stringify(result, null, 2)}\n`
      : `Pushed ${result.reference}${result.tag ? ` (tag ${result.tag})` : ""}\n`,
  );
}

async function build(positionals: string[], flags: Flags, io: CommandIo): Promise<number> {
  const usage = "connector image build [connector|index.mjs] (--output <dir> | --push <repository[:tag]>)";
  const output = string(flags, "output");
  const push = string(flags, "push");
  if (!output && !push)
    throw new UsageError(`Give --output <dir>, --push <repository[:tag]> or both. Usage: ${usage}`);
  const architecture = string(flags, "architecture") ?? "x86_64";
  if (architecture !== "x86_64" && architecture !== "arm64")
    throw new UsageError("--architecture must be x86_64 or arm64");
  const runtime = runtimeFlag(flags["runtime"]);
  const json = flags["json"] === true;
  const target = push ? parseImageReference(push) : undefined;
  const [first] = positionals;
  let bundle: Uint8Array;
  let assets: ImageAsset[] = [];
  let shown: string;
  if (first?.endsWith(".mjs") && positionals.length === 1) {
    // An already bundled handler module (connector package's index.mjs).
    shown = first;
    bundle = await readFile(resolve(io.cwd, first)).catch(() => {
      throw new UsageError(`Cannot read ${resolve(io.cwd, first)}`);
    });
  } else {
    const t = await commandTarget(positionals, flags, io.cwd, { positionalCount: 1, usage });
    if (t.rest.length > 0) throw new UsageError(`Usage: ${usage}`);
    shown = shownModule(t, io.cwd);
    const b = await bundleConnector(resolve(io.cwd, t.module), {
      target: lambdaRuntimeFacts(runtime).esbuildTarget,
      conditions: (flags["conditions"] as string[] | undefined) ?? [],
    });
    bundle = new TextEncoder().encode(b.code);
    assets = await Promise.all(b.assets.map(async (a) => ({ name: a.name, data: await readFile(a.path) })));
  }
  const base = string(flags, "base");
  const baseRegistry = base ? parseImageReference(base).registry : undefined;
  // Without --output the layout is only a step on the way to the registry: a temporary directory.
  const outDir = output ? resolve(io.cwd, output) : mkdtempSync(join(tmpdir(), "connector-image-"));
  try {
    const built = await buildConnectorImage({
      bundle,
      assets,
      outDir,
      runtime,
      architecture,
      ...(base ? { base } : {}),
      ...(target?.tag ? { tag: target.tag } : {}),
      ...(string(flags, "function-log-level") ? { logLevel: string(flags, "function-log-level") } : {}),
      ...(baseRegistry ? { client: await clientFor(baseRegistry, flags, io) } : {}),
    });
    if (!json) {
      io.stdout(
        `Built ${shown} on ${built.base.reference} (${architecture}): ${built.digest}, ${formatBytes(built.size)}\n`,
      );
      if (output) io.stdout(`OCI layout: ${outDir}\n`);
    }
    let result: PushResult | undefined;
    if (target) {
      const sameRegistry = baseRegistry === target.registry;
      result = await pushLayout(new OciLayout(outDir), target, await clientFor(target.registry, flags, io), {
        ...(sameRegistry && base ? { mountFrom: parseImageReference(base).repository } : {}),
        ...(blobLine(io, json) ? { onBlob: blobLine(io, json)! } : {}),
      });
      if (!json) pushed(io, result, false);
    }
    if (json)
      io.stdout(
        `${JSON.stringify({ ...built, ...(output ? {} : { outDir: null }), pushed: result ?? null }, null, 2)}\n`,
      );
    return 0;
  } finally {
    if (!output) rmSync(outDir, { recursive: true, force: true });
  }
}

async function push(positionals: string[], flags: Flags, io: CommandIo): Promise<number> {
  const [layoutDir, uri, ...rest] = positionals;
  if (!layoutDir || !uri || rest.length > 0)
    throw new UsageError("Usage: connector image push <layout-dir> <repository[:tag]>");
  const target = parseImageReference(uri);
  const json = flags["json"] === true;
  const result = await pushLayout(
    new OciLayout(resolve(io.cwd, layoutDir)),
    target,
    await clientFor(target.registry, flags, io),
    {
      ...(string(flags, "tag") ? { layoutTag: string(flags, "tag") } : {}),
      ...(string(flags, "mount-from") ? { mountFrom: string(flags, "mount-from") } : {}),
      ...(blobLine(io, json) ? { onBlob: blobLine(io, json)! } : {}),
    },
  );
  pushed(io, result, json);
  return 0;
}

async function copy(positionals: string[], flags: Flags, io: CommandIo): Promise<number> {
  const [from, to, ...rest] = positionals;
  if (!from || !to || rest.length > 0)
    throw new UsageError("Usage: connector image copy <source-image> <repository[:tag]>");
  const source = parseImageReference(from);
  const target = parseImageReference(to);
  const json = flags["json"] === true;
  const fromClient = await clientFor(source.registry, flags, io);
  const toClient =
    source.registry === target.registry ? fromClient : await clientFor(target.registry, flags, io);
  const result = await copyImage(source, target, fromClient, toClient, {
    ...(blobLine(io, json) ? { onBlob: blobLine(io, json)! } : {}),
  });
  pushed(io, result, json);
  return 0;
}

/** `connector image`: build a connector's container image without Docker, push it, copy it between repositories. */
export const imageCommand: Command = {
  name: "image",
  usage: "<build|push|copy> …",
  flags: {
    ...COMMON_FLAGS,
    output: { type: "string", valueName: "dir", description: "build: write the image as an OCI layout here" },
    push: { type: "string", valueName: "repository[:tag]", description: "build: push the image there" },
    base: {
      type: "string",
      valueName: "image@sha256:…",
      description:
        "build: the base image pinned by digest (default: the runtime's, when its digest is known)",
    },
    runtime: RUNTIME_FLAG,
    architecture: { type: "string", valueName: "arch", description: "build: x86_64 (default) or arm64" },
    conditions: {
      type: "string",
      multiple: true,
      valueName: "name",
      description: "build: package-export condition when bundling a module, e.g. source (repeatable)",
    },
    "function-log-level": {
      type: "string",
      valueName: "level",
      description: "build: LOG_LEVEL in the image's environment (default: info)",
    },
    tag: {
      type: "string",
      valueName: "tag",
      description: "push: which manifest of the layout (default: its only one)",
    },
    "mount-from": {
      type: "string",
      valueName: "repository",
      description: "push: mount blobs from this repository of the same registry instead of uploading them",
    },
    "chunk-size": {
      type: "string",
      valueName: "bytes",
      description: "Upload blobs larger than this in chunks of this size (default: 10 MiB)",
    },
    "ecr-auth": {
      type: "boolean",
      description:
        "Use ECR GetAuthorizationToken credentials for every registry (default: for ECR hosts only)",
    },
    ...AWS_FLAGS,
  },
  examples: [
    "connector image build ./src/connector.ts --base public.ecr.aws/lambda/nodejs:22@sha256:<digest> --output dist/image",
    "connector image push dist/image 709825985650.dkr.ecr.us-east-1.amazonaws.com/seller/planets:1.0",
    "connector image build ./src/connector.ts --base public.ecr.aws/lambda/nodejs:22@sha256:<digest> --push 123456789012.dkr.ecr.us-east-1.amazonaws.com/planets:1.0",
    "connector image copy 709825985650.dkr.ecr.us-east-1.amazonaws.com/seller/planets:1.0 123456789012.dkr.ecr.us-east-1.amazonaws.com/planets",
  ],
  async run({ positionals, flags }, io) {
    const [sub, ...rest] = positionals;
    switch (sub) {
      case "build":
        return build(rest, flags, io);
      case "push":
        return push(rest, flags, io);
      case "copy":
        return copy(rest, flags, io);
      default:
        throw new UsageError("Usage: connector image <build|push|copy> … (see connector image --help)");
    }
  },
};
