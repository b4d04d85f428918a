/** Candidates' invitations to an opening, and the hashes of their link tokens. */
import type { Queryable } from '../db.ts';
import { one } from '../db.ts';
import type { Role } from './spaces.repo.ts';
import { stuckQuestionsSql, type StuckQuestion } from './takes.repo.ts';

/** An invitation as hosts see it. */
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
  decision: 'advanced' | 'rejected' | null;
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

/** An invitation as its candidate's link reaches it, with the opening's question set. */
export interface CandidateInvitationRow {
  id: string;
  conference_id: string;
  question_set_id: string;
  candidate_name: string;
  deadline: Date;
  consented_at: Date | null;
  started_at: Date | null;
  completed_at: Date | null;
  revoked_at: Date | null;
  deleted_at: Date | null;
}

/** An invitation as reviewers see it. */
export interface ReviewInvitationRow {
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

/** Everything an invitation email says. */
export interface InvitationMailRow {
  candidate_name: string;
  candidate_email: string | null;
  deadline: Date;
  inviter_name: string | null;
  space_name: string;
  title: string;
  description: string;
  timeline: string;
  contact_email: string | null;
  ai_summaries: boolean;
  retention_days: number;
  question_set_id: string;
  ending_text: string | null;
}

export type DeletionReason = 'candidate-request' | 'retention' | 'host';

/** Every invitation column, and the counts over non-practice questions. */
const SELECT_INVITATION = `select i.*,
       (select count(*)::int from answers a join questions qq on qq.id = a.question_id
         where a.invitation_id = i.id and not qq.is_practice) as answered,
       (select count(*)::int from interviews v join questions qq on qq.question_set_id = v.question_set_id
         where v.conference_id = i.conference_id and not qq.is_practice) as question_count,
       ${stuckQuestionsSql('i')} as stuck
  from invitations i`;

const SELECT_CANDIDATE = `select i.id, i.conference_id, iv.question_set_id, i.candidate_name, i.deadline, i.consented_at,
                                 i.started_at, i.completed_at, i.revoked_at, i.deleted_at
                            from invitations i join interviews iv on iv.conference_id = i.conference_id`;

const REVIEW_COLUMNS = `inv.id, inv.conference_id, inv.candidate_name, inv.deadline, inv.started_at, inv.completed_at,
  inv.revoked_at, inv.deleted_at, inv.decision, inv.created_at`;

/**
 * Invitations due a reminder at `now` ($1, with the window in seconds as $2). Only those invited
 * before the window opened: a candidate invited two days before the deadline is not reminded at once.
 */
const DUE_REMINDER = `i.revoked_at is null and i.deleted_at is null and i.completed_at is null and i.candidate_email is not null
    and i.deadline > $1 and i.deadline <= $1 + make_interval(secs => $2)
    and i.created_at < i.deadline - make_interval(secs => $2)
    and (i.reminded_at is null or i.reminded_at < i.deadline - make_interval(secs => $2))`;

export const invitationsRepo = (q: Queryable) => ({
  // ---- as hosts see them ----
  byId: (id: string) => one<InvitationRow>(q, `${SELECT_INVITATION} where i.id = $1`, [id]),

  byIds: (ids: string[]) => q.query<InvitationRow>(`${SELECT_INVITATION} where i.id = any($1::uuid[]) order by i.created_at, i.id`, [ids]),

  /** An opening's invitations, oldest first. */
  forConference: (conferenceId: string) =>
    q.query<InvitationRow>(`${SELECT_INVITATION} where i.conference_id = $1 order by i.created_at, i.id`, [conferenceId]),

  /** An invitation and the caller's role in its space; undefined for non-members. */
  forUser: (id: string, userId: string) =>
    one<InvitationRow & { role: Role }>(
      q,
      `select x.*, m.role from (${SELECT_INVITATION} where i.id = $1) x
         join conferences f on f.id = x.conference_id join memberships m on m.space_id = f.space_id and m.user_id = $2`,
      [id, userId],
    ),

  /** Whether a live invitation (not revoked) of the opening holds the address. */
  hasLiveForEmail: async (conferenceId: string, email: string) =>
    Boolean(
      await one(q, `select 1 from invitations where conference_id = $1 and lower(candidate_email) = lower($2) and revoked_at is null`, [
        conferenceId,
        email,
      ]),
    ),

  create: async (i: { conferenceId: string; name: string; email: string; deadline: Date; invitedBy: string }) =>
    (await one<{ id: string }>(
      q,
      // clock_timestamp: a batch lists in the order it was given (now() is the same for the whole transaction).
      `insert into invitations (conference_id, candidate_name, candidate_email, deadline, invited_by, created_at)
       values ($1, $2, $3, $4, $5, clock_timestamp()) returning id`,
      [i.conferenceId, i.name, i.email, i.deadline, i.invitedBy],
    ))!.id,

  /** Whether any candidate of the opening has started. */
  anyStarted: async (conferenceId: string) =>
    Boolean(await one(q, `select 1 from invitations where conference_id = $1 and started_at is not null limit 1`, [conferenceId])),

  markReminded: (id: string) => q.query(`update invitations set reminded_at = now() where id = $1`, [id]),

  revoke: (id: string) => q.query(`update invitations set revoked_at = coalesce(revoked_at, now()) where id = $1`, [id]),

  /** Records the decision (null undoes it); decided_at follows. */
  decide: (id: string, decision: 'advanced' | 'rejected' | null) =>
    q.query(`update invitations set decision = $2, decided_at = case when $2::text is null then null else now() end where id = $1`, [
      id,
      decision,
    ]),

  mailContext: (id: string) =>
    one<InvitationMailRow>(
      q,
      `select i.candidate_name, i.candidate_email, i.deadline, u.name as inviter_name, sp.name as space_name, f.title, f.description,
              v.timeline, v.contact_email, v.ai_summaries, v.retention_days, v.question_set_id, v.ending_text
         from invitations i join interviews v on v.conference_id = i.conference_id join conferences f on f.id = i.conference_id
         join spaces sp on sp.id = f.space_id left join users u on u.id = i.invited_by
        where i.id = $1`,
      [id],
    ),

  // ---- link tokens ----
  addToken: (tokenHash: string, invitationId: string) =>
    q.query(`insert into invitation_tokens (token_hash, invitation_id) values ($1, $2)`, [tokenHash, invitationId]),

  /** Puts back a token deletion removed, so the link shows the anonymised row. */
  restoreToken: (tokenHash: string, invitationId: string) =>
    q.query(`insert into invitation_tokens (token_hash, invitation_id) values ($1, $2) on conflict do nothing`, [tokenHash, invitationId]),

  /** The live (not revoked, not deleted) invitation a token hash opens. */
  liveIdForToken: async (tokenHash: string): Promise<string | null> => {
    const row = await one<{ id: string }>(
      q,
      `select i.id from invitation_tokens t join invitations i on i.id = t.invitation_id
        where t.token_hash = $1 and i.revoked_at is null and i.deleted_at is null`,
      [tokenHash],
    );
    return row?.id ?? null;
  },

  // ---- as the candidate reaches them ----
  /** The invitation a token hash opens, deleted ones included; revoked ones not. */
  forCandidateToken: (tokenHash: string) =>
    one<CandidateInvitationRow>(
      q,
      `${SELECT_CANDIDATE} join invitation_tokens t on t.invitation_id = i.id where t.token_hash = $1 and i.revoked_at is null`,
      [tokenHash],
    ),

  /** The invitation, locked for the rest of the transaction. */
  lockForCandidate: (id: string) => one<CandidateInvitationRow>(q, `${SELECT_CANDIDATE} where i.id = $1 for update of i`, [id]),

  consent: async (id: string) =>
    (await one<{ consented_at: Date }>(
      q,
      `update invitations set consented_at = coalesce(consented_at, now()) where id = $1 returning consented_at`,
      [id],
    ))!.consented_at,

  markStarted: (id: string) => q.query(`update invitations set started_at = coalesce(started_at, now()) where id = $1`, [id]),

  complete: async (id: string) =>
    (await one<{ completed_at: Date }>(q, `update invitations set completed_at = now() where id = $1 returning completed_at`, [id]))!
      .completed_at,

  // ---- as reviewers see them ----
  /** Candidates reviewers see: everyone invited but not revoked, in invitation order. */
  reviewable: (conferenceId: string) =>
    q.query<ReviewInvitationRow>(
      `select ${REVIEW_COLUMNS} from invitations inv where inv.conference_id = $1 and inv.revoked_at is null order by inv.created_at, inv.id`,
      [conferenceId],
    ),

  reviewableById: (id: string) =>
    one<ReviewInvitationRow>(q, `select ${REVIEW_COLUMNS} from invitations inv where inv.id = $1 and inv.revoked_at is null`, [id]),

  // ---- scheduled work and deletion ----
  /** Invitations whose retention ended by `now`, oldest first. */
  dueForRetention: async (now: Date): Promise<string[]> => {
    const rows = await q.query<{ id: string }>(
      `select i.id from invitations i join interviews v on v.conference_id = i.conference_id
        where i.deleted_at is null
          and ((i.decision = 'rejected' and i.decided_at + make_interval(days => v.retention_days) <= $1)
            or (i.decision is null and i.deadline + make_interval(days => v.retention_days) <= $1))
        order by i.created_at`,
      [now],
    );
    return rows.map((r) => r.id);
  },

  /** Invitations due a reminder at `now`, soonest deadline first. */
  dueForReminder: async (now: Date, windowS: number): Promise<string[]> => {
    const rows = await q.query<{ id: string }>(`select i.id from invitations i where ${DUE_REMINDER} order by i.deadline`, [now, windowS]);
    return rows.map((r) => r.id);
  },

  /** Marks the invitation reminded if it is still due; false when it no longer is (another worker took it). */
  claimReminder: async (id: string, now: Date, windowS: number) =>
    (await q.query(`update invitations i set reminded_at = $1 where i.id = $3 and ${DUE_REMINDER} returning i.id`, [now, windowS, id]))
      .length > 0,

  deleteTokens: (id: string) => q.query(`delete from invitation_tokens where invitation_id = $1`, [id]),

  /** Keeps the row for the opening's counts, with nothing left that names the candidate. */
  anonymise: (id: string, reason: DeletionReason) =>
    q.query(
      `update invitations set candidate_name = 'Deleted candidate', candidate_email = null,
              deleted_at = coalesce(deleted_at, now()), deletion_reason = coalesce(deletion_reason, $2)
        where id = $1`,
      [id, reason],
    ),
});
