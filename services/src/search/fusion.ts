/**
 * Reciprocal rank fusion: each ranked list contributes weight / (k + rank) to an item's score
 * (rank from 1). Robust to the incomparable scales of cosine distance and ts_rank_cd.
 */
export interface RankedList {
  ids: string[];
  weight: number;
}

export function reciprocalRankFusion(lists: RankedList[], k: number): { id: string; score: number }[] {
  const scores = new Map<string, number>();
  for (const { ids, weight } of lists) {
    for (const [i, id] of ids.entries()) scores.set(id, (scores.get(id) ?? 0) + weight / (k + i + 1));
  }
  return [...scores.entries()].map(([id, score]) => ({ id, score })).sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
}
