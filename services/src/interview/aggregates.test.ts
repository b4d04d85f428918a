import { describe, expect, it } from 'vitest';
import { aggregateCriterion, aggregateReviews, rankByMean, type Aggregate } from './aggregates.ts';

const clarity = { id: 'clarity', scaleMin: 1, scaleMax: 5 };
const depth = { id: 'depth', scaleMin: 0, scaleMax: 10 };
const review = (c: number, d: number) => ({
  scores: [
    { criterionId: 'clarity', value: c },
    { criterionId: 'depth', value: d },
  ],
});

describe('aggregateCriterion', () => {
  it('gives mean, min, max, spread and n', () => {
    expect(aggregateCriterion(clarity, [2, 4, 3])).toEqual({
      criterionId: 'clarity',
      mean: 3,
      min: 2,
      max: 4,
      spread: 2,
      n: 3,
      disagreement: true,
    });
  });

  it('flags disagreement from half the scale range on', () => {
    expect(aggregateCriterion(clarity, [1, 2]).disagreement).toBe(false); // spread 1 < 2
    expect(aggregateCriterion(clarity, [1, 3]).disagreement).toBe(true); // spread 2 = half of 1–5
    expect(aggregateCriterion(depth, [3, 7]).disagreement).toBe(false); // spread 4 < 5
    expect(aggregateCriterion(depth, [2, 7]).disagreement).toBe(true);
  });

  it('has nothing to say about a criterion nobody scored', () => {
    expect(aggregateCriterion(clarity, [])).toMatchObject({ mean: null, spread: null, n: 0, disagreement: false });
  });
});

describe('aggregateReviews', () => {
  it('is null without a submitted review', () => {
    expect(aggregateReviews([clarity, depth], [])).toBeNull();
  });

  it('normalises each criterion to its scale before averaging', () => {
    // clarity 5 on 1–5 → 1; depth 5 on 0–10 → 0.5
    const a = aggregateReviews([clarity, depth], [review(5, 5)])!;
    expect(a.mean).toBeCloseTo(0.75);
    expect(a.reviews).toBe(1);
    expect(a.disagreement).toBe(false);
  });

  it('averages over reviewers and flags any criterion they disagree on', () => {
    const a = aggregateReviews([clarity, depth], [review(2, 8), review(4, 9), review(3, 10)])!;
    expect(a.criteria.find((c) => c.criterionId === 'clarity')).toMatchObject({
      mean: 3,
      min: 2,
      max: 4,
      spread: 2,
      n: 3,
      disagreement: true,
    });
    expect(a.criteria.find((c) => c.criterionId === 'depth')).toMatchObject({ mean: 9, spread: 2, disagreement: false });
    expect(a.mean).toBeCloseTo((0.5 + 0.9) / 2);
    expect(a.disagreement).toBe(true);
  });

  it('leaves a criterion added after the reviews out of the mean', () => {
    const a = aggregateReviews([clarity, depth], [{ scores: [{ criterionId: 'clarity', value: 4 }] }])!;
    expect(a.mean).toBeCloseTo(0.75);
    expect(a.criteria[1]).toMatchObject({ criterionId: 'depth', n: 0, mean: null });
  });
});

describe('rankByMean', () => {
  const agg = (mean: number) => ({ mean, reviews: 1, criteria: [], disagreement: false }) as Aggregate;

  it('ranks the best mean first, ties share a rank, hidden ones get none', () => {
    const ranked = rankByMean([
      { id: 'a', aggregate: agg(0.5) },
      { id: 'b', aggregate: null },
      { id: 'c', aggregate: agg(0.9) },
      { id: 'd', aggregate: agg(0.5) },
      { id: 'e', aggregate: agg(0.1) },
    ]);
    expect(Object.fromEntries(ranked.map((e) => [e.id, e.rank]))).toEqual({ a: 2, b: null, c: 1, d: 2, e: 4 });
    expect(ranked.map((e) => e.id)).toEqual(['a', 'b', 'c', 'd', 'e']); // order is the caller's
  });

  it('treats means equal up to rounding as a tie', () => {
    const ranked = rankByMean([{ aggregate: agg(0.1 + 0.2) }, { aggregate: agg(0.3) }]);
    expect(ranked.map((e) => e.rank)).toEqual([1, 1]);
  });
});
