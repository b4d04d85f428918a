/**
 * What the submitted reviews of one candidate add up to, and how candidates rank on the shortlist.
 * Pure functions: the callers load the rows and decide who may see the result (blind until done).
 */

export interface CriterionScale {
  id: string;
  scaleMin: number;
  scaleMax: number;
}

/** One reviewer's submitted scores (drafts never count). */
export interface SubmittedScores {
  scores: { criterionId: string; value: number }[];
}

export interface CriterionAggregate {
  criterionId: string;
  /** In the criterion's own scale (e.g. 3.5 on 1–5); null while nobody scored it. */
  mean: number | null;
  min: number | null;
  max: number | null;
  /** max − min */
  spread: number | null;
  /** How many reviews scored it. */
  n: number;
  /** The reviewers are far apart: the spread is at least half the scale's range. */
  disagreement: boolean;
}

export interface Aggregate {
  /** 0..1: each criterion's mean placed on its scale (min → 0, max → 1), averaged over the scored criteria. */
  mean: number;
  reviews: number;
  criteria: CriterionAggregate[];
  /** Some criterion shows disagreement. */
  disagreement: boolean;
}

/** Spread ≥ half the range counts as disagreement: 1 and 3 on 1–5, 0 and 5 on 0–10. */
export const isDisagreement = (spread: number, scale: CriterionScale) => spread >= (scale.scaleMax - scale.scaleMin) / 2;

export function aggregateCriterion(scale: CriterionScale, values: number[]): CriterionAggregate {
  if (values.length === 0) return { criterionId: scale.id, mean: null, min: null, max: null, spread: null, n: 0, disagreement: false };
  const min = Math.min(...values);
  const max = Math.max(...values);
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return { criterionId: scale.id, mean, min, max, spread: max - min, n: values.length, disagreement: isDisagreement(max - min, scale) };
}

/** Null when there is no submitted review (or no criterion anyone scored): there is nothing to show yet. */
export function aggregateReviews(criteria: CriterionScale[], reviews: SubmittedScores[]): Aggregate | null {
  if (reviews.length === 0) return null;
  const perCriterion = criteria.map((c) =>
    aggregateCriterion(
      c,
      reviews.flatMap((r) => r.scores.filter((s) => s.criterionId === c.id).map((s) => s.value)),
    ),
  );
  const normalised = perCriterion.flatMap((a, i) => {
    const { scaleMin, scaleMax } = criteria[i];
    return a.mean === null ? [] : [(a.mean - scaleMin) / (scaleMax - scaleMin)];
  });
  if (normalised.length === 0) return null;
  return {
    mean: normalised.reduce((a, b) => a + b, 0) / normalised.length,
    reviews: reviews.length,
    criteria: perCriterion,
    disagreement: perCriterion.some((a) => a.disagreement),
  };
}

// Means are sums of fractions like 1/3: compare them with a little room for rounding.
const sameMean = (a: Aggregate, b: Aggregate) => Math.abs(a.mean - b.mean) < 1e-9;

/**
 * Ranks by overall mean, best first; equal means share a rank (1, 2, 2, 4). Entries without an
 * aggregate (none submitted, or hidden from the caller) get no rank and do not push others down.
 */
export function rankByMean<T extends { aggregate: Aggregate | null }>(entries: T[]): (T & { rank: number | null })[] {
  const ranked = entries.filter((e) => e.aggregate !== null).sort((a, b) => b.aggregate!.mean - a.aggregate!.mean);
  const rankOf = new Map<T, number>();
  ranked.forEach((e, i) => {
    const previous = ranked[i - 1];
    rankOf.set(e, previous && sameMean(previous.aggregate!, e.aggregate!) ? rankOf.get(previous)! : i + 1);
  });
  return entries.map((e) => ({ ...e, rank: rankOf.get(e) ?? null }));
}
