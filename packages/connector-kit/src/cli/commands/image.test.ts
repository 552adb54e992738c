import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { RegistryClient } from "../../deploy/image/registry-client.js";
import {
  type LocalRegistry,
  registryAvailable,
  startLocalRegistry,
} from "../../deploy/image/test-support/local-registry.js";
import { pushStandInBase, type StandInBase } from "../../deploy/image/test-support/stand-in-base.js";
import {
  type RecordingEndpoint,
  startRecordingEndpoint,
} from "../../deploy/test-support/recording-endpoint.js";
import { makeTempDir } from "../../test-support/temp-dir.js";
import { captureCli } from "../test-support/capture-cli.js";

const HELLO = join(import.meta.dirname, "../../../../../examples/hello/src/connector.ts");
const AWS_ENV = { AWS_ACCESS_KEY_ID: "AKIDEXAMPLE", AWS_SECRET_ACCESS_KEY: "fake", AWS_REGION: "us-east-1" };
const ECR_PASSWORD = "ecr-token-password";

let ecr: RecordingEndpoint | undefined;
afterEach(async () => {
  await ecr?.close();
  ecr = undefined;
});

/** A recording endpoint answering ECR's GetAuthorizationToken with `AWS:<ECR_PASSWORD>`. */
async function fakeEcr(): Promise<RecordingEndpoint> {
  return startRecordingEndpoint((r) =>
    r.headers["x-amz-target"] === "AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken"
      ? {
          body: {
            authorizationData: [
              {
                authorizationToken: Buffer.from(`AWS:${ECR_PASSWORD}`).toString("base64"),
                expiresAt: Date.now() / 1000 + 43_200,
                proxyEndpoint: "https://123456789012.dkr.ecr.us-east-1.amazonaws.com",
              },
            ],
          },
        }
      : undefined,
  );
}

describe("connector image", () => {
  it("refuses to build without a pinned base digest, and checks its arguments", async () => {
    const dir = makeTempDir("ck-cli-image-");
    writeFileSync(join(dir, "index.mjs"), "export const handler = async () => ({});\n");
    const r = await captureCli(["image", "build", "index.mjs", "--output", "out"], dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /^connector image: connector-kit knows no digest of public\.ecr\.aws\/lambda\/nodejs:22 \(runtime nodejs22\.x\)/,
    );
    expect((await captureCli(["image", "build", "index.mjs"], dir)).stderr).toMatch(
      /Give --output <dir>, --push/,
    );
    expect((await captureCli(["image", "push", "out"], dir)).status).toBe(2);
    expect((await captureCli(["image", "frobnicate"], dir)).stderr).toMatch(
      /connector image <build\|push\|copy>/,
    );
    const bad = await captureCli(
      ["image", "build", "index.mjs", "--output", "o", "--base", "lambda/nodejs:22"],
      dir,
    );
    expect(bad.stderr).toMatch(/is not pinned: give it as <image>@sha256:<digest>/);
  });

  it("deploy --image --dry-run prints the image function's calls", async () => {
    const dir = makeTempDir("ck-cli-image-");
    const uri = `123456789012.dkr.ecr.us-east-1.amazonaws.com/planets@sha256:${"c".repeat(64)}`;
    const r = await captureCli(
      [
        "deploy",
        "--image",
        uri,
        "--function-name",
        "planets-image",
        "--account-id",
        "123456789012",
        "--dry-run",
        "--architecture",
        "arm64",
      ],
      dir,
      AWS_ENV,
    );
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('"PackageType": "Image"');
    expect(r.stdout).toContain(`"ImageUri": "${uri}"`);
    expect(r.stdout).toContain('"arm64"');
    expect(r.stdout).toContain('"SourceArn": "arn:aws:appflow:us-east-1:123456789012:*"');
    expect(r.stdout).not.toContain("Packaged");
    const both = await captureCli(["deploy", "x.zip", "--image", uri, "--function-name", "f"], dir, AWS_ENV);
    expect(both.stderr).toMatch(/either a connector \(or function\.zip\) or --image/);
  });
});

