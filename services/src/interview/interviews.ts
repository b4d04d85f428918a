/**
 * Openings: a conference of kind 'interview', its settings (interviews row), its own copy of the
 * questions and its rubric. Hosts build them; every member of the space may read them; anyone
 * else gets 404, as for conferences.
 */
import type { CreateInterviewBody, Criterion, CriterionInput, Interview, UpdateInterviewBody } from '@colloquy/contract';
import { badRequest, forbidden, notFound } from '../core/errors.ts';
import type { Queryable } from '../db/db.ts';
import { interviewsRepo, type CriterionRow, type OpeningRow } from '../db/repos/interviews.repo.ts';
import { spacesRepo } from '../db/repos/spaces.repo.ts';
import type { Services } from '../services.ts';
import { DEFAULT_ENDING_TEXT } from './timeline-mail.ts';
import {
  cleanQuestions,
  cleanTitle,
  createOpeningQuestionSet,
  isHostRole,
  questionsOf,
  questionView,
  type QuestionRow,
} from './question-sets.ts';

export type { CriterionRow };

export const CRITERIA_LIMITS = { count: { min: 1, max: 20 }, nameChars: 200, textChars: 2000, scale: { min: 0, max: 10 } } as const;
export const SETTINGS_LIMITS = {
  timelineChars: 5000,
  descriptionChars: 10000,
  endingChars: 5000,
  retentionDays: { min: 1, max: 3650 },
} as const;

const badCriteria = (message: string) => badRequest(message, 'E_BAD_CRITERIA');
const badSettings = (message: string) => badRequest(message, 'E_BAD_SETTINGS');

/** The opening for a member of its space; 404 for everyone else and for conferences that are not interviews. */
export async function openingForUser(q: Queryable, conferenceId: string, userId: string): Promise<OpeningRow> {
  return (await interviewsRepo(q).openingForUser(conferenceId, userId)) ?? Promise.reject(notFound('interview'));
}

/** As openingForUser, and the caller must be an owner or host of the space (403 for other members). */
export async function openingForHost(
  q: Queryable,
  conferenceId: string,
  userId: string,
  doing = 'change this interview',
): Promise<OpeningRow> {
  const opening = await openingForUser(q, conferenceId, userId);
  if (!isHostRole(opening.role)) throw forbidden(`only owners and hosts can ${doing}`);
  return opening;
}

export const criteriaOf = (q: Queryable, conferenceId: string) => interviewsRepo(q).criteria(conferenceId);

export const criterionView = (c: CriterionRow): Criterion => ({
  id: c.id,
  questionId: c.question_id,
  position: c.position,
  name: c.name,
  description: c.description,
  scaleMin: c.scale_min,
  scaleMax: c.scale_max,
  anchors: { weak: c.anchor_weak, average: c.anchor_average, strong: c.anchor_strong },
});

export async function interviewView(q: Queryable, o: OpeningRow): Promise<Interview> {
  return {
    conferenceId: o.conference_id,
    spaceId: o.space_id,
    title: o.title,
    description: o.description,
    timeline: o.timeline,
    aiSummaries: o.ai_summaries,
    retentionDays: o.retention_days,
    contactEmail: o.contact_email,
    endingText: o.ending_text ?? DEFAULT_ENDING_TEXT,
    questionSetId: o.question_set_id,
    questions: (await questionsOf(q, o.question_set_id)).map(questionView),
    criteria: (await criteriaOf(q, o.conference_id)).map(criterionView),
    role: o.role,
  };
}

const text = (v: unknown, max: number, what: string, fail: (m: string) => Error): string => {
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') throw fail(`${what} must be text`);
  const t = v.trim();
  if (t.length > max) throw fail(`${what} is longer than ${max} characters`);
  return t;
};

/** Criteria checked against the opening's questions: a criterion on a question names its position (never the practice question). */
export function cleanCriteria(input: unknown, questions: Pick<QuestionRow, 'id' | 'is_practice'>[]) {
  const L = CRITERIA_LIMITS;
  if (!Array.isArray(input) || input.length < L.count.min || input.length > L.count.max) {
    throw badCriteria(`give between ${L.count.min} and ${L.count.max} rubric criteria`);
  }
  return input.map((raw: Partial<CriterionInput>, i) => {
    const n = i + 1;
    const name = text(raw?.name, L.nameChars, `criterion ${n}: the name`, badCriteria);
    if (!name) throw badCriteria(`criterion ${n} has no name`);
    const scaleMin = raw.scaleMin ?? 1;
    const scaleMax = raw.scaleMax ?? 5;
    const onScale = (v: unknown) => Number.isInteger(v) && (v as number) >= L.scale.min && (v as number) <= L.scale.max;
    if (!onScale(scaleMin) || !onScale(scaleMax) || scaleMax <= scaleMin) {
      throw badCriteria(
        `criterion ${n}: the scale must be whole numbers from ${L.scale.min} to ${L.scale.max}, its maximum above its minimum`,
      );
    }
    const anchors = raw.anchors;
    if (!anchors || typeof anchors !== 'object') throw badCriteria(`criterion ${n} needs anchors {weak, average, strong}`);
    let questionId: string | null = null;
    if (raw.question !== undefined && raw.question !== null) {
      const question = Number.isInteger(raw.question) ? questions[raw.question - 1] : undefined;
      if (!question) throw badCriteria(`criterion ${n}: question ${raw.question} is not in the list (1–${questions.length})`);
      if (question.is_practice) throw badCriteria(`criterion ${n}: the practice question is never scored`);
      questionId = question.id;
    }
    return {
      name,
      description: text(raw.description, L.textChars, `criterion ${n}: the description`, badCriteria),
      questionId,
      scaleMin,
      scaleMax,
      weak: text(anchors.weak, L.textChars, `criterion ${n}: the weak anchor`, badCriteria),
      average: text(anchors.average, L.textChars, `criterion ${n}: the average anchor`, badCriteria),
      strong: text(anchors.strong, L.textChars, `criterion ${n}: the strong anchor`, badCriteria),
    };
  });
}

