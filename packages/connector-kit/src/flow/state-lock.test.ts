import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, utimesSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FlowRunError } from "./flow-run-error.js";
import { acquireLock, lockOwner } from "./state-lock.js";
import { tempDir } from "./test-support/fixtures.js";

const CHILD = join(import.meta.dirname, "test-support", "lock-race-child.ts");

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], {
    encoding: "utf8",
  });
  return Number(child.stdout);
}

/** Starts `processes` children racing for the lock in `rounds` directories; sums their reports. */
async function race(
  base: string,
  rounds: number,
  processes: number,
): Promise<{ acquired: number; doubles: number }> {
  const slot = 25;
  const start = Date.now() + 6000; // after every child has started (tsx takes a while on a busy machine)
  const reports = await Promise.all(
    Array.from(
      { length: processes },
      () =>
        new Promise<{ acquired: number; doubles: number }>((resolve, reject) => {
          const child = spawn(
            process.execPath,
            [
              "--conditions=source",
              "--import",
              "tsx",
              CHILD,
              base,
              String(rounds),
              String(start),
              String(slot),
            ],
            { stdio: ["ignore", "pipe", "pipe"] },
          );
          let out = "";
          let err = "";
          child.stdout.on("data", (d: Buffer) => {
            out += d.toString();
          });
          child.stderr.on("data", (d: Buffer) => {
            err += d.toString();
          });
          child.on("exit", (code) =>
            code === 0
              ? resolve(JSON.parse(out) as { acquired: number; doubles: number })
              : reject(new Error(err)),
          );
        }),
    ),
  );
  return reports.reduce((a, b) => ({ acquired: a.acquired + b.acquired, doubles: a.doubles + b.doubles }));
}

describe("the state lock", () => {
  it("is held by one process: a second acquisition is StateLocked, a released lock can be taken again", () => {
    const dir = join(tempDir("ck-lock-"), "locks");
    const release = acquireLock(dir);
    expect(lockOwner(dir)).toMatchObject({ pid: process.pid, host: hostname() });
    expect(() => acquireLock(dir)).toThrow(FlowRunError);
    try {
      acquireLock(dir);
    } catch (error) {
      expect(error).toMatchObject({ code: "StateLocked" });
      expect((error as Error).message).toContain(`in use by process ${process.pid}`);
    }
    release();
    release(); // twice is harmless
    expect(lockOwner(dir)).toBeNull();
    const again = acquireLock(dir);
    expect(lockOwner(dir)?.pid).toBe(process.pid);
    again();
    expect(readdirSync(dir).filter((n) => n.endsWith(".lock"))).toHaveLength(1); // superseded ones removed
  });

  it("takes over a lock left by a dead process, and an unreadable one only once it is old", () => {
    const dir = join(tempDir("ck-lock-"), "locks");
    mkdirSync(dir);
    writeFileSync(
      join(dir, "1.lock"),
      JSON.stringify({ pid: deadPid(), host: hostname(), since: "x", token: "t" }),
    );
    acquireLock(dir)();

    const empty = join(tempDir("ck-lock-"), "locks");
    mkdirSync(empty);
    writeFileSync(join(empty, "7.lock"), "");
    expect(() => acquireLock(empty)).toThrow(/being locked by another process/);
    const old = new Date(Date.now() - 60_000);
    utimesSync(join(empty, "7.lock"), old, old);
    acquireLock(empty)();
    expect(readdirSync(empty)).toEqual(["8.lock"]);
  });

  it("is never held by two processes at once: real processes racing from no lock, a stale one and an empty one", async () => {
    const rounds = 60;
    const base = tempDir("ck-lock-race-");
    const dead = deadPid();
    const old = new Date(Date.now() - 60_000);
    for (let round = 0; round < rounds * 3; round++) {
      const locks = join(base, String(round), "locks");
      mkdirSync(locks, { recursive: true });
      if (round >= rounds && round < 2 * rounds) {
        writeFileSync(
          join(locks, "1.lock"),
          JSON.stringify({ pid: dead, host: hostname(), since: "x", token: "t" }),
        );
      } else if (round >= 2 * rounds) {
        writeFileSync(join(locks, "1.lock"), "");
        utimesSync(join(locks, "1.lock"), old, old);
      }
    }
    const result = await race(base, rounds * 3, 4);
    expect(result.doubles).toBe(0);
    expect(result.acquired).toBeGreaterThanOrEqual(rounds * 3); // every round was taken at least once
  }, 120_000);
});
