import { describe, expect, it } from "vitest";
import { planDeploy } from "./deploy.js";
import { BASE_IMAGE_DIGEST_ARG, connectorDockerfile, DEFAULT_BASE_IMAGE } from "./dockerfile.js";
import {
  DEFAULT_LAMBDA_RUNTIME,
  isImageDigest,
  LAMBDA_RUNTIME_TABLE,
  LAMBDA_RUNTIMES,
  lambdaRuntimeFacts,
} from "./runtimes.js";
import { connectorTemplate } from "./template.js";
import { loadCfnSpecification, validateTemplate } from "./validate-template.js";

const ACCOUNT = "111122223333";
const DIGEST = `sha256:${"ab12".repeat(16)}`;

/** IAM's ARN matching: `*` any run of characters, `?` exactly one, everything else literal. */
function iamMatches(pattern: string, arn: string): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${source}$`).test(arn);
}

/** The secret ARN patterns of a template's role, with `Fn::Sub` resolved for one account and label. */
function secretPatterns(options: Parameters<typeof connectorTemplate>[0], label: string): string[] {
  const role = connectorTemplate(options).Resources["ConnectorRole"]!.Properties!;
  const policy = (role["Policies"] as { PolicyDocument: { Statement: { Resource: unknown }[] } }[])[0]!;
  const resource = policy.PolicyDocument.Statement[0]!.Resource;
  const values: Record<string, string> = {
    "AWS::Partition": "aws",
    "AWS::Region": "us-east-1",
    "AWS::AccountId": ACCOUNT,
    ConnectorLabel: label,
  };
  return (Array.isArray(resource) ? resource : [resource]).map((r) =>
    (r as { "Fn::Sub": string })["Fn::Sub"].replace(/\$\{([\w:]+)\}/g, (_, name: string) => values[name]!),
  );
}

/** The ARN of the secret AppFlow makes for a connector profile (name plus Secrets Manager's 6 characters). */
const secretArn = (label: string, profile: string, suffix = "AbCdEf") =>
  `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:appflow!${ACCOUNT}-${label}-${profile}-${suffix}`;

describe("Lambda runtimes", () => {
  it("offers nodejs22.x (the default) and nodejs24.x, each with its bundle target and base image", () => {
    expect(LAMBDA_RUNTIMES).toEqual(["nodejs22.x", "nodejs24.x"]);
    expect(DEFAULT_LAMBDA_RUNTIME).toBe("nodejs22.x");
    expect(lambdaRuntimeFacts()).toBe(LAMBDA_RUNTIME_TABLE["nodejs22.x"]);
    for (const runtime of LAMBDA_RUNTIMES) {
      const major = runtime.match(/^nodejs(\d+)\.x$/)![1];
      const facts = lambdaRuntimeFacts(runtime);
      expect(facts).toMatchObject({
        runtime,
        esbuildTarget: `node${major}`,
        baseImage: `public.ecr.aws/lambda/nodejs:${major}`,
      });
      // A digest in the table is a real one in the right form, or none at all.
      if (facts.baseImageDigest !== null) expect(isImageDigest(facts.baseImageDigest)).toBe(true);
    }
  });

  it("refuses other runtimes, naming the allowed ones", () => {
    for (const runtime of ["nodejs20.x", "nodejs18.x", "python3.12", ""]) {
      expect(() => lambdaRuntimeFacts(runtime)).toThrow(/use one of nodejs22\.x, nodejs24\.x/);
    }
  });
});

describe("connectorDockerfile", () => {
  it("uses each runtime's base image, pinned by a digest build argument", () => {
    expect(DEFAULT_BASE_IMAGE).toBe("public.ecr.aws/lambda/nodejs:22");
    for (const runtime of LAMBDA_RUNTIMES) {
      const { baseImage, baseImageDigest } = lambdaRuntimeFacts(runtime);
      const text = connectorDockerfile({ runtime });
      const from = text.split("\n").filter((l) => l.startsWith("FROM "));
      expect(from).toEqual([`FROM ${baseImage}@\${${BASE_IMAGE_DIGEST_ARG}}`]);
      const arg = text.split("\n").find((l) => l.startsWith("ARG "));
      expect(arg).toBe(
        baseImageDigest === null ? "ARG BASE_IMAGE_DIGEST" : `ARG BASE_IMAGE_DIGEST=${baseImageDigest}`,
      );
      // The ARG comes before FROM, where Docker lets FROM use it.
      expect(text.indexOf("ARG ")).toBeLessThan(text.indexOf("FROM "));
      expect(text).toContain(`Runtime ${runtime}`);
    }
    expect(connectorDockerfile()).toBe(connectorDockerfile({ runtime: "nodejs22.x" }));
  });

  it("says how to pin the image when no digest is known", () => {
    const text = connectorDockerfile({ runtime: "nodejs24.x", baseImageDigest: null });
    expect(text).toMatch(/^ARG BASE_IMAGE_DIGEST$/m);
    expect(text).toContain("docker buildx imagetools inspect public.ecr.aws/lambda/nodejs:24");
    expect(text).toContain("--build-arg BASE_IMAGE_DIGEST=sha256:<digest>");
  });

  it("takes a looked-up digest as the argument's default, and refuses a malformed one", () => {
    const text = connectorDockerfile({ runtime: "nodejs24.x", baseImageDigest: DIGEST });
    expect(text).toMatch(new RegExp(`^ARG BASE_IMAGE_DIGEST=${DIGEST}$`, "m"));
    expect(text).toMatch(/^FROM public\.ecr\.aws\/lambda\/nodejs:24@\$\{BASE_IMAGE_DIGEST\}$/m);
    for (const bad of [
      "sha256:abc",
      "ab12".repeat(16),
      `sha512:${"a".repeat(64)}`,
      `sha256:${"A".repeat(64)}`,
    ]) {
      expect(() => connectorDockerfile({ baseImageDigest: bad }), bad).toThrow(/64 hex digits/);
    }
  });

  it("uses an image given already pinned as it is", () => {
    const pinned = `123456789012.dkr.ecr.us-east-1.amazonaws.com/base@${DIGEST}`;
    const text = connectorDockerfile({ baseImage: pinned });
    expect(text).toMatch(new RegExp(`^FROM ${pinned.replace(/[.]/g, "\\.")}$`, "m"));
    expect(text).not.toContain("ARG ");
  });
});

describe("connectorTemplate", () => {
  const spec = loadCfnSpecification();

  it("sets the function's runtime, nodejs22.x by default, and passes validation for each", () => {
    const fn = (t: ReturnType<typeof connectorTemplate>) => t.Resources["ConnectorFunction"]!.Properties!;
    expect(fn(connectorTemplate())["Runtime"]).toBe("nodejs22.x");
    for (const runtime of LAMBDA_RUNTIMES) {
      for (const code of ["parameters", { localPath: "function.zip" }] as const) {
        const t = connectorTemplate({ runtime, code });
        expect(fn(t)["Runtime"]).toBe(runtime);
        expect(validateTemplate(t, spec, { packageablePaths: true }).problems).toEqual([]);
      }
      // An image brings its own runtime.
      expect(fn(connectorTemplate({ runtime, code: "image" }))["Runtime"]).toBeUndefined();
    }
    expect(() => connectorTemplate({ runtime: "nodejs20.x" as "nodejs22.x" })).toThrow(
      /nodejs22\.x, nodejs24\.x/,
    );
  });

  it("grants exactly the secrets of the connector profiles given", () => {
    const patterns = secretPatterns({ connectorProfiles: ["prod", "sand-box"] }, "shop");
    const readable = (arn: string) => patterns.some((p) => iamMatches(p, arn));
    expect(readable(secretArn("shop", "prod"))).toBe(true);
    expect(readable(secretArn("shop", "sand-box", "Zz9-_x"))).toBe(true);
    // Another connector whose label starts with "shop-", another profile, a wrong suffix length.
    expect(readable(secretArn("shop-eu", "prod"))).toBe(false);
    expect(readable(secretArn("shop", "staging"))).toBe(false);
    expect(readable(secretArn("shop", "prod", "AbCdEfG"))).toBe(false);
    expect(readable(secretArn("shop", "prod", "AbCdE"))).toBe(false);
    expect(readable(secretArn("shop", "prod-x"))).toBe(false);
    expect(readable(secretArn("shopx", "prod"))).toBe(false);
    const t = connectorTemplate({ connectorProfiles: ["prod", "sand-box"] });
    expect(validateTemplate(t, spec).problems).toEqual([]);
  });

  it("grants any profile of the label by default (documented: it also matches labels <label>-…)", () => {
    const [pattern] = secretPatterns({}, "shop");
    expect(pattern).toBe(
      `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:appflow!${ACCOUNT}-shop-*-??????`,
    );
    expect(iamMatches(pattern!, secretArn("shop", "prod"))).toBe(true);
    expect(iamMatches(pattern!, secretArn("shopx", "prod"))).toBe(false);
  });

  it("refuses profile names AppFlow would refuse, and an empty list", () => {
    for (const bad of ["a*", "a?", "with space", "x".repeat(257), ""]) {
      expect(() => connectorTemplate({ connectorProfiles: [bad] }), bad).toThrow(/profile name/);
    }
    expect(() => connectorTemplate({ connectorProfiles: [] })).toThrow(/at least one/);
  });
});

describe("planDeploy", () => {
  it("creates and updates the function with the runtime asked for, nodejs22.x by default", () => {
    const base = {
      functionName: "f",
      connectorLabel: "l",
      zip: new Uint8Array([1]),
      region: "us-east-1",
      roleArn: `arn:aws:iam::${ACCOUNT}:role/r`,
    };
    const runtimeOf = (calls: ReturnType<typeof planDeploy>, operation: string) =>
      calls.find((c) => c.operation === operation)!.input["Runtime"];
    const defaults = planDeploy(base);
    expect(runtimeOf(defaults, "CreateFunction")).toBe("nodejs22.x");
    for (const runtime of LAMBDA_RUNTIMES) {
      const calls = planDeploy({ ...base, runtime });
      expect(runtimeOf(calls, "CreateFunction")).toBe(runtime);
      expect(runtimeOf(calls, "UpdateFunctionConfiguration")).toBe(runtime);
    }
  });
});
