import { createRequire } from "node:module";
import type { ErrorObject, ValidateFunction } from "ajv";
import { missingPeer } from "../core/peer-dependency.js";
import { TEST_CONFIG_SCHEMA } from "./test-config-schema.js";

/** A TestConfig that breaks the format; `path` names the bad key (`writeRecordConfigurations[1].operation`). */
export class TestConfigError extends Error {
  override readonly name = "TestConfigError";
  constructor(
    /** Where the problem is, as a key path; `""` for the whole document. */
    readonly path: string,
    message: string,
  ) {
    super(path === "" ? message : `${path}: ${message}`);
  }
}

let compiled: ValidateFunction | undefined;

/**
 * The compiled TestConfig validator. ajv is an optional peer dependency (only `connector test --config` and the
 * testing API read TestConfig files, never a deployed connector), loaded synchronously on first use so
 * `parseTestConfig` stays synchronous; without it, the error says how to install it.
 */
function validator(): ValidateFunction {
  if (compiled) return compiled;
  let ajv: typeof import("ajv");
  try {
    // ajv is CommonJS: require loads it synchronously, resolved from connector-kit's own location.
    ajv = createRequire(import.meta.url)("ajv") as typeof import("ajv");
  } catch (error) {
    return missingPeer("ajv", "Reading a TestConfig (connector test --config)", { dev: true })(error);
  }
  // verbose: each error carries the value and the schema it failed, for messages naming both.
  compiled = new ajv.Ajv({ allErrors: false, verbose: true, strict: true }).compile(TEST_CONFIG_SCHEMA);
  return compiled;
}

/**
 * Checks a decoded document against the TestConfig schema.
 *
 * @throws TestConfigError naming the first bad key and what was expected there.
 */
export function validateTestConfig(json: unknown): void {
  const validate = validator();
  if (validate(json)) return;
  const first = validate.errors?.[0];
  throw first ? problemOf(first, json) : new TestConfigError("", "does not match the TestConfig format");
}

/** An ajv error as a TestConfigError: the key path as JavaScript writes it, and what was expected there. */
function problemOf(error: ErrorObject, root: unknown): TestConfigError {
  const path = keyPath(error.instancePath, root);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "required":
      return new TestConfigError(at(path, String(params["missingProperty"])), "is required");
    case "additionalProperties": {
      const allowed = Object.keys(
        (error.parentSchema as { properties?: object } | undefined)?.properties ?? {},
      );
      return new TestConfigError(
        at(path, String(params["additionalProperty"])),
        `unknown key (allowed: ${allowed.join(", ")})`,
      );
    }
    case "enum": {
      const allowed = (params["allowedValues"] as unknown[]).map(String).join(", ");
      return new TestConfigError(path, `expected one of ${allowed}, got ${JSON.stringify(error.data)}`);
    }
    case "type": {
      // A list of strings says so; a list of objects is described by the errors inside it.
      const schema = error.parentSchema as { items?: { type?: string } } | undefined;
      const expected =
        schema?.items?.type === "string" ? "an array of strings" : article(String(params["type"]));
      return new TestConfigError(path, `expected ${expected}, got ${kind(error.data)}`);
    }
    default:
      return new TestConfigError(path, error.message ?? `fails ${error.keyword}`);
  }
}

/**
 * `/writeRecordConfigurations/1/operation` → `writeRecordConfigurations[1].operation`: a segment is an index only
 * where the value it names is in an array (a settings key may well be `"0"`).
 */
function keyPath(pointer: string, root: unknown): string {
  if (pointer === "") return "";
  let path = "";
  let value = root;
  for (const raw of pointer.slice(1).split("/")) {
    const segment = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    path = Array.isArray(value) ? `${path}[${segment}]` : at(path, segment);
    value =
      value !== null && typeof value === "object" ? (value as Record<string, unknown>)[segment] : undefined;
  }
  return path;
}

function at(path: string, key: string): string {
  return path === "" ? key : `${path}.${key}`;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/** What a JSON value is, for "got …": `null`, `an array`, `a number`. */
function kind(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return article(typeof value);
}
