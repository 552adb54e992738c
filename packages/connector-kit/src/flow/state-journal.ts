import { existsSync, readFileSync, statSync, truncateSync } from "node:fs";
import { type FileHandle, open, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { FlowRunError } from "./flow-run-error.js";

/** The first line of every journal: what the file is and the version of its format. */
const HEADER = { format: "connector-kit flow state", version: 1 } as const;

function invalid(file: string, why: string): FlowRunError {
  return new FlowRunError("StateInvalid", `The flow state file ${file} cannot be read: ${why}`);
}

/**
 * Reads a journal's committed entries (its lines after the header) and cuts off an unfinished last write. Each entry is one line, written whole and synced
 * before its commit returns, so only the end of the file can hold a partial entry, and that entry was never
 * acknowledged: dropping it loses nothing. A bad line with good lines after it is damage, not a torn write,
 * and is refused rather than skipped.
 */
export function readJournal(file: string): unknown[] {
  const text = readFileSync(file, "utf8");
  const lines = text.split("\n");
  const entries: unknown[] = [];
  let goodBytes = 0;
  let firstBad = -1;
  // The piece after the last newline is never a committed entry (every entry ends with one).
  for (let i = 0; i < lines.length - 1; i++) {
    const line = lines[i]!;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      if (firstBad < 0) firstBad = i;
      continue;
    }
    if (firstBad >= 0)
      throw invalid(file, `line ${firstBad + 1} is not JSON but later lines are (the file is damaged)`);
    if (i === 0) {
      checkHeader(file, value);
    } else {
      entries.push(value);
    }
    goodBytes += Buffer.byteLength(line) + 1;
  }
  if (goodBytes === 0 && text.length > 0) throw invalid(file, "line 1 is not the journal's header");
  if (Buffer.byteLength(text) > goodBytes) truncateSync(file, goodBytes);
  return entries;
}

function checkHeader(file: string, value: unknown): void {
  const header = value as Partial<Record<keyof typeof HEADER, unknown>> | null;
  if (typeof header !== "object" || header === null || header.format !== HEADER.format) {
    throw invalid(file, "line 1 is not the journal's header");
  }
  if (header.version !== HEADER.version) {
    throw invalid(
      file,
      `format version ${String(header.version)} is not ${HEADER.version} (written by another connector-kit?)`,
    );
  }
}

/** Makes a rename in `dir` durable. Windows cannot sync a directory: there it is as durable as NTFS makes it. */
async function syncDirectory(dir: string): Promise<void> {
  let handle: FileHandle;
  try {
    handle = await open(dir, "r");
  } catch (error) {
    if (process.platform === "win32") return;
    throw error;
  }
  try {
    await handle.sync();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (!(process.platform === "win32" && (code === "EPERM" || code === "EISDIR"))) throw error;
  } finally {
    await handle.close();
  }
}

/**
 * Writes `entries` as a new journal at `file` atomically: a temporary file, synced, renamed over it. The
 * calls wait off the main thread: a disk's sync (over 100 ms on some) then overlaps the run's other work.
 */
export async function writeJournal(file: string, entries: readonly unknown[]): Promise<void> {
  const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  const handle = await open(temporary, "w");
  try {
    try {
      const bytes = Buffer.from([HEADER, ...entries].map((entry) => `${JSON.stringify(entry)}\n`).join(""));
      await handle.writeFile(bytes); // writes it all, however many writes that takes
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
  } catch (error) {
    // The journal itself is untouched; a partial copy is not left beside it.
    await rm(temporary, { force: true });
    throw error;
  }
  await syncDirectory(dirname(file));
}

/**
 * An append-only journal open for writing: one JSON line per entry, each synced to disk before `append`
 * resolves. A failed append cuts the file back to where it was, so a half-written line can never sit before a
 * later good one. One call at a time: the caller awaits each before the next (the state store runs its commits
 * one after another).
 */
export class JournalWriter {
  readonly file: string;
  #handle: FileHandle;
  #size: number;

  private constructor(file: string, handle: FileHandle, size: number) {
    this.file = file;
    this.#handle = handle;
    this.#size = size;
  }

  /** Opens `file` for appending, creating it with the header when it does not exist or is empty. */
  static async open(file: string): Promise<JournalWriter> {
    if (!existsSync(file) || statSync(file).size === 0) await writeJournal(file, []);
    const handle = await open(file, "a");
    const { size } = await handle.stat();
    return new JournalWriter(file, handle, size);
  }

  /** Appends one entry and syncs it. Resolves once it is on disk. */
  async append(entry: unknown): Promise<void> {
    const line = Buffer.from(`${JSON.stringify(entry)}\n`);
    try {
      let written = 0;
      while (written < line.length) {
        written += (await this.#handle.write(line, written, line.length - written)).bytesWritten;
      }
      await this.#handle.datasync();
      this.#size += line.length;
    } catch (error) {
      await this.#handle.truncate(this.#size).catch(() => {});
      throw error;
    }
  }

  /** Replaces the whole journal with `entries` (compaction). */
  async rewrite(entries: readonly unknown[]): Promise<void> {
    await writeJournal(this.file, entries);
    await this.#handle.close();
    this.#handle = await open(this.file, "a");
    this.#size = (await this.#handle.stat()).size;
  }

  /** Closes the file. */
  async close(): Promise<void> {
    await this.#handle.close();
  }
}
