import { describe, expect, it } from 'vitest';
import { draftProblems, fromTemplate, interviewInput, move, newCriterion, newQuestion, type BuilderDraft } from './builder-form';

function draft(): BuilderDraft {
  const q1 = newQuestion('A project you are proud of');
  const q2 = newQuestion('Explain an index');
  const ownership = {
    ...newCriterion(),
    name: 'Ownership',
    questionKey: q1.key,
    anchors: { weak: 'we', average: 'my part', strong: 'my decisions' },
  };
  const clarity = { ...newCriterion(), name: 'Clarity', anchors: { weak: 'jargon', average: 'abstract', strong: 'plain example' } };
  return {
    practice: newQuestion('What did you have for breakfast?'),
    questions: [q1, q2],
    criteria: [ownership, clarity],
    settings: {
      title: ' Backend engineer ',
      description: '',
      timeline: 'Two weeks',
      aiSummaries: true,
      retentionDays: 90,
      contactEmail: '',
    },
  };
}

describe('interview builder', () => {
  it('sends the practice question first and criteria with the position of their question', () => {
    const d = draft();
    const input = interviewInput(d);
    expect(input.title).toBe('Backend engineer');
    expect(input.questions!.map((q) => [q.prompt, q.isPractice])).toEqual([
      ['What did you have for breakfast?', true],
      ['A project you are proud of', false],
      ['Explain an index', false],
    ]);
    expect(input.criteria.map((c) => [c.name, c.question])).toEqual([
      ['Ownership', 2],
      ['Clarity', null],
    ]);
    expect(input.contactEmail).toBeUndefined();
    // Reordering moves the criterion with its question; without practice, positions shift down.
    d.questions = move(d.questions, 0, 1);
    d.practice = null;
    expect(interviewInput(d).criteria[0].question).toBe(2);
    d.questions = move(d.questions, 1, 1); // past the end: unchanged
    expect(interviewInput(d).criteria[0].question).toBe(2);
  });

  it('lists what keeps a draft from being created', () => {
    const d = draft();
    expect(draftProblems(d)).toEqual([]);
    d.questions = d.questions.slice(1); // the question "Ownership" applied to is gone
    d.criteria[1].scaleMax = 1;
    expect(draftProblems(d)).toEqual([
      '“Ownership” applies to a question that was removed.',
      '“Clarity”: the top of the scale must be above the bottom.',
    ]);
  });

  it('takes a template’s questions, its practice question apart', () => {
    const q = (position: number, prompt: string, isPractice = false) => ({
      id: `id${position}`,
      position,
      prompt,
      thinkTimeS: 10,
      timeLimitS: 60,
      retakes: 2,
      isPractice,
      hasPromptMedia: false,
    });
    const { practice, questions } = fromTemplate({
      id: 't',
      spaceId: 's',
      title: 'T',
      isTemplate: true,
      questions: [q(2, 'Second'), q(1, 'Warm up', true), q(3, 'Third')],
    });
    expect(practice?.prompt).toBe('Warm up');
    expect(questions.map((x) => [x.prompt, x.thinkTimeS, x.timeLimitS, x.retakes])).toEqual([
      ['Second', 10, 60, 2],
      ['Third', 10, 60, 2],
    ]);
  });
});
