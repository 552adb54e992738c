/**
 * Dependencies point down only: each module (a top-level folder of src/, and each host) may import only the
 * modules below it. This checks every import of every source file, type imports included, so a new upward
 * or sideways dependency fails here instead of waiting for a reader to notice it in a diagram.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = import.meta.dirname;

/** What each module may import (besides itself). */
const ALLOWED: Record<string, readonly string[]> = {
  core: [],
  filter: ["core"],
  // OAuth 2.0 is a protocol module below identity: Lumos' OAuth capabilities are built on it.
  identity: ["core", "oauth"],
  define: ["core", "filter", "identity"],
  oauth: ["core"],
  http: ["core"],
  "hosts/appflow": ["core", "define", "filter"],
  "hosts/lumos": ["core", "define", "identity"],
  connectors: ["core", "define"],
  loading: ["core", "define"],
  marketplace: ["core"],
  deploy: ["core"],
  // Embedded PostgreSQL that starts without initdb: Node's file calls only.
  pglite: [],
  testing: ["core", "define", "filter", "hosts/appflow"],
  "hosts/http": ["core", "define", "hosts/appflow", "hosts/lumos"],
  flow: ["core", "define", "filter", "hosts/appflow", "connectors", "loading", "pglite"],
  console: ["core", "define", "filter", "hosts/appflow", "hosts/http", "hosts/lumos", "testing", "flow"],
  cli: [
    "core",
    "define",
    "filter",
    "identity",
    "hosts/appflow",
    "hosts/lumos",
    "hosts/http",
    "flow",
    "deploy",
    "testing",
    "loading",
    "console",
  ],
  "test-support": [],
};

function moduleOf(file: string): string | null {
  const parts = relative(SRC, file).split(sep);
  if (parts.length === 1) return null; // index.ts: the package's face
  return parts[0] === "hosts" ? `hosts/${parts[1]}` : parts[0]!;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "test-support" ? [] : sourceFiles(path);
    return /\.ts$/.test(entry.name) && !/\.test\.ts$|^test-support\.ts$/.test(entry.name) ? [path] : [];
  });
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\b[^;]*?\bfrom\s+"(\.[^"]+)"|\bimport\(\s*"(\.[^"]+)"\s*\)/g;

function edges(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const from = moduleOf(file);
    if (!from) continue;
    for (const match of readFileSync(file, "utf8").matchAll(IMPORT)) {
      const to = moduleOf(resolve(dirname(file), (match[1] ?? match[2])!));
      if (!to || to === from) continue;
      const key = `${from} -> ${to}`;
      found.set(key, [...(found.get(key) ?? []), relative(SRC, file)]);
    }
  }
  return found;
}

describe("architecture", () => {
  const found = edges();

  it("knows every module", () => {
    const modules = new Set([...found.keys()].flatMap((edge) => edge.split(" -> ")));
    expect([...modules].filter((m) => !(m in ALLOWED))).toEqual([]);
  });

  it("has dependencies that point down only", () => {
    const upward = [...found.entries()]
      .filter(([edge]) => {
        const [from, to] = edge.split(" -> ") as [string, string];
        return !ALLOWED[from]?.includes(to);
      })
      .map(([edge, files]) => `${edge} (${[...new Set(files)].join(", ")})`);
    expect(upward).toEqual([]);
  });
});
