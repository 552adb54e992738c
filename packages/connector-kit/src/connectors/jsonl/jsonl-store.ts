import { existsSync } from "node:fs";
import {
  appendFile,
  mkdir,
  open,
  readdir,
  readFile,
  rename,
  stat,
  truncate,
  writeFile,
} from "node:fs/promises";
import { join } from "node:path";
import { ConnectorError } from "../../core/errors/connector-error.js";
import { type IndexKey, lineKey } from "./index-key.js";

/** File extension of an entity's file. */
export const JSONL_EXTENSION = ".jsonl";
/** Suffix of the sidecar that names an upserted file's key fields: `<entity>.jsonl.keys.json`. */
export const KEYS_SUFFIX = ".keys.json";
/** Bytes read per chunk when reading through a file. */
const CHUNK_BYTES = 1 << 20;
/**
 * The first read of a page of lines; each further read doubles, up to CHUNK_BYTES. A page of 1,000 orders is
 * about 180 KB: reading 1 MiB for it read five times what it used (1M lines in pages of 1,000: 715 ms, now 542 ms).
 */
const PAGE_FIRST_READ_BYTES = 64 * 1024;
/** Compaction starts when superseded lines exceed both this and the number of live lines. */
export const COMPACT_MIN_DEAD_LINES = 10_000;

const ENTITY_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$/;

/** The path of an entity's file; refuses names that could leave the directory. */
export function entityPath(directory: string, entity: string): string {
  const name = entity.endsWith(JSONL_EXTENSION) ? entity.slice(0, -JSONL_EXTENSION.length) : entity;
  if (!ENTITY_NAME.test(name) || name.includes("..")) {
    throw ConnectorError.invalidArgument(
      `Entity ${JSON.stringify(entity)} is not a file name (letters, digits, '.', '_', '-')`,
    );
  }
  return join(directory, `${name}${JSONL_EXTENSION}`);
}

/** The entities of a directory: its `*.jsonl` files, by name without the extension. */
export async function listEntityNames(directory: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(directory);
  } catch {
    throw new ConnectorError("ResourceNotFoundError", `No directory ${directory}`);
  }
  return names
    .filter((n) => n.endsWith(JSONL_EXTENSION) && ENTITY_NAME.test(n.slice(0, -JSONL_EXTENSION.length)))
    .map((n) => n.slice(0, -JSONL_EXTENSION.length))
    .sort();
}

/** The key fields of an upserted file, from its sidecar; null when it has none. */
export async function readKeyFields(file: string): Promise<string[] | null> {
  try {
    const parsed = JSON.parse(await readFile(`${file}${KEYS_SUFFIX}`, "utf8")) as { idFieldNames?: unknown };
    return Array.isArray(parsed.idFieldNames) ? parsed.idFieldNames.map(String) : null;
  } catch {
    return null;
  }
}

/** The complete lines of one chunk of a file: each line's text and where it starts. */
export interface LineChunk {
  texts: string[];
  offsets: number[];
  /** Where the next chunk starts: the offset after the chunk's last complete line. */
  end: number;
}

/**
 * The complete lines (ending in `\n`) from `offset` to the end of the file, a chunk at a time (at most
 * `maxLines` lines a chunk; default: all the lines of a read), blank lines left out. The first read is
 * `firstReadBytes` (default and most: 1 MiB), each further one twice the last, up to 1 MiB. Lines are decoded
 * only as they are yielded, so a reader that stops early decodes no more than it takes. A last line without `\n`
 * is a write in progress or cut short by a crash: it is never returned. A line longer than a read is read whole.
 */
export async function* lineChunks(
  file: string,
  offset: number,
  maxLines = Number.POSITIVE_INFINITY,
  firstReadBytes = CHUNK_BYTES,
): AsyncGenerator<LineChunk> {
  const handle = await open(file, "r");
  try {
    let buffer = Buffer.allocUnsafe(Math.max(1, Math.min(firstReadBytes, CHUNK_BYTES)));
    let start = offset; // the file offset of buffer[0]
    let from = 0; // buffer[from, filled) is read but not yet split
    let filled = 0;
    let reads = 0;
    for (;;) {
      const texts: string[] = [];
      const offsets: number[] = [];
      const origin = from;
      while (texts.length < maxLines) {
        const nl = buffer.indexOf(10, from);
        if (nl === -1 || nl >= filled) break;
        const text = buffer.toString("utf8", from, nl);
        if (text.trim() !== "") {
          texts.push(text);
          offsets.push(start + from);
        }
        from = nl + 1;
      }
      if (from > origin) yield { texts, offsets, end: start + from };
      if (texts.length >= maxLines) continue;
      // No complete line left: keep the unfinished one at the front and read on after it.
      buffer.copy(buffer, 0, from, filled);
      start += from;
      filled -= from;
      from = 0;
      // Grow for a line longer than the buffer (read whole), and toward CHUNK_BYTES while the reader wants more.
      if (filled === buffer.length || (reads > 0 && buffer.length < CHUNK_BYTES)) {
        const bigger = Buffer.allocUnsafe(
          filled === buffer.length ? 2 * buffer.length : Math.min(CHUNK_BYTES, 2 * buffer.length),
        );
        buffer.copy(bigger, 0, 0, filled);
        buffer = bigger;
      }
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, start + filled);
      reads++;
      if (bytesRead === 0) return;
      filled += bytesRead;
    }
  } finally {
    await handle.close();
  }
}

