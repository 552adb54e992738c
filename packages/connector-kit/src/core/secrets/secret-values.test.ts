import { describe, expect, it } from "vitest";
import { ConnectorError } from "../errors/connector-error.js";
import { parseSecretString } from "./secret-values.js";

const REF = "arn:aws:secretsmanager:us-east-1:111122223333:secret:s-AbCdEf";

function parseError(text: string): ConnectorError {
  try {
    parseSecretString(text, REF);
  } catch (error) {
    expect(error).toBeInstanceOf(ConnectorError);
    const e = error as ConnectorError;
    expect(e.code).toBe("InvalidCredentials");
    expect(e.message).toContain(REF);
    expect(e.cause).toBeUndefined();
    return e;
  }
  throw new Error("expected parseSecretString to throw");
}

describe("parseSecretString", () => {
  it("parses each documented secret shape", () => {
    expect(parseSecretString('{"username":"u","password":"p"}', REF)).toEqual({
      username: "u",
      password: "p",
    });
    expect(parseSecretString('{"apiKey":"k","apiSecretKey":"s"}', REF)).toEqual({
      apiKey: "k",
      apiSecretKey: "s",
    });
    expect(parseSecretString('{"accessToken":"a","refreshToken":"r"}', REF)).toEqual({
      accessToken: "a",
      refreshToken: "r",
    });
    expect(parseSecretString('{"customAuthenticationType":"T","tenant":"x"}', REF)).toEqual({
      customAuthenticationType: "T",
      tenant: "x",
    });
    expect(parseSecretString("  {}  ", REF)).toEqual({});
  });

  it("turns numbers and booleans into strings and drops nulls", () => {
    expect(parseSecretString('{"port":5432,"ratio":0.5,"tls":true,"off":false,"gone":null}', REF)).toEqual({
      port: "5432",
      ratio: "0.5",
      tls: "true",
      off: "false",
    });
  });

  it("keeps a __proto__ key as plain data", () => {
    const values = parseSecretString('{"__proto__":"x","a":"b"}', REF);
    expect(Object.getPrototypeOf(values)).toBe(Object.prototype);
    expect(Object.hasOwn(values, "__proto__")).toBe(true);
    expect(Object.getOwnPropertyDescriptor(values, "__proto__")?.value).toBe("x");
  });

  it("rejects text that is not JSON without quoting it", () => {
    const e = parseError("password=hunter2-secret");
    expect(e.message).not.toContain("hunter2");
    expect(e.message).toContain("not valid JSON");
  });

  it("rejects JSON that is not an object", () => {
    expect(parseError('"hunter2-secret"').message).not.toContain("hunter2");
    expect(parseError("[1,2]").message).toContain("an array");
    expect(parseError("null").message).toContain("null");
    expect(parseError("12345").message).not.toContain("12345");
  });

  it("rejects nested values, naming the key but not the value", () => {
    const e = parseError('{"ok":"v","nested":{"inner":"hunter2-secret"}}');
    expect(e.message).toContain('"nested"');
    expect(e.message).not.toContain("hunter2");
    expect(parseError('{"list":["hunter2-secret"]}').message).not.toContain("hunter2");
  });

  it("rejects an integer JSON cannot keep exactly", () => {
    const e = parseError('{"accountNumber":12345678901234567890}');
    expect(e.message).toContain("quote it");
    expect(e.message).not.toContain("1234567890");
  });
});
