/**
 * Lumos page tokens. A token is opaque to Lumos; like the Python SDK's, it is the lowercase hex of the
 * MessagePack encoding of a list of pagination states, so one call can walk several upstream endpoints in
 * turn (the last state is the one being read). An empty list is no token: the end of the data.
 */
import { IdentityError } from "./errors.js";
import type { JsonValue } from "./json-schema.js";

/** One upstream position: which endpoint, and whatever locates the next item there (offset, cursor). */
export interface PaginationState {
  /** The upstream endpoint (or LDAP base, or table) this state reads. Default: null. */
  endpoint?: string | null;
  [key: string]: JsonValue | undefined;
}

/** The `page` of a request, as a capability function receives it. */
export interface PageRequest {
  /** The previous response's `page.token`; null for the first page. */
  token: string | null;
  /** Items per page the client asked for; null when it named none. */
  size: number | null;
}

/** Page size {@link PageCursor} uses when the request names none: 100. */
export const DEFAULT_IDENTITY_PAGE_SIZE = 100;

/** Largest token {@link decodePaginationToken} reads, in hex characters: 65,536. */
export const MAX_PAGE_TOKEN_LENGTH = 65_536;

// ─── a minimal MessagePack codec for JSON values ─────────────────────────────────────────────────────

class Writer {
  readonly bytes: number[] = [];
  u8(v: number) {
    this.bytes.push(v & 0xff);
  }
  u16(v: number) {
    this.u8(v >>> 8);
    this.u8(v);
  }
  u32(v: number) {
    this.u16(v >>> 16);
    this.u16(v & 0xffff);
  }
}

function packInteger(w: Writer, value: number): void {
  if (value >= 0 && value < 0x80) w.u8(value);
  else if (value < 0 && value >= -32) w.u8(0x100 + value);
  else if (value >= 0 && value <= 0xff) w.bytes.push(0xcc, value);
  else if (value >= 0 && value <= 0xffff) {
    w.u8(0xcd);
    w.u16(value);
  } else if (value >= 0 && value <= 0xffffffff) {
    w.u8(0xce);
    w.u32(value);
  } else if (value < 0 && value >= -0x80) w.bytes.push(0xd0, value & 0xff);
  else if (value < 0 && value >= -0x8000) {
    w.u8(0xd1);
    w.u16(value & 0xffff);
  } else if (value < 0 && value >= -0x80000000) {
    w.u8(0xd2);
    w.u32(value >>> 0);
  } else {
    const big = BigInt.asUintN(64, BigInt(value));
    w.u8(value >= 0 ? 0xcf : 0xd3);
    w.u32(Number(big >> 32n));
    w.u32(Number(big & 0xffffffffn));
  }
}

/** Writes a length header: the fix form under `fixLimit`, else the 8-bit (strings only), 16- or 32-bit form. */
function packLength(
  w: Writer,
  n: number,
  fix: number,
  fixLimit: number,
  codes: [number | null, number, number],
) {
  if (n < fixLimit) w.u8(fix | n);
  else if (codes[0] !== null && n <= 0xff) w.bytes.push(codes[0], n);
  else if (n <= 0xffff) {
    w.u8(codes[1]);
    w.u16(n);
  } else {
    w.u8(codes[2]);
    w.u32(n);
  }
}

function pack(w: Writer, value: JsonValue | undefined): void {
  if (value === null || value === undefined) w.u8(0xc0);
  else if (value === false) w.u8(0xc2);
  else if (value === true) w.u8(0xc3);
  else if (typeof value === "number") {
    if (Number.isSafeInteger(value)) packInteger(w, value);
    else {
      const buffer = Buffer.alloc(8);
      buffer.writeDoubleBE(value);
      w.bytes.push(0xcb, ...buffer);
    }
  } else if (typeof value === "string") {
    const utf8 = Buffer.from(value, "utf8");
    packLength(w, utf8.length, 0xa0, 32, [0xd9, 0xda, 0xdb]);
    for (const b of utf8) w.u8(b);
  } else if (Array.isArray(value)) {
    packLength(w, value.length, 0x90, 16, [null, 0xdc, 0xdd]);
    for (const item of value) pack(w, item);
  } else {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    packLength(w, entries.length, 0x80, 16, [null, 0xde, 0xdf]);
    for (const [key, item] of entries) {
      pack(w, key);
      pack(w, item);
    }
  }
}

