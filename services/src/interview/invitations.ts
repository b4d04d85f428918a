/**
 * Candidates of an opening, as hosts manage them: invite (an email with a personal link), list
 * with statuses, remind now (a fresh link), revoke, decide, and delete a candidate's data.
 */
import type { Decision, Invitation, InviteBody } from '@colloquy/contract';
import { badRequest, conflict, notFound, forbidden } from '../core/errors.ts';
import type { Queryable } from '../db/db.ts';
import { one } from '../db/db.ts';
import type { Role } from '../db/repos/spaces.repo.ts';
import type { Services } from '../services.ts';
import { deleteCandidateData } from './deletion.ts';
import { invitationStatus } from './invitation-links.ts';
import { mailCandidateLink } from './invitation-mail.ts';
import { looksLikeEmail, openingForHost, openingForUser } from './interviews.ts';
import { isHostRole } from './question-sets.ts';
import { stuckQuestionsSql, type StuckQuestion } from './takes-allowed.ts';

export interface InvitationRow {
  id: string;
  conference_id: string;
  candidate_name: string;
  candidate_email: string | null;
  deadline: Date;
  invited_by: string | null;
  consented_at: Date | null;
  started_at: Date | null;
  completed_at: Date | null;
  reminded_at: Date | null;
  revoked_at: Date | null;
  decision: Decision | null;
  decided_at: Date | null;
  deleted_at: Date | null;
  deletion_reason: string | null;
  created_at: Date;
  /** Non-practice questions answered, and how many there are. */
  answered: number;
  question_count: number;
  /** Real questions with no answer and no takes left (interview/extra-takes.ts lets a host help). */
  stuck: StuckQuestion[];
}

export const INVITE_LIMITS = { perRequest: 100, nameChars: 200, deadlineDays: { min: 1 / 24, max: 365 } } as const;

/** Every invitation column, and the counts over non-practice questions. */
export const SELECT_INVITATION = `select i.*,
       (select count(*)::int from answers a join questions qq on qq.id = a.question_id
         where a.invitation_id = i.id and not qq.is_practice) as answered,
       (select count(*)::int from interviews v join questions qq on qq.question_set_id = v.question_set_id
         where v.conference_id = i.conference_id and not qq.is_practice) as question_count,
       ${stuckQuestionsSql('i')} as stuck
  from invitations i`;

export const invitationView = (i: InvitationRow, now = new Date()): Invitation => ({
  id: i.id,
  candidateName: i.candidate_name,
  candidateEmail: i.candidate_email,
  deadline: i.deadline.toISOString(),
  status: invitationStatus(i, now),
  consentedAt: i.consented_at?.toISOString() ?? null,
  startedAt: i.started_at?.toISOString() ?? null,
  completedAt: i.completed_at?.toISOString() ?? null,
  remindedAt: i.reminded_at?.toISOString() ?? null,
  decision: i.decision,
  answered: i.answered,
  questionCount: i.question_count,
  // Only a candidate who can still answer can be helped with another take.
  stuck: ['invited', 'started'].includes(invitationStatus(i, now)) ? i.stuck : [],
});

export const invitationById = (q: Queryable, id: string) => one<InvitationRow>(q, `${SELECT_INVITATION} where i.id = $1`, [id]);

/** An invitation and the caller's role in its space; non-members get 404. */
export async function invitationForUser(q: Queryable, id: string, userId: string): Promise<InvitationRow & { role: Role }> {
  const found = await one<InvitationRow & { role: Role }>(
    q,
    `select x.*, m.role from (${SELECT_INVITATION} where i.id = $1) x
       join conferences f on f.id = x.conference_id join memberships m on m.space_id = f.space_id and m.user_id = $2`,
    [id, userId],
  );
  if (!found) throw notFound('invitation');
  return found;
}

export async function invitationForHost(q: Queryable, id: string, userId: string, doing: string) {
  const found = await invitationForUser(q, id, userId);
  if (!isHostRole(found.role)) throw forbidden(`only owners and hosts can ${doing}`);
  return found;
}

/** The deadline from an ISO time or a number of days from now (7 by default); it must be in the future. */
export function resolveDeadline(input: Pick<InviteBody, 'deadline' | 'deadlineDays'>, now = new Date()): Date {
  if (input.deadline !== undefined && input.deadlineDays !== undefined)
    throw badRequest('give deadline or deadlineDays, not both', 'E_BAD_DEADLINE');
  let deadline: Date;
  if (input.deadline !== undefined) {
    deadline = new Date(input.deadline);
    if (Number.isNaN(deadline.getTime())) throw badRequest('deadline is not a valid ISO date and time', 'E_BAD_DEADLINE');
  } else {
    const days = input.deadlineDays ?? 7;
    const { min, max } = INVITE_LIMITS.deadlineDays;
    if (typeof days !== 'number' || !Number.isFinite(days) || days < min || days > max) {
      throw badRequest(`deadlineDays must be between one hour (${min.toFixed(3)}) and ${max} days`, 'E_BAD_DEADLINE');
    }
    deadline = new Date(now.getTime() + days * 86_400_000);
  }
  if (deadline <= now) throw badRequest('the deadline must be in the future', 'E_BAD_DEADLINE');
  return deadline;
}

