import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";

/** What {@link measure} counts: elapsed time, or the CPU time of this process (user + system). */
export type Clock = "wall" | "cpu";

/** Microseconds on `clock` since an arbitrary origin. */
function reading(clock: Clock): number {
  if (clock === "wall") return performance.now() * 1000;
  const { user, system } = process.cpuUsage();
  return user + system;
}

/**
 * Runs `fn` repeatedly for about `ms` after a warm-up, in batches of 50 ms; returns the time per call in µs of
 * the best batch. On a shared machine other tenants only ever add time, so the best batch is the estimate
 * least disturbed by them (the advice of Python's timeit); the SDK and its floor are measured the same way.
 * `clock` (default `"wall"`): `"cpu"` counts this process's CPU time instead, which time slices lost to other
 * tenants do not inflate — for CPU-bound work only (it also counts V8's helper threads, garbage collection).
 */
export async function measure(
  fn: () => unknown | Promise<unknown>,
  ms = 1500,
  clock: Clock = "wall",
): Promise<number> {
  const warmEnd = performance.now() + ms / 3;
  while (performance.now() < warmEnd) await fn();
  const batches: number[] = [];
  const end = performance.now() + ms;
  while (performance.now() < end) {
    const start = performance.now();
    const from = reading(clock);
    let n = 0;
    while (performance.now() - start < 50) {
      await fn();
      n++;
    }
    batches.push((reading(clock) - from) / n);
  }
  return Math.min(...batches);
}

/** One line naming the machine, for BENCHMARKS.md. */
export function machine(): string {
  const cpu = cpus()[0]?.model ?? "unknown CPU";
  return `Node ${process.version}, ${cpu}, ${cpus().length} cores`;
}

/** Today's date as YYYY-MM-DD, for BENCHMARKS.md. */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/**
 * Replaces (or appends) the section `## <title>` of BENCHMARKS.md with `body`, unless BENCH_NO_WRITE=1.
 * The section records the command, the machine and the date with the figures.
 */
export function writeSection(title: string, command: string, body: string[]): void {
  const text = [
    `## ${title}`,
    "",
    `Command: \`${command}\``,
    `Machine: ${machine()}. Date: ${today()}.`,
    "",
    ...body,
    "",
  ].join("\n");
  console.log(`\n${text}`);
  if (process.env["BENCH_NO_WRITE"] === "1") return;
  // Benchmarks run bundled from .tmp/, so the repository is found from the working directory (npm's root).
  const file = join(process.cwd(), "BENCHMARKS.md");
  let content: string;
  try {
    content = readFileSync(file, "utf8");
  } catch {
    content = "# Benchmarks\n";
  }
  const start = content.indexOf(`## ${title}\n`);
  if (start === -1) content = `${content.trimEnd()}\n\n${text}`;
  else {
    const next = content.indexOf("\n## ", start + 1);
    // A blank line between this section and the next.
    content = content.slice(0, start) + text + (next === -1 ? "" : `\n${content.slice(next + 1)}`);
  }
  writeFileSync(file, content);
}

const MB = 1024 * 1024;

/** A measured phase: its duration, its throughput, the process's peak RSS and the CPU time spent during it. */
export interface Phase {
  seconds: number;
  recordsPerSecond: number;
  peakRssMb: number;
  /** CPU seconds of this process (user + system, V8's helper threads included). */
  cpuSeconds: number;
  /**
   * CPU seconds of the whole machine (every process: a database server the phase drives, too), from
   * `/proc/stat`; null where there is none (not Linux).
   */
  machineCpuSeconds: number | null;
}

/** CPU seconds the machine has been busy since boot (every core, every process), or null without `/proc/stat`. */
function machineBusySeconds(): number | null {
  let line: string;
  try {
    line = readFileSync("/proc/stat", "utf8").split("\n", 1)[0]!;
  } catch {
    return null;
  }
  // cpu  user nice system idle iowait irq softirq steal …, in clock ticks (USER_HZ, 100 on Linux).
  const [user, nice, system, , , irq, softirq] = line.trim().split(/\s+/).slice(1).map(Number);
  return ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0)) / 100;
}

/** Runs `fn` (which returns how many records it moved) while sampling RSS every 20 ms. */
export async function measured(fn: () => Promise<number>): Promise<Phase> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const machineBefore = machineBusySeconds();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const count = await fn();
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const machineAfter = machineBusySeconds();
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  return {
    seconds,
    recordsPerSecond: count / seconds,
    peakRssMb: peak / MB,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    machineCpuSeconds: machineBefore === null || machineAfter === null ? null : machineAfter - machineBefore,
  };
}

/**
 * The raw floor of a flow into JSON lines: reads keyset pages with `readPage` (each after the last `id` of the
 * page before, starting after "0") and appends their rows to `file` with `JSON.stringify`, until a page is
 * empty. Returns the rows copied.
 */
export async function keysetToJsonLines(
  file: string,
  readPage: (after: string) => Promise<Record<string, unknown>[]>,
): Promise<number> {
  let after = "0";
  let count = 0;
  for (;;) {
    const rows = await readPage(after);
    if (rows.length === 0) return count;
    appendFileSync(file, rows.map((r) => `${JSON.stringify(r)}\n`).join(""));
    count += rows.length;
    after = String(rows[rows.length - 1]!["id"]);
  }
}

/** The RSS now, in MB, after a garbage collection when the process allows it (`--expose-gc`). */
export function baselineRssMb(): number {
  global.gc?.();
  return process.memoryUsage().rss / MB;
}

/** `1,234,567` */
export const int = (n: number): string => Math.round(n).toLocaleString("en-US");

/** `+12` / `−3` (a memory difference in MB). */
export const signed = (n: number): string => `${n >= 0 ? "+" : "−"}${int(Math.abs(n))}`;
