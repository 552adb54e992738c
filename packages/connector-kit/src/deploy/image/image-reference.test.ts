import { describe, expect, it } from "vitest";
import { parseEcrRegistry } from "./ecr-credentials.js";
import { formatImageReference, manifestReference, parseImageReference } from "./image-reference.js";

const DIGEST = `sha256:${"0123456789abcdef".repeat(4)}`;

describe("parseImageReference", () => {
  it("reads registry, repository, tag and digest", () => {
    expect(parseImageReference(`public.ecr.aws/lambda/nodejs:22@${DIGEST}`)).toEqual({
      registry: "public.ecr.aws",
      repository: "lambda/nodejs",
      tag: "22",
      digest: DIGEST,
    });
    expect(parseImageReference("127.0.0.1:5000/a/b")).toEqual({
      registry: "127.0.0.1:5000",
      repository: "a/b",
    });
    expect(parseImageReference("localhost/x:1")).toMatchObject({
      registry: "localhost",
      repository: "x",
      tag: "1",
    });
    expect(parseImageReference("node:22")).toEqual({
      registry: "registry-1.docker.io",
      repository: "library/node",
      tag: "22",
    });
    const ref = parseImageReference(`123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/planets@${DIGEST}`);
    expect(formatImageReference(ref)).toBe(
      `123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/planets@${DIGEST}`,
    );
    expect(manifestReference(ref)).toBe(DIGEST);
    expect(manifestReference(parseImageReference("a.io/x"))).toBe("latest");
  });

  it("refuses what would not be a safe URL path, naming the part", () => {
    expect(() => parseImageReference("a.io/x@sha256:123")).toThrow(/digest must be sha256: and 64/);
    expect(() => parseImageReference("a.io/x:../y")).toThrow(/"\.\.\/y"|repository path/);
    expect(() => parseImageReference("a.io/Upper/x")).toThrow(/lower-case/);
    expect(() => parseImageReference("a.io/x/../y")).toThrow(/lower-case/);
    expect(() => parseImageReference("a.io/x?y=1")).toThrow(/not an image reference/);
    expect(() => parseImageReference("a.io:99999999/x")).toThrow(/not a host name/);
    expect(() => parseImageReference("a.io/x:-bad")).toThrow(/the tag "-bad"/);
  });
});

describe("parseEcrRegistry", () => {
  it("knows ECR private registries and nothing else", () => {
    expect(parseEcrRegistry("123456789012.dkr.ecr.us-east-1.amazonaws.com")).toEqual({
      accountId: "123456789012",
      region: "us-east-1",
    });
    expect(parseEcrRegistry("123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn")).toMatchObject({
      region: "cn-north-1",
    });
    expect(parseEcrRegistry("public.ecr.aws")).toBeNull();
    expect(parseEcrRegistry("123456789012.dkr.ecr.us-east-1.amazonaws.com.evil.example")).toBeNull();
  });
});
