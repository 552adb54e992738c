// Child process of heap-growth.test.ts: keeps about 20 MB alive and makes pages of records that outlive young
// collections (as a flow's records in flight do), then prints the largest heap it saw, in bytes.
import { getHeapStatistics } from "node:v8";
import { limitHeapGrowth } from "../heap-growth.js";

if (process.argv[2] === "limit") limitHeapGrowth([], undefined);
const kept = Array.from({ length: 200_000 }, (_, i) => ({ i, s: `k${i}` }));
const inFlight: unknown[][] = [];
let peak = 0;
for (let round = 0; round < 120; round++) {
  inFlight.push(Array.from({ length: 20_000 }, (_, i) => ({ i, s: `v${round}-${i}`, t: [i] })));
  if (inFlight.length > 4) inFlight.shift();
  if (round % 10 === 0) await new Promise((resolve) => setImmediate(resolve));
  peak = Math.max(peak, getHeapStatistics().total_heap_size);
}
process.stdout.write(`${peak} ${kept.length}\n`);
