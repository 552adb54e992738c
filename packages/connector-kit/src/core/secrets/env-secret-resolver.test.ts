import { afterEach, describe, expect, it, vi } from "vitest";
import { EnvSecretResolver } from "./env-secret-resolver.js";

describe("EnvSecretResolver", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("reads a JSON object from the named variable", async () => {
    const resolver = new EnvSecretResolver({ env: { MY_SECRET: '{"username":"u","password":"p"}' } });
    await expect(resolver.resolve("env:MY_SECRET")).resolves.toEqual({ username: "u", password: "p" });
  });

  it("reads process.env by default, at each call", async () => {
    const resolver = new EnvSecretResolver();
    vi.stubEnv("CK_TEST_SECRET", '{"apiKey":"one"}');
    await expect(resolver.resolve("env:CK_TEST_SECRET")).resolves.toEqual({ apiKey: "one" });
    vi.stubEnv("CK_TEST_SECRET", '{"apiKey":"two"}');
    await expect(resolver.resolve("env:CK_TEST_SECRET")).resolves.toEqual({ apiKey: "two" });
  });

  it("reports an unset or empty variable as ResourceNotFoundError", async () => {
    const resolver = new EnvSecretResolver({ env: { EMPTY: "" } });
    await expect(resolver.resolve("env:NOPE")).rejects.toMatchObject({
      code: "ResourceNotFoundError",
      message: "Environment variable NOPE named by secret reference env:NOPE is not set",
    });
    await expect(resolver.resolve("env:EMPTY")).rejects.toMatchObject({ code: "ResourceNotFoundError" });
    await expect(resolver.resolve("env:toString")).rejects.toMatchObject({ code: "ResourceNotFoundError" });
  });

  it("rejects a reference of another form", async () => {
    const resolver = new EnvSecretResolver({ env: {} });
    for (const ref of ["MY_SECRET", "env:", "file:/x.json", "env:A=B"]) {
      await expect(resolver.resolve(ref)).rejects.toMatchObject({ code: "InvalidArgument" });
    }
  });

  it("reports a value that is not a JSON object as InvalidCredentials, without the value", async () => {
    const resolver = new EnvSecretResolver({ env: { BAD: "hunter2-secret" } });
    const error = await resolver.resolve("env:BAD").catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "InvalidCredentials" });
    expect((error as Error).message).toContain("env:BAD");
    expect((error as Error).message).not.toContain("hunter2");
  });

  it("honours an aborted signal", async () => {
    const resolver = new EnvSecretResolver({ env: { S: "{}" } });
    await expect(resolver.resolve("env:S", { signal: AbortSignal.abort() })).rejects.toMatchObject({
      code: "RequestTimeout",
    });
  });
});
