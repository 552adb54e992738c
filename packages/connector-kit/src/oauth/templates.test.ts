import { describe, expect, it } from "vitest";
import { ConnectorError } from "../core/errors/connector-error.js";
import { encodeRfc3986, fillUrlTemplate, lookupValue, parseUrlTemplate } from "./templates.js";

function thrown(fn: () => unknown): ConnectorError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConnectorError);
    return error as ConnectorError;
  }
  return expect.unreachable("expected an error");
}

describe("parseUrlTemplate", () => {
  it("finds placeholders and their positions", () => {
    const template = parseUrlTemplate(
      "https://{{SUBDOMAIN}}.auth.example.com/v2/{{ TENANT }}/token?realm={{REALM}}",
    );
    expect(template.placeholders).toEqual([
      { key: "SUBDOMAIN", position: "host" },
      { key: "TENANT", position: "path" },
      { key: "REALM", position: "query" },
    ]);
    expect(parseUrlTemplate("https://login.example.com/oauth/token").placeholders).toEqual([]);
    expect(parseUrlTemplate("https://eu-{{ID}}.example.com/t").placeholders).toEqual([
      { key: "ID", position: "host" },
    ]);
  });

  it.each([
    ["http://login.example.com/token", "must use https (http only for a loopback host)"],
    ["login.example.com/token", "must start with https://"],
    ["https://{{HOST}}/token", "must end its host with a fixed domain"],
    ["https://{{SUB}}.com/token", "must end its host with a fixed domain"],
    ["https://example.{{TLD}}/token", "must end its host with a fixed domain"],
    ["https://{{USER}}@example.com/token", "must not contain user info"],
    ["https://login.example.com:{{PORT}}/token", "has a placeholder in its port"],
    ["https://login.example.com/token#{{F}}", "has a placeholder in its fragment"],
    ["https://login.example.com/{{A/token", "has a malformed {{PLACEHOLDER}}"],
    ["https://{{A}}_x.example.com/token", "has an invalid host label"],
  ])("refuses %s", (template, problem) => {
    const error = thrown(() => parseUrlTemplate(template, "token URL"));
    expect(error.code).toBe("InvalidArgument");
    expect(error.message).toContain(problem);
  });

  it("allows http on loopback only", () => {
    expect(parseUrlTemplate("http://127.0.0.1:8080/{{T}}/token").placeholders).toHaveLength(1);
    expect(parseUrlTemplate("http://localhost/token").placeholders).toHaveLength(0);
    expect(parseUrlTemplate("http://[::1]:1234/token").placeholders).toHaveLength(0);
  });
});

describe("fillUrlTemplate", () => {
  const template = parseUrlTemplate(
    "https://{{SUBDOMAIN}}.auth.example.com/v2/{{TENANT}}/token?realm={{REALM}}",
  );

  it("fills host labels (lower-cased), path segments and query values, encoded", () => {
    const url = fillUrlTemplate(template, { subdomain: "Acme", TENANT: "a b/c", REALM: "x&y=z", other: 1 });
    expect(url.toString()).toBe("https://acme.auth.example.com/v2/a%20b%2Fc/token?realm=x%26y%3Dz");
    expect(url.host).toBe("acme.auth.example.com");
    expect(fillUrlTemplate(template, { SUBDOMAIN: "eu.acme", TENANT: 42, REALM: true }).host).toBe(
      "eu.acme.auth.example.com",
    );
  });

  it.each([
    "evil.com/",
    "evil.com?",
    "evil.com#",
    "user@evil.com",
    "evil.com:8443",
    "-acme",
    "acme-",
    "a".repeat(64),
    "a..b",
    "ac me",
    "%61cme",
    "ácme",
  ])("refuses host value %j without showing it", (value) => {
    const error = thrown(() =>
      fillUrlTemplate(template, { SUBDOMAIN: value, TENANT: "t", REALM: "r" }, "token URL"),
    );
    expect(error.code).toBe("InvalidArgument");
    expect(error.message).toBe(
      "The value of {{SUBDOMAIN}} for the OAuth 2.0 token URL must be a DNS label: letters, digits and inner hyphens, at most 63 characters",
    );
  });

  it("refuses dot segments in the path and missing values", () => {
    for (const value of [".", ".."]) {
      expect(
        thrown(() => fillUrlTemplate(template, { SUBDOMAIN: "a", TENANT: value, REALM: "r" })).message,
      ).toContain("a path segment other than . and ..");
    }
    const missing = thrown(() =>
      fillUrlTemplate(template, { SUBDOMAIN: "a", TENANT: "", REALM: null }, "token URL"),
    );
    expect(missing.message).toBe("The OAuth 2.0 token URL needs a value for {{TENANT}}, and none was given");
  });
});

describe("lookupValue", () => {
  it("prefers the exact key, then a unique case-insensitive match", () => {
    expect(lookupValue({ SUBDOMAIN: "a", subdomain: "b" }, "subdomain")).toBe("b");
    expect(lookupValue({ subdomain: "b" }, "SUBDOMAIN")).toBe("b");
    expect(lookupValue({ Subdomain: "a", subdomain: "b" }, "SUBDOMAIN")).toBeUndefined();
    expect(lookupValue({ n: 3, f: false }, "n")).toBe("3");
    expect(lookupValue({ n: 3, f: false }, "f")).toBe("false");
  });
});

it("encodeRfc3986 keeps only unreserved characters", () => {
  expect(encodeRfc3986("a-b_c.d~e!*'() /+:?#[]@&=")).toBe(
    "a-b_c.d~e%21%2A%27%28%29%20%2F%2B%3A%3F%23%5B%5D%40%26%3D",
  );
});
