/**
 * Fuzzy matching for the command palette: the query's characters must appear in order; consecutive runs and
 * word starts score higher, so "cao" finds "Cancel all orders" before "Chart: zoom out".
 */
export interface FuzzyHit<T> {
  item: T;
  score: number;
  /** Indexes of matched characters in the text, for highlighting. */
  positions: number[];
}

export function fuzzyScore(query: string, text: string): { score: number; positions: number[] } | null {
  const q = query.toLowerCase().replace(/\s+/g, '');
  if (!q) return { score: 0, positions: [] };
  const t = text.toLowerCase();
  const positions: number[] = [];
  let score = 0;
  let from = 0;
  let prev = -2;
  for (const ch of q) {
    const at = t.indexOf(ch, from);
    if (at < 0) return null;
    positions.push(at);
    const wordStart = at === 0 || /[\s.:/_-]/.test(t[at - 1] ?? '');
    score += 1 + (at === prev + 1 ? 3 : 0) + (wordStart ? 4 : 0);
    score -= Math.min(at - from, 5) * 0.1; // gaps cost a little
    prev = at;
    from = at + 1;
  }
  return { score: score - t.length * 0.01, positions };
}

/** Items matching the query, best first; ties keep the input order. */
export function fuzzyFilter<T>(items: readonly T[], query: string, textOf: (item: T) => string): FuzzyHit<T>[] {
  const hits: (FuzzyHit<T> & { index: number })[] = [];
  items.forEach((item, index) => {
    const m = fuzzyScore(query, textOf(item));
    if (m) hits.push({ item, score: m.score, positions: m.positions, index });
  });
  if (query.trim()) hits.sort((a, b) => b.score - a.score || a.index - b.index);
  return hits.map(({ item, score, positions }) => ({ item, score, positions }));
}
