import { ConnectorError } from "../core/errors/connector-error.js";
import type { OAuth2Endpoint } from "./oauth-definition.js";

/**
 * Values that fill `{{PLACEHOLDER}}`s and custom parameters: connector settings, Lumos `form_data`, or any
 * other string map. Numbers and booleans are turned into strings; `null`/`undefined` count as absent.
 */
export type OAuth2Values = Readonly<Record<string, string | number | boolean | null | undefined>>;

/** Where a placeholder sits in a URL template; decides how its value is checked and encoded. */
export type PlaceholderPosition = "host" | "path" | "query";

/** One `{{KEY}}` of a URL template. */
export interface TemplatePlaceholder {
  key: string;
  position: PlaceholderPosition;
}

/** A parsed URL template: the text as declared and its placeholders, in order of appearance. */
export interface UrlTemplate {
  /** The template as declared, placeholders kept as `{{KEY}}` (what AppFlow receives). */
  readonly template: string;
  readonly placeholders: readonly TemplatePlaceholder[];
}

/** `{{KEY}}`: a letter or underscore, then letters, digits, `_`, `-` or `.`; spaces inside the braces allowed. */
const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_.-]*)\s*\}\}/g;
/** One DNS label (RFC 1123): 1–63 letters, digits and hyphens, not starting or ending with a hyphen. */
const DNS_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * Parses and checks a URL template such as `https://{{SUBDOMAIN}}.auth.example.com/v2/{{TENANT}}/token`.
 *
 * Rules, checked here once so that filling can never produce a URL on an unexpected host:
 * - the scheme is `https` (or `http` for a loopback host: `localhost`, `127.0.0.1`, `[::1]`);
 * - a placeholder in the host fills (part of) one DNS label, and the host ends with fixed text after its last
 *   placeholder's label (`{{HOST}}` alone or `example.{{TLD}}` are refused);
 * - no placeholder in the scheme, user info, port or fragment;
 * - path and query placeholders are allowed anywhere.
 *
 * @throws ConnectorError `InvalidArgument` naming `what` when a rule is broken.
 */
export function parseUrlTemplate(template: string, what = "URL"): UrlTemplate {
  const fail = (problem: string): never => {
    throw new ConnectorError("InvalidArgument", `The OAuth 2.0 ${what} template ${template} ${problem}`);
  };
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(template);
  if (scheme === null) return fail("must start with https://");
  const afterScheme = scheme[0].length;
  const authorityEnd = findFirst(template, ["/", "?", "#"], afterScheme);
  const queryStart = findFirst(template, ["?", "#"], authorityEnd);
  const fragmentStart = findFirst(template, ["#"], authorityEnd);
  const authority = template.slice(afterScheme, authorityEnd);

  const placeholders: TemplatePlaceholder[] = [];
  for (const match of template.matchAll(PLACEHOLDER)) {
    const index = match.index;
    const key = match[1]!;
    let position: PlaceholderPosition;
    if (index < afterScheme) return fail("has a placeholder in its scheme");
    if (index >= fragmentStart) return fail("has a placeholder in its fragment");
    if (index < authorityEnd) position = "host";
    else if (index < queryStart) position = "path";
    else position = "query";
    placeholders.push({ key, position });
  }
  const stray = template.replace(PLACEHOLDER, "");
  if (stray.includes("{{") || stray.includes("}}")) return fail("has a malformed {{PLACEHOLDER}}");

  // The host, checked with each placeholder standing for a sample label.
  if (authority.includes("@")) return fail("must not contain user info");
  const portIndex = authority.lastIndexOf(":");
  const hostTemplate = portIndex >= 0 && !authority.endsWith("]") ? authority.slice(0, portIndex) : authority;
  if (portIndex >= 0 && hasPlaceholder(authority.slice(portIndex)))
    return fail("has a placeholder in its port");
  if (placeholders.some((p) => p.position === "host")) {
    const labels = hostTemplate.split(".");
    let lastTemplated = -1;
    for (const [i, label] of labels.entries()) {
      if (hasPlaceholder(label)) lastTemplated = i;
      const sample = label.replace(PLACEHOLDER, "x");
      if (!DNS_LABEL.test(sample)) return fail(`has an invalid host label ${label}`);
    }
    if (lastTemplated >= labels.length - 2) {
      return fail("must end its host with a fixed domain after the templated label (e.g. .example.com)");
    }
  }
  const sampleUrl = safeUrl(template.replace(PLACEHOLDER, "x"));
  if (sampleUrl === null) return fail("is not a valid URL");
  checkScheme(sampleUrl, () => fail("must use https (http only for a loopback host)"));
  return { template, placeholders };
}

