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

const PREFIX = "ck1.";
/** Upstream tokens longer than this are refused, so a token cannot grow without bound. */
export const MAX_UPSTREAM_TOKEN_LENGTH = 2048;

/** Encodes a position as a compact, opaque, versioned token: `ck1.` + base64url(JSON). */
export function encodePageToken(position: PagePosition): string {
  if (position.upstream !== null && position.upstream.length > MAX_UPSTREAM_TOKEN_LENGTH) {
    throw new ConnectorError("ServerError", "The upstream page token is longer than connector-kit allows");
  }
  const body = JSON.stringify([position.upstream, position.skip, position.emitted]);
  return PREFIX + Buffer.from(body, "utf8").toString("base64url");
}

function invalid(): ConnectorError {
  return ConnectorError.invalidArgument("nextToken is not a token this connector issued");
}

/** Decodes a token from `encodePageToken`; anything else is an InvalidArgument error. */
export function decodePageToken(token: string): PagePosition {
  if (!token.startsWith(PREFIX) || token.length > MAX_UPSTREAM_TOKEN_LENGTH * 2) throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token.slice(PREFIX.length), "base64url").toString("utf8"));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) throw invalid();
  const [upstream, skip, emitted] = parsed as unknown[];
  const count = (n: unknown) => typeof n === "number" && Number.isSafeInteger(n) && n >= 0;
  if ((upstream !== null && typeof upstream !== "string") || !count(skip) || !count(emitted)) throw invalid();
  return { upstream: upstream as string | null, skip: skip as number, emitted: emitted as number };
}
