import type { JsonObject } from "../../hosts/appflow/wire/decoder.js";

/*
 * The configuration rules the official test runners apply to a DescribeConnectorConfiguration answer (both
 * validators together), as pure functions of the raw response. Each returns the problems found, [] when none.
 * They read the raw JSON, not the decoded configuration, because decoding fills in defaults for absent lists.
 */

/** Names must not start with these, in any letter case (`MyAWS` and `Amazing` are fine). */
export const RESERVED_NAME_PREFIX = /^(aws|amazon|appflow)/i;

/** `connectorName` and `connectorOwner` do not start with aws, amazon or appflow (case-insensitive). */
export function reservedNameProblems(configuration: JsonObject): string[] {
  const problems: string[] = [];
  for (const key of ["connectorName", "connectorOwner"]) {
    const value = configuration[key];
    if (typeof value === "string" && RESERVED_NAME_PREFIX.test(value)) {
      problems.push(`${key} "${value}" starts with a reserved prefix (aws, amazon and appflow are reserved)`);
    }
  }
  return problems;
}

function nonEmptyList(configuration: JsonObject, key: string): boolean {
  const value = configuration[key];
  return Array.isArray(value) && value.length > 0;
}

/** `connectorModes` is non-empty. */
export function modeProblems(configuration: JsonObject): string[] {
  return nonEmptyList(configuration, "connectorModes") ? [] : ["connectorModes is empty or missing"];
}

/**
 * Authentication consistency: custom auth supported ⇔ `customAuthConfig` non-empty, OAuth2 supported ⇔
 * `oAuth2Defaults` present (null and false count alike). A null `authenticationConfig` means "no
 * authentication" and passes (the Python runner would crash on it; AppFlow and the Java runner accept it).
 */
export function authenticationProblems(configuration: JsonObject): string[] {
  const auth = configuration["authenticationConfig"];
  if (auth === undefined || auth === null) return [];
  if (typeof auth !== "object" || Array.isArray(auth)) return ["authenticationConfig is not an object"];
  const a = auth as JsonObject;
  const problems: string[] = [];
  const custom = a["customAuthConfig"];
  const hasCustom = Array.isArray(custom) && custom.length > 0;
  if (a["isCustomAuthSupported"] === true && !hasCustom)
    problems.push("isCustomAuthSupported is true but customAuthConfig is empty");
  if (a["isCustomAuthSupported"] !== true && hasCustom)
    problems.push("customAuthConfig is given but isCustomAuthSupported is not true");
  const hasOAuth2 = a["oAuth2Defaults"] !== undefined && a["oAuth2Defaults"] !== null;
  if (a["isOAuth2Supported"] === true && !hasOAuth2)
    problems.push("isOAuth2Supported is true but oAuth2Defaults is missing");
  if (a["isOAuth2Supported"] !== true && hasOAuth2)
    problems.push("oAuth2Defaults is given but isOAuth2Supported is not true");
  return problems;
}

/** A connector with DESTINATION among its modes declares at least one write operation. */
export function writeOperationProblems(configuration: JsonObject): string[] {
  const modes = configuration["connectorModes"];
  if (!Array.isArray(modes) || !modes.includes("DESTINATION")) return [];
  return nonEmptyList(configuration, "supportedWriteOperations")
    ? []
    : ["connectorModes has DESTINATION but supportedWriteOperations is empty or missing"];
}

/** `supportedApiVersions`, `operatorsSupported` and `supportedTriggerTypes` are non-empty. */
export function requiredListProblems(configuration: JsonObject): string[] {
  return ["supportedApiVersions", "operatorsSupported", "supportedTriggerTypes"]
    .filter((key) => !nonEmptyList(configuration, key))
    .map((key) => `${key} is empty or missing`);
}

/** `{{NAME}}` placeholders AppFlow fills in from connector-profile values. */
const PLACEHOLDER = /\{\{[^{}]*\}\}/g;

/**
 * Problem with one URL, or null: blank is fine; otherwise it must parse as a URL with scheme https (in any
 * letter case, as the Python validator and the URL standard read it). `{{PLACEHOLDER}}` templates, which AppFlow
 * documents for token and auth URLs, are accepted (the official Java validator rejects them).
 */
export function urlProblem(key: string, url: string): string | null {
  if (url.trim() === "") return null;
  let parsed: URL;
  try {
    parsed = new URL(url.replace(PLACEHOLDER, "placeholder"));
  } catch {
    return `${key} "${url}" is not a valid URL`;
  }
  return parsed.protocol === "https:" ? null : `${key} "${url}" is not an https URL`;
}

/** `logoURL`, and the OAuth2 `tokenURL` and `authURL` lists, are https URLs. */
export function urlProblems(configuration: JsonObject): string[] {
  const problems: string[] = [];
  const logo = configuration["logoURL"];
  if (typeof logo === "string") {
    const p = urlProblem("logoURL", logo);
    if (p) problems.push(p);
  }
  const auth = configuration["authenticationConfig"];
  const defaults =
    auth && typeof auth === "object" && !Array.isArray(auth) ? (auth as JsonObject)["oAuth2Defaults"] : null;
  if (defaults && typeof defaults === "object" && !Array.isArray(defaults)) {
    for (const key of ["tokenURL", "authURL"]) {
      const urls = (defaults as JsonObject)[key];
      if (!Array.isArray(urls)) continue;
      urls.forEach((u, i) => {
        const p = typeof u === "string" ? urlProblem(`oAuth2Defaults.${key}[${i}]`, u) : null;
        if (p) problems.push(p);
      });
    }
  }
  return problems;
}
