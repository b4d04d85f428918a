/**
 * The candidate's side of an interview, reached with the token of their link and nothing else:
 * what they see (questions, takes, their answers, and what happens to their recordings), their
 * consent, finishing, and asking for their data to be deleted. Every write goes through
 * `lockInvitation` + `assertCanAnswer`, so the rules (consent, deadline, completion, deletion) hold
 * the same for takes, uploads and answers.
 */
import type { AnswerStatus, CandidateLink, Completed, Consent, Deleted } from '@colloquy/contract';
import { hashToken } from '../core/secrets.ts';
import { AppError, conflict, linkInvalid, notFound } from '../core/errors.ts';
import type { Queryable } from '../db/db.ts';
import { answersRepo, type QuestionProgressRow } from '../db/repos/answers.repo.ts';
import { interviewsRepo, type CandidateInterviewRow } from '../db/repos/interviews.repo.ts';
import { invitationsRepo, type CandidateInvitationRow } from '../db/repos/invitations.repo.ts';
import { questionSetsRepo } from '../db/repos/question-sets.repo.ts';
import { spacesRepo } from '../db/repos/spaces.repo.ts';
import type { Services } from '../services.ts';
import { deleteCandidateData } from './deletion.ts';
import { invitationStatus, looksLikeInvitationToken } from './invitation-links.ts';
import { questionView, type QuestionRow } from './question-sets.ts';
import { interviewCompleted } from '../webhooks/events.ts';
import { mailTimeline } from './timeline-mail.ts';

export type CandidateInvitation = CandidateInvitationRow;

export type { QuestionRow };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (id: string) => UUID.test(id);

/**
 * The invitation a token opens, deleted ones included (unlike invitationIdForToken), so the
 * candidate who asked for deletion sees that it happened. Unknown, malformed and revoked: 404.
 */
export async function invitationForToken(q: Queryable, token: string): Promise<CandidateInvitation> {
  if (!looksLikeInvitationToken(token)) throw linkInvalid();
  const found = await invitationsRepo(q).forCandidateToken(hashToken(token));
  if (!found) throw linkInvalid();
  return found;
}

/** The invitation, locked for the rest of the transaction: takes and answers are decided one at a time. */
export async function lockInvitation(q: Queryable, invitationId: string): Promise<CandidateInvitation> {
  const found = await invitationsRepo(q).lockForCandidate(invitationId);
  if (!found || found.revoked_at) throw linkInvalid();
  return found;
}

export const interviewClosed = (message: string) => new AppError('E_INTERVIEW_CLOSED', message, 410);

/** The rules every candidate write obeys; `consent: false` for the consent itself. */
export function assertCanAnswer(inv: CandidateInvitation, opts: { consent?: boolean } = {}, now = new Date()) {
  if (inv.deleted_at) throw interviewClosed('your recordings were deleted: this link accepts nothing more');
  if (inv.completed_at) throw conflict('you have already finished this interview', 'E_INTERVIEW_COMPLETED');
  if (inv.deadline <= now) throw interviewClosed('the deadline for this interview has passed');
  if (opts.consent !== false && !inv.consented_at) throw conflict('agree to the recording terms first', 'E_CONSENT_REQUIRED');
}

/** A question of this candidate's interview; any other id (another opening's too) is not found. */
export async function questionOf(q: Queryable, inv: CandidateInvitation, questionId: string): Promise<QuestionRow> {
  if (!isUuid(questionId)) throw notFound('question');
  const found = await questionSetsRepo(q).questionInSet(questionId, inv.question_set_id);
  if (!found) throw notFound('question');
  return found;
}

// ---- what the candidate sees ----

export async function candidateView(s: Pick<Services, 'config' | 'db'>, inv: CandidateInvitation): Promise<CandidateLink> {
  const status = invitationStatus(inv);
  // invitationForToken never opens a revoked invitation; this only tells the type so.
  if (status === 'revoked') throw linkInvalid();
  const interview = await interviewsRepo(s.db).forCandidate(inv.conference_id);
  if (status === 'deleted') {
    // Nothing about the candidate is left to show; enough for the page to say so and whom to ask.
    return {
      candidate: null,
      status,
      deadline: inv.deadline.toISOString(),
      interview: { title: interview.title, spaceName: interview.space_name, contactEmail: interview.contact_email },
      questions: [],
    };
  }
  const questions = await answersRepo(s.db).progress(inv.id, inv.question_set_id);
  return {
    candidate: { name: inv.candidate_name },
    status,
    deadline: inv.deadline.toISOString(),
    consentedAt: inv.consented_at?.toISOString() ?? null,
    graceS: s.config.interviews.graceS,
    interview: {
      title: interview.title,
      description: interview.description,
      timeline: interview.timeline,
      spaceName: interview.space_name,
      aiSummaries: interview.ai_summaries,
      contactEmail: interview.contact_email,
      retentionDays: interview.retention_days,
      consent: await consentTexts(s.db, interview),
    },
    questions: questions.map((q) => ({
      ...questionView(q),
      takesUsed: q.takes_used,
      takesLeft: q.is_practice ? 1 + q.retakes : Math.max(0, q.takes_allowed - q.takes_used),
      answer: q.answer_take === null ? null : { take: q.answer_take, durationMs: q.answer_duration_ms, status: answerStatus(q) },
    })),
  };
}

