/** Moderation: who may delete or hide what, hiding, deleting a statement, and what deletion leaves behind. */
import type { Queryable } from '../db.ts';
import { one } from '../db.ts';
import type { Role } from './spaces.repo.ts';

/** A contribution with the caller's role in its space; undefined unless the caller is a member. */
export interface ModeratedContributionRow {
  id: string;
  conference_id: string;
  space_id: string;
  author_id: string | null;
  role: Role;
}

/** A statement with its contribution and the caller's role; undefined unless the caller is a member. */
export interface ModeratedStatementRow extends ModeratedContributionRow {
  statement_id: string;
  start_ms: number;
  end_ms: number;
  speaker: string | null;
  heard_speaker: string | null;
  revision: number;
  hidden: boolean;
}

/** SQL: the statement (alias `s`) is visible to members. */
export const VISIBLE_SQL = (alias = 's') => `${alias}.hidden_at is null`;

export const moderationRepo = (q: Queryable) => ({
  contributionFor: (id: string, userId: string) =>
    one<ModeratedContributionRow>(
      q,
      `select c.id, c.conference_id, f.space_id, c.author_id, m.role
         from contributions c join conferences f on f.id = c.conference_id
         join memberships m on m.space_id = f.space_id and m.user_id = $2
        where c.id = $1 and f.kind <> 'interview'`,
      [id, userId],
    ),

  statementFor: (id: string, userId: string) =>
    one<ModeratedStatementRow>(
      q,
      `select s.id as statement_id, s.start_ms, s.end_ms, s.speaker, s.heard_speaker, s.revision, s.hidden_at is not null as hidden,
              c.id, c.conference_id, f.space_id, c.author_id, m.role
         from statements s join contributions c on c.id = s.contribution_id join conferences f on f.id = c.conference_id
         join memberships m on m.space_id = f.space_id and m.user_id = $2
        where s.id = $1 and f.kind <> 'interview'`,
      [id, userId],
    ),

  setHidden: (statementId: string, byUserId: string | null) =>
    q.query(
      `update statements set hidden_at = case when $2::uuid is null then null else coalesce(hidden_at, now()) end, hidden_by = $2 where id = $1`,
      [statementId, byUserId],
    ),

  /** The spans of a contribution's hidden statements, for cutting them out of what members read. */
  hiddenSpans: (contributionId: string) =>
    q.query<{ start_ms: number; end_ms: number; speaker: string | null; heard_speaker: string | null; revision: number }>(
      `select start_ms, end_ms, speaker, heard_speaker, revision from statements where contribution_id = $1 and hidden_at is not null`,
      [contributionId],
    ),

  /** Which of these statements are hidden. */
  hiddenAmong: async (ids: string[]): Promise<Set<string>> =>
    new Set(
      ids.length === 0
        ? []
        : (await q.query<{ id: string }>(`select id from statements where id = any($1::uuid[]) and hidden_at is not null`, [ids])).map(
            (r) => r.id,
          ),
    ),

  /** Expert links to these statements (or to statements of these contributions) answer "removed" from now on. */
  rememberRemovedLinks: (p: { statementIds?: string[]; contributionIds?: string[] }) =>
    q.query(
      `insert into removed_links (token_hash)
       select f.token_hash from forwards f join statements s on s.id = f.statement_id
        where f.token_hash is not null and (s.id = any($1::uuid[]) or s.contribution_id = any($2::uuid[]))
       on conflict do nothing`,
      [p.statementIds ?? [], p.contributionIds ?? []],
    ),

  /** A link whose statement was deleted, or is hidden while the link is otherwise live. */
  isRemovedLink: async (tokenHash: string) =>
    Boolean(
      await one(
        q,
        `select 1 from removed_links where token_hash = $1
         union all
         select 1 from forwards f join statements s on s.id = f.statement_id
          where f.token_hash = $1 and f.revoked_at is null and f.expires_at > now() and s.hidden_at is not null
         limit 1`,
        [tokenHash],
      ),
    ),

  /** The forwards of a statement (their span cuts are files to remove). */
  forwardIdsOf: async (statementId: string) =>
    (await q.query<{ id: string }>(`select id from forwards where statement_id = $1`, [statementId])).map((r) => r.id),

  deleteStatement: (id: string) => q.query(`delete from statements where id = $1`, [id]),

  /** Whoever authored statements of these contributions (their expertise profiles change). */
  authorsOf: async (contributionIds: string[]) =>
    (
      await q.query<{ user_id: string }>(
        `select distinct user_id from statement_authors where contribution_id = any($1::uuid[]) and user_id is not null`,
        [contributionIds],
      )
    ).map((r) => r.user_id),

  /** Notifications whose payload names any of these ids (contribution or statement). */
  notificationsNaming: (ids: string[]) =>
    q.query<{ id: string; payload: Record<string, unknown> }>(
      `select id, payload from notifications where payload::text like any(array(select '%' || x || '%' from unnest($1::text[]) x))`,
      [ids],
    ),

  setNotificationPayload: (id: string, payload: Record<string, unknown>) =>
    q.query(`update notifications set payload = $2::jsonb where id = $1`, [id, JSON.stringify(payload)]),

  /** Ready exports that may hold the conference (its own, or its whole space's): expired now, their files to remove. */
  expireExportsHolding: (conferenceId: string, spaceId: string) =>
    q.query<{ id: string; file_path: string | null }>(
      `with held as (
         select id, file_path from exports
          where (conference_id = $1 or (conference_id is null and space_id = $2)) and status = 'ready' for update)
       update exports e set status = 'expired', file_path = null, expires_at = now() from held
        where e.id = held.id returning e.id, held.file_path`,
      [conferenceId, spaceId],
    ),
});
