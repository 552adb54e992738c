import { describe, expect, it } from "vitest";
import { redactingResolver } from "./redacting-resolver.js";
import { REDACTED, Redactor } from "./redactor.js";
import { StaticSecretResolver } from "./static-secret-resolver.js";

describe("redactingResolver", () => {
  it("registers every resolved value except the authentication type names", async () => {
    const redactor = new Redactor();
    const inner = new StaticSecretResolver({
      ref: { customAuthenticationType: "MyTokenAuth", tenant: "tenant-42", apiToken: "tok-abcdef" },
    });
    const resolver = redactingResolver(inner, redactor);

    expect(redactor.redact("tok-abcdef")).toBe("tok-abcdef");
    await expect(resolver.resolve("ref")).resolves.toEqual({
      customAuthenticationType: "MyTokenAuth",
      tenant: "tenant-42",
      apiToken: "tok-abcdef",
    });
    expect(redactor.redact("MyTokenAuth for tenant-42 with tok-abcdef")).toBe(
      `MyTokenAuth for ${REDACTED} with ${REDACTED}`,
    );
  });

  it("takes its own list of public keys, and passes errors through", async () => {
    const redactor = new Redactor();
    const resolver = redactingResolver(
      new StaticSecretResolver({ ref: { user: "alice", password: "pw-1234" } }),
      redactor,
      {
        publicKeys: ["user"],
      },
    );
    await resolver.resolve("ref");
    expect(redactor.redact("alice pw-1234")).toBe(`alice ${REDACTED}`);
    await expect(resolver.resolve("missing")).rejects.toMatchObject({ code: "ResourceNotFoundError" });
  });
});
