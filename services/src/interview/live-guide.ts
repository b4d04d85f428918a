/**
 * The structured guide for live interviews: the opening's real questions as core questions, each
 * with follow-up probes, and the opening's rubric (its anchors are the rating scales). Until a
 * host edits it, the guide is generated: probes come from the criteria on each question (what a
 * strong answer shows) and a few that work for any question. Stored once edited.
 */
import { LIVE_LIMITS, type GuideQuestion, type LiveGuide, type SaveGuideBody } from '@colloquy/contract';
import { badRequest } from '../core/errors.ts';
import type { Queryable } from '../db/db.ts';
import { liveRoundsRepo } from '../db/repos/live-rounds.repo.ts';
import type { Services } from '../services.ts';
import { criteriaOf, criterionView, openingForHost, type CriterionRow } from './interviews.ts';
import { openingForMember } from './review-access.ts';
import { reviewQuestions } from './review.ts';

/** Probes any behavioural question can take: a concrete example, their own part, the outcome. */
export const GENERIC_PROBES = [
  'Can you walk me through one concrete example, step by step?',
  'What was your own part, as opposed to the team’s?',
  'Looking back, what would you do differently?',
];

const lowerFirst = (s: string) => (s ? s[0].toLowerCase() + s.slice(1) : s);

/** Probes drawn from a question's criteria: ask for an example, with what a strong answer shows beside it. */
export function probesFor(criteria: Pick<CriterionRow, 'name' | 'anchor_strong'>[]): string[] {
  const fromRubric = criteria
    .filter((c) => c.anchor_strong.trim())
    .map(
      (c) =>
        `Can you give an example that shows your ${lowerFirst(c.name.trim())}? (Strong: ${c.anchor_strong.trim().replace(/[.!?]+$/, '')})`,
    );
  return [...fromRubric, ...GENERIC_PROBES].slice(0, LIVE_LIMITS.probesPerQuestion);
}

async function buildGuide(q: Queryable, conferenceId: string, questionSetId: string): Promise<LiveGuide> {
  const [questions, criteria, saved] = await Promise.all([
    reviewQuestions(q, questionSetId),
    criteriaOf(q, conferenceId),
    liveRoundsRepo(q).guide(conferenceId),
  ]);
  const edited = new Map(saved.map((r) => [r.question_id, r]));
  const guideQuestions: GuideQuestion[] = questions.map((question, i) => {
    const own = criteria.filter((c) => c.question_id === question.id);
    const stored = edited.get(question.id);
    return {
      questionId: question.id,
      number: i + 1,
      prompt: stored?.prompt ?? question.prompt,
      probes: stored?.probes ?? probesFor(own),
      criterionIds: own.map((c) => c.id),
    };
  });
  return { conferenceId, edited: saved.length > 0, questions: guideQuestions, criteria: criteria.map(criterionView) };
}

export async function readGuide(s: Pick<Services, 'db'>, conferenceId: string, userId: string): Promise<LiveGuide> {
  const opening = await openingForMember(s.db, conferenceId, userId);
  return buildGuide(s.db, opening.conferenceId, opening.questionSetId);
}

const badGuide = (message: string) => badRequest(message, 'E_BAD_GUIDE');

/** Replaces the guide's questions and probes (hosts): every real question of the opening, once each. */
export async function saveGuide(s: Pick<Services, 'db'>, conferenceId: string, userId: string, input: SaveGuideBody): Promise<LiveGuide> {
  const opening = await openingForHost(s.db, conferenceId, userId, 'edit the interview guide');
  const questions = await reviewQuestions(s.db, opening.question_set_id);
  const real = new Set(questions.map((x) => x.id));
  const seen = new Set<string>();
  const rows = input.questions.map((x, i) => {
    const n = i + 1;
    if (!real.has(x.questionId)) throw badGuide(`question ${n} is not a real question of this opening`);
    if (seen.has(x.questionId)) throw badGuide(`question ${n} is in the guide twice`);
    seen.add(x.questionId);
    const prompt = x.prompt.trim();
    if (!prompt) throw badGuide(`question ${n} has no text`);
    return { questionId: x.questionId, prompt, probes: x.probes.map((p) => p.trim()).filter(Boolean) };
  });
  if (seen.size !== real.size) throw badGuide(`give every question of the opening (${real.size}), once each`);
  await s.db.tx((q) => liveRoundsRepo(q).replaceGuide(opening.conference_id, rows));
  return buildGuide(s.db, opening.conference_id, opening.question_set_id);
}
