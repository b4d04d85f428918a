import type { Config } from '../config.ts';
import { cosine } from '../core/vectors.ts';

/**
 * Ranking of statements for a feed or a digest (pure functions, no database):
 *
 *   score = (wRel · relevance + wReact · reactionStrength) / (wRel + wReact) × recencyDecay
 *
 * then a greedy maximal-marginal-relevance pass picks the page, trading score against similarity
 * to what is already picked, so near-duplicates and one long contribution do not fill it.
 */

export type RankingConfig = Config['ranking'];

export interface RankItem {
  id: string;
  contributionId: string;
  /** When it was said (its contribution's time): the age for recency decay. */
  createdAt: Date;
  /** 0..1, computed by the caller (query or reader interests). */
  relevance: number;
  /** Reaction counts by kind. */
  reactions: Record<string, number>;
  /** How many readers saw it (the author not counted). */
  viewers: number;
  embedding: number[] | null;
}

export interface Ranked {
  id: string;
  score: number;
  parts: { relevance: number; reactions: number; recency: number };
}

/** z for a 95% two-sided interval: the lower bound is what we are fairly sure of. */
const Z = 1.96;

/**
 * Two statements of the same contribution count as at least this similar in the MMR pass: one
 * long contribution's statements share a context even when their words differ.
 */
export const SAME_CONTRIBUTION_SIMILARITY = 0.8;

/** Wilson score interval's lower bound for `successes` out of `n` (fractional successes allowed). */
export function wilsonLowerBound(successes: number, n: number, z = Z): number {
  if (n <= 0 || successes <= 0) return 0;
  const p = Math.min(1, successes / n);
  const z2 = z * z;
  const centre = p + z2 / (2 * n);
  const margin = z * Math.sqrt((p * (1 - p) + z2 / (4 * n)) / n);
  return Math.max(0, (centre - margin) / (1 + z2 / n));
}

/**
 * How strongly readers endorsed a statement, 0..1: the Wilson lower bound of the weighted share of
 * its viewers who reacted. Each reaction counts its kind's weight relative to the heaviest kind (an
 * "important" is one full success, an "agree" 0.4 of one with the default weights); kinds without
 * a weight count nothing. A reaction implies a viewer, so the sample is at least the largest
 * count of one kind (one reaction of each kind per user). For the heaviest kind, 1 of 1 gives
 * ~0.21 and 40 of 50 ~0.67.
 */
export function reactionStrength(counts: Record<string, number>, viewers: number, weights: Record<string, number>): number {
  const top = Math.max(0, ...Object.values(weights));
  if (top === 0) return 0;
  let successes = 0;
  let most = 0;
  for (const [kind, n] of Object.entries(counts)) {
    if (!(n > 0)) continue;
    successes += ((Object.hasOwn(weights, kind) ? weights[kind] : 0) / top) * n; // not inherited keys such as "constructor"
    most = Math.max(most, n);
  }
  if (successes === 0) return 0;
  return wilsonLowerBound(successes, Math.max(viewers, most, 1));
}

/** 1 now, ½ after one half-life, and so on; the future counts as now. */
export function recencyDecay(ageMs: number, halfLifeDays: number): number {
  if (!(halfLifeDays > 0)) return 1;
  return 0.5 ** (Math.max(0, ageMs) / (halfLifeDays * 86_400_000));
}

export { cosine };

const clamp01 = (x: number) => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0);

/** The score of one item before diversification (also what a "recent" feed shows). */
export function scoreItem(item: Omit<RankItem, 'embedding'>, opts: { now: Date; ranking: RankingConfig }): Ranked {
  const { relevanceWeight, reactionWeight, reactionWeights, halfLifeDays } = opts.ranking;
  const relevance = clamp01(item.relevance);
  const reactions = reactionStrength(item.reactions, item.viewers, reactionWeights);
  const recency = recencyDecay(opts.now.getTime() - item.createdAt.getTime(), halfLifeDays);
  const total = relevanceWeight + reactionWeight;
  const blend = total > 0 ? (relevanceWeight * relevance + reactionWeight * reactions) / total : 1;
  return { id: item.id, score: blend * recency, parts: { relevance, reactions, recency } };
}

/** Similarity used by MMR: cosine of the embeddings (negatives as 0), raised for the same contribution. */
export function itemSimilarity(
  a: Pick<RankItem, 'contributionId' | 'embedding'>,
  b: Pick<RankItem, 'contributionId' | 'embedding'>,
): number {
  const sim = Math.max(0, cosine(a.embedding, b.embedding));
  return a.contributionId === b.contributionId ? Math.max(sim, SAME_CONTRIBUTION_SIMILARITY) : sim;
}

/**
 * Scores every item and picks up to `limit` by maximal marginal relevance: each step takes the
 * item maximising λ·score/maxScore − (1−λ)·(its highest similarity to an item already picked).
 * Scores are scaled by the best one so λ means the same for old and new conferences (recency
 * shrinks every score alike). Ties go to the higher score, then the newer item, then the id.
 */
export function rankStatements(items: RankItem[], opts: { now: Date; ranking: RankingConfig; limit: number }): Ranked[] {
  const limit = Math.max(0, Math.floor(opts.limit));
  if (items.length === 0 || limit === 0) return [];
  const lambda = clamp01(opts.ranking.mmrLambda);
  const scored = items.map((item) => ({ item, ranked: scoreItem(item, opts) }));
  scored.sort(
    (a, b) =>
      b.ranked.score - a.ranked.score ||
      b.item.createdAt.getTime() - a.item.createdAt.getTime() ||
      (a.item.id < b.item.id ? -1 : a.item.id > b.item.id ? 1 : 0),
  );
  const best = scored[0].ranked.score;
  const norm = (s: number) => (best > 0 ? s / best : 0);

  // Unit vectors once, so each similarity below is one dot product (itemSimilarity's cosine, cheaper).
  const remaining = scored.map((x) => ({ ...x, unit: unitVector(x.item.embedding) }));
  const similarity = (a: (typeof remaining)[number], b: (typeof remaining)[number]) => {
    const sim = a.unit && b.unit && a.unit.length === b.unit.length ? Math.max(0, dot(a.unit, b.unit)) : 0;
    return a.item.contributionId === b.item.contributionId ? Math.max(sim, SAME_CONTRIBUTION_SIMILARITY) : sim;
  };
  const picked: Ranked[] = [];
  // Highest similarity of each remaining candidate to anything picked so far (updated per pick).
  const maxSim = new Array<number>(remaining.length).fill(0);
  while (picked.length < limit && remaining.length > 0) {
    let at = 0;
    let gain = -Infinity;
    for (let i = 0; i < remaining.length; i++) {
      const g = lambda * norm(remaining[i].ranked.score) - (1 - lambda) * maxSim[i];
      if (g > gain) {
        gain = g;
        at = i; // strict ">" keeps the earlier (higher-scored) candidate on ties
      }
    }
    const [chosen] = remaining.splice(at, 1);
    maxSim.splice(at, 1);
    picked.push(chosen.ranked);
    for (let i = 0; i < remaining.length; i++) {
      maxSim[i] = Math.max(maxSim[i], similarity(chosen, remaining[i]));
    }
  }
  return picked;
}

function unitVector(v: number[] | null): Float64Array | null {
  if (!v || v.length === 0) return null;
  let norm = 0;
  for (const x of v) norm += x * x;
  if (norm === 0) return null;
  const scale = 1 / Math.sqrt(norm);
  return Float64Array.from(v, (x) => x * scale);
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}
