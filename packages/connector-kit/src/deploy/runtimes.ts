/**
 * The AWS Lambda Node.js runtimes connector-kit packages for, and what follows from each: the esbuild target
 * of the bundle and the container base image of the Dockerfile, pinned by digest. This table is the one
 * place to change when a runtime is added or a base image is refreshed.
 *
 * Refreshing a digest: AWS republishes the base images (security patches) under the same tag. Look up the
 * tag's current digest with `docker buildx imagetools inspect public.ecr.aws/lambda/nodejs:22` (the
 * `Digest:` line, the multi-platform index) or `crane digest public.ecr.aws/lambda/nodejs:22`, put it in
 * `baseImageDigest` below, and run the deploy tests. Never type a digest that was not looked up: a digest
 * left `null` makes the generated Dockerfile require `--build-arg BASE_IMAGE_DIGEST=sha256:…` instead.
 */

/** The Lambda runtimes `connector package` and `connector deploy` accept, oldest first. */
export const LAMBDA_RUNTIMES = ["nodejs22.x", "nodejs24.x"] as const;

/** One of {@link LAMBDA_RUNTIMES}. */
export type LambdaRuntime = (typeof LAMBDA_RUNTIMES)[number];

/** The runtime used when none is given: `nodejs22.x` (Node.js 20 is end-of-life). */
export const DEFAULT_LAMBDA_RUNTIME: LambdaRuntime = "nodejs22.x";

/** What a Lambda runtime fixes for a connector's package. */
export interface LambdaRuntimeFacts {
  runtime: LambdaRuntime;
  /** The esbuild `target` of the bundle, e.g. `node22`. */
  esbuildTarget: string;
  /** The AWS Lambda base image by tag, e.g. `public.ecr.aws/lambda/nodejs:22`. */
  baseImage: string;
  /**
   * The digest (`sha256:` and 64 hex digits) the Dockerfile pins `baseImage` to, or null while none has been
   * looked up (the Dockerfile then requires it as a build argument).
   */
  baseImageDigest: string | null;
}

/** Runtime → bundle target and base image. See the file comment for how to refresh a digest. */
export const LAMBDA_RUNTIME_TABLE: Readonly<Record<LambdaRuntime, Readonly<LambdaRuntimeFacts>>> = {
  "nodejs22.x": {
    runtime: "nodejs22.x",
    esbuildTarget: "node22",
    baseImage: "public.ecr.aws/lambda/nodejs:22",
    baseImageDigest: null,
  },
  "nodejs24.x": {
    runtime: "nodejs24.x",
    esbuildTarget: "node24",
    baseImage: "public.ecr.aws/lambda/nodejs:24",
    baseImageDigest: null,
  },
};

/** Whether `value` is one of {@link LAMBDA_RUNTIMES}. */
export function isLambdaRuntime(value: unknown): value is LambdaRuntime {
  return typeof value === "string" && (LAMBDA_RUNTIMES as readonly string[]).includes(value);
}

/** The facts of a runtime. Default: {@link DEFAULT_LAMBDA_RUNTIME}. Throws a RangeError for another value. */
export function lambdaRuntimeFacts(runtime: string = DEFAULT_LAMBDA_RUNTIME): Readonly<LambdaRuntimeFacts> {
  if (!isLambdaRuntime(runtime)) {
    throw new RangeError(`Unsupported Lambda runtime "${runtime}": use one of ${LAMBDA_RUNTIMES.join(", ")}`);
  }
  return LAMBDA_RUNTIME_TABLE[runtime];
}

/** Whether `value` is an image digest: `sha256:` and 64 lower-case hex digits. */
export function isImageDigest(value: string): boolean {
  return /^sha256:[0-9a-f]{64}$/.test(value);
}
