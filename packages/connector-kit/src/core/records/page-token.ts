import { ConnectorError } from "../errors/connector-error.js";

/**
 * Where a query resumes: the upstream token of the page to fetch (null for the first page), how many of that
 * page's records were already returned, and how many records the whole query returned so far (for LIMIT).
 */
export interface PagePosition {
  upstream: string | null;
  skip: number;
  emitted: number;
}

/**
 * Longest `nextToken` the SDK issues, in characters: 2,048. AppFlow documents no bound for a custom
 * connector's token; 2,048 non-whitespace characters is the bound of AppFlow's own `NextToken`, so a token
 * within it is safe wherever AppFlow keeps it. Issued tokens are printable ASCII without whitespace.
 */
export const MAX_PAGE_TOKEN_LENGTH = 2048;
/** Upstream tokens (cursors) of any text up to this many characters (UTF-16 code units) always fit: 750. */
export const MAX_UPSTREAM_TOKEN_LENGTH = 750;
/** Upstream tokens of printable ASCII without whitespace up to this many characters always fit: 2,000. */
export const MAX_ASCII_UPSTREAM_TOKEN_LENGTH = 2000;

const PREFIX = "ck2.";
/** Tokens of the previous format, still read so that a flow running across an upgrade continues. */
const LEGACY_PREFIX = "ck1.";
const LEGACY_MAX_LENGTH = 4096;
/** Printable ASCII but space: such a cursor travels verbatim. */
const VERBATIM = /^[\x21-\x7e]*$/;

function encodeUpstream(upstream: string | null): string {
  if (upstream === null) return "n";
  if (VERBATIM.test(upstream)) return `a${upstream}`;
  // The shorter of UTF-8 and UTF-16 (CJK text is shorter in UTF-16); UTF-16 also keeps lone surrogates.
  const utf8 = Buffer.from(upstream, "utf8");
  const wellFormed = utf8.toString("utf8") === upstream;
  if (wellFormed && utf8.length <= upstream.length * 2) return `u${utf8.toString("base64url")}`;
  return `w${Buffer.from(upstream, "utf16le").toString("base64url")}`;
}

/**
 * Encodes a position as a compact, opaque, versioned token of at most {@link MAX_PAGE_TOKEN_LENGTH}
 * characters: `ck2.<skip>.<emitted>.<upstream>`, numbers in base 36, a printable-ASCII upstream token verbatim,
 * any other in base64url. An upstream token that cannot fit is refused here, where it is issued, with a
 * ServerError naming the limit — never later, when AppFlow sends it back.
 */
export function encodePageToken(position: PagePosition): string {
  const { upstream, skip, emitted } = position;
  const token = `${PREFIX}${skip.toString(36)}.${emitted.toString(36)}.${encodeUpstream(upstream)}`;
  if (token.length > MAX_PAGE_TOKEN_LENGTH) {
    throw new ConnectorError(
      "ServerError",
      `The upstream page token (${upstream?.length} characters) does not fit in a nextToken of at most ` +
        `${MAX_PAGE_TOKEN_LENGTH} characters; upstream tokens of up to ${MAX_UPSTREAM_TOKEN_LENGTH} characters ` +
        `(${MAX_ASCII_UPSTREAM_TOKEN_LENGTH} of printable ASCII) always fit`,
    );
  }
  return token;
}

function invalid(): ConnectorError {
  return ConnectorError.invalidArgument("nextToken is not a token this connector issued");
}

const COUNT = /^[0-9a-z]{1,11}$/;

function count(text: string): number {
  if (!COUNT.test(text)) throw invalid();
  const n = Number.parseInt(text, 36);
  if (!Number.isSafeInteger(n)) throw invalid();
  return n;
}

function decodeCurrent(token: string): PagePosition {
  const a = token.indexOf(".", PREFIX.length);
  const b = a === -1 ? -1 : token.indexOf(".", a + 1);
  if (b === -1) throw invalid();
  const skip = count(token.slice(PREFIX.length, a));
  const emitted = count(token.slice(a + 1, b));
  const kind = token[b + 1];
  const payload = token.slice(b + 2);
  let upstream: string | null;
  if (kind === "n" && payload === "") upstream = null;
  else if (kind === "a") upstream = payload;
  else if (kind === "u") upstream = Buffer.from(payload, "base64url").toString("utf8");
  else if (kind === "w") upstream = Buffer.from(payload, "base64url").toString("utf16le");
  else throw invalid();
  const position = { upstream, skip, emitted };
  // Only the one spelling the encoder produces is accepted: no padding, no other alphabet, no leading zeros.
  if (encodePageToken(position) !== token) throw invalid();
  return position;
}

function decodeLegacy(token: string): PagePosition {
  if (token.length > LEGACY_MAX_LENGTH) throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token.slice(LEGACY_PREFIX.length), "base64url").toString("utf8"));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) throw invalid();
  const [upstream, skip, emitted] = parsed as unknown[];
  const isCount = (n: unknown) => typeof n === "number" && Number.isSafeInteger(n) && n >= 0;
  if ((upstream !== null && typeof upstream !== "string") || !isCount(skip) || !isCount(emitted))
    throw invalid();
  return { upstream: upstream as string | null, skip: skip as number, emitted: emitted as number };
}

/**
 * Decodes a token from `encodePageToken` (or from the previous `ck1.` format); anything else is an
 * InvalidArgument error.
 */
export function decodePageToken(token: string): PagePosition {
  if (token.startsWith(LEGACY_PREFIX)) return decodeLegacy(token);
  if (!token.startsWith(PREFIX) || token.length > MAX_PAGE_TOKEN_LENGTH) throw invalid();
  try {
    return decodeCurrent(token);
  } catch {
    throw invalid();
  }
}
