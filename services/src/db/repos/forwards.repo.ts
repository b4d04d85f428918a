import type { Queryable } from '../db.ts';
import { one } from '../db.ts';
import type { StatementRow } from './contributions.repo.ts';

export interface ForwardRow {
  id: string;
  statement_id: string;
  from_user_id: string | null;
  from_name: string | null;
  to_user_id: string | null;
  to_user_name: string | null;
  person_id: string | null;
  person_name: string | null;
  note: string;
  expires_at: Date | null;
  revoked_at: Date | null;
  opened_at: Date | null;
  answered_contribution_id: string | null;
  answered_at: Date | null;
  created_at: Date;
}

/** What an expert link opens: one forward, its statement, and just enough around it. */
export interface LinkRow {
  forward_id: string;
  statement_id: string;
  person_id: string;
  person_name: string;
  note: string;
  expires_at: Date;
  from_user_id: string | null;
  from_name: string | null;
  contribution_id: string;
  start_ms: number;
  end_ms: number;
  speaker: string | null;
  text: string;
  gist: string | null;
  conference_id: string;
  conference_title: string;
  space_id: string;
  media_path: string | null;
  mime: string | null;
  has_video: boolean;
  /** A shared interview answer: the link opens the whole contribution. */
  whole_contribution: boolean;
  duration_ms: number | null;
}

/**
 * A member answers a forward by replying to the statement after it was forwarded; an expert by
 * replying through the link (answered_* set then). Both count for responsiveness.
 */
export const MEMBER_REPLY_SQL = `(select c.id, c.created_at from contributions c
   where f.to_user_id is not null and c.author_id = f.to_user_id and c.reply_to_statement_id = f.statement_id and c.created_at >= f.created_at
   order by c.created_at limit 1)`;

/** A forward that still counts: not revoked, or revoked after the expert had opened it (they saw it). SQL alias `f`. */
export const FORWARD_COUNTS_SQL = `(f.revoked_at is null or f.opened_at is not null)`;

const SELECT = `select f.id, f.statement_id, f.from_user_id, fu.name as from_name, f.to_user_id, tu.name as to_user_name,
       f.person_id, p.name as person_name, f.note, f.expires_at, f.revoked_at, f.opened_at,
       coalesce(f.answered_contribution_id, mr.id) as answered_contribution_id, coalesce(f.answered_at, mr.created_at) as answered_at, f.created_at
  from forwards f left join users fu on fu.id = f.from_user_id left join users tu on tu.id = f.to_user_id
  left join people p on p.id = f.person_id left join lateral ${MEMBER_REPLY_SQL} mr on true`;

