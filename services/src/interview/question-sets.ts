/**
 * Question sets: templates a space reuses, and each opening's own copy (so editing a template
 * never changes a running interview). Questions are validated here, once, with stable codes.
 */
import { QUESTION_LIMITS, type Question, type QuestionInput, type QuestionSet } from '@colloquy/contract';
import { AppError, badRequest, conflict, forbidden, notFound } from '../core/errors.ts';
import type { Queryable } from '../db/db.ts';
import { interviewsRepo } from '../db/repos/interviews.repo.ts';
import { invitationsRepo } from '../db/repos/invitations.repo.ts';
import { questionSetsRepo, type QuestionRow, type QuestionSetRow } from '../db/repos/question-sets.repo.ts';
import { spacesRepo, type Role } from '../db/repos/spaces.repo.ts';
import type { MediaStorage } from '../media/storage.ts';
import type { Services } from '../services.ts';

export const isHostRole = (role: Role | string) => role === 'owner' || role === 'host';

export type { QuestionRow };

export type CleanQuestion = Required<QuestionInput>;

const badQuestions = (message: string) => badRequest(message, 'E_BAD_QUESTIONS');

const inRange = (value: unknown, range: { min: number; max: number }) =>
  Number.isInteger(value) && (value as number) >= range.min && (value as number) <= range.max;

/** Defaults applied and every rule checked: 1..20 questions, at most one practice question and it comes first. */
export function cleanQuestions(input: unknown): CleanQuestion[] {
  const L = QUESTION_LIMITS;
  if (!Array.isArray(input) || input.length < L.questions.min || input.length > L.questions.max) {
    throw badQuestions(`give between ${L.questions.min} and ${L.questions.max} questions`);
  }
  const questions = input.map((raw: QuestionInput, i): CleanQuestion => {
    const n = i + 1;
    const prompt = typeof raw?.prompt === 'string' ? raw.prompt.trim() : '';
    if (!prompt) throw badQuestions(`question ${n} has no prompt`);
    if (prompt.length > L.promptChars) throw badQuestions(`question ${n}: the prompt is longer than ${L.promptChars} characters`);
    const q = {
      prompt,
      thinkTimeS: raw.thinkTimeS ?? 30,
      timeLimitS: raw.timeLimitS ?? 120,
      retakes: raw.retakes ?? 1,
      isPractice: raw.isPractice ?? false,
    };
    if (!inRange(q.thinkTimeS, L.thinkTimeS))
      throw badQuestions(`question ${n}: think time must be ${L.thinkTimeS.min}–${L.thinkTimeS.max} seconds`);
    if (!inRange(q.timeLimitS, L.timeLimitS))
      throw badQuestions(`question ${n}: the time limit must be ${L.timeLimitS.min}–${L.timeLimitS.max} seconds`);
    if (!inRange(q.retakes, L.retakes)) throw badQuestions(`question ${n}: retakes must be ${L.retakes.min}–${L.retakes.max}`);
    if (typeof q.isPractice !== 'boolean') throw badQuestions(`question ${n}: isPractice must be true or false`);
    return q;
  });
  const practice = questions.map((q, i) => (q.isPractice ? i : -1)).filter((i) => i >= 0);
  if (practice.length > 1) throw badQuestions('an interview has at most one practice question');
  if (practice.length === 1 && practice[0] !== 0) throw badQuestions('the practice question must come first');
  if (practice.length === questions.length) throw badQuestions('add at least one question besides the practice question');
  return questions;
}

export function cleanTitle(title: unknown): string {
  const clean = typeof title === 'string' ? title.trim() : '';
  if (!clean || clean.length > 300) throw badRequest('give a title of 1–300 characters', 'E_BAD_TITLE');
  return clean;
}

export const questionView = (q: QuestionRow): Question => ({
  id: q.id,
  position: q.position,
  prompt: q.prompt,
  thinkTimeS: q.think_time_s,
  timeLimitS: q.time_limit_s,
  retakes: q.retakes,
  isPractice: q.is_practice,
  hasPromptMedia: q.prompt_media_path !== null,
});

export const questionsOf = (q: Queryable, setId: string) => questionSetsRepo(q).questions(setId);

export async function questionSetView(q: Queryable, set: QuestionSetRow): Promise<QuestionSet> {
  return {
    id: set.id,
    spaceId: set.space_id,
    title: set.title,
    isTemplate: set.is_template,
    questions: (await questionsOf(q, set.id)).map(questionView),
  };
}

/** Removes the prompt videos of questions that are gone (after their rows are). */
export async function removePromptMedia(storage: MediaStorage, removed: Pick<QuestionRow, 'id' | 'prompt_media_path'>[]) {
  for (const r of removed) if (r.prompt_media_path) await storage.remove(r.id);
}

