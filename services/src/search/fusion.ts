/**
 * Score-aware fusion of the full-text and vector candidates. Reciprocal rank fusion gives the
 * 50th vector neighbour as much as the 50th text match, however loose it is; a convex combination
 * of min-max scaled scores keeps the evidence's strength: a weak vector candidate cannot outrank
 * a statement that holds the query's rare words (hashed n-gram vectors are a loose signal).
 */

/** A full-text candidate: its BM25 score and where it sits, to find its neighbours. */
export interface TextCandidate {
  id: string;
  contributionId: string;
  seq: number;
  speaker: string | null;
  bm25: number;
}

export interface FusionSettings {
  /** Weight of the full-text score; the vector score gets 1 − textShare. */
  textShare: number;
  /** Share of the neighbours' mean BM25 added to a statement's own. */
  neighbourWeight: number;
}

/** Results near an already ranked one (same contribution, at most `window` statements away) lose `penalty` of their score. */
export interface SpreadSettings {
  window: number;
  penalty: number;
}

export interface RankSettings extends FusionSettings {
  spread: SpreadSettings;
  /** How much more a statement by a speaker the query names scores (0.5: ×1.5), see named-speakers.ts. */
  speakerBoost: number;
}

export interface Seat {
  contributionId: string;
  seq: number;
  speaker: string | null;
}

export interface Fused {
  id: string;
  score: number;
  /** Whether the full-text side found it (a vector-only hit gets a different snippet). */
  textMatch: boolean;
}

/**
 * Statements are often a few words ("Yeah, the teletext one."), so one that sits in a passage
 * about the query (its neighbours in the same contribution match too) gains a share of their
 * mean BM25. Neighbours outside the candidates count as 0.
 */
export function withNeighbours(text: TextCandidate[], weight: number): Map<string, number> {
  const bySeat = new Map(text.map((t) => [`${t.contributionId}:${t.seq}`, t.bm25]));
  const seat = (t: TextCandidate, d: number) => bySeat.get(`${t.contributionId}:${t.seq + d}`) ?? 0;
  return new Map(text.map((t) => [t.id, t.bm25 + (weight * (seat(t, -1) + seat(t, 1))) / 2]));
}

/**
 * Fuses full-text candidates (BM25) and cosine similarities (of vector candidates, and of text
 * candidates where known) into one score in [0, 1], best first. The text score is scaled by the
 * best one (BM25's floor is 0), the similarity min-max over the candidates.
 */
export function fuse(text: TextCandidate[], similarity: Map<string, number>, s: FusionSettings): Fused[] {
  const textScore = withNeighbours(text, s.neighbourWeight);
  const maxText = Math.max(0, ...textScore.values());
  const sims = [...similarity.values()];
  const [minSim, maxSim] = [Math.min(...sims), Math.max(...sims)];
  const ids = new Set([...textScore.keys(), ...similarity.keys()]);
  const textPart = (id: string) => (maxText > 0 ? (textScore.get(id) ?? 0) / maxText : 0);
  const vectorPart = (id: string) => {
    const v = similarity.get(id);
    if (v === undefined) return 0;
    return maxSim > minSim ? (v - minSim) / (maxSim - minSim) : 1;
  };
  // With one side empty (text-only or vector-only mode, or no match), the other is the whole score.
  const share = similarity.size === 0 ? 1 : textScore.size === 0 ? 0 : s.textShare;
  return [...ids]
    .map((id) => ({ id, score: share * textPart(id) + (1 - share) * vectorPart(id), textMatch: textScore.has(id) }))
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
}

/**
 * Statements by a speaker the query names gain `boost` of their score; the scores are then scaled
 * so the best is at most 1 again. A soft preference, not a filter: what the named person said
 * about the topic comes first, what others said about it still follows.
 */
export function boostSpeakers(ranked: Fused[], seats: Map<string, Seat>, named: Set<string>, boost: number): Fused[] {
  if (boost <= 0 || named.size === 0) return ranked;
  const boosted = ranked.map((r) => {
    const speaker = seats.get(r.id)?.speaker;
    return speaker && named.has(speaker) ? { ...r, score: r.score * (1 + boost) } : r;
  });
  const best = Math.max(1, ...boosted.map((r) => r.score));
  return boosted.map((r) => ({ ...r, score: r.score / best })).sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
}

/** Drops what scores below `floor` × the best score (0 keeps everything). */
export function aboveFloor<T extends { score: number }>(ranked: T[], floor: number): T[] {
  if (ranked.length === 0 || floor <= 0) return ranked;
  const cut = floor * ranked[0].score;
  return ranked.filter((r) => r.score >= cut && r.score > 0);
}

/**
 * Spreads the ranking over the library: ten adjacent lines of one passage say one thing, and
 * push out the other passages that might be the one asked about. Greedily, each next result is
 * the best once a result within `window` statements of one already taken loses `penalty` of its
 * score (a penalty of 0 keeps the order). Scores stay as fused; only the order changes.
 */
export function spread(ranked: Fused[], seats: Map<string, Seat>, s: SpreadSettings): Fused[] {
  if (s.penalty <= 0 || s.window <= 0 || ranked.length < 3) return ranked;
  const taken: Seat[] = [];
  const near = (id: string) => {
    const seat = seats.get(id);
    return !!seat && taken.some((t) => t.contributionId === seat.contributionId && Math.abs(t.seq - seat.seq) <= s.window);
  };
  const left = [...ranked];
  const out: Fused[] = [];
  while (left.length > 0) {
    let best = 0;
    let bestScore = -Infinity;
    for (const [i, r] of left.entries()) {
      const score = near(r.id) ? r.score * (1 - s.penalty) : r.score;
      if (score > bestScore) [best, bestScore] = [i, score];
    }
    const [next] = left.splice(best, 1);
    out.push(next);
    const seat = seats.get(next.id);
    if (seat) taken.push(seat);
  }
  return out;
}
