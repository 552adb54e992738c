import { zipSync } from "fflate";

/** One file of a zip archive. */
export interface ZipEntry {
  /** Path inside the archive, with `/` separators. */
  name: string;
  data: Uint8Array | string;
  /** Unix permission bits. Default: `0o644` (readable by the Lambda runtime user). */
  mode?: number;
}

/**
 * The fixed modification time of every entry (2000-01-01 00:00, local fields, as zip stores them), so
 * the same files always make the same bytes.
 */
const FIXED_MTIME = new Date(2000, 0, 1, 0, 0, 0);

/** Unix "made by" host in the zip central directory, so the permission bits are honoured. */
const UNIX_HOST = 3;

/** Regular-file type bits of a Unix mode. */
const REGULAR_FILE = 0o100000;

/**
 * A deterministic zip archive: entries sorted by name, a fixed modification time, Unix permissions
 * (default 0644), DEFLATE level 9. The same entries always give the same bytes.
 *
 * @throws Error for two entries with one name (a programming error: the caller builds the list).
 */
export function createZip(entries: readonly ZipEntry[]): Uint8Array {
  const sorted = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: Parameters<typeof zipSync>[0] = {};
  for (const entry of sorted) {
    if (entry.name in files) throw new Error(`Duplicate zip entry ${entry.name}`);
    const data = typeof entry.data === "string" ? new TextEncoder().encode(entry.data) : entry.data;
    files[entry.name] = [
      data,
      {
        level: 9,
        mtime: FIXED_MTIME,
        os: UNIX_HOST,
        attrs: ((REGULAR_FILE | (entry.mode ?? 0o644)) << 16) >>> 0,
      },
    ];
  }
  return zipSync(files);
}
