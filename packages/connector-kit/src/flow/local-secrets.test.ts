import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { localSecretResolver } from "./local-secrets.js";
import { tempDir } from "./test-support/fixtures.js";

describe("localSecretResolver", () => {
  it("reads file: secrets under the flow's directory and CONNECTOR_SECRET_DIRS only", async () => {
    const project = tempDir("ck-local-secrets-");
    const vault = tempDir("ck-local-vault-");
    mkdirSync(join(project, "secrets"));
    writeFileSync(join(project, "secrets", "pg.json"), '{"username":"u","password":"p"}');
    writeFileSync(join(vault, "api.json"), '{"apiKey":"k"}');
    const plain = localSecretResolver(project, {});
    await expect(plain.resolve("file:secrets/pg.json")).resolves.toEqual({ username: "u", password: "p" });
    await expect(plain.resolve(`file:${join(vault, "api.json")}`)).rejects.toMatchObject({
      code: "ResourceNotFoundError",
      message: `Secret reference file:${join(vault, "api.json")} names no readable JSON file under ${project}`,
    });
    const allowed = localSecretResolver(project, { CONNECTOR_SECRET_DIRS: vault });
    await expect(allowed.resolve(`file:${join(vault, "api.json")}`)).resolves.toEqual({ apiKey: "k" });
    await expect(allowed.resolve("env:X")).rejects.toMatchObject({ code: "ResourceNotFoundError" });
  });
});