/** A plausible address (one @, no spaces, a dot in the domain); '' or null clears it. */
export const looksLikeEmail = (v: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v) && v.length <= 254;

function cleanSettings(p: UpdateInterviewBody) {
  const out: {
    timeline?: string;
    ai_summaries?: boolean;
    retention_days?: number;
    contact_email?: string | null;
    ending_text?: string | null;
  } = {};
  if (p.timeline !== undefined) out.timeline = text(p.timeline, SETTINGS_LIMITS.timelineChars, 'the timeline', badSettings);
  if (p.aiSummaries !== undefined) {
    if (typeof p.aiSummaries !== 'boolean') throw badSettings('aiSummaries must be true or false');
    out.ai_summaries = p.aiSummaries;
  }
  if (p.retentionDays !== undefined) {
    const { min, max } = SETTINGS_LIMITS.retentionDays;
    if (!Number.isInteger(p.retentionDays) || p.retentionDays < min || p.retentionDays > max)
      throw badSettings(`retentionDays must be ${min}–${max}`);
    out.retention_days = p.retentionDays;
  }
  if (p.contactEmail !== undefined) {
    const email = p.contactEmail === null ? '' : text(p.contactEmail, 254, 'the contact email', badSettings);
    if (email && !looksLikeEmail(email)) throw badSettings('contactEmail is not an email address');
    out.contact_email = email || null;
  }
  if (p.endingText !== undefined) {
    const ending = p.endingText === null ? '' : text(p.endingText, SETTINGS_LIMITS.endingChars, 'the ending text', badSettings);
    out.ending_text = ending || null;
  }
  return out;
}

/** Creates an opening: the conference, its questions (given or copied from a template), its rubric and settings. */
export async function createOpening(
  s: Pick<Services, 'db' | 'storage'>,
  spaceId: string,
  userId: string,
  input: CreateInterviewBody,
): Promise<Interview> {
  const space = await spacesRepo(s.db).getForUser(spaceId, userId);
  if (!space) throw notFound('space');
  if (!isHostRole(space.role)) throw forbidden('only owners and hosts can create interviews');
  const title = cleanTitle(input.title);
  const description = text(input.description, SETTINGS_LIMITS.descriptionChars, 'the description', badSettings);
  if ((input.templateId === undefined) === (input.questions === undefined)) {
    throw badRequest('give either templateId (a question set template) or questions', 'E_BAD_QUESTIONS');
  }
  const source = input.templateId !== undefined ? { templateId: input.templateId } : { questions: cleanQuestions(input.questions) };
  const settings = cleanSettings(input);

  const copiedFiles: string[] = [];
  try {
    const conferenceId = await s.db.tx(async (q) => {
      const conference = (await spacesRepo(q).createConference({ spaceId, title, description, kind: 'interview', createdBy: userId }))!;
      const { set, questions } = await createOpeningQuestionSet(
        q,
        s.storage,
        { spaceId, conferenceId: conference.id, title, createdBy: userId },
        source,
        copiedFiles,
      );
      const criteria = cleanCriteria(input.criteria, questions);
      const interviews = interviewsRepo(q);
      await interviews.create(conference.id, set.id, {
        timeline: settings.timeline ?? '',
        ai_summaries: settings.ai_summaries ?? true,
        retention_days: settings.retention_days ?? 90,
        contact_email: settings.contact_email ?? null,
        ending_text: settings.ending_text ?? null,
      });
      for (const [i, c] of criteria.entries()) await interviews.addCriterion(conference.id, i + 1, c);
      return conference.id;
    });
    return interviewView(s.db, await openingForUser(s.db, conferenceId, userId));
  } catch (err) {
    // Prompt videos copied from the template belong to questions that were rolled back.
    for (const id of copiedFiles) await s.storage.remove(id);
    throw err;
  }
}

/** Changes an opening's settings (hosts); what is not given stays. */
export async function updateOpeningSettings(
  s: Pick<Services, 'db'>,
  conferenceId: string,
  userId: string,
  patch: UpdateInterviewBody,
): Promise<Interview> {
  const opening = await openingForHost(s.db, conferenceId, userId);
  const settings = cleanSettings(patch);
  await interviewsRepo(s.db).updateSettings(conferenceId, settings);
  return interviewView(s.db, await openingForUser(s.db, opening.conference_id, userId));
}