class Reader {
  offset = 0;
  constructor(readonly buffer: Buffer) {}
  take(n: number): Buffer {
    if (this.offset + n > this.buffer.length) throw new Error("truncated");
    const slice = this.buffer.subarray(this.offset, this.offset + n);
    this.offset += n;
    return slice;
  }
  u8(): number {
    return this.take(1)[0]!;
  }
}

function unpack(r: Reader, depth: number): JsonValue {
  if (depth > 32) throw new Error("nested too deeply");
  const b = r.u8();
  if (b < 0x80) return b;
  if (b >= 0xe0) return b - 0x100;
  if ((b & 0xf0) === 0x80) return unpackMap(r, b & 0x0f, depth);
  if ((b & 0xf0) === 0x90) return unpackArray(r, b & 0x0f, depth);
  if ((b & 0xe0) === 0xa0) return r.take(b & 0x1f).toString("utf8");
  switch (b) {
    case 0xc0:
      return null;
    case 0xc2:
      return false;
    case 0xc3:
      return true;
    case 0xca:
      return r.take(4).readFloatBE();
    case 0xcb:
      return r.take(8).readDoubleBE();
    case 0xcc:
      return r.u8();
    case 0xcd:
      return r.take(2).readUInt16BE();
    case 0xce:
      return r.take(4).readUInt32BE();
    case 0xcf:
      return Number(r.take(8).readBigUInt64BE());
    case 0xd0:
      return r.take(1).readInt8();
    case 0xd1:
      return r.take(2).readInt16BE();
    case 0xd2:
      return r.take(4).readInt32BE();
    case 0xd3:
      return Number(r.take(8).readBigInt64BE());
    case 0xd9:
      return r.take(r.u8()).toString("utf8");
    case 0xda:
      return r.take(r.take(2).readUInt16BE()).toString("utf8");
    case 0xdb:
      return r.take(r.take(4).readUInt32BE()).toString("utf8");
    case 0xdc:
      return unpackArray(r, r.take(2).readUInt16BE(), depth);
    case 0xdd:
      return unpackArray(r, r.take(4).readUInt32BE(), depth);
    case 0xde:
      return unpackMap(r, r.take(2).readUInt16BE(), depth);
    case 0xdf:
      return unpackMap(r, r.take(4).readUInt32BE(), depth);
    default:
      throw new Error(`unsupported type byte 0x${b.toString(16)}`);
  }
}

function unpackArray(r: Reader, n: number, depth: number): JsonValue[] {
  if (n > r.buffer.length - r.offset) throw new Error("truncated");
  const out: JsonValue[] = [];
  for (let i = 0; i < n; i++) out.push(unpack(r, depth + 1));
  return out;
}

function unpackMap(r: Reader, n: number, depth: number): { [key: string]: JsonValue } {
  if (n > r.buffer.length - r.offset) throw new Error("truncated");
  const out: { [key: string]: JsonValue } = {};
  for (let i = 0; i < n; i++) {
    const key = unpack(r, depth + 1);
    if (typeof key !== "string") throw new Error("map key is not a string");
    out[key] = unpack(r, depth + 1);
  }
  return out;
}

/** MessagePack bytes of a JSON value. */
export function packJson(value: JsonValue): Buffer {
  const w = new Writer();
  pack(w, value);
  return Buffer.from(w.bytes);
}

