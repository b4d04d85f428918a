/**
 * Meeting-level k-fold cross-validation of a few search settings: each fold's setting is the one
 * that scores best on the other folds' meetings, and is then scored on the fold's own, unseen
 * meetings. Settings are never chosen per query or per meeting.
 */
import { mean } from './metrics.ts';

export interface QueryScore {
  meeting: string;
  hit10: number;
  mrr10: number;
}

export interface FoldResult<S> {
  fold: number;
  meetings: number;
  queries: number;
  chosen: S;
  /** The chosen setting on the fold's own meetings. */
  held: { hit10: number; mrr10: number };
}

/** Meetings dealt round-robin into k folds, in sorted id order (deterministic). */
export function foldsOf(meetings: string[], k: number): string[][] {
  const folds: string[][] = Array.from({ length: k }, () => []);
  for (const [i, m] of [...meetings].sort().entries()) folds[i % k].push(m);
  return folds;
}

/** Hit@10 + MRR@10 over the queries of the given meetings: the quantity each fold maximises. */
const objective = (scores: QueryScore[], meetings: Set<string>) => {
  const inside = scores.filter((s) => meetings.has(s.meeting));
  return mean(inside.map((s) => s.hit10)) + mean(inside.map((s) => s.mrr10));
};

export function crossValidate<S>(settings: S[], scoresOf: (s: S) => QueryScore[], folds: string[][]) {
  const all = settings.map((s) => ({ setting: s, scores: scoresOf(s) }));
  const results: FoldResult<S>[] = [];
  const heldOut: QueryScore[] = [];
  for (const [f, fold] of folds.entries()) {
    const test = new Set(fold);
    const train = new Set(folds.flatMap((other, g) => (g === f ? [] : other)));
    let best = all[0];
    for (const candidate of all) if (objective(candidate.scores, train) > objective(best.scores, train) + 1e-12) best = candidate;
    const held = best.scores.filter((s) => test.has(s.meeting));
    heldOut.push(...held);
    results.push({
      fold: f + 1,
      meetings: fold.length,
      queries: held.length,
      chosen: best.setting,
      held: { hit10: mean(held.map((s) => s.hit10)), mrr10: mean(held.map((s) => s.mrr10)) },
    });
  }
  return { folds: results, pooled: { hit10: mean(heldOut.map((s) => s.hit10)), mrr10: mean(heldOut.map((s) => s.mrr10)) } };
}
