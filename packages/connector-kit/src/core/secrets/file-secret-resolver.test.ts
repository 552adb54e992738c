import { chmod, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FileSecretResolver } from "./file-secret-resolver.js";

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "ck-secrets-"));
  await writeFile(join(dir, "basic.json"), '{"username":"u","password":"p"}');
  await writeFile(join(dir, "bom.json"), '\uFEFF{"apiKey":"k"}');
  await writeFile(join(dir, "bad.json"), "hunter2-secret");
  await writeFile(join(dir, "locked.json"), "{}");
  await chmod(join(dir, "locked.json"), 0o000);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("FileSecretResolver", () => {
  it("reads an absolute path, a relative path and a file URL", async () => {
    const resolver = new FileSecretResolver({ cwd: dir });
    const expected = { username: "u", password: "p" };
    await expect(resolver.resolve(`file:${join(dir, "basic.json")}`)).resolves.toEqual(expected);
    await expect(resolver.resolve("file:basic.json")).resolves.toEqual(expected);
    await expect(resolver.resolve("file:./basic.json")).resolves.toEqual(expected);
    await expect(resolver.resolve(pathToFileURL(join(dir, "basic.json")).href)).resolves.toEqual(expected);
  });

  it("accepts a UTF-8 byte order mark", async () => {
    await expect(new FileSecretResolver({ cwd: dir }).resolve("file:bom.json")).resolves.toEqual({
      apiKey: "k",
    });
  });

  it("reports a missing file as ResourceNotFoundError", async () => {
    const path = join(dir, "missing.json");
    await expect(new FileSecretResolver().resolve(`file:${path}`)).rejects.toMatchObject({
      code: "ResourceNotFoundError",
      message: `Secret file ${path} named by secret reference file:${path} does not exist`,
    });
  });

  it("reports an unreadable file as AccessDenied", async (context) => {
    if (process.getuid?.() === 0) context.skip(); // root reads any file
    await expect(new FileSecretResolver({ cwd: dir }).resolve("file:locked.json")).rejects.toMatchObject({
      code: "AccessDenied",
    });
  });

  it("rejects a directory and a reference of another form", async () => {
    const resolver = new FileSecretResolver({ cwd: dir });
    await expect(resolver.resolve(`file:${dir}`)).rejects.toMatchObject({ code: "InvalidArgument" });
    await expect(resolver.resolve("file:")).rejects.toMatchObject({ code: "InvalidArgument" });
    await expect(resolver.resolve("env:X")).rejects.toMatchObject({ code: "InvalidArgument" });
  });

  it("reports content that is not a JSON object as InvalidCredentials, without the content", async () => {
    const error = await new FileSecretResolver({ cwd: dir })
      .resolve("file:bad.json")
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "InvalidCredentials" });
    expect((error as Error).message).not.toContain("hunter2");
  });

  it("honours an aborted signal", async () => {
    const resolver = new FileSecretResolver({ cwd: dir });
    await expect(resolver.resolve("file:basic.json", { signal: AbortSignal.abort() })).rejects.toMatchObject({
      code: "RequestTimeout",
    });
  });
});

describe("FileSecretResolver with roots", () => {
  it("reads only under its roots, with one error whatever the reason a file cannot be read", async () => {
    const outside = await mkdtemp(join(tmpdir(), "ck-secrets-outside-"));
    try {
      await writeFile(join(outside, "real.json"), '{"apiKey":"k"}');
      await symlink(join(outside, "real.json"), join(dir, "escape.json"));
      const resolver = new FileSecretResolver({ cwd: dir, roots: [dir] });
      await expect(resolver.resolve("file:basic.json")).resolves.toEqual({ username: "u", password: "p" });
      await expect(resolver.resolve(`file:${join(dir, "basic.json")}`)).resolves.toMatchObject({
        username: "u",
      });
      const refused = async (ref: string) => {
        const error = (await resolver.resolve(ref).catch((e: unknown) => e)) as Error & { code: string };
        expect(error.code).toBe("ResourceNotFoundError");
        return error.message.replace(ref, "<ref>");
      };
      const messages = new Set([
        await refused(`file:${join(outside, "real.json")}`), // exists, outside
        await refused(`file:${join(outside, "missing.json")}`), // missing, outside
        await refused("file:../../etc/passwd"), // climbs out
        await refused("file:escape.json"), // a link inside leading outside
        await refused("file:missing.json"), // missing inside
        await refused(`file:${dir}`), // the root itself, a directory
      ]);
      expect([...messages]).toEqual([`Secret reference <ref> names no readable JSON file under ${dir}`]);
    } finally {
      await rm(join(dir, "escape.json"), { force: true });
      await rm(outside, { recursive: true, force: true });
    }
  });
});
