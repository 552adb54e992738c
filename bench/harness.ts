import { cpus } from "node:os";

/** Runs `fn` repeatedly for about `ms` after a warm-up; returns the median time per call in µs over batches. */
export async function measure(fn: () => unknown | Promise<unknown>, ms = 1500): Promise<number> {
  const warmEnd = performance.now() + ms / 3;
  while (performance.now() < warmEnd) await fn();
  const batches: number[] = [];
  const end = performance.now() + ms;
  while (performance.now() < end) {
    const start = performance.now();
    let n = 0;
    while (performance.now() - start < 50) {
      await fn();
      n++;
    }
    batches.push(((performance.now() - start) * 1000) / n);
  }
  batches.sort((a, b) => a - b);
  return batches[Math.floor(batches.length / 2)]!;
}

/** One line naming the machine, for BENCHMARKS.md. */
export function machine(): string {
  const cpu = cpus()[0]?.model ?? "unknown CPU";
  return `Node ${process.version}, ${cpu}, ${cpus().length} cores`;
}
