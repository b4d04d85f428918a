/**
 * The scoring form's rules, kept pure: the values of a scale, which anchor a value stands for,
 * what is still missing before a review can be submitted, and how aggregates read.
 */
import type { Criterion, CriterionAnchors, Id, Question, Score } from '@colloquy/contract';

/** Every value of a criterion's scale, lowest first. */
export function scaleValues(c: Pick<Criterion, 'scaleMin' | 'scaleMax'>): number[] {
  const values: number[] = [];
  for (let v = c.scaleMin; v <= c.scaleMax; v++) values.push(v);
  return values;
}

/** The value the "average" anchor sits at: the middle of the scale, rounded down. */
export const averageValue = (c: Pick<Criterion, 'scaleMin' | 'scaleMax'>) => Math.floor((c.scaleMin + c.scaleMax) / 2);

/** The anchor a value stands for: weak at the bottom, strong at the top, average in the middle (rounded down). */
export function anchorOf(c: Pick<Criterion, 'scaleMin' | 'scaleMax'>, value: number): keyof CriterionAnchors | null {
  if (value === c.scaleMin) return 'weak';
  if (value === c.scaleMax) return 'strong';
  if (value === averageValue(c)) return 'average';
  return null;
}

/** What the draft in the form looks like: a value (or none yet) and a comment per criterion. */
export type DraftScores = Record<Id, { value: number | null; comment: string }>;

export function draftFrom(criteria: Criterion[], scores: Score[]): DraftScores {
  const byId = new Map(scores.map((s) => [s.criterionId, s]));
  return Object.fromEntries(criteria.map((c) => [c.id, { value: byId.get(c.id)?.value ?? null, comment: byId.get(c.id)?.comment ?? '' }]));
}

/** The scores to save: only criteria with a value (a score has one); their comments go with them. */
export function scoresToSave(criteria: Criterion[], draft: DraftScores): Score[] {
  return criteria.flatMap((c) => {
    const d = draft[c.id];
    return d && d.value !== null ? [{ criterionId: c.id, value: d.value, comment: d.comment.trim() }] : [];
  });
}

/** The criteria without a value yet (submitting needs all of them). */
export function missingCriteria(criteria: Criterion[], draft: DraftScores): Criterion[] {
  return criteria.filter((c) => draft[c.id]?.value === null || draft[c.id]?.value === undefined);
}

/** Where a criterion applies, in words: "Whole interview" or "Question 2". */
export function criterionScope(c: Pick<Criterion, 'questionId'>, questions: Pick<Question, 'id'>[]): string {
  if (!c.questionId) return 'Whole interview';
  const i = questions.findIndex((q) => q.id === c.questionId);
  return i >= 0 ? `Question ${i + 1}` : 'One question';
}

/** An aggregate's mean (0..1) as a percentage of the scale. */
export const percent = (mean: number) => `${Math.round(mean * 100)}%`;

/** A criterion mean on its own scale, one decimal: "3.5". */
export const oneDecimal = (n: number) => (Math.round(n * 10) / 10).toFixed(1);
