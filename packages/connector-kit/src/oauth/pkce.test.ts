import { describe, expect, it } from "vitest";
import { codeChallengeS256, createCodeVerifier, createPkcePair, isCodeVerifier } from "./pkce.js";

describe("PKCE", () => {
  it("computes the S256 challenge of RFC 7636 Appendix B", () => {
    expect(codeChallengeS256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")).toBe(
      "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
    );
  });

  it("makes verifiers of 43 to 128 unreserved characters, 64 by default, all different", () => {
    expect(createCodeVerifier()).toHaveLength(64);
    for (const length of [43, 44, 45, 100, 127, 128]) {
      const verifier = createCodeVerifier(length);
      expect(verifier).toHaveLength(length);
      expect(isCodeVerifier(verifier)).toBe(true);
    }
    expect(new Set(Array.from({ length: 100 }, () => createCodeVerifier())).size).toBe(100);
    for (const bad of [42, 129, 50.5]) expect(() => createCodeVerifier(bad)).toThrow(/43 to 128/);
  });

  it("refuses a malformed verifier without showing it", () => {
    expect(() => codeChallengeS256("short")).toThrow(/^The PKCE code verifier must be 43 to 128 characters/);
    expect(() => codeChallengeS256(`${"a".repeat(43)} `)).toThrow(/PKCE/);
    expect(() => codeChallengeS256("a".repeat(129))).toThrow(/PKCE/);
  });

  it("pairs a verifier with its challenge", () => {
    const pair = createPkcePair();
    expect(pair.codeChallenge).toBe(codeChallengeS256(pair.codeVerifier));
    expect(pair.codeChallengeMethod).toBe("S256");
  });
});
