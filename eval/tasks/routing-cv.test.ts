import { describe, expect, it } from 'vitest';
import type { CandidateEvidence } from '../../services/src/routing/score.ts';
import { crossValidate, FOLDS, foldsOf } from './routing-cv.ts';
import type { PreparedItem } from './routing.ts';

const person = (id: string, over: Partial<CandidateEvidence> = {}): CandidateEvidence => ({
  kind: 'member',
  id,
  name: id,
  statements: [],
  statementCount: 0,
  tags: [],
  ...over,
});
const item = (group: string, gold: string, candidates: CandidateEvidence[]): PreparedItem => ({
  group,
  gold,
  candidates,
  previous: null,
  query: { tags: [] },
});

describe('routing cross-validation', () => {
  it('keeps a whole AMI series (or meeting) in one fold', () => {
    const items = ['ES2006a', 'ES2006b', 'ES2009a', 'IS1006c', 'ES2006d'].map((g) => item(g, 'x', []));
    expect(foldsOf(items, 'series')).toEqual([0, 0, 1, 2, 0]);
    expect(foldsOf(items, 'meeting')).toEqual([0, 1, 2, 3, 4]);
    const hashed = foldsOf(items, 'hash');
    expect(hashed.every((f) => f >= 0 && f < FOLDS)).toBe(true);
    expect(foldsOf(items, 'hash')).toEqual(hashed); // deterministic
  });

  it('chooses weights on the other folds and scores the held-out one: the floor wins where the holder answers', () => {
    // In every meeting the person who held the floor answers; the busiest person never does.
    const items = Array.from({ length: 10 }, (_, i) =>
      item(`M${i}a`, 'holder', [person('busy', { statementCount: 500 }), person('holder', { statementCount: 1, floorRank: 0 })]),
    );
    const cv = crossValidate([{ name: 'toy', items, k: 1, folds: foldsOf(items, 'meeting') }]);
    expect(cv.pooled.toy).toBe(1);
    expect(cv.best.floor).toBeGreaterThan(0);
    expect(cv.folds.every((f) => f.heldOut.toy === 1 || Number.isNaN(f.heldOut.toy))).toBe(true);
  });
});
