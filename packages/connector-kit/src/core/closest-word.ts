/** Edit distance (Levenshtein) between two words, one row at a time. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

/**
 * The candidate closest to `word` (case-insensitive), for a "did you mean" hint, or `null` when none is
 * within `maxDistance` edits. Default `maxDistance`: 2.
 */
export function closestWord(word: string, candidates: readonly string[], maxDistance = 2): string | null {
  let best: string | null = null;
  let bestDistance = maxDistance + 1;
  for (const candidate of candidates) {
    const d = distance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** ` (did you mean "x"?)` for the closest candidate, or `""`. */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const hint = closestWord(word, candidates);
  return hint ? ` (did you mean "${hint}"?)` : "";
}
