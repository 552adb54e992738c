import { closeSync, ftruncateSync, mkdirSync, openSync, writeSync } from "node:fs";
import { dirname, isAbsolute, join, normalize, sep } from "node:path";

const BLOCK = 512;
/** PostgreSQL's page size: the unit in which a file's all-zero stretches are left as holes. */
const PAGE = 8192;

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
 * dump the slow way.
 */
export function extractDataDir(tar: Uint8Array, dataDir: string): void {
  let offset = 0;
  while (offset + BLOCK <= tar.length) {
    const header = tar.subarray(offset, offset + BLOCK);
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
      if (offset + size > tar.length) throw new Error(`The data directory dump ends inside ${name}`);
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      const data = tar.subarray(offset, offset + size);
      const fd = openSync(path, "wx", 0o600);
      try {
        for (let at = 0; at < size; at += PAGE) {
          const page = data.subarray(at, Math.min(size, at + PAGE));
          if (!allZero(page)) writeSync(fd, page, 0, page.length, at);
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
