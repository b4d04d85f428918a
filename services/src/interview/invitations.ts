/**
 * Candidates of an opening, as hosts manage them: invite (an email with a personal link), list
 * with statuses, remind now (a fresh link), revoke, decide, and delete a candidate's data.
 */
import type { Decision, Invitation, InviteBody } from '@colloquy/contract';
import { badRequest, conflict, notFound, forbidden } from '../core/errors.ts';
import type { Queryable } from '../db/db.ts';
import { invitationsRepo, type InvitationRow } from '../db/repos/invitations.repo.ts';
import type { Role } from '../db/repos/spaces.repo.ts';
import type { Services } from '../services.ts';
import { deleteCandidateData } from './deletion.ts';
import { invitationStatus } from './invitation-links.ts';
import { mailCandidateLink } from './invitation-mail.ts';
import { mailTimeline } from './timeline-mail.ts';
import { looksLikeEmail, openingForHost, openingForUser } from './interviews.ts';
import { isHostRole } from './question-sets.ts';

export const INVITE_LIMITS = { perRequest: 100, nameChars: 200, deadlineDays: { min: 1 / 24, max: 365 } } as const;

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

export const invitationById = (q: Queryable, id: string) => invitationsRepo(q).byId(id);

/** An invitation and the caller's role in its space; non-members get 404. */
export async function invitationForUser(q: Queryable, id: string, userId: string): Promise<InvitationRow & { role: Role }> {
  const found = await invitationsRepo(q).forUser(id, userId);
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
export async function inviteCandidates(
  s: Pick<Services, 'config' | 'db' | 'log' | 'queue' | 'storage' | 'publicBase'>,
  conferenceId: string,
  userId: string,
  input: InviteBody,
): Promise<Invitation[]> {
  const opening = await openingForHost(s.db, conferenceId, userId, 'invite candidates');
  const candidates = cleanCandidates(input.candidates);
  const deadline = resolveDeadline(input);
  const ids = await s.db.tx(async (q) => {
    const made: string[] = [];
    for (const c of candidates) {
      // A live invitation (not revoked, data not deleted) holds the address; the unique index backs this up.
      const invitations = invitationsRepo(q);
      if (await invitations.hasLiveForEmail(opening.conference_id, c.email)) throw alreadyInvited(c.email);
      const id = await invitations.create({
        conferenceId: opening.conference_id,
        name: c.name,
        email: c.email,
        deadline,
        invitedBy: userId,
      });
      await mailCandidateLink(q, s, id, 'interview-invitation');
      made.push(id);
    }
    return made;
  });
  s.queue.wakeTask('mail'); // emails queued in a transaction wait for a poll otherwise
  s.log.info({ conferenceId, invited: ids.length }, 'candidates invited');
  const rows = await invitationsRepo(s.db).byIds(ids);
  return rows.map((r) => invitationView(r));
}

/** An opening's candidates, oldest invitation first (any member of the space). */
export async function listInvitations(s: Pick<Services, 'db'>, conferenceId: string, userId: string) {
  const opening = await openingForUser(s.db, conferenceId, userId);
  const rows = await invitationsRepo(s.db).forConference(opening.conference_id);
  const now = new Date();
  // Reviewers score answers; reaching the candidate is the hosts' job, so only they see addresses.
  const seesEmails = isHostRole(opening.role);
  return rows.map((r) => ({ ...invitationView(r, now), ...(seesEmails ? {} : { candidateEmail: null }) }));
}

/** Mails a fresh link now (hosts), while the candidate can still answer. */
export async function remindNow(s: Pick<Services, 'config' | 'db' | 'log' | 'queue' | 'publicBase'>, invitationId: string, userId: string) {
  const found = await invitationForHost(s.db, invitationId, userId, 'remind candidates');
  const status = invitationStatus(found);
  if (status !== 'invited' && status !== 'started') {
    throw conflict(`this invitation is ${status}: there is nothing to remind the candidate of`, 'E_INVITATION_CLOSED');
  }
  await s.db.tx(async (q) => {
    await invitationsRepo(q).markReminded(invitationId);
    await mailCandidateLink(q, s, invitationId, 'interview-reminder');
  });
  s.queue.wakeTask('mail');
  return invitationView((await invitationById(s.db, invitationId))!);
}

/** Revokes an invitation (hosts): every link to it stops working at once. */
export async function revokeInvitation(s: Pick<Services, 'db' | 'log'>, invitationId: string, userId: string) {
  await invitationForHost(s.db, invitationId, userId, 'revoke invitations');
  await invitationsRepo(s.db).revoke(invitationId);
  s.log.info({ invitationId }, 'invitation revoked');
}

/**
 * Records the hiring decision (hosts); null undoes it. Retention counts from decided_at. A
 * rejection tells the candidate the process ended for them (the opening's ending text).
 */
export async function decide(
  s: Pick<Services, 'db' | 'queue' | 'publicBase'>,
  invitationId: string,
  userId: string,
  decision: Decision | null,
): Promise<Invitation> {
  if (decision !== null && decision !== 'advanced' && decision !== 'rejected') {
    throw badRequest('decision must be "advanced", "rejected" or null', 'E_BAD_DECISION');
  }
  const found = await invitationForHost(s.db, invitationId, userId, 'decide on candidates');
  if (found.decision !== decision) {
    await s.db.tx(async (q) => {
      await invitationsRepo(q).decide(invitationId, decision);
      if (decision === 'rejected' && !found.deleted_at) await mailTimeline(q, s, invitationId, 'interview-ended');
    });
    if (decision === 'rejected') s.queue.wakeTask('mail');
  }
  return invitationView((await invitationById(s.db, invitationId))!);
}

/** Deletes a candidate's recordings, transcripts, statements, vectors and reviews (hosts), e.g. asked to by email. */
export async function deleteDataAsHost(s: Pick<Services, 'db' | 'log' | 'storage'>, invitationId: string, userId: string) {
  await invitationForHost(s.db, invitationId, userId, "delete a candidate's data");
  await deleteCandidateData(s, invitationId, 'host');
  return invitationView((await invitationById(s.db, invitationId))!);
}
