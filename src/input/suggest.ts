/**
 * @module input/suggest
 * "Did you mean …?" for field names and accelerator ids: a case-insensitive edit distance plus substring matches,
 * cheap enough to run on every error (tens of candidates).
 */

/** Levenshtein distance between two strings (insert, delete, substitute each cost 1). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  let cur = new Array<number>(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const sub = prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      cur[j] = Math.min(sub, prev[j] + 1, cur[j - 1] + 1);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length];
}

/**
 * Candidates close to `word`, best first, at most `limit`: exact case-insensitive matches, then candidates that
 * contain the word or are contained in it (`h20` → `nvidia-h20`), then those within an edit distance of about a
 * third of the word's length and at most one edit worse than the closest.
 */
export function closest(word: string, candidates: Iterable<string>, limit = 3): string[] {
  const w = word.toLowerCase();
  const scored: { c: string; score: number }[] = [];
  for (const c of candidates) {
    const l = c.toLowerCase();
    let score: number;
    if (l === w) score = 0;
    else if (w.length >= 2 && (l.includes(w) || w.includes(l)))
      score = 1 + Math.abs(l.length - w.length) / 100;
    else {
      const d = editDistance(w, l);
      if (d > Math.max(2, Math.floor(w.length / 3))) continue;
      score = 2 + d;
    }
    scored.push({ c, score });
  }
  scored.sort((x, y) => x.score - y.score || (x.c < y.c ? -1 : x.c > y.c ? 1 : 0));
  // Ids sharing a vendor prefix are all "close" to each other: keep only edits about as good as the best one.
  const best = scored.find((s) => s.score >= 2)?.score ?? Infinity;
  return scored
    .filter((s) => s.score < 2 || s.score <= best + 1)
    .slice(0, limit)
    .map((s) => s.c);
}
