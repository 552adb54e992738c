import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { FlowRunError } from "./flow-run-error.js";

/** What a lock file says: who holds the state directory. */
export interface LockOwner {
  pid: number;
  host: string;
  since: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readOwner(path: string): LockOwner | null {
  try {
    const parsed = JSON.parse(readFileSync(path, "utf8")) as Partial<LockOwner>;
    return typeof parsed.pid === "number"
      ? { pid: parsed.pid, host: String(parsed.host ?? ""), since: String(parsed.since ?? "") }
      : null;
  } catch {
    return null;
  }
}

/**
 * Takes the lock file `path` for this process (`{ pid, host, since }`, created exclusively) and returns the
 * function releasing it. The state store is an embedded single-process database, so two runners must never
 * open one directory: a lock held by a live process on this host is a `StateLocked` error; a lock left by a
 * dead process (a crash, `kill -9`) is taken over.
 */
export function acquireLock(path: string, now: () => number = Date.now): () => void {
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, "wx");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = readOwner(path);
      const sameHost = owner === null || owner.host === hostname();
      if (owner !== null && (!sameHost || alive(owner.pid))) {
        throw new FlowRunError(
          "StateLocked",
          `The state directory is in use by process ${owner.pid}${sameHost ? "" : ` on ${owner.host}`} (since ${owner.since}); lock file ${path}`,
        );
      }
      try {
        unlinkSync(path); // stale: its process is gone
      } catch {}
      continue;
    }
    const owner: LockOwner = { pid: process.pid, host: hostname(), since: new Date(now()).toISOString() };
    writeSync(fd, JSON.stringify(owner));
    closeSync(fd);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (readOwner(path)?.pid === process.pid) {
        try {
          unlinkSync(path);
        } catch {}
      }
    };
  }
  throw new FlowRunError("StateLocked", `Cannot take the lock file ${path}`);
}
