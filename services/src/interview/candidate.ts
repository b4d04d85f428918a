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
import type { ContributionStatus } from '../db/repos/contributions.repo.ts';
import type { Services } from '../services.ts';
import { deleteCandidateData } from './deletion.ts';
import { invitationStatus, looksLikeInvitationToken, type InvitationState } from './invitation-links.ts';
import { takesAllowedSql } from './takes-allowed.ts';
import { questionView, type QuestionRow } from './question-sets.ts';

export interface CandidateInvitation extends InvitationState {
  id: string;
  conference_id: string;
  question_set_id: string;
  candidate_name: string;
  consented_at: Date | null;
}

export type { QuestionRow };

const INVITATION = `select i.id, i.conference_id, iv.question_set_id, i.candidate_name, i.deadline, i.consented_at,
                           i.started_at, i.completed_at, i.revoked_at, i.deleted_at
                      from invitations i join interviews iv on iv.conference_id = i.conference_id`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (id: string) => UUID.test(id);

/**
 * The invitation a token opens, deleted ones included (unlike invitationIdForToken), so the
 * candidate who asked for deletion sees that it happened. Unknown, malformed and revoked: 404.
 */
export async function invitationForToken(q: Queryable, token: string): Promise<CandidateInvitation> {
  if (!looksLikeInvitationToken(token)) throw linkInvalid();
  const rows = await q.query<CandidateInvitation>(
    `${INVITATION} join invitation_tokens t on t.invitation_id = i.id where t.token_hash = $1 and i.revoked_at is null`,
    [hashToken(token)],
  );
  if (!rows[0]) throw linkInvalid();
  return rows[0];
}

/** The invitation, locked for the rest of the transaction: takes and answers are decided one at a time. */
export async function lockInvitation(q: Queryable, invitationId: string): Promise<CandidateInvitation> {
  const rows = await q.query<CandidateInvitation>(`${INVITATION} where i.id = $1 for update of i`, [invitationId]);
  if (!rows[0] || rows[0].revoked_at) throw linkInvalid();
  return rows[0];
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
  const rows = await q.query<QuestionRow>(`select * from questions where id = $1 and question_set_id = $2`, [
    questionId,
    inv.question_set_id,
  ]);
  if (!rows[0]) throw notFound('question');
  return rows[0];
}

// ---- what the candidate sees ----

interface InterviewRow {
  title: string;
  description: string;
  timeline: string;
  space_id: string;
  space_name: string;
  ai_summaries: boolean;
  contact_email: string | null;
  retention_days: number;
}

interface QuestionProgressRow extends QuestionRow {
  takes_used: number;
  takes_allowed: number;
  answer_take: number | null;
  answer_duration_ms: number | null;
  answer_contribution_id: string | null;
  contribution_status: ContributionStatus | null;
}

export async function candidateView(s: Services, inv: CandidateInvitation): Promise<CandidateLink> {
  const status = invitationStatus(inv);
  // invitationForToken never opens a revoked invitation; this only tells the type so.
  if (status === 'revoked') throw linkInvalid();
  const [interview] = await s.db.query<InterviewRow>(
    `select f.title, f.description, iv.timeline, sp.id as space_id, sp.name as space_name, iv.ai_summaries, iv.contact_email, iv.retention_days
       from interviews iv join conferences f on f.id = iv.conference_id join spaces sp on sp.id = f.space_id
      where iv.conference_id = $1`,
    [inv.conference_id],
  );
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
  const questions = await s.db.query<QuestionProgressRow>(
    `select q.*,
            (select count(*)::int from takes t where t.invitation_id = $1 and t.question_id = q.id) as takes_used,
            ${takesAllowedSql('$1', 'q')}::int as takes_allowed,
            a.take as answer_take, a.duration_ms as answer_duration_ms, a.contribution_id as answer_contribution_id,
            c.status as contribution_status
       from questions q
       left join answers a on a.question_id = q.id and a.invitation_id = $1
       left join contributions c on c.id = a.contribution_id
      where q.question_set_id = $2 order by q.position`,
    [inv.id, inv.question_set_id],
  );
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
async function consentTexts(q: Queryable, interview: InterviewRow) {
  const members = await q.query<{ name: string }>(
    `select u.name from memberships m join users u on u.id = m.user_id where m.space_id = $1
      order by case m.role when 'owner' then 0 when 'host' then 1 else 2 end, u.name`,
    [interview.space_id],
  );
  const names = members.map((m) => m.name).filter(Boolean);
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

export async function giveConsent(s: Services, invitationId: string): Promise<Consent> {
  return s.db.tx(async (q) => {
    const inv = await lockInvitation(q, invitationId);
    assertCanAnswer(inv, { consent: false });
    const [row] = await q.query<{ consented_at: Date }>(
      `update invitations set consented_at = coalesce(consented_at, now()) where id = $1 returning consented_at`,
      [invitationId],
    );
    return { consentedAt: row.consented_at.toISOString() };
  });
}

/** Finishing: every real (non-practice) question needs its answer. Finishing twice is harmless. */
export async function completeInterview(s: Services, invitationId: string): Promise<Completed> {
  return s.db.tx(async (q) => {
    const inv = await lockInvitation(q, invitationId);
    if (inv.completed_at && !inv.deleted_at) return { completedAt: inv.completed_at.toISOString() };
    assertCanAnswer(inv);
    const [missing] = await q.query<{ n: number }>(
      `select count(*)::int as n from questions q
        where q.question_set_id = $2 and not q.is_practice
          and not exists (select 1 from answers a where a.invitation_id = $1 and a.question_id = q.id)`,
      [inv.id, inv.question_set_id],
    );
    if (missing.n > 0) throw conflict(`answer every question first (${missing.n} left)`, 'E_ANSWERS_MISSING');
    const [row] = await q.query<{ completed_at: Date }>(
      `update invitations set completed_at = now() where id = $1 returning completed_at`,
      [inv.id],
    );
    return { completedAt: row.completed_at.toISOString() };
  });
}

/**
 * The candidate deletes their data. Allowed whatever the state (before consent, after the
 * deadline, after finishing): it is their right. The link they used keeps working afterwards,
 * showing `deleted` only (deleteCandidateData removes every token; this one's hash comes back,
 * pointing at the anonymised row).
 */
export async function requestDeletion(s: Services, inv: CandidateInvitation, token: string): Promise<Deleted> {
  if (!inv.deleted_at) {
    await deleteCandidateData(s, inv.id, 'candidate-request');
    await s.db.query(`insert into invitation_tokens (token_hash, invitation_id) values ($1, $2) on conflict do nothing`, [
      hashToken(token),
      inv.id,
    ]);
  }
  return { status: 'deleted' };
}
