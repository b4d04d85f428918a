/**
 * The interview builder's form model, kept pure: questions and criteria as the host edits them
 * (with local keys, since they have no ids yet), turned into the API's input. The practice
 * question is held apart so it is always first; criteria point at a question by its key and
 * become a 1-based position (practice included) when sent.
 */
import type { CreateInterviewBody, CriterionAnchors, CriterionInput, QuestionInput, QuestionSet } from '@colloquy/contract';

export interface DraftQuestion {
  key: string;
  prompt: string;
  thinkTimeS: number;
  timeLimitS: number;
  retakes: number;
}

export interface DraftCriterion {
  key: string;
  name: string;
  description: string;
  /** The key of the question it applies to; null = the whole interview. */
  questionKey: string | null;
  scaleMin: number;
  scaleMax: number;
  anchors: CriterionAnchors;
}

export interface DraftSettings {
  title: string;
  description: string;
  timeline: string;
  aiSummaries: boolean;
  retentionDays: number;
  contactEmail: string;
}

export interface BuilderDraft {
  /** The practice question, or null for none. */
  practice: DraftQuestion | null;
  questions: DraftQuestion[];
  criteria: DraftCriterion[];
  settings: DraftSettings;
}

let counter = 0;
/** A key for a new row, unique in this page. */
export const newKey = (prefix: string) => `${prefix}-${++counter}`;

export const DEFAULTS = { thinkTimeS: 30, timeLimitS: 120, retakes: 1, scaleMin: 1, scaleMax: 5, retentionDays: 90 } as const;

export const newQuestion = (prompt = ''): DraftQuestion => ({
  key: newKey('q'),
  prompt,
  thinkTimeS: DEFAULTS.thinkTimeS,
  timeLimitS: DEFAULTS.timeLimitS,
  retakes: DEFAULTS.retakes,
});

export const newCriterion = (): DraftCriterion => ({
  key: newKey('c'),
  name: '',
  description: '',
  questionKey: null,
  scaleMin: DEFAULTS.scaleMin,
  scaleMax: DEFAULTS.scaleMax,
  anchors: { weak: '', average: '', strong: '' },
});

/** Moves the item at `index` by `by` places (±1), staying within the list; a new array. */
export function move<T>(list: T[], index: number, by: number): T[] {
  const to = index + by;
  if (index < 0 || index >= list.length || to < 0 || to >= list.length) return list;
  const next = [...list];
  const [item] = next.splice(index, 1);
  next.splice(to, 0, item);
  return next;
}

/** A template's questions as drafts: its practice question (the first one marked so) apart. */
export function fromTemplate(set: QuestionSet): Pick<BuilderDraft, 'practice' | 'questions'> {
  const sorted = [...set.questions].sort((a, b) => a.position - b.position);
  const toDraft = (q: QuestionSet['questions'][number]): DraftQuestion => ({
    key: newKey('q'),
    prompt: q.prompt,
    thinkTimeS: q.thinkTimeS,
    timeLimitS: q.timeLimitS,
    retakes: q.retakes,
  });
  const practice = sorted.find((q) => q.isPractice);
  return { practice: practice ? toDraft(practice) : null, questions: sorted.filter((q) => !q.isPractice).map(toDraft) };
}

/** The questions in the order sent: the practice question first. */
export function questionInputs(draft: Pick<BuilderDraft, 'practice' | 'questions'>): QuestionInput[] {
  const input = (q: DraftQuestion, isPractice: boolean): QuestionInput => ({
    prompt: q.prompt.trim(),
    thinkTimeS: q.thinkTimeS,
    timeLimitS: q.timeLimitS,
    retakes: q.retakes,
    isPractice,
  });
  return [...(draft.practice ? [input(draft.practice, true)] : []), ...draft.questions.map((q) => input(q, false))];
}

/** A criterion's question as the API wants it: the 1-based position in the sent list (practice included). */
export function questionPosition(draft: Pick<BuilderDraft, 'practice' | 'questions'>, key: string | null): number | null {
  if (key === null) return null;
  const i = draft.questions.findIndex((q) => q.key === key);
  return i < 0 ? null : i + 1 + (draft.practice ? 1 : 0);
}

export function criterionInputs(draft: BuilderDraft): CriterionInput[] {
  return draft.criteria.map((c) => ({
    name: c.name.trim(),
    description: c.description.trim(),
    question: questionPosition(draft, c.questionKey),
    scaleMin: c.scaleMin,
    scaleMax: c.scaleMax,
    anchors: { weak: c.anchors.weak.trim(), average: c.anchors.average.trim(), strong: c.anchors.strong.trim() },
  }));
}

/** What still keeps the draft from being created, in words; empty when it can be. */
export function draftProblems(draft: BuilderDraft): string[] {
  const problems: string[] = [];
  if (!draft.settings.title.trim()) problems.push('Give the opening a title.');
  if (draft.questions.length === 0) problems.push('Add at least one question.');
  if (draft.practice && !draft.practice.prompt.trim()) problems.push('Write the practice question, or remove it.');
  draft.questions.forEach((q, i) => {
    if (!q.prompt.trim()) problems.push(`Question ${i + 1} has no prompt.`);
  });
  if (draft.criteria.length === 0) problems.push('Add at least one rubric criterion.');
  draft.criteria.forEach((c, i) => {
    const label = c.name.trim() ? `“${c.name.trim()}”` : `Criterion ${i + 1}`;
    if (!c.name.trim()) problems.push(`Criterion ${i + 1} has no name.`);
    if (!(c.scaleMax > c.scaleMin)) problems.push(`${label}: the top of the scale must be above the bottom.`);
    if (c.questionKey !== null && !draft.questions.some((q) => q.key === c.questionKey))
      problems.push(`${label} applies to a question that was removed.`);
  });
  return problems;
}

/** The API's input to create the opening (the questions are always sent, so edits to a template's questions count). */
export function interviewInput(draft: BuilderDraft): CreateInterviewBody {
  const s = draft.settings;
  return {
    title: s.title.trim(),
    description: s.description.trim() || undefined,
    questions: questionInputs(draft),
    criteria: criterionInputs(draft),
    timeline: s.timeline.trim() || undefined,
    aiSummaries: s.aiSummaries,
    retentionDays: s.retentionDays,
    contactEmail: s.contactEmail.trim() || undefined,
  };
}
