import { closeSync, fstatSync, ftruncateSync, mkdirSync, openSync, readSync, writeSync } from "node:fs";
import { dirname, isAbsolute, join, normalize, sep } from "node:path";

const BLOCK = 512;
/** PostgreSQL's page size: the unit in which a file's all-zero stretches are left as holes. */
const PAGE = 8192;
/** Most bytes of a file read at once from a dump on disk (a whole number of pages). */
const CHUNK = 128 * PAGE;

/** A dump to read: its size, and `read(position, length)` giving those bytes (fewer only past the end). */
export interface DumpSource {
  size: number;
  read(position: number, length: number): Uint8Array;
}

/** A dump in memory as a {@link DumpSource}. */
function inMemory(tar: Uint8Array): DumpSource {
  return { size: tar.length, read: (position, length) => tar.subarray(position, position + length) };
}

/**
 * The dump in the open file `fd` as a {@link DumpSource}, read a piece at a time: the file (about 40 MB) is never
 * held in memory whole, where it would stay until the next garbage collection, beside the database just opened.
 */
export function dumpFile(fd: number): DumpSource {
  return {
    size: fstatSync(fd).size,
    read(position, length) {
      const bytes = Buffer.allocUnsafe(length);
      let done = 0;
      while (done < length) {
        const n = readSync(fd, bytes, done, length - done, position + done);
        if (n === 0) break;
        done += n;
      }
      return bytes.subarray(0, done);
    },
  };
}

function field(header: Uint8Array, start: number, length: number): string {
  const bytes = header.subarray(start, start + length);
  const end = bytes.indexOf(0);
  return Buffer.from(end === -1 ? bytes : bytes.subarray(0, end)).toString("utf8");
}

function allZero(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] !== 0) return false;
  return true;
}

/**
 * Writes a PostgreSQL data directory from PGlite's dump (a ustar archive of regular files and directories)
 * with Node's own file calls, leaving all-zero pages as holes: a fresh cluster is mostly a preallocated WAL
 * segment and empty pages, so about a quarter less is written, and far faster than PGlite's own loading.
 * Refuses (throws) any entry it does not know or whose path would leave `dataDir`; the caller then loads the
 * dump the slow way. `tar` is the dump in memory, or a {@link DumpSource} such as {@link dumpFile}.
 */
export function extractDataDir(tar: Uint8Array | DumpSource, dataDir: string): void {
  const source = tar instanceof Uint8Array ? inMemory(tar) : tar;
  let offset = 0;
  while (offset + BLOCK <= source.size) {
    const header = source.read(offset, BLOCK);
    if (allZero(header)) return; // the end-of-archive blocks
    const prefix = field(header, 345, 155);
    const name = `${prefix ? `${prefix}/` : ""}${field(header, 0, 100)}`.replace(/^\/+/, "");
    const size = Number.parseInt(field(header, 124, 12).trim() || "0", 8);
    const type = String.fromCharCode(header[156] ?? 0);
    const relative = normalize(name);
    if (
      !Number.isSafeInteger(size) ||
      size < 0 ||
      isAbsolute(relative) ||
      relative.split(sep).includes("..")
    ) {
      throw new Error(`Unexpected entry in the data directory dump: ${name}`);
    }
    offset += BLOCK;
    const path = join(dataDir, relative);
    if (type === "5") {
      mkdirSync(path, { recursive: true, mode: 0o700 });
    } else if (type === "0" || type === "\0") {
      if (offset + size > source.size) throw new Error(`The data directory dump ends inside ${name}`);
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      const fd = openSync(path, "wx", 0o600);
      try {
        for (let start = 0; start < size; start += CHUNK) {
          const data = source.read(offset + start, Math.min(CHUNK, size - start));
          if (data.length < Math.min(CHUNK, size - start)) {
            throw new Error(`The data directory dump ends inside ${name}`);
          }
          for (let at = 0; at < data.length; at += PAGE) {
            const page = data.subarray(at, Math.min(data.length, at + PAGE));
            if (!allZero(page)) writeSync(fd, page, 0, page.length, start + at);
          }
        }
        ftruncateSync(fd, size);
      } finally {
        closeSync(fd);
      }
    } else {
      throw new Error(`Unexpected entry type ${JSON.stringify(type)} in the data directory dump: ${name}`);
    }
    offset += Math.ceil(size / BLOCK) * BLOCK;
  }
}
