import { randomBytes } from "node:crypto";
import {
  closeSync,
  linkSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { FlowRunError } from "./flow-run-error.js";

/** What a lock file says: who holds the state directory. */
export interface LockOwner {
  pid: number;
  host: string;
  since: string;
}

/** A lock file's content as written: the owner and a token only this acquisition knows. */
interface LockBody extends LockOwner {
  token: string;
}

/** A lock file whose content cannot be read is only taken over once it is this old (ms). */
const UNREADABLE_GRACE_MS = 10_000;
const GENERATION = /^(\d+)\.lock$/;
const TEMPORARY = /^\.(\d+)-[0-9a-f]+\.tmp$/;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Lock generations present in `dir`, highest first. */
function generations(dir: string): number[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .map((n) => GENERATION.exec(n)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number)
    .filter(Number.isSafeInteger)
    .sort((a, b) => b - a);
}

type Seen =
  | { kind: "missing" }
  | { kind: "released" }
  | { kind: "owned"; body: LockBody }
  | { kind: "unreadable"; ageMs: number };

function readLock(file: string, now: number): Seen {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { kind: "missing" };
    text = "";
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockBody> & { released?: unknown };
    if (parsed.released === true) return { kind: "released" };
    if (typeof parsed.pid === "number" && typeof parsed.token === "string") {
      return {
        kind: "owned",
        body: {
          pid: parsed.pid,
          host: String(parsed.host ?? ""),
          since: String(parsed.since ?? ""),
          token: parsed.token,
        },
      };
    }
  } catch {}
  let ageMs = 0;
  try {
    ageMs = now - statSync(file).mtimeMs;
  } catch {
    return { kind: "missing" };
  }
  return { kind: "unreadable", ageMs };
}

/**
 * Creates `file` with `body` only if it does not exist. The content is written to a private file first and
 * hard-linked into place, so the lock never exists empty or half-written; where hard links are not
 * supported, an exclusive create is the fallback (an unreadable young lock then counts as held).
 */
function createExclusive(dir: string, file: string, body: string): boolean {
  const temporary = join(dir, `.${process.pid}-${randomBytes(6).toString("hex")}.tmp`);
  const fd = openSync(temporary, "wx", 0o644);
  try {
    writeSync(fd, body);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(temporary, file);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") return false;
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EOPNOTSUPP" && code !== "ENOSYS") throw error;
  } finally {
    try {
      unlinkSync(temporary);
    } catch {}
  }
  let out: number;
  try {
    out = openSync(file, "wx", 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
  try {
    writeSync(out, body);
  } finally {
    closeSync(out);
  }
  return true;
}

/** Replaces `file`'s content atomically (write a private file, rename over). */
function replaceContent(dir: string, file: string, body: string): void {
  const temporary = join(dir, `.${process.pid}-${randomBytes(6).toString("hex")}.tmp`);
  const fd = openSync(temporary, "wx", 0o644);
  try {
    writeSync(fd, body);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, file);
}

/** Removes superseded generations and temporary files of dead processes. Best effort. */
function cleanUp(dir: string, below: number): void {
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {}
  for (const name of names) {
    const generation = GENERATION.exec(name)?.[1];
    const temporary = TEMPORARY.exec(name)?.[1];
    if (
      (generation !== undefined && Number(generation) < below) ||
      (temporary && !alive(Number(temporary)))
    ) {
      try {
        unlinkSync(join(dir, name));
      } catch {}
    }
  }
}

function lockedError(dir: string, owner: LockOwner | null): FlowRunError {
  if (!owner) {
    return new FlowRunError(
      "StateLocked",
      `The state directory is being locked by another process right now; lock directory ${dir}`,
    );
  }
  const sameHost = owner.host === hostname();
  return new FlowRunError(
    "StateLocked",
    `The state directory is in use by process ${owner.pid}${sameHost ? "" : ` on ${owner.host}`} (since ${owner.since}); lock directory ${dir}`,
  );
}

/**
 * Takes the lock directory `dir` for this process and returns the function releasing it. The state store has
 * one writer, so two runners must never open one state directory.
 *
 * The lock is a sequence of generations, `<dir>/<n>.lock`, each created exclusively (a hard link of a file
 * already holding `{ pid, host, since, token }`). The highest generation decides: held by a live process on
 * this host (or by any process on another host) → a `StateLocked` error; released, or left by a dead
 * process (a crash, `kill -9`) → the next generation is created exclusively, and only one contender can
 * create it. A lock is never deleted to be taken over, so no process can remove a lock another one just
 * took (the race of check-then-unlink); releasing rewrites the holder's own generation as released.
 * A lock file that cannot be parsed counts as held until it is 10 s old (it cannot be a live lock later:
 * live locks are written whole before they appear).
 */
export function acquireLock(dir: string, now: () => number = Date.now): () => void {
  mkdirSync(dir, { recursive: true });
  const body: LockBody = {
    pid: process.pid,
    host: hostname(),
    since: new Date(now()).toISOString(),
    token: randomBytes(16).toString("hex"),
  };
  const text = JSON.stringify(body);
  for (let attempt = 0; attempt < 100; attempt++) {
    const top = generations(dir)[0] ?? 0;
    if (top > 0) {
      const seen = readLock(join(dir, `${top}.lock`), now());
      if (seen.kind === "missing") continue; // cleaned up under us: look again
      if (seen.kind === "owned") {
        const owner = seen.body;
        if (owner.host !== hostname() || alive(owner.pid)) throw lockedError(dir, owner);
      }
      if (seen.kind === "unreadable" && seen.ageMs < UNREADABLE_GRACE_MS) throw lockedError(dir, null);
    }
    const generation = top + 1;
    const file = join(dir, `${generation}.lock`);
    if (!createExclusive(dir, file, text)) continue; // another process took this generation first
    if ((generations(dir)[0] ?? 0) > generation) {
      // Only possible for a contender with a stale view of the directory; ours never counted.
      replaceContent(dir, file, JSON.stringify({ released: true }));
      continue;
    }
    cleanUp(dir, generation);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const seen = readLock(file, now());
      if (seen.kind === "owned" && seen.body.token === body.token) {
        try {
          replaceContent(dir, file, JSON.stringify({ released: true }));
        } catch {}
      }
    };
  }
  throw new FlowRunError("StateLocked", `Cannot take the lock in ${dir}: too many contenders`);
}

/** Who holds the lock directory `dir` now (a live or dead process), or null when nobody does. */
export function lockOwner(dir: string, now: () => number = Date.now): LockOwner | null {
  const top = generations(dir)[0];
  if (top === undefined) return null;
  const seen = readLock(join(dir, `${top}.lock`), now());
  if (seen.kind !== "owned") return null;
  const { token: _token, ...owner } = seen.body;
  return owner;
}
