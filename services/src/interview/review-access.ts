/**
 * Who may review: any member of the opening's space (hosts included). Everyone else gets the same
 * 404 as for a conference that does not exist, so nothing about an opening leaks. Revoked
 * invitations are not shown to reviewers, so they are not found here either.
 */
import { notFound } from '../core/errors.ts';
import { one, type Queryable } from '../db/db.ts';
import type { Role } from '../db/repos/spaces.repo.ts';

export interface OpeningAccess {
  conferenceId: string;
  spaceId: string;
  title: string;
  questionSetId: string;
  aiSummaries: boolean;
  /** The caller's role in the space. */
  role: Role;
}

const OPENING = `select i.conference_id as "conferenceId", cf.space_id as "spaceId", cf.title, i.question_set_id as "questionSetId",
       i.ai_summaries as "aiSummaries", m.role
  from interviews i join conferences cf on cf.id = i.conference_id
  join memberships m on m.space_id = cf.space_id and m.user_id = $2`;

export async function openingForMember(q: Queryable, conferenceId: string, userId: string): Promise<OpeningAccess> {
  return (
    (await one<OpeningAccess>(q, `${OPENING} where i.conference_id = $1`, [conferenceId, userId])) ?? Promise.reject(notFound('interview'))
  );
}

export interface InvitationRow {
  id: string;
  conference_id: string;
  candidate_name: string;
  deadline: Date;
  started_at: Date | null;
  completed_at: Date | null;
  revoked_at: Date | null;
  deleted_at: Date | null;
  decision: 'advanced' | 'rejected' | null;
  created_at: Date;
}

export const INVITATION_COLUMNS = `inv.id, inv.conference_id, inv.candidate_name, inv.deadline, inv.started_at, inv.completed_at,
  inv.revoked_at, inv.deleted_at, inv.decision, inv.created_at`;

/** Candidates reviewers see: everyone invited but not revoked, in invitation order. */
export const reviewableInvitations = (q: Queryable, conferenceId: string) =>
  q.query<InvitationRow>(
    `select ${INVITATION_COLUMNS} from invitations inv where inv.conference_id = $1 and inv.revoked_at is null order by inv.created_at, inv.id`,
    [conferenceId],
  );

/** A candidate a member may review, with the opening it belongs to. */
export async function invitationForMember(q: Queryable, invitationId: string, userId: string) {
  const row = await one<InvitationRow>(
    q,
    `select ${INVITATION_COLUMNS} from invitations inv where inv.id = $1 and inv.revoked_at is null`,
    [invitationId],
  );
  if (!row) throw notFound('invitation');
  const opening = await one<OpeningAccess>(q, `${OPENING} where i.conference_id = $1`, [row.conference_id, userId]);
  if (!opening) throw notFound('invitation');
  return { invitation: row, opening };
}

export interface AnswerRow {
  id: string;
  invitation_id: string;
  question_id: string;
  contribution_id: string | null;
  take: number;
  duration_ms: number | null;
}

/** One answer (never to a practice question) a member may review, with its candidate and opening. */
export async function answerForMember(q: Queryable, answerId: string, userId: string) {
  const answer = await one<AnswerRow>(
    q,
    `select a.id, a.invitation_id, a.question_id, a.contribution_id, a.take, a.duration_ms
       from answers a join questions qu on qu.id = a.question_id where a.id = $1 and not qu.is_practice`,
    [answerId],
  );
  if (!answer) throw notFound('answer');
  const { invitation, opening } = await invitationForMember(q, answer.invitation_id, userId).catch(() =>
    Promise.reject(notFound('answer')),
  );
  return { answer, invitation, opening };
}