/** One complete line of a file and where it starts. */
export interface Line {
  offset: number;
  text: string;
}

/**
 * Up to `maxLines` complete, non-blank lines from `offset` (see `lineChunks`). `end` is the offset after the
 * last returned line (where the next read starts); `eof` whether nothing complete follows it yet.
 */
export async function readLines(
  file: string,
  offset: number,
  maxLines: number,
): Promise<{ lines: Line[]; end: number; eof: boolean }> {
  const lines: Line[] = [];
  const most = Math.max(1, maxLines);
  let end = offset;
  for await (const chunk of lineChunks(file, offset, most, PAGE_FIRST_READ_BYTES)) {
    const room = most - lines.length;
    if (chunk.texts.length >= room) {
      for (let i = 0; i < room; i++) lines.push({ offset: chunk.offsets[i]!, text: chunk.texts[i]! });
      const last = lines[lines.length - 1]!;
      end = last.offset + Buffer.byteLength(last.text) + 1;
      const { size } = await stat(file);
      return { lines, end, eof: end >= size };
    }
    for (let i = 0; i < chunk.texts.length; i++)
      lines.push({ offset: chunk.offsets[i]!, text: chunk.texts[i]! });
    end = chunk.end;
  }
  return { lines, end, eof: true };
}

/** Latest line of each key: the index of an upserted file, derived from the file itself. */
export interface KeyIndex {
  fields: string[];
  live: Map<IndexKey, number>;
  /** Lines superseded by a later line with the same key. */
  dead: number;
  /** Object lines with no value for a key field: every reader sees them, compaction keeps them. */
  keyless: number;
  /** Bytes of the file the index covers, and the file's mtime then. */
  size: number;
  mtimeMs: number;
}

const indexes = new Map<string, KeyIndex>();

async function scanInto(file: string, index: KeyIndex, from: number): Promise<void> {
  let end = from;
  for await (const chunk of lineChunks(file, from)) {
    const { texts, offsets } = chunk;
    for (let i = 0; i < texts.length; i++) {
      const key = lineKey(texts[i]!, index.fields);
      if (key === undefined) continue;
      if (key === null) {
        index.keyless++;
        continue;
      }
      const keys = index.live.size;
      index.live.set(key, offsets[i]!);
      if (index.live.size === keys) index.dead++; // the key had a line: one hash lookup, not two
    }
    end = chunk.end;
  }
  index.size = end;
}

