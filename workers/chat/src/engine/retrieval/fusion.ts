/** Reciprocal rank fusion's damping constant (Cormack et al. 2009): ranks far down a list count little. */
const rrfK = 60;

/**
 * Reciprocal rank fusion: each list votes 1 / (k + rank) for its items; the fused order is by the
 * sum of votes. It needs no common scale between lists (BM25 and cosine similarity have none).
 */
export function reciprocalRankFusion(lists: string[][]): string[] {
  const votes = new Map<string, number>();
  for (const list of lists) {
    for (const [index, id] of list.entries()) votes.set(id, (votes.get(id) ?? 0) + 1 / (rrfK + index + 1));
  }
  return [...votes.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([id]) => id);
}