export const forwardsRepo = (q: Queryable) => ({
  byId: (id: string) => one<ForwardRow>(q, `${SELECT} where f.id = $1`, [id]),
  forStatement: (statementId: string) =>
    q.query<ForwardRow>(`${SELECT} where f.statement_id = $1 order by f.created_at, f.id`, [statementId]),

  /** The forwards of any statement of the given contributions. */
  idsForContributions: async (contributionIds: string[]): Promise<string[]> => {
    const rows = await q.query<{ id: string }>(
      `select f.id from forwards f join statements st on st.id = f.statement_id where st.contribution_id = any($1::uuid[])`,
      [contributionIds],
    );
    return rows.map((r) => r.id);
  },

  /**
   * Forwards in a space per recipient ('u:<user id>' or 'p:<person id>'): received (not revoked),
   * answered, and received in the last `days`.
   */
  recipientStats: (spaceId: string, days: number) =>
    q.query<{ owner: string; received: number; answered: number; recent: number }>(
      `select case when f.to_user_id is not null then 'u:' || f.to_user_id else 'p:' || f.person_id end as owner,
              count(*)::int as received,
              count(*) filter (where f.answered_at is not null or mr.id is not null)::int as answered,
              count(*) filter (where f.created_at > now() - make_interval(days => $2::int))::int as recent
         from forwards f join statements s on s.id = f.statement_id join contributions c on c.id = s.contribution_id
         join conferences cf on cf.id = c.conference_id left join lateral ${MEMBER_REPLY_SQL} mr on true
        where cf.space_id = $1 and f.revoked_at is null
        group by 1`,
      [spaceId, days],
    ),

  /** Whether the statement has a live forward (not revoked, not expired) to this member or person. */
  hasActive: async (statementId: string, toUserId: string | null, personId: string | null) =>
    Boolean(
      await one(
        q,
        `select 1 from forwards where statement_id = $1 and (to_user_id = $2 or person_id = $3) and revoked_at is null and (expires_at is null or expires_at > now())`,
        [statementId, toUserId, personId],
      ),
    ),

  createForMember: async (f: { statementId: string; fromUserId: string; toUserId: string; note: string }) =>
    (await one<{ id: string }>(
      q,
      `insert into forwards (statement_id, from_user_id, to_user_id, note) values ($1, $2, $3, $4) returning id`,
      [f.statementId, f.fromUserId, f.toUserId, f.note],
    ))!.id,

  createForExpert: async (f: {
    statementId: string;
    fromUserId: string;
    personId: string;
    note: string;
    tokenHash: string;
    expiresAt: Date;
    wholeContribution: boolean;
  }) =>
    (await one<{ id: string }>(
      q,
      `insert into forwards (statement_id, from_user_id, person_id, note, token_hash, expires_at, whole_contribution) values ($1, $2, $3, $4, $5, $6, $7) returning id`,
      [f.statementId, f.fromUserId, f.personId, f.note, f.tokenHash, f.expiresAt, f.wholeContribution],
    ))!.id,

  /** Who forwarded it and the caller's role in its space; undefined for non-members. */
  accessFor: (id: string, userId: string) =>
    one<{ role: string; from_user_id: string | null }>(
      q,
      `select m.role, f.from_user_id from forwards f join statements st on st.id = f.statement_id join contributions c on c.id = st.contribution_id
         join conferences cf on cf.id = c.conference_id join memberships m on m.space_id = cf.space_id and m.user_id = $2
        where f.id = $1`,
      [id, userId],
    ),

  revoke: (id: string) => q.query(`update forwards set revoked_at = coalesce(revoked_at, now()) where id = $1`, [id]),

  /** The live link (not revoked, not expired, its statement not hidden) behind a token hash. */
  linkByTokenHash: (tokenHash: string) =>
    one<LinkRow>(
      q,
      `select f.id as forward_id, f.statement_id, f.person_id, p.name as person_name, f.note, f.expires_at, f.from_user_id, fu.name as from_name,
              s.contribution_id, s.start_ms, s.end_ms, s.speaker, s.text, s.gist, c.conference_id, cf.title as conference_title, cf.space_id,
              c.media_path, c.mime, c.has_video, f.whole_contribution, c.duration_ms
         from forwards f join people p on p.id = f.person_id join statements s on s.id = f.statement_id
         join contributions c on c.id = s.contribution_id join conferences cf on cf.id = c.conference_id
         left join users fu on fu.id = f.from_user_id
        where f.token_hash = $1 and f.revoked_at is null and f.expires_at > now() and s.hidden_at is null`,
      [tokenHash],
    ),

  markOpened: (id: string) => q.query(`update forwards set opened_at = coalesce(opened_at, now()) where id = $1`, [id]),

  /** The first reply through the link answers the forward. */
  markAnswered: (id: string, contributionId: string) =>
    q.query(
      `update forwards set answered_contribution_id = coalesce(answered_contribution_id, $2), answered_at = coalesce(answered_at, now()) where id = $1`,
      [id, contributionId],
    ),
});

/** The statement being forwarded, as statementForUser returns it. */
export type ForwardedStatement = StatementRow & { conference_id: string; space_id: string };
