import { type FSWatcher, readdirSync, watch } from "node:fs";
import { join, relative, sep } from "node:path";

/** Directories whose changes never reload: dependencies, build output, the flow runner's state, git. */
export const IGNORED_DIRS = new Set(["node_modules", ".connector", "dist", ".git"]);

/** Files that reload when they change: sources and JSON (editors' swap and backup files do not). */
const SOURCE_FILE = /\.(?:[cm]?[jt]sx?|json)$/;

/** Options of {@link watchSources}. */
export interface WatchSourcesOptions {
  /** Quiet time after the last change before `onChange` is called. Default: 150 ms. */
  debounceMs?: number;
}

/**
 * Watches the sources under `dir` (node:fs watch, recursive) and calls `onChange` with the changed files,
 * relative to `dir`, once changes stop for `debounceMs`. Changes under {@link IGNORED_DIRS} are ignored, and
 * those directories are not watched at all when they sit in `dir` itself (a connector at a project's root).
 * Returns the function that stops watching.
 */
export function watchSources(
  dir: string,
  onChange: (files: string[]) => void,
  options: WatchSourcesOptions = {},
): () => void {
  const debounceMs = options.debounceMs ?? 150;
  const changed = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const seen = (base: string) => (_event: string, name: string | Buffer | null) => {
    if (name === null) return;
    const file = relative(dir, join(base, name.toString()));
    if (file.split(sep).some((part) => IGNORED_DIRS.has(part)) || !SOURCE_FILE.test(file)) return;
    changed.add(file);
    clearTimeout(timer);
    timer = setTimeout(() => {
      const files = [...changed].sort();
      changed.clear();
      onChange(files);
    }, debounceMs);
  };
  const entries = readdirSync(dir, { withFileTypes: true });
  const watchers: FSWatcher[] = [];
  if (entries.some((e) => e.isDirectory() && IGNORED_DIRS.has(e.name))) {
    // A recursive watch would walk node_modules: watch the directory itself and each other subdirectory.
    watchers.push(watch(dir, seen(dir)));
    for (const e of entries)
      if (e.isDirectory() && !IGNORED_DIRS.has(e.name))
        watchers.push(watch(join(dir, e.name), { recursive: true }, seen(join(dir, e.name))));
  } else {
    watchers.push(watch(dir, { recursive: true }, seen(dir)));
  }
  return () => {
    clearTimeout(timer);
    for (const w of watchers) w.close();
  };
}
