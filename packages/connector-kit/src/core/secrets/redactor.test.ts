import { describe, expect, it } from "vitest";
import { REDACTED, Redactor } from "./redactor.js";

describe("Redactor", () => {
  it("replaces every occurrence of every value", () => {
    const redactor = new Redactor(["s3cr3t-token", "p@ssw0rd"]);
    expect(redactor.redact("token=s3cr3t-token pw=p@ssw0rd again s3cr3t-token")).toBe(
      `token=${REDACTED} pw=${REDACTED} again ${REDACTED}`,
    );
    expect(redactor.redact("nothing here")).toBe("nothing here");
  });

  it("ignores values shorter than 4 characters (configurable)", () => {
    const redactor = new Redactor(["abc", "", "true"]);
    expect(redactor.redact("abc is true")).toBe(`abc is ${REDACTED}`);
    expect(new Redactor(["abc"], { minLength: 3 }).redact("abc")).toBe(REDACTED);
  });

  it("hides the longest value first", () => {
    const redactor = new Redactor(["password", "password-extended"]);
    expect(redactor.redact("x password-extended y password")).toBe(`x ${REDACTED} y ${REDACTED}`);
  });

  it("treats regex characters literally", () => {
    const redactor = new Redactor(["a.b*c+(d)|[e]^$\\{f}?"]);
    expect(redactor.redact("1 a.b*c+(d)|[e]^$\\{f}? 2 aXbbbc")).toBe(`1 ${REDACTED} 2 aXbbbc`);
    expect(new Redactor(["$&$1-x"]).redact("v=$&$1-x")).toBe(`v=${REDACTED}`);
  });

  it("also hides the JSON-escaped and URL-encoded forms", () => {
    const value = 'pa"ss\\word/ü&x';
    const redactor = new Redactor([value]);
    expect(redactor.redact(JSON.stringify({ password: value }))).toBe(`{"password":"${REDACTED}"}`);
    expect(redactor.redact(`https://h/?p=${encodeURIComponent(value)}&q=1`)).toBe(
      `https://h/?p=${REDACTED}&q=1`,
    );
  });

  it("accepts values added later, one string or many", () => {
    const redactor = new Redactor();
    expect(redactor.redact("secret-one secret-two")).toBe("secret-one secret-two");
    redactor.add("secret-one");
    expect(redactor.redact("secret-one secret-two")).toBe(`${REDACTED} secret-two`);
    redactor.add(new Set(["secret-two"]));
    expect(redactor.redact("secret-one secret-two")).toBe(`${REDACTED} ${REDACTED}`);
    expect(redactor.size).toBe(2);
  });

  it("handles many values and many lines", () => {
    const values = Array.from({ length: 2_000 }, (_, i) => `secret-value-${i.toString().padStart(5, "0")}`);
    const redactor = new Redactor(values);
    const line = `user logged in with secret-value-01999 and secret-value-00000 from 10.0.0.1`;
    const started = performance.now();
    for (let i = 0; i < 10_000; i += 1) redactor.redact(line);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(redactor.redact(line)).toBe(`user logged in with ${REDACTED} and ${REDACTED} from 10.0.0.1`);
  });
});