export async function createTemplate(
  s: Pick<Services, 'db'>,
  spaceId: string,
  userId: string,
  input: { title: unknown; questions: unknown },
) {
  const space = await spacesRepo(s.db).getForUser(spaceId, userId);
  if (!space) throw notFound('space');
  if (!isHostRole(space.role)) throw forbidden('only owners and hosts can create question sets');
  const title = cleanTitle(input.title);
  const questions = cleanQuestions(input.questions);
  return s.db.tx(async (q) => {
    const set = await questionSetsRepo(q).create({ spaceId, conferenceId: null, title, isTemplate: true, createdBy: userId });
    await questionSetsRepo(q).writeQuestions(set.id, questions);
    return questionSetView(q, set);
  });
}

export async function listTemplates(s: Pick<Services, 'db'>, spaceId: string, userId: string) {
  if (!(await spacesRepo(s.db).getForUser(spaceId, userId))) throw notFound('space');
  const sets = await questionSetsRepo(s.db).templatesOf(spaceId);
  return Promise.all(sets.map((set) => questionSetView(s.db, set)));
}

/** A question set and the caller's role in its space; non-members get 404. */
export async function questionSetForUser(q: Queryable, id: string, userId: string) {
  const found = await questionSetsRepo(q).forUser(id, userId);
  if (!found) throw notFound('question set');
  return found;
}

/** An opening's questions are fixed once a candidate has started: they would answer a different interview. */
export async function assertNotStarted(q: Queryable, conferenceId: string | null) {
  if (!conferenceId) return;
  if (await invitationsRepo(q).anyStarted(conferenceId))
    throw conflict('a candidate has started this interview: its questions can no longer change', 'E_INTERVIEW_STARTED');
}

/** Replaces a set's title and questions (hosts). Criteria on a question stay with its position. */
export async function replaceQuestionSet(
  s: Pick<Services, 'db' | 'storage'>,
  id: string,
  userId: string,
  input: { title: unknown; questions: unknown },
) {
  const set = await questionSetForUser(s.db, id, userId);
  if (!isHostRole(set.role)) throw forbidden('only owners and hosts can edit question sets');
  const title = cleanTitle(input.title);
  const questions = cleanQuestions(input.questions);
  const { view, removed } = await s.db.tx(async (q) => {
    // Locks the set so two edits (or an edit and a first take) cannot interleave.
    await questionSetsRepo(q).lock(id);
    await assertNotStarted(q, set.conference_id);
    const removed = await questionSetsRepo(q).writeQuestions(id, questions);
    if (set.conference_id) await assertCriteriaStillFit(q, set.conference_id);
    const updated = await questionSetsRepo(q).rename(id, title);
    return { view: await questionSetView(q, updated), removed };
  });
  await removePromptMedia(s.storage, removed);
  return view;
}

/** A rubric criterion may not end up on a practice question (those are never scored). */
async function assertCriteriaStillFit(q: Queryable, conferenceId: string) {
  if (await interviewsRepo(q).hasCriterionOnPractice(conferenceId))
    throw badQuestions('a rubric criterion is on this question: it cannot become the practice question');
}

/**
 * Gives an opening its own question set: `questions` as given, or a copy of a template of the
 * same space (prompt videos copied too). Returns the set and its questions in order.
 */
export async function createOpeningQuestionSet(
  q: Queryable,
  storage: MediaStorage,
  opening: { spaceId: string; conferenceId: string; title: string; createdBy: string },
  source: { templateId: string } | { questions: CleanQuestion[] },
  copiedFiles: string[],
): Promise<{ set: QuestionSetRow; questions: QuestionRow[] }> {
  let questions: CleanQuestion[];
  let templateQuestions: QuestionRow[] = [];
  if ('templateId' in source) {
    const template = await questionSetsRepo(q).template(source.templateId, opening.spaceId);
    if (!template) throw badRequest('templateId is not a question set template of this space', 'E_BAD_TEMPLATE');
    templateQuestions = await questionsOf(q, template.id);
    questions = templateQuestions.map((t) => ({
      prompt: t.prompt,
      thinkTimeS: t.think_time_s,
      timeLimitS: t.time_limit_s,
      retakes: t.retakes,
      isPractice: t.is_practice,
    }));
  } else {
    questions = source.questions;
  }
  const sets = questionSetsRepo(q);
  const set = await sets.create({
    spaceId: opening.spaceId,
    conferenceId: opening.conferenceId,
    title: opening.title,
    isTemplate: false,
    createdBy: opening.createdBy,
  });
  await sets.writeQuestions(set.id, questions);
  const rows = await questionsOf(q, set.id);
  for (const [i, t] of templateQuestions.entries()) {
    if (!t.prompt_media_path) continue;
    const copy = rows[i];
    const path = storage.relative(copy.id, 'original');
    await storage.copy(t.prompt_media_path, path);
    copiedFiles.push(copy.id);
    rows[i] = await sets.setPromptMedia(copy.id, path, t.prompt_mime);
  }
  return { set, questions: rows };
}

/** The question and the caller's role in its space; non-members get 404. */
export async function questionForUser(q: Queryable, questionId: string, userId: string) {
  const found = await questionSetsRepo(q).questionForUser(questionId, userId);
  if (!found) throw notFound('question');
  return found;
}

export const promptTooLong = (maxS: number) =>
  new AppError('E_PROMPT_TOO_LONG', `a prompt video may be at most ${Math.round(maxS / 60)} minutes long`, 422);
