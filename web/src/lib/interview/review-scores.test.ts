import { describe, expect, it } from 'vitest';
import { anchorOf, criterionScope, draftFrom, missingCriteria, percent, scaleValues, scoresToSave } from './review-scores';
import type { Criterion } from '@colloquy/contract';

const criterion = (id: string, scaleMin = 1, scaleMax = 5, questionId: string | null = null): Criterion => ({
  id,
  questionId,
  position: 1,
  name: id,
  description: '',
  scaleMin,
  scaleMax,
  anchors: { weak: 'w', average: 'a', strong: 's' },
});

describe('scoring', () => {
  it('lists a scale and places the anchors at its bottom, middle and top', () => {
    const c = criterion('c', 1, 5);
    expect(scaleValues(c)).toEqual([1, 2, 3, 4, 5]);
    expect(scaleValues(c).map((v) => anchorOf(c, v))).toEqual(['weak', null, 'average', null, 'strong']);
    const four = criterion('d', 1, 4);
    expect(scaleValues(four).map((v) => anchorOf(four, v))).toEqual(['weak', 'average', null, 'strong']);
  });

  it('saves only scored criteria and knows what is missing before submitting', () => {
    const criteria = [criterion('a'), criterion('b')];
    const draft = draftFrom(criteria, [{ criterionId: 'a', value: 4, comment: 'Clear' }]);
    expect(draft.b).toEqual({ value: null, comment: '' });
    draft.b.comment = '  kept locally until scored ';
    expect(scoresToSave(criteria, draft)).toEqual([{ criterionId: 'a', value: 4, comment: 'Clear' }]);
    expect(missingCriteria(criteria, draft).map((c) => c.id)).toEqual(['b']);
    draft.b.value = 2;
    expect(missingCriteria(criteria, draft)).toEqual([]);
    expect(scoresToSave(criteria, draft)[1]).toEqual({ criterionId: 'b', value: 2, comment: 'kept locally until scored' });
  });

  it('says where a criterion applies and reads a mean as a percentage', () => {
    const questions = [{ id: 'q2' }, { id: 'q3' }];
    expect(criterionScope(criterion('a'), questions)).toBe('Whole interview');
    expect(criterionScope(criterion('a', 1, 5, 'q3'), questions)).toBe('Question 2');
    expect(percent(0.666)).toBe('67%');
  });
});