/** The JSON value of MessagePack bytes; throws on anything else (binary, extensions, trailing bytes). */
export function unpackJson(bytes: Buffer): JsonValue {
  const r = new Reader(bytes);
  const value = unpack(r, 0);
  if (r.offset !== bytes.length) throw new Error("trailing bytes");
  return value;
}

// ─── tokens ──────────────────────────────────────────────────────────────────────────────────────────

/** The token of a list of states: lowercase hex of their MessagePack encoding; null for an empty list. */
export function encodePaginationToken(states: readonly PaginationState[]): string | null {
  if (states.length === 0) return null;
  return packJson(states.map((s) => ({ endpoint: null, ...s }) as JsonValue)).toString("hex");
}

/**
 * The states of a token made by {@link encodePaginationToken} (or the Python SDK). Throws an
 * {@link IdentityError} `invalid_page_token` for anything else.
 */
export function decodePaginationToken(token: string): PaginationState[] {
  const invalid = (why: string) => new IdentityError("invalid_page_token", `Invalid page token: ${why}`);
  if (token.length > MAX_PAGE_TOKEN_LENGTH) throw invalid("too long");
  if (token.length % 2 !== 0 || !/^[0-9a-f]*$/i.test(token)) throw invalid("not a hex string");
  let value: JsonValue;
  try {
    value = unpackJson(Buffer.from(token, "hex"));
  } catch (error) {
    throw invalid((error as Error).message);
  }
  if (!Array.isArray(value) || value.length === 0) throw invalid("not a list of pagination states");
  for (const state of value) {
    if (state === null || typeof state !== "object" || Array.isArray(state))
      throw invalid("not a list of pagination states");
    const endpoint = state["endpoint"];
    if (endpoint !== undefined && endpoint !== null && typeof endpoint !== "string")
      throw invalid("endpoint is not a string");
  }
  return value as PaginationState[];
}

/**
 * Where a list capability is in its walk over upstream endpoints: the state to read now, the states still
 * to read after it, and the page size. Make one with {@link PageCursor.from}; answer with
 * {@link PageCursor.next}.
 *
 * ```ts
 * const cursor = PageCursor.from(input.page, [{ endpoint: "users", offset: 0 }]);
 * const offset = Number(cursor.current?.["offset"] ?? 0);
 * const users = all.slice(offset, offset + cursor.size);
 * const more = offset + users.length < all.length;
 * return reply(users, { nextPage: cursor.next(more ? { endpoint: "users", offset: offset + users.length } : null) });
 * ```
 */
export class PageCursor<T extends PaginationState = PaginationState> {
  /** The state to read now; null when there is nothing (left) to read. */
  readonly current: T | null;
  /** The states to read after the current one (the last of them is read next). */
  readonly rest: readonly T[];
  /** Items per page: the request's size, else the default (100). */
  readonly size: number;

  private constructor(current: T | null, rest: readonly T[], size: number) {
    this.current = current;
    this.rest = rest;
    this.size = size;
  }

  /**
   * Reads the request's page: decodes its token (an `invalid_page_token` error when it is not one), or,
   * on the first page, starts from `initial` (one state per endpoint; the last is read first).
   * @param defaultSize Page size when the request names none. Default: 100.
   */
  static from<T extends PaginationState>(
    page: PageRequest,
    initial: readonly T[],
    defaultSize: number = DEFAULT_IDENTITY_PAGE_SIZE,
  ): PageCursor<T> {
    const states = page.token ? (decodePaginationToken(page.token) as T[]) : [...initial];
    const current = states.pop() ?? null;
    const size = page.size !== null && page.size > 0 ? page.size : defaultSize;
    return new PageCursor(current, states, size);
  }

  /**
   * The token of the next page: the remaining states plus `following` (the current endpoint's next
   * position), or null when nothing is left. Pass null when the current endpoint is exhausted.
   */
  next(following: T | null): string | null {
    return encodePaginationToken(following ? [...this.rest, following] : this.rest);
  }
}
