// Filter parser throughput. Run from the repository root:
//   node --conditions=source --import tsx bench/filter-parse.ts
// Prints expressions/s and MB/s for a corpus of ordinary (~100-character) filters and for large ones, next to
// JSON.parse over JSON texts of the same sizes as a floor for comparison.
import { cpus } from "node:os";
import { parseFilter } from "connector-kit/filter";

/** Small deterministic PRNG (mulberry32), so every run measures the same corpus. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = prng(20261123);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));

const FIELDS = [
  "accountId",
  "status",
  "createdDate",
  "lastModified",
  "owner.name",
  "amount",
  "is_active",
  "region-code",
];
function value(): string {
  switch (int(0, 5)) {
    case 0:
      return String(int(10, 1_000_000));
    case 1:
      return `${int(-500, 500)}.${int(0, 99)}`;
    case 2:
      return `'${pick(["open", "closed", "it\\'s pending", "moj%ave", "EMEA"])}'`;
    case 3:
      return `2021-0${int(1, 9)}-${int(10, 28)}`;
    case 4:
      return `2021-04-20T${int(10, 23)}:${int(10, 59)}:${int(10, 59)}.${int(100, 999)}Z`;
    default:
      return "null";
  }
}
function condition(): string {
  const f = pick(FIELDS);
  switch (int(0, 7)) {
    case 0:
      return `${f} BETWEEN ${value()} AND ${value()}`;
    case 1:
      return `${f} IN (${value()}, ${value()}, ${value()})`;
    case 2:
      return `${f} CONTAINS ${value()}`;
    case 3:
      return `${f} = ${pick(["true", "false"])}`;
    default:
      return `${f} ${pick([">", ">=", "<", "<=", "=", "!="])} ${value()}`;
  }
}
/** An ordinary filter of about 100 characters. */
function ordinary(): string {
  let s = condition();
  while (s.length < 90) {
    const c = condition();
    s =
      rand() < 0.3
        ? `(${s}) ${pick(["OR", "or"])} ${c}`
        : `${s} ${pick(["AND", "and"])} ${rand() < 0.2 ? "NOT " : ""}${c}`;
  }
  return rand() < 0.2 ? `${s} LIMIT ${int(10, 1000)}` : s;
}

/** A JSON text of about the same length as `filter`, for the JSON.parse floor. */
function jsonOfLength(len: number): string {
  const parts: string[] = [];
  let size = 2;
  for (let i = 0; size < len; i++) {
    const part = `"${pick(FIELDS)}${i}":${pick([String(int(0, 1e6)), '"open"', "true", "null", "[1,2,3]"])}`;
    parts.push(part);
    size += part.length + (i > 0 ? 1 : 0);
  }
  return `{${parts.join(",")}}`;
}

interface Result {
  perSecond: number;
  mbPerSecond: number;
}
/** Runs `fn` over `inputs` repeatedly for about `ms` milliseconds (after a warm-up) and reports throughput. */
function measure(inputs: readonly string[], fn: (s: string) => unknown, ms = 2000): Result {
  const bytes = inputs.reduce((n, s) => n + Buffer.byteLength(s), 0);
  const deadline = performance.now() + ms / 4;
  while (performance.now() < deadline) for (const s of inputs) fn(s);
  let rounds = 0;
  const t0 = performance.now();
  let elapsed = 0;
  do {
    for (const s of inputs) fn(s);
    rounds++;
    elapsed = performance.now() - t0;
  } while (elapsed < ms);
  const seconds = elapsed / 1000;
  return { perSecond: (rounds * inputs.length) / seconds, mbPerSecond: (rounds * bytes) / 1e6 / seconds };
}

const corpus = Array.from({ length: 20_000 }, ordinary);
const avg = corpus.reduce((n, s) => n + s.length, 0) / corpus.length;
for (const s of corpus) parseFilter(s); // every corpus entry must be valid

const chain = Array.from({ length: 40_000 }, (_, i) => `accountId = ${i + 10}`).join(" AND ");
const large: Record<string, string> = {
  "100k-term AND/OR chain": Array.from(
    { length: 100_000 },
    (_, i) => `${i === 0 ? "" : i % 7 ? "AND " : "OR "}a${i % 97} > ${i + 10}`,
  ).join(" "),
  "40k comparisons (~1 MB)": chain,
  "IN list, 100k values": `id IN (${Array.from({ length: 100_000 }, (_, i) => i + 10).join(", ")})`,
  "10k nested groups": `${"(".repeat(10_000)}a = 1${") AND b = 2".repeat(10_000)}`,
  "1 MB string": `note CONTAINS '${"lorem ipsum ".repeat(87_382)}'`,
};

const fmt = (n: number, digits = 1) => n.toLocaleString("en-US", { maximumFractionDigits: digits });
console.log(`node ${process.version}, ${cpus()[0]?.model ?? "unknown CPU"}, ${cpus().length} cores`);
console.log(`\nordinary expressions: ${corpus.length}, average ${fmt(avg)} characters`);
const parsed = measure(corpus, parseFilter);
const jsonCorpus = corpus.map((s) => jsonOfLength(s.length));
const json = measure(jsonCorpus, (s) => JSON.parse(s));
console.log(`  parseFilter: ${fmt(parsed.perSecond, 0)} expressions/s, ${fmt(parsed.mbPerSecond)} MB/s`);
console.log(`  JSON.parse (same sizes): ${fmt(json.perSecond, 0)} texts/s, ${fmt(json.mbPerSecond)} MB/s`);
console.log(`  ratio parseFilter / JSON.parse: ${fmt(parsed.mbPerSecond / json.mbPerSecond, 2)}`);

console.log("\nlarge expressions:");
for (const [name, text] of Object.entries(large)) {
  const r = measure([text], parseFilter, 1500);
  const j = measure([jsonOfLength(text.length)], (s) => JSON.parse(s), 1500);
  console.log(
    `  ${name} (${fmt(text.length / 1e6, 2)} MB): ${fmt(r.perSecond, 1)} parses/s, ${fmt(r.mbPerSecond)} MB/s` +
      `; JSON.parse ${fmt(j.mbPerSecond)} MB/s, ratio ${fmt(r.mbPerSecond / j.mbPerSecond, 2)}`,
  );
}