describe.skipIf(!registryAvailable())("connector image against a real registry", () => {
  let registry: LocalRegistry;
  let base: StandInBase;
  beforeAll(async () => {
    registry = await startLocalRegistry({
      users: { AWS: ECR_PASSWORD, buyer: "buyer-secret" },
      publicRepositories: ["lambda/nodejs"],
    });
    base = await pushStandInBase(
      new RegistryClient(registry.host, { credentials: { username: "AWS", password: ECR_PASSWORD } }),
      "lambda/nodejs",
    );
  });
  afterAll(async () => {
    await registry?.stop();
  });

  it("builds a connector module, pushes with ECR credentials, copies as the buyer, and refuses a wrong password", async () => {
    const dir = makeTempDir("ck-cli-image-");
    ecr = await fakeEcr();
    const seller = `${registry.host}/seller/hello:1.0`;
    const build = await captureCli(
      [
        "image",
        "build",
        HELLO,
        "--conditions",
        "source",
        "--base",
        base.pinned,
        "--output",
        "layout",
        "--push",
        seller,
        "--ecr-auth",
        "--endpoint-url",
        ecr.url,
      ],
      dir,
      AWS_ENV,
    );
    expect(build.stderr).toBe("");
    expect(build.status).toBe(0);
    const digest = /: (sha256:[0-9a-f]{64}), /.exec(build.stdout)?.[1];
    expect(build.stdout).toMatch(
      new RegExp(
        `^Built .*connector\\.ts on ${base.pinned.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} \\(x86_64\\): sha256:`,
        "m",
      ),
    );
    expect(build.stdout).toMatch(/^ {2}sha256:[0-9a-f]{12}… .*: mounted$/m);
    expect(build.stdout).toContain(`Pushed ${registry.host}/seller/hello@${digest} (tag 1.0)\n`);
    expect(ecr.requests).toHaveLength(2); // the base's registry and the target's, both through ECR here
    expect(ecr.requests[0]!.headers["authorization"]).toMatch(/\/us-east-1\/ecr\/aws4_request/);
    expect(build.stdout).not.toContain(ECR_PASSWORD);

    // The same module again: the same digest, and nothing to upload.
    const again = await captureCli(
      [
        "image",
        "build",
        HELLO,
        "--conditions",
        "source",
        "--base",
        base.pinned,
        "--push",
        seller,
        "--ecr-auth",
        "--endpoint-url",
        ecr.url,
        "--json",
      ],
      dir,
      AWS_ENV,
    );
    const result = JSON.parse(again.stdout) as { digest: string; pushed: { blobs: { outcome: string }[] } };
    expect(result.digest).toBe(digest);
    expect(result.pushed.blobs.map((b) => b.outcome)).toEqual(["exists", "exists", "exists"]);

    const buyerEnv = {
      CONNECTOR_KIT_REGISTRY_USERNAME: "buyer",
      CONNECTOR_KIT_REGISTRY_PASSWORD: "buyer-secret",
    };
    const copy = await captureCli(["image", "copy", seller, `${registry.host}/buyer/hello`], dir, buyerEnv);
    expect(copy.stderr).toBe("");
    expect(copy.stdout.match(/: mounted$/gm)).toHaveLength(3);
    expect(copy.stdout).toContain(`Pushed ${registry.host}/buyer/hello@${digest} (tag 1.0)`);

    const push = await captureCli(
      ["image", "push", "layout", `${registry.host}/buyer/other:2`, "--json"],
      dir,
      {
        ...buyerEnv,
        CONNECTOR_KIT_REGISTRY_PASSWORD: "wrong-password",
      },
    );
    expect(push.status).toBe(1);
    expect(JSON.parse(push.stdout).error.message).toMatch(/refused the credentials of buyer/);
    expect(push.stdout).not.toContain("wrong-password");
  });
});
