import { describe, expect, it } from "vitest";
import { missingDevPeerHint, missingPeer } from "./peer-dependency.js";

/** What Node's import() throws for a package that is not installed. */
async function importFailure(name: string): Promise<unknown> {
  return import(/* @vite-ignore */ name).then(
    () => expect.fail(`${name} should not be importable`),
    (error: unknown) => error,
  );
}

describe("optional peer dependencies", () => {
  it("turns a missing package into an install hint naming the package and what needs it", async () => {
    const cause = await importFailure("connector-kit-no-such-peer");
    const thrown = (() => {
      try {
        missingPeer("connector-kit-no-such-peer", "connector deploy")(cause);
      } catch (error) {
        return error as Error;
      }
    })();
    expect(thrown?.message).toBe(
      "connector deploy needs the package connector-kit-no-such-peer, which is not installed; install it next to connector-kit: npm install connector-kit-no-such-peer",
    );
    expect((thrown as Error & { cause?: unknown }).cause).toBe(cause);
  });

  it("rethrows any other failure unchanged, also a missing package of another name", async () => {
    const other = await importFailure("connector-kit-another-package");
    expect(() => missingPeer("connector-kit-no-such-peer", "x")(other)).toThrow(other as Error);
    const broken = new SyntaxError("Unexpected token");
    expect(() => missingPeer("esbuild", "x", { dev: true })(broken)).toThrow(broken);
  });

  it("recognises the development tools anywhere in a failure and hints a dev install", () => {
    const error = Object.assign(new Error("Cannot find package 'hono' imported from /x/http-host.js"), {
      code: "ERR_MODULE_NOT_FOUND",
    });
    expect(missingDevPeerHint(error)?.message).toMatch(/connector serve\).*npm install --save-dev hono$/);
    expect(missingDevPeerHint(new Error("Cannot find package 'hono'"))).toBeUndefined();
  });
});
