import { execFileSync, spawnSync } from "node:child_process";
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** A throwaway PostgreSQL server on a loopback port, started from Debian's `postgresql` package. */
export interface PostgresServer {
  host: string;
  port: number;
  user: string;
  password: string;
  version: string;
  stop(): Promise<void>;
}

/** What to run to get the server binaries. */
export const INSTALL_HINT = "apt-get update && apt-get install -y postgresql";

/**
 * The directory holding initdb and pg_ctl: $PG_BINDIR, else the newest /usr/lib/postgresql/<ver>/bin, else null.
 * `PG_BINDIR=none` forces null (to see the skipped path).
 */
export function findPostgresBinaries(): string | null {
  const fromEnv = process.env["PG_BINDIR"];
  if (fromEnv === "none") return null;
  if (fromEnv && existsSync(join(fromEnv, "initdb"))) return fromEnv;
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], "bin") : null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const isRoot = process.getuid?.() === 0;

/** Runs a PostgreSQL binary, as the `postgres` user when we are root (initdb refuses root). */
function run(bin: string, args: string[]): void {
  const command = isRoot ? "runuser" : bin;
  const argv = isRoot ? ["-u", "postgres", "--", bin, ...args] : args;
  const result = spawnSync(command, argv, { encoding: "utf8", timeout: 60_000 });
  if (result.status !== 0) {
    throw new Error(`${bin} ${args[0] ?? ""} failed (${result.status}): ${result.stderr || result.stdout}`);
  }
}

/**
 * As root the server runs as `postgres`, which must be able to pass through every directory above its own
 * (the test suite's temporary directory is private to root): give those directories the search bit for others.
 */
function letPostgresThrough(dir: string): void {
  for (let d = dirname(dir); d !== dirname(d); d = dirname(d)) {
    const mode = statSync(d).mode & 0o7777;
    if ((mode & 0o001) === 0) chmodSync(d, mode | 0o001);
  }
}

/**
 * initdb in a temporary directory (scram-sha-256, a random superuser password), then pg_ctl start on a free
 * loopback port with fsync off. `stop()` stops it immediately and removes the directory.
 */
export async function startPostgresServer(bindir: string): Promise<PostgresServer> {
  const dir = mkdtempSync(join(tmpdir(), "ck-pg-"));
  const password = `pw-${Math.random().toString(36).slice(2)}`;
  writeFileSync(join(dir, "pwfile"), `${password}\n`);
  if (isRoot) {
    letPostgresThrough(dir);
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    chownSync(dir, uid, gid);
    chownSync(join(dir, "pwfile"), uid, gid);
  }
  chmodSync(dir, 0o700);
  const data = join(dir, "data");
  run(join(bindir, "initdb"), [
    "-D",
    data,
    "-U",
    "postgres",
    "--auth=scram-sha-256",
    `--pwfile=${join(dir, "pwfile")}`,
    "-E",
    "UTF8",
    "--no-locale",
    "--no-sync",
  ]);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
  run(join(bindir, "pg_ctl"), ["-D", data, "-o", options, "-l", join(dir, "log"), "-w", "-t", "30", "start"]);
  const version = bindir.split("/").at(-2) ?? "?";
  return {
    host: "127.0.0.1",
    port,
    user: "postgres",
    password,
    version,
    async stop() {
      try {
        run(join(bindir, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