const answerStatus = (q: QuestionProgressRow): AnswerStatus => (q.answer_contribution_id ? (q.contribution_status ?? 'queued') : 'deleted');

/** The reviewers a candidate is told about: every member of the space may review. */
const REVIEWERS_NAMED = 20;

/** Plain sentences for the consent step: who sees the recordings, what AI does, how they go away. */
async function consentTexts(q: Queryable, interview: CandidateInterviewRow) {
  const names = (await spacesRepo(q).memberNamesByRole(interview.space_id)).filter(Boolean);
  const named = names.slice(0, REVIEWERS_NAMED);
  const more = names.length - named.length;
  const list = named.length === 0 ? '' : `: ${named.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
  const reviewers = `Your recordings, and the transcripts made from them, are seen only by the hiring team of ${interview.space_name}${list}.`;
  const ai = interview.ai_summaries
    ? 'Your answers are transcribed automatically, and AI summarises them and points reviewers to the passages that relate to each criterion. People, not the AI, score your answers and decide.'
    : 'Your answers are transcribed automatically so the team can read them. AI summaries are turned off for this interview: people watch and score your answers.';
  const contact = interview.contact_email ? `, or by writing to ${interview.contact_email}` : '';
  // As interview/retention.ts does it: advanced candidates are kept, the others go after retention_days.
  const days = `${interview.retention_days} day${interview.retention_days === 1 ? '' : 's'}`;
  const deletion =
    `If you are not moved forward, your recordings and everything made from them are deleted ${days} after that decision, ` +
    `or ${days} after the deadline if no decision is made. ` +
    `You can have them deleted at any time with the "Delete my recordings" button on this page${contact}.`;
  return { reviewers, ai, deletion };
}

// ---- consent, finishing, deletion ----

export async function giveConsent(s: Pick<Services, 'db'>, invitationId: string): Promise<Consent> {
  return s.db.tx(async (q) => {
    const inv = await lockInvitation(q, invitationId);
    assertCanAnswer(inv, { consent: false });
    return { consentedAt: (await invitationsRepo(q).consent(invitationId)).toISOString() };
  });
}

/** Finishing: every real (non-practice) question needs its answer. Finishing twice is harmless. */
export async function completeInterview(s: Pick<Services, 'db' | 'queue' | 'publicBase'>, invitationId: string): Promise<Completed> {
  const done = await s.db.tx(async (q) => {
    const inv = await lockInvitation(q, invitationId);
    if (inv.completed_at && !inv.deleted_at) return { completedAt: inv.completed_at.toISOString() };
    assertCanAnswer(inv);
    const missing = await questionSetsRepo(q).unansweredCount(inv.question_set_id, inv.id);
    if (missing > 0) throw conflict(`answer every question first (${missing} left)`, 'E_ANSWERS_MISSING');
    const completedAt = await invitationsRepo(q).complete(inv.id);
    await interviewCompleted(s, q, inv, completedAt);
    await mailTimeline(q, s, inv.id, 'interview-received');
    return { completedAt: completedAt.toISOString() };
  });
  s.queue.wakeTask('mail');
  return done;
}

/**
 * The candidate deletes their data. Allowed whatever the state (before consent, after the
 * deadline, after finishing): it is their right. The link they used keeps working afterwards,
 * showing `deleted` only (deleteCandidateData removes every token; this one's hash comes back,
 * pointing at the anonymised row).
 */
export async function requestDeletion(
  s: Pick<Services, 'config' | 'db' | 'log' | 'storage'>,
  inv: CandidateInvitation,
  token: string,
): Promise<Deleted> {
  if (!inv.deleted_at) {
    await deleteCandidateData(s, inv.id, 'candidate-request');
    await invitationsRepo(s.db).restoreToken(hashToken(token), inv.id);
  }
  return { status: 'deleted' };
}