/** Whether two lists of key fields are the same list (compared as JSON: no separator a name could hold). */
export function sameKeyFields(a: readonly string[], b: readonly string[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The key index of `file` for `fields`, built by reading the file once and then kept in memory; lines
 * appended by someone else since are read incrementally, a file that shrank is read again.
 */
export async function keyIndex(file: string, fields: string[]): Promise<KeyIndex> {
  const info = await stat(file).catch(() => null);
  const size = info?.size ?? 0;
  let index = indexes.get(file);
  if (index && !sameKeyFields(index.fields, fields)) index = undefined;
  if (!index || size < index.size) {
    index = { fields, live: new Map(), dead: 0, keyless: 0, size: 0, mtimeMs: 0 };
    indexes.set(file, index);
  }
  if (info && (size > index.size || info.mtimeMs !== index.mtimeMs)) {
    if (size > index.size) await scanInto(file, index, index.size);
    index.mtimeMs = info.mtimeMs;
  }
  return index;
}

/**
 * The cached index of `file` for `fields` when the file is exactly as the last write through that index left it
 * (same size and mtime): its last line is then complete and its key fields are `fields`, so a write can skip
 * the checks a file changed by someone else needs (about ten file-system calls a batch). Null otherwise.
 */
export async function untouchedIndex(file: string, fields: readonly string[]): Promise<KeyIndex | null> {
  const index = indexes.get(file);
  if (!index || !sameKeyFields(index.fields, fields)) return null;
  const info = await stat(file).catch(() => null);
  return info && info.size === index.size && info.mtimeMs === index.mtimeMs ? index : null;
}

/** Forgets cached indexes (tests, or after changing files behind the connector's back). */
export function forgetIndexes(): void {
  indexes.clear();
}

/**
 * Cuts a last line that has no `\n` (a write cut short by a crash or `kill -9`; it was never acknowledged)
 * and returns the file's size after it.
 */
export async function repairTail(file: string): Promise<number> {
  const info = await stat(file).catch(() => null);
  if (!info || info.size === 0) return 0;
  const handle = await open(file, "r");
  try {
    let end = info.size;
    const buffer = Buffer.allocUnsafe(64 * 1024);
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, info.size - 1);
    if (last[0] === 10) return info.size;
    while (end > 0) {
      const start = Math.max(0, end - buffer.length);
      const { bytesRead } = await handle.read(buffer, 0, end - start, start);
      const nl = buffer.subarray(0, bytesRead).lastIndexOf(10);
      if (nl !== -1) {
        await truncate(file, start + nl + 1);
        return start + nl + 1;
      }
      end = start;
    }
    await truncate(file, 0);
    return 0;
  } finally {
    await handle.close();
  }
}

/**
 * Appends lines (each already JSON, without newline) in one write and returns the offset of each. Each text
 * is encoded once, straight into the bytes written, its offset read off the way: measured on batches of 2,000
 * orders, 0.15–0.25 µs a line against 1.8 µs for measuring each text's UTF-8 length, joining them and
 * encoding the whole.
 */
export async function appendLines(file: string, texts: readonly string[], at: number): Promise<number[]> {
  let chars = 0;
  let longest = 0;
  for (const t of texts) {
    chars += t.length;
    if (t.length > longest) longest = t.length;
  }
  // Room for ASCII lines as they come; a text is only written where its worst case (3 bytes a UTF-16 unit) fits.
  let bytes = Buffer.allocUnsafe(chars + texts.length + 3 * longest + 1);
  let written = 0;
  const offsets = new Array<number>(texts.length);
  for (let i = 0; i < texts.length; i++) {
    const t = texts[i]!;
    if (written + 3 * t.length + 1 > bytes.length) {
      const grown = Buffer.allocUnsafe(Math.max(2 * bytes.length, written + 3 * t.length + 1));
      bytes.copy(grown, 0, 0, written);
      bytes = grown;
    }
    offsets[i] = at + written;
    written += bytes.write(t, written, "utf8");
    bytes[written++] = 10; // \n
  }
  await appendFile(file, bytes.subarray(0, written));
  return offsets;
}

/** Records that the file is keyed by `fields` (once; a different key later is refused by the writer). */
export async function writeKeyFields(file: string, fields: string[]): Promise<void> {
  await writeFile(`${file}${KEYS_SUFFIX}`, `${JSON.stringify({ idFieldNames: fields })}\n`);
}

/** Makes sure the directory exists. */
export async function ensureDirectory(directory: string): Promise<void> {
  await mkdir(directory, { recursive: true });
}

/**
 * Rewrites an upserted file with only the lines readers see: each key's latest line and the lines without a
 * key (atomically: a temporary file renamed over it), and rebuilds its index. Superseded lines and lines that
 * are not JSON objects are left out. The index tells each key's line by its offset, so no line is parsed but
 * those without a key, and only when the file has some. A crash leaves either the old file or the new one.
 */
export async function compact(file: string, index: KeyIndex): Promise<void> {
  const keyAt = new Map<number, IndexKey>();
  for (const [key, offset] of index.live) keyAt.set(offset, key);
  const temporary = `${file}.compact-${process.pid}`;
  const handle = await open(temporary, "w");
  const live = new Map<IndexKey, number>();
  let keyless = 0;
  let written = 0;
  try {
    for await (const { texts, offsets } of lineChunks(file, 0)) {
      const kept: string[] = [];
      for (let i = 0; i < texts.length; i++) {
        const text = texts[i]!;
        const key = keyAt.get(offsets[i]!);
        if (key !== undefined) live.set(key, written);
        else if (index.keyless > 0 && lineKey(text, index.fields) === null) keyless++;
        else continue;
        kept.push(text);
        written += Buffer.byteLength(text) + 1;
      }
      if (kept.length > 0) await handle.write(`${kept.join("\n")}\n`);
    }
  } finally {
    await handle.close();
  }
  await rename(temporary, file);
  const info = await stat(file);
  index.live = live;
  index.dead = 0;
  index.keyless = keyless;
  index.size = written;
  index.mtimeMs = info.mtimeMs;
}

/** Whether the file exists. */
export function fileExists(file: string): boolean {
  return existsSync(file);
}
