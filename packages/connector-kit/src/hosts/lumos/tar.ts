import { createWriteStream } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";

/** One entry of a tar archive: a directory (no `content`) or a regular file. */
export interface TarEntry {
  /** Path inside the archive, `/`-separated, at most 100 bytes (directories end without `/`). */
  path: string;
  /** File bytes; absent for a directory. */
  content?: Uint8Array;
  /** Permission bits. Default: 0o644 for files, 0o755 for directories. */
  mode?: number;
}

const BLOCK = 512;

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, "0")}\0`;
}

/** The 512-byte ustar header of an entry (mtime fixed, owner root, for reproducible archives). */
export function ustarHeader(entry: TarEntry, mtime: number): Buffer {
  const directory = entry.content === undefined;
  const name = Buffer.from(directory ? `${entry.path}/` : entry.path, "utf8");
  if (name.length > 100) throw new Error(`Tar entry name longer than 100 bytes: ${entry.path}`);
  const header = Buffer.alloc(BLOCK, 0);
  name.copy(header, 0);
  header.write(octal(entry.mode ?? (directory ? 0o755 : 0o644), 8), 100, "ascii");
  header.write(octal(0, 8), 108, "ascii");
  header.write(octal(0, 8), 116, "ascii");
  header.write(octal(directory ? 0 : entry.content!.length, 12), 124, "ascii");
  header.write(octal(mtime, 12), 136, "ascii");
  header.write("        ", 148, "ascii");
  header.write(directory ? "5" : "0", 156, "ascii");
  header.write("ustar\u000000", 257, "binary");
  header.write("root", 265, "ascii");
  header.write("root", 297, "ascii");
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148, "ascii");
  return header;
}

function* tarChunks(entries: readonly TarEntry[], mtime: number): Generator<Uint8Array> {
  for (const entry of entries) {
    yield ustarHeader(entry, mtime);
    if (entry.content !== undefined && entry.content.length > 0) {
      yield entry.content;
      const pad = (BLOCK - (entry.content.length % BLOCK)) % BLOCK;
      if (pad > 0) yield Buffer.alloc(pad, 0);
    }
  }
  yield Buffer.alloc(BLOCK * 2, 0);
}

/**
 * Writes a gzip-compressed ustar archive of `entries` to `path`, streaming. Entries are written in the
 * order given, with `mtime` (seconds since the epoch; default 0) on each, so the same input gives the same
 * archive bytes.
 */
export async function writeTarGz(path: string, entries: readonly TarEntry[], mtime = 0): Promise<void> {
  await pipeline(Readable.from(tarChunks(entries, mtime)), createGzip(), createWriteStream(path));
}
