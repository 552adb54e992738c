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
import type { DataRecord } from "../../core/records/data-record.js";
import { getField } from "../../core/records/record-field.js";

/** File extension of an entity's file. */
export const JSONL_EXTENSION = ".jsonl";
/** Suffix of the sidecar that names an upserted file's key fields: `<entity>.jsonl.keys.json`. */
export const KEYS_SUFFIX = ".keys.json";
/** Bytes read per chunk when paging through a file. */
const CHUNK_BYTES = 1 << 20;
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

/**
 * A record's key in a key index: a one-field key with a finite number value is that number (no text per key:
 * about half the index's memory); any other key is the JSON text of its values. Two keys are equal exactly
 * when their values' JSON texts are (1 and "1" stay apart).
 */
export type IndexKey = string | number;

/** The key of a record for `fields`, or null when a key field has no value. */
export function keyOf(record: DataRecord, fields: readonly string[]): IndexKey | null {
  if (fields.length === 1) {
    const v = getField(record, fields[0]!);
    if (typeof v === "number" && Number.isFinite(v)) return v;
  }
  const values: unknown[] = [];
  for (const f of fields) {
    const v = getField(record, f);
    if (v === null || v === undefined) return null;
    values.push(v);
  }
  return JSON.stringify(values);
}

/** One complete line of a file and where it starts. */
export interface Line {
  offset: number;
  text: string;
}

/**
 * Complete lines (ending in `\n`) from `offset`, in chunks, until `maxLines` non-empty lines or the end.
 * A last line without `\n` is a write in progress or cut short by a crash: it is not returned. `end` is the
 * offset after the last returned line (where the next read starts).
 */
export async function readLines(
  file: string,
  offset: number,
  maxLines: number,
): Promise<{ lines: Line[]; end: number; eof: boolean }> {
  const handle = await open(file, "r");
  try {
    const lines: Line[] = [];
    let position = offset;
    let carry = Buffer.alloc(0);
    let carryStart = offset;
    const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, CHUNK_BYTES, position);
      if (bytesRead === 0) return { lines, end: carryStart, eof: true };
      position += bytesRead;
      const data =
        carry.length > 0
          ? Buffer.concat([carry, chunk.subarray(0, bytesRead)])
          : chunk.subarray(0, bytesRead);
      let start = 0;
      for (;;) {
        const nl = data.indexOf(10, start);
        if (nl === -1) break;
        const text = data.toString("utf8", start, nl);
        const lineOffset = carryStart + start;
        start = nl + 1;
        if (text.trim() !== "") lines.push({ offset: lineOffset, text });
        if (lines.length >= maxLines) {
          const end = carryStart + start;
          const { size } = await handle.stat();
          return { lines, end, eof: end >= size };
        }
      }
      carry = Buffer.from(data.subarray(start));
      carryStart += start;
    }
  } finally {
    await handle.close();
  }
}

/** Latest line of each key: the index of an upserted file, derived from the file itself. */
export interface KeyIndex {
  fields: string[];
  live: Map<IndexKey, number>;
  /** Lines superseded by a later line with the same key. */
  dead: number;
  /** Bytes of the file the index covers, and the file's mtime then. */
  size: number;
  mtimeMs: number;
}

const indexes = new Map<string, KeyIndex>();

async function scanInto(file: string, index: KeyIndex, from: number): Promise<void> {
  let offset = from;
  for (;;) {
    const { lines, end, eof } = await readLines(file, offset, 50_000);
    for (const line of lines) {
      let record: DataRecord;
      try {
        record = JSON.parse(line.text) as DataRecord;
      } catch {
        continue;
      }
      const key = keyOf(record, index.fields);
      if (key === null) continue;
      if (index.live.has(key)) index.dead++;
      index.live.set(key, line.offset);
    }
    offset = end;
    if (eof || lines.length === 0) break;
  }
  index.size = offset;
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
    index = { fields, live: new Map(), dead: 0, size: 0, mtimeMs: 0 };
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
 * Rewrites an upserted file with only its live lines (atomically: a temporary file renamed over it) and
 * rebuilds its index. A crash leaves either the old file or the new one.
 */
export async function compact(file: string, index: KeyIndex): Promise<void> {
  const temporary = `${file}.compact-${process.pid}`;
  const handle = await open(temporary, "w");
  const live = new Map<IndexKey, number>();
  let written = 0;
  try {
    let offset = 0;
    let pending: string[] = [];
    for (;;) {
      const { lines, end, eof } = await readLines(file, offset, 50_000);
      for (const line of lines) {
        let record: DataRecord;
        try {
          record = JSON.parse(line.text) as DataRecord;
        } catch {
          continue;
        }
        const key = keyOf(record, index.fields);
        if (key !== null && index.live.get(key) !== line.offset) continue;
        if (key !== null) live.set(key, written);
        written += Buffer.byteLength(line.text) + 1;
        pending.push(line.text);
      }
      if (pending.length > 0) await handle.write(`${pending.join("\n")}\n`);
      pending = [];
      offset = end;
      if (eof || lines.length === 0) break;
    }
  } finally {
    await handle.close();
  }
  await rename(temporary, file);
  const info = await stat(file);
  index.live = live;
  index.dead = 0;
  index.size = written;
  index.mtimeMs = info.mtimeMs;
}

/** Whether the file exists. */
export function fileExists(file: string): boolean {
  return existsSync(file);
}