function cleanCandidates(input: unknown) {
  if (!Array.isArray(input) || input.length === 0 || input.length > INVITE_LIMITS.perRequest) {
    throw badRequest(`invite between 1 and ${INVITE_LIMITS.perRequest} candidates at a time`, 'E_BAD_CANDIDATES');
  }
  const seen = new Set<string>();
  return input.map((c: { name?: unknown; email?: unknown }, i) => {
    const name = typeof c?.name === 'string' ? c.name.trim() : '';
    const email = typeof c?.email === 'string' ? c.email.trim() : '';
    if (!name || name.length > INVITE_LIMITS.nameChars)
      throw badRequest(`candidate ${i + 1}: give a name of 1–${INVITE_LIMITS.nameChars} characters`, 'E_BAD_CANDIDATES');
    if (!looksLikeEmail(email)) throw badRequest(`candidate ${i + 1}: "${email}" is not an email address`, 'E_BAD_CANDIDATES');
    if (seen.has(email.toLowerCase())) throw alreadyInvited(email);
    seen.add(email.toLowerCase());
    return { name, email };
  });
}

const alreadyInvited = (email: string) =>
  conflict(`${email} is already invited to this interview (revoke that invitation to send a new one)`, 'E_ALREADY_INVITED');

/** Invites candidates (hosts): one invitation, link token and email each, all in one transaction. */
export async function inviteCandidates(s: Services, conferenceId: string, userId: string, input: InviteBody): Promise<Invitation[]> {
  const opening = await openingForHost(s.db, conferenceId, userId, 'invite candidates');
  const candidates = cleanCandidates(input.candidates);
  const deadline = resolveDeadline(input);
  const ids = await s.db.tx(async (q) => {
    const made: string[] = [];
    for (const c of candidates) {
      // A live invitation (not revoked, data not deleted) holds the address; the unique index backs this up.
      const live = await one(
        q,
        `select 1 from invitations where conference_id = $1 and lower(candidate_email) = lower($2) and revoked_at is null`,
        [opening.conference_id, c.email],
      );
      if (live) throw alreadyInvited(c.email);
      const [row] = await q.query<{ id: string }>(
        // clock_timestamp: a batch lists in the order it was given (now() is the same for the whole transaction).
        `insert into invitations (conference_id, candidate_name, candidate_email, deadline, invited_by, created_at)
         values ($1, $2, $3, $4, $5, clock_timestamp()) returning id`,
        [opening.conference_id, c.name, c.email, deadline, userId],
      );
      await mailCandidateLink(q, s, row.id, 'interview-invitation');
      made.push(row.id);
    }
    return made;
  });
  s.queue.wakeTask('mail'); // emails queued in a transaction wait for a poll otherwise
  s.log.info({ conferenceId, invited: ids.length }, 'candidates invited');
  const rows = await s.db.query<InvitationRow>(`${SELECT_INVITATION} where i.id = any($1::uuid[]) order by i.created_at, i.id`, [ids]);
  return rows.map((r) => invitationView(r));
}

/** An opening's candidates, oldest invitation first (any member of the space). */
export async function listInvitations(s: Services, conferenceId: string, userId: string) {
  const opening = await openingForUser(s.db, conferenceId, userId);
  const rows = await s.db.query<InvitationRow>(`${SELECT_INVITATION} where i.conference_id = $1 order by i.created_at, i.id`, [
    opening.conference_id,
  ]);
  const now = new Date();
  return rows.map((r) => invitationView(r, now));
}

/** Mails a fresh link now (hosts), while the candidate can still answer. */
export async function remindNow(s: Services, invitationId: string, userId: string) {
  const found = await invitationForHost(s.db, invitationId, userId, 'remind candidates');
  const status = invitationStatus(found);
  if (status !== 'invited' && status !== 'started') {
    throw conflict(`this invitation is ${status}: there is nothing to remind the candidate of`, 'E_INVITATION_CLOSED');
  }
  await s.db.tx(async (q) => {
    await q.query(`update invitations set reminded_at = now() where id = $1`, [invitationId]);
    await mailCandidateLink(q, s, invitationId, 'interview-reminder');
  });
  s.queue.wakeTask('mail');
  return invitationView((await invitationById(s.db, invitationId))!);
}

/** Revokes an invitation (hosts): every link to it stops working at once. */
export async function revokeInvitation(s: Services, invitationId: string, userId: string) {
  await invitationForHost(s.db, invitationId, userId, 'revoke invitations');
  await s.db.query(`update invitations set revoked_at = coalesce(revoked_at, now()) where id = $1`, [invitationId]);
  s.log.info({ invitationId }, 'invitation revoked');
}

/** Records the hiring decision (hosts); null undoes it. Retention counts from decided_at. */
export async function decide(s: Services, invitationId: string, userId: string, decision: Decision | null): Promise<Invitation> {
  if (decision !== null && decision !== 'advanced' && decision !== 'rejected') {
    throw badRequest('decision must be "advanced", "rejected" or null', 'E_BAD_DECISION');
  }
  const found = await invitationForHost(s.db, invitationId, userId, 'decide on candidates');
  if (found.decision !== decision) {
    await s.db.query(
      `update invitations set decision = $2, decided_at = case when $2::text is null then null else now() end where id = $1`,
      [invitationId, decision],
    );
  }
  return invitationView((await invitationById(s.db, invitationId))!);
}

/** Deletes a candidate's recordings, transcripts, statements, vectors and reviews (hosts), e.g. asked to by email. */
export async function deleteDataAsHost(s: Services, invitationId: string, userId: string) {
  await invitationForHost(s.db, invitationId, userId, "delete a candidate's data");
  await deleteCandidateData(s, invitationId, 'host');
  return invitationView((await invitationById(s.db, invitationId))!);
}
