import { gzipSync } from "fflate";
import { sha256Digest } from "./digest.js";

/** A file of a layer. */
export interface LayerFile {
  /** Absolute path in the image, e.g. `/var/task/index.mjs`. */
  path: string;
  data: Uint8Array | string;
  /** Permission bits. Default: `0o644` (readable by Lambda's runtime user, who is not root). */
  mode?: number;
}

/** A layer blob and the digests a manifest and a config name it by. */
export interface Layer {
  /** The gzip-compressed tar: the blob. */
  blob: Uint8Array;
  /** Digest of `blob` (the manifest's layer descriptor). */
  digest: string;
  /** Digest of the uncompressed tar (the config's `rootfs.diff_ids`). */
  diffId: string;
}

/** The modification time of every entry: 2000-01-01T00:00:00Z, as the Lambda zip uses, so bytes never vary. */
export const LAYER_MTIME_SECONDS = 946_684_800;

const BLOCK = 512;

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, "0")}\0`;
}

/** Splits a path over ustar's `prefix` (155 bytes) and `name` (100 bytes) fields at a slash. */
function splitName(path: string): [prefix: string, name: string] {
  if (Buffer.byteLength(path) <= 100) return ["", path];
  for (let i = path.indexOf("/"); i >= 0; i = path.indexOf("/", i + 1)) {
    const prefix = path.slice(0, i);
    const name = path.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100) return [prefix, name];
  }
  throw new RangeError(`The path ${path} is too long for a tar layer (ustar: 155 + 100 bytes)`);
}

function header(path: string, size: number, mode: number, directory: boolean): Uint8Array {
  const h = Buffer.alloc(BLOCK, 0);
  const [prefix, name] = splitName(directory ? `${path}/` : path);
  h.write(name, 0, "utf8");
  h.write(octal(mode, 8), 100, "ascii");
  h.write(octal(0, 8), 108, "ascii"); // uid root
  h.write(octal(0, 8), 116, "ascii"); // gid root
  h.write(octal(size, 12), 124, "ascii");
  h.write(octal(LAYER_MTIME_SECONDS, 12), 136, "ascii");
  h.write("        ", 148, "ascii");
  h.write(directory ? "5" : "0", 156, "ascii");
  h.write("ustar\u000000", 257, "latin1");
  h.write(prefix, 345, "utf8");
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148, "ascii");
  return h;
}

/**
 * A deterministic image layer: a ustar archive of `files` under their paths (leading `/` dropped), with the
 * directories below `root` that they need, entries sorted by path, owner root:root, modes 0644 (files) and
 * 0755 (directories), every mtime {@link LAYER_MTIME_SECONDS}, compressed by gzip level 9 with a fixed header
 * (no name, mtime 0). The same files always give the same bytes, so the same image digest. `root` itself (the
 * base image's `/var/task`) is not written, so its owner and mode stay the base image's.
 *
 * @param root the directory the files go below (the task root). Default: `/var/task`.
 * @throws RangeError for a path that is empty, has `.`/`..` parts, is too long for ustar, or comes twice.
 */
export function createLayer(files: readonly LayerFile[], root = "/var/task"): Layer {
  const strip = (p: string) => p.replace(/^\/+/, "").replace(/\/+$/, "");
  const top = strip(root);
  const entries = new Map<string, { data?: Uint8Array; mode: number }>();
  for (const file of files) {
    const path = strip(file.path);
    if (path === "" || path.split("/").some((part) => part === ".." || part === "." || part === "")) {
      throw new RangeError(`"${file.path}" is not a file path for a layer`);
    }
    if (entries.has(path)) throw new RangeError(`${file.path} is in the layer twice`);
    const data = typeof file.data === "string" ? new TextEncoder().encode(file.data) : file.data;
    entries.set(path, { data, mode: file.mode ?? 0o644 });
    for (let dir = path.slice(0, path.lastIndexOf("/")); dir.length > top.length; ) {
      if (!dir.startsWith(`${top}/`)) break;
      if (!entries.has(dir)) entries.set(dir, { mode: 0o755 });
      dir = dir.slice(0, Math.max(dir.lastIndexOf("/"), 0));
    }
  }
  const chunks: Uint8Array[] = [];
  for (const path of [...entries.keys()].sort()) {
    const { data, mode } = entries.get(path)!;
    chunks.push(header(path, data?.byteLength ?? 0, mode, data === undefined));
    if (data && data.byteLength > 0) {
      chunks.push(data);
      const pad = (BLOCK - (data.byteLength % BLOCK)) % BLOCK;
      if (pad > 0) chunks.push(new Uint8Array(pad));
    }
  }
  chunks.push(new Uint8Array(BLOCK * 2));
  const tar = Buffer.concat(chunks);
  const blob = gzipSync(tar, { level: 9, mtime: 0 });
  return { blob, digest: sha256Digest(blob), diffId: sha256Digest(tar) };
}