/** Parses a concrete URL and applies the scheme rule of {@link parseUrlTemplate}. */
export function checkEndpointUrl(url: string, what = "URL"): URL {
  const parsed = safeUrl(url);
  if (parsed === null) {
    throw new ConnectorError("InvalidArgument", `The OAuth 2.0 ${what} is not a valid URL`);
  }
  checkScheme(parsed, () => {
    throw new ConnectorError(
      "InvalidArgument",
      `The OAuth 2.0 ${what} must use https (http only for a loopback host), not ${parsed.protocol}`,
    );
  });
  return parsed;
}

/**
 * Fills a template's placeholders from `values` and returns the URL.
 *
 * Each placeholder is looked up by its exact key, then case-insensitively (when exactly one key matches), so
 * `{{SUBDOMAIN}}` can be filled from a `subdomain` setting. Checks and encodings by position:
 * - host: the value must be a DNS label, or several labels separated by dots (`eu.acme`); it is lower-cased;
 * - path: any non-empty value except `.` and `..`, percent-encoded as one path segment (`/` becomes `%2F`);
 * - query: any value, percent-encoded.
 *
 * @throws ConnectorError `InvalidArgument` naming the key (never the value) when a value is missing or unfit.
 */
export function fillUrlTemplate(template: UrlTemplate, values: OAuth2Values = {}, what = "URL"): URL {
  let index = 0;
  const filled = template.template.replace(PLACEHOLDER, () => {
    const placeholder = template.placeholders[index++]!;
    const value = lookupValue(values, placeholder.key);
    if (value === undefined || value === "") {
      throw new ConnectorError(
        "InvalidArgument",
        `The OAuth 2.0 ${what} needs a value for {{${placeholder.key}}}, and none was given`,
      );
    }
    const unfit = (rule: string): never => {
      throw new ConnectorError(
        "InvalidArgument",
        `The value of {{${placeholder.key}}} for the OAuth 2.0 ${what} must be ${rule}`,
      );
    };
    switch (placeholder.position) {
      case "host":
        if (!value.split(".").every((label) => DNS_LABEL.test(label))) {
          return unfit("a DNS label: letters, digits and inner hyphens, at most 63 characters");
        }
        return value.toLowerCase();
      case "path":
        if (value === "." || value === "..") return unfit("a path segment other than . and ..");
        return encodeRfc3986(value);
      case "query":
        return encodeRfc3986(value);
    }
  });
  const url = checkEndpointUrl(filled, what);
  return url;
}

/** The value of `key` in `values`: exact key first, then the only case-insensitive match; as a string. */
export function lookupValue(values: OAuth2Values, key: string): string | undefined {
  let value = Object.hasOwn(values, key) ? values[key] : undefined;
  if (value === undefined || value === null) {
    const lower = key.toLowerCase();
    const matches = Object.keys(values).filter((k) => k.toLowerCase() === lower);
    value = matches.length === 1 ? values[matches[0]!] : undefined;
  }
  return value === undefined || value === null ? undefined : String(value);
}

/** `encodeURIComponent`, also encoding `!'()*`: only RFC 3986 unreserved characters stay as they are. */
export function encodeRfc3986(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** The URL of an endpoint for these settings: template filled and checked, or the function's result checked. */
export function resolveEndpoint(source: OAuth2Endpoint, settings: OAuth2Values = {}, what = "URL"): URL {
  if (source.kind === "template") return fillUrlTemplate(source.template, settings, what);
  let url: string;
  try {
    url = source.resolve(settings);
  } catch (error) {
    throw new ConnectorError(
      "InvalidArgument",
      `The OAuth 2.0 ${what} could not be determined from the settings`,
      {
        cause: error,
      },
    );
  }
  return checkEndpointUrl(url, what);
}

function hasPlaceholder(text: string): boolean {
  return text.includes("{{");
}

function checkScheme(url: URL, fail: () => never): void {
  if (url.protocol === "https:") return;
  if (url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname)) return;
  fail();
}

function safeUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

function findFirst(text: string, needles: string[], from: number): number {
  let best = text.length;
  for (const needle of needles) {
    const at = text.indexOf(needle, from);
    if (at >= 0 && at < best) best = at;
  }
  return best;
}
