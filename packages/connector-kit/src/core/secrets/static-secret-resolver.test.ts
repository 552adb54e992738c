import { describe, expect, it } from "vitest";
import { StaticSecretResolver } from "./static-secret-resolver.js";

describe("StaticSecretResolver", () => {
  it("resolves stored secrets, from a record or from entries", async () => {
    const fromRecord = new StaticSecretResolver({ a: { apiKey: "k" } });
    const fromEntries = new StaticSecretResolver(new Map([["b", { username: "u", password: "p" }]]));
    await expect(fromRecord.resolve("a")).resolves.toEqual({ apiKey: "k" });
    await expect(fromEntries.resolve("b")).resolves.toEqual({ username: "u", password: "p" });
  });

  it("returns copies, so callers cannot change what is stored", async () => {
    const source = { apiKey: "k" };
    const resolver = new StaticSecretResolver({ a: source });
    source.apiKey = "changed";
    const first = await resolver.resolve("a");
    first["apiKey"] = "mutated";
    await expect(resolver.resolve("a")).resolves.toEqual({ apiKey: "k" });
  });

  it("supports set and delete, and reports an unknown reference as ResourceNotFoundError", async () => {
    const resolver = new StaticSecretResolver().set("a", { x: "1" });
    await expect(resolver.resolve("a")).resolves.toEqual({ x: "1" });
    expect(resolver.delete("a")).toBe(true);
    await expect(resolver.resolve("a")).rejects.toMatchObject({ code: "ResourceNotFoundError" });
  });
});
