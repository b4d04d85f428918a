/**
 * Cross-validation of the routing weights (`npm run eval -- routing`): the few weights the
 * suggestions' scorer combines (reply, floor, exchange, similarity, activity, tag) are chosen on a
 * small grid by the mean of the three targets (AMI Hit@1, ICSI Hit@1, Stack Exchange Hit@10) on
 * four folds and measured on the fifth. A fold holds whole meetings (AMI: one series of four
 * meetings with the same people; ICSI: every fifth meeting) and a fifth of the Stack Exchange
 * questions, so no meeting is ever both tuned on and measured.
 *
 * The weights in DEFAULT_SCORING are the grid point with the best fold-averaged training score;
 * the table prints what each fold chose and scored on its held-out part.
 */
import { createHash } from 'node:crypto';
import {
  byScore,
  DEFAULT_SCORING,
  scoreCandidates,
  weighted,
  type ScoredCandidate,
  type ScoringOptions,
} from '../../services/src/routing/score.ts';
import { mean } from '../lib/metrics.ts';
import type { PreparedItem } from './routing.ts';

export const FOLDS = 5;

type Weights = ScoringOptions['weights'];
type Tuned = Pick<Weights, 'reply' | 'floor' | 'exchange' | 'similarity' | 'activity' | 'tag'>;

const GRID: { [K in keyof Tuned]: number[] } = {
  reply: [0.5, 1, 2],
  floor: [1, 2, 4],
  exchange: [0, 1, 2],
  similarity: [0, 0.25, 0.5, 1, 2, 4],
  activity: [0.25, 0.5, 1],
  tag: [0, 0.3],
};

export interface Dataset {
  name: string;
  items: PreparedItem[];
  /** Hit@k that counts for this dataset's target (meetings 1, Stack Exchange 10). */
  k: number;
  /** Fold of each item. */
  folds: number[];
}

/** AMI: a series (ES2006a–d) is one fold, in order of first appearance; others: the group's hash. */
export function foldsOf(items: PreparedItem[], by: 'series' | 'meeting' | 'hash'): number[] {
  const keys = items.map((i) => (by === 'series' ? i.group.replace(/[a-z]$/, '') : i.group));
  if (by === 'hash') return keys.map((k) => createHash('sha1').update(k).digest()[0] % FOLDS);
  const order = [...new Set(keys)];
  return keys.map((k) => order.indexOf(k) % FOLDS);
}

function grid(): Tuned[] {
  let points: Partial<Tuned>[] = [{}];
  for (const [key, values] of Object.entries(GRID) as [keyof Tuned, number[]][])
    points = points.flatMap((p) => values.map((v) => ({ ...p, [key]: v })));
  return points as Tuned[];
}

/** 1 when the gold person is in the first k under these weights, per item (candidates scored once, re-weighed). */
function hits(scored: { gold: string; candidates: ScoredCandidate[] }[], w: Tuned, k: number): number[] {
  const weights = { ...DEFAULT_SCORING.weights, ...w };
  return scored.map(({ gold, candidates }) => {
    const g = candidates.find((c) => c.id === gold);
    if (!g) return 0;
    const mine = { ...g, score: weighted(g.parts, weights) };
    let ahead = 0;
    for (const c of candidates) if (c !== g && byScore({ ...c, score: weighted(c.parts, weights) }, mine) < 0 && ++ahead >= k) return 0;
    return 1;
  });
}

export interface FoldResult {
  fold: number;
  chosen: Tuned;
  /** Held-out score per dataset. */
  heldOut: Record<string, number>;
}

export interface CrossValidation {
  folds: FoldResult[];
  /** Held-out hits pooled over the folds, per dataset. */
  pooled: Record<string, number>;
  /** The grid point with the best fold-averaged training score, and that score per dataset. */
  best: Tuned;
  bestScores: Record<string, number>;
}

export function crossValidate(datasets: Dataset[]): CrossValidation {
  const points = grid();
  // hits[p][d][i]: computed once, every fold reuses them.
  const scored = datasets.map((d) => d.items.map((i) => ({ gold: i.gold, candidates: scoreCandidates(i.query, i.candidates) })));
  const table = points.map((w) => datasets.map((d, di) => hits(scored[di], w, d.k)));
  const scoreOn = (p: number, keep: (fold: number) => boolean) =>
    mean(datasets.map((d, di) => mean(table[p][di].filter((_, i) => keep(d.folds[i])))));
  const argmax = (f: (p: number) => number) => points.reduce((best, _, p) => (f(p) > f(best) ? p : best), 0);

  const folds: FoldResult[] = [];
  const pooledHits: number[][] = datasets.map(() => []);
  for (let fold = 0; fold < FOLDS; fold++) {
    const chosen = argmax((p) => scoreOn(p, (f) => f !== fold));
    const heldOut: Record<string, number> = {};
    datasets.forEach((d, di) => {
      const held = table[chosen][di].filter((_, i) => d.folds[i] === fold);
      heldOut[d.name] = mean(held);
      pooledHits[di].push(...held);
    });
    folds.push({ fold, chosen: points[chosen], heldOut });
  }
  const best = argmax((p) => mean(Array.from({ length: FOLDS }, (_, fold) => scoreOn(p, (f) => f !== fold))));
  return {
    folds,
    pooled: Object.fromEntries(datasets.map((d, di) => [d.name, mean(pooledHits[di])])),
    best: points[best],
    bestScores: Object.fromEntries(datasets.map((d, di) => [d.name, mean(table[best][di])])),
  };
}

export const describeWeights = (w: Partial<Weights>) =>
  Object.entries(w)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
